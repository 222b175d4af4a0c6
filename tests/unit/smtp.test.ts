import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { Ledger } from '../../src/send/ledger.js';
import { aboutDuration, ConnectionsAhead, rateDurationMs, sendMessages } from '../../src/send/smtp.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

const dir = mkdtempSync(path.join(tmpdir(), 'letters-smtp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let smtp: TestSmtp | undefined;
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
});

/** `n` messages in files of their own, as the outbox has them. */
function messages(n: number, name: string) {
  return Array.from({ length: n }, (_, i) => {
    const file = path.join(dir, `${name}-${i}.eml`);
    writeFileSync(file, `From: a@example.org\r\nTo: b${i}@example.org\r\nSubject: ${i}\r\nContent-Type: text/plain\r\n\r\nMessage ${i}\r\n`);
    return { id: `${name}${i}`, number: i + 1, line: i + 2, from: 'a@example.org', to: `b${i}@example.org`, file };
  });
}

const ledger = (name: string) => new Ledger(path.join(dir, `${name}.jsonl`));
const waitFor = (what: () => boolean) => vi.waitFor(() => expect(what()).toBe(true), { timeout: 5000, interval: 10 });

describe('how long a --rate takes', () => {
  it('lets `limit` go at once, then `limit` more every period', () => {
    expect(rateDurationMs(0, '20/min')).toBe(0);
    expect(rateDurationMs(20, '20/min')).toBe(0);
    expect(rateDurationMs(21, '20/min')).toBe(60_000);
    expect(rateDurationMs(500, '20/min')).toBe(24 * 60_000);
    expect(rateDurationMs(1000, '100/hour')).toBe(9 * 3_600_000);
    expect(rateDurationMs(7, '3/s')).toBe(2_000);
  });

  it('says it in minutes and hours', () => {
    expect(aboutDuration(2_000)).toBe('under a minute');
    expect(aboutDuration(60_000)).toBe('about 1 minute');
    expect(aboutDuration(24 * 60_000)).toBe('about 24 minutes');
    expect(aboutDuration(60 * 60_000)).toBe('about 1 hour');
    expect(aboutDuration(190 * 60_000)).toBe('about 3 hours 10 minutes');
  });
});

describe('connections opened ahead (while the messages are made)', () => {
  it('are open before sending begins, and are the ones that send', async () => {
    const server = (smtp = await startSmtp());
    const ahead = new ConnectionsAhead({ url: server.url }, 20);
    await waitFor(() => server.greeted === 8); // one per message in flight
    const report = await sendMessages(messages(20, 'a'), 20, ledger('a'), { url: server.url }, ahead);
    expect(report.sent).toBe(20);
    expect(server.received.map((r) => r.to).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `b${i}@example.org`).sort());
    expect(server.greeted).toBe(8); // no connection besides them
    expect(new Set(server.received.map((r) => r.session)).size).toBeGreaterThan(1);
    await waitFor(() => server.open() === 0);
  });

  it('are as many as the messages when they are fewer than the connections', async () => {
    const server = (smtp = await startSmtp());
    const ahead = new ConnectionsAhead({ url: server.url }, 3);
    await waitFor(() => server.greeted === 3);
    expect((await sendMessages(messages(3, 'b'), 3, ledger('b'), { url: server.url }, ahead)).sent).toBe(3);
    expect(server.greeted).toBe(3);
  });

  it('closed by the server while idle, are opened again when a message needs them', async () => {
    const server = (smtp = await startSmtp(undefined, { socketTimeout: 150 }));
    const ahead = new ConnectionsAhead({ url: server.url }, 10);
    await waitFor(() => server.greeted === 8);
    await waitFor(() => server.open() === 0); // every one timed out, as a long run's making can outlast a server's patience
    const report = await sendMessages(messages(10, 'c'), 10, ledger('c'), { url: server.url }, ahead);
    expect(report).toMatchObject({ sent: 10, failed: [], unanswered: [] });
    expect(server.received).toHaveLength(10);
  });

  it('are closed when sending does not take them (the messages could not be made)', async () => {
    const server = (smtp = await startSmtp());
    const ahead = new ConnectionsAhead({ url: server.url }, 5);
    await waitFor(() => server.greeted === 5);
    ahead.close();
    await waitFor(() => server.open() === 0);
    expect(server.received).toHaveLength(0);
  });

  it('a login refused: sending says so, sends nothing, and leaves no connection open', async () => {
    const server = (smtp = await startSmtp(undefined, { login: { user: 'volunteer', pass: 'right' } }));
    const url = `smtp://volunteer:wrong@127.0.0.1:${server.port}`;
    const ahead = new ConnectionsAhead({ url }, 6);
    await expect(sendMessages(messages(6, 'd'), 6, ledger('d'), { url }, ahead)).rejects.toThrow(
      `127.0.0.1:${server.port} refused the user name or password — check them (LETTERS_SMTP_PASSWORD); nothing was sent`,
    );
    expect(server.received).toHaveLength(0);
    expect(server.greeted).toBe(1); // tried once: providers lock an account after a few failed logins
    await waitFor(() => server.open() === 0);
  });

  it('the others are opened once the first has logged in', async () => {
    const server = (smtp = await startSmtp(undefined, { login: { user: 'volunteer', pass: 'right' } }));
    const url = `smtp://volunteer:right@127.0.0.1:${server.port}`;
    const ahead = new ConnectionsAhead({ url }, 4);
    await waitFor(() => server.greeted === 4);
    expect((await sendMessages(messages(4, 'e'), 4, ledger('e'), { url }, ahead)).sent).toBe(4);
    expect(server.greeted).toBe(4);
  });
});
