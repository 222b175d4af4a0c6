import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeMessage, phraseWords } from '../../src/output/email.js';

const NAMES = ['Lucía Fernández Núñez', 'Excmo. Sr. José Daniel Ortega Saavedra', 'محمدجواد ظریف', 'Шавкат Миромонович Мирзиёев, Президент Республики Узбекистан', 'Zoë "Z" Müller, MdB', 'Αλέξανδρος-Παπαδόπουλος-Καραμανλής-Μητσοτάκης-Τσίπρας', 'Ana Smith'];

/** The text of each encoded-word of a header value. */
const decodedWords = (value: string) =>
  [...value.matchAll(/=\?UTF-8\?([QB])\?([^?]*)\?=/g)].map(([, kind, text]) =>
    kind === 'B' ? Buffer.from(text!, 'base64').toString('utf8') : Buffer.from(text!.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );

describe('display names in From, Reply-To and To', () => {
  it('are encoded-words cut between words, never inside one (Python showed "Núñe z"), on lines of 76 characters at most', async () => {
    for (const name of NAMES) {
      const eml = composeMessage({ from: { name, address: 'anna@bücher.example' }, replyTo: { name, address: 'r@example.org' }, to: { name, address: 'o@example.org' }, subject: 'S', messageId: '<m@example.org>', date: new Date(0), text: 't', html: '<p>t</p>', attachments: [] });
      const head = eml.toString('latin1').split('\r\n\r\n')[0]!;
      expect(head.split('\r\n').every((l) => l.length <= 76), head).toBe(true);
      const parsed = await simpleParser(eml);
      expect([parsed.from?.value[0]?.name, parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0]?.name : undefined, parsed.replyTo?.value[0]?.name]).toEqual([name, name, name]);
      expect(parsed.from?.value[0]?.address).toBe('anna@bücher.example');
      const from = decodedWords(/^From: (.*(?:\r\n .*)*)/m.exec(head)![1]!);
      if (!name.startsWith('Αλέξανδρος')) expect(from.slice(0, -1).every((w) => w.endsWith(' ')), `${name}: ${JSON.stringify(from)}`).toBe(true);
    }
    // Each word but the last ends at a space (the one word longer than an encoded-word holds aside).
    for (const name of NAMES.filter((n) => !n.startsWith('Αλέξανδρος'))) {
      const words = decodedWords(phraseWords(name));
      expect(words.join(''), name).toBe(name);
      expect(words.slice(0, -1).every((w) => w.endsWith(' ')), name).toBe(true);
    }
    // A Latin name with accents stays readable (Q); Arabic, Greek and Cyrillic ones are one shorter word (B).
    expect(phraseWords('Lucía Fernández Núñez')).toBe('=?UTF-8?Q?Luc=C3=ADa_Fern=C3=A1ndez_N=C3=BA=C3=B1ez?=');
    expect(phraseWords('محمدجواد ظریف')).toMatch(/^=\?UTF-8\?B\?[^ ]+\?=$/);
  });
});

describe('a run that stopped sending', () => {
  it('says how many messages it had not begun, and no count when it had begun them all (a Dutch trial read "0 more messages not sent")', async () => {
    const { stoppedSending } = await import('../../src/email.js');
    expect(stoppedSending({ reason: 'could not connect', left: 3 })).toBe('letters: sending stopped: could not connect; 3 more messages not sent: the same command sends them');
    expect(stoppedSending({ reason: 'could not connect', left: 1 })).toBe('letters: sending stopped: could not connect; 1 more message not sent: the same command sends it');
    expect(stoppedSending({ reason: 'could not connect', left: 0 })).toBe('letters: sending stopped: could not connect');
  });
});

describe('one mailbox on two rows', () => {
  it('is one official when the names are one written two ways, else perhaps two sharing an office\'s mailbox', async () => {
    const { sameMailboxFinding } = await import('../../src/campaign/email.js');
    const severity = (a: string, b: string) => sameMailboxFinding({ file: 'o.csv', line: 3 }, { line: 2, name: a }, b).severity;
    expect(severity('Jan Jansen', 'J. Jansen')).toBe('error');
    expect(severity('Dr Jan Jansen', 'Jan Jansen')).toBe('error');
    expect(severity('Jansen', 'Jan Jansen')).toBe('error');
    // (A review's: "Jan" is not "Janneke", nor "Chris" "Christine"; Mr is not Ms.)
    expect(severity('Jan Jansen', 'Janneke Jansen')).toBe('warning');
    expect(severity('Chris Smith', 'Christine Smith')).toBe('warning');
    expect(severity('Mr J. Smith', 'Ms J. Smith')).toBe('warning');
    expect(severity('Jan Jansen', 'Piet de Vries')).toBe('warning');
  });
});
