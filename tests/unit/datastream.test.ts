import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Transform } from 'node:stream';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import { afterAll, describe, expect, it } from 'vitest';
import { passesUnchanged, quickDataStreams } from '../../src/send/datastream.js';
import { Ledger } from '../../src/send/ledger.js';
import { sendMessages } from '../../src/send/smtp.js';
import { startSmtp } from '../helpers/smtp.js';

// nodemailer's own DATA stream, the reference (not one of its public entry points).
const require = createRequire(import.meta.url);
const DataStream = (require(path.join(path.dirname(require.resolve('nodemailer')), 'smtp-connection/data-stream.js')) as { default: new () => Transform }).default;

/** What a stream makes of `chunks`, with the counts it keeps. */
async function through(stream: Transform, chunks: Buffer[]): Promise<{ out: Buffer; inBytes: number; outBytes: number }> {
  const out: Buffer[] = [];
  stream.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise((resolve) => stream.on('end', resolve));
  for (const c of chunks) stream.write(c);
  stream.end();
  await ended;
  const counts = stream as unknown as { inByteCount: number; outByteCount: number };
  return { out: Buffer.concat(out), inBytes: counts.inByteCount, outBytes: counts.outByteCount };
}

/** A stream as a connection wrapped by quickDataStreams makes it (nodemailer's, with the quick path). */
function quickStream(): Transform {
  const factory = { _createSendStream: () => new DataStream() };
  quickDataStreams(factory as unknown as SMTPConnection);
  return factory._createSendStream();
}

/** A seeded generator, so a failure can be run again. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

const BYTES = [0x0d, 0x0a, 0x2e, 0x41, 0x0d, 0x0a]; // CR, LF, dot, "A"; CRLF more often

function randomBytes(next: () => number, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => BYTES[Math.floor(next() * BYTES.length)]!));
}

describe('quick DATA streams', () => {
  it('pass a chunk on unchanged exactly when nodemailer would', async () => {
    const next = random(7);
    let unchanged = 0;
    for (let i = 0; i < 3000; i++) {
      const chunk = randomBytes(next, 1 + Math.floor(next() * 8));
      const last = [false, 0x0d, 0x0a, 0x2e, 0x41][i % 5] as number | false;
      const reference = new DataStream();
      (reference as unknown as { lastByte: number | false }).lastByte = last;
      const pushed: Buffer[] = [];
      reference.push = (c: Buffer) => (pushed.push(c), true);
      (reference as unknown as { _transform: (c: Buffer, e: string, done: () => void) => void })._transform(chunk, 'buffer', () => {});
      const same = Buffer.concat(pushed).equals(chunk);
      if (same) unchanged++;
      expect(passesUnchanged(chunk, last), `${JSON.stringify([...chunk])} after ${last}`).toBe(same);
    }
    expect(unchanged).toBeGreaterThan(300); // both answers were asked for
  });

  it('give the same bytes and counts as nodemailer for any message cut into any chunks', async () => {
    const next = random(11);
    for (let i = 0; i < 500; i++) {
      // Mostly clean lines, as our messages are, with a stray CR, LF or leading dot in some.
      const lines = Array.from({ length: 1 + Math.floor(next() * 6) }, () => (next() < 0.8 ? Buffer.from('QUJD\r\n') : randomBytes(next, 1 + Math.floor(next() * 5))));
      const message = Buffer.concat(lines);
      const chunks: Buffer[] = [];
      for (let at = 0; at < message.length; ) {
        const size = 1 + Math.floor(next() * 12);
        chunks.push(message.subarray(at, at + size));
        at += size;
      }
      expect(await through(quickStream(), chunks), JSON.stringify(message.toString('latin1'))).toEqual(await through(new DataStream(), chunks));
    }
  });

  describe('over SMTP', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'letters-datastream-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('a server gets lines that start with a dot, a lone dot, bare line ends and a clean message as they were written', async () => {
      const bodies = [
        '.one dot\r\n..two dots\r\n.\r\nafter a lone dot\r\n',
        'bare\nline\rends\n.dot after a bare LF\r\n',
        `${'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo='.repeat(2)}\r\n`.repeat(400), // base64, as a PDF goes
      ];
      const smtp = await startSmtp();
      try {
        const messages = bodies.map((body, i) => {
          const file = path.join(dir, `${i}.eml`);
          writeFileSync(file, `From: a@example.org\r\nTo: b${i}@example.org\r\nSubject: ${i}\r\nContent-Type: text/plain\r\n\r\n${body}`);
          return { id: `m${i}`, number: i + 1, line: i + 2, from: 'a@example.org', to: `b${i}@example.org`, file };
        });
        const report = await sendMessages(messages, messages.length, new Ledger(path.join(dir, 'ledger.jsonl')), { url: smtp.url });
        expect(report.sent).toBe(3);
        const text = (i: number) => smtp.received.find((r) => r.to === `b${i}@example.org`)!.mail.text;
        expect(text(0)).toBe('.one dot\n..two dots\n.\nafter a lone dot\n');
        expect(text(1)).toBe('bare\nline\nends\n.dot after a bare LF\n');
        expect(text(2)).toBe(bodies[2]!.replace(/\r\n/g, '\n'));
      } finally {
        await smtp.close();
      }
    });
  });
});
