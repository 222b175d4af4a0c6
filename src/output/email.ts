import { createHash } from 'node:crypto';
import path from 'node:path';
import { domainToASCII } from 'node:url';
import { encodeWord, foldLines } from 'nodemailer/lib/mime-funcs';
import MimeNode from 'nodemailer/lib/mime-node';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp';
import type { Contact } from '../campaign/contact.js';
import { emailOfficialKey } from '../campaign/email.js';
import type { Letter } from '../letter.js';
import type { Block, Run } from '../render/markdown.js';
import { fileLabels, officialKeyOf, officialName, recipientLabel } from '../render/address.js';
import { letterFileName } from './files.js';
import { NOT_ASCII } from '../render/script.js';

/** A mailbox: a display name and one plain address (already checked). */
export interface Mailbox {
  name: string;
  address: string;
}

export interface MessageParts {
  from: Mailbox;
  replyTo?: Mailbox;
  to: Mailbox;
  messageId: string;
  date: Date;
  attachment?: { filename: string; content: Buffer };
  /** The signer's signature (PNG), shown above their name in the HTML part. */
  signature?: Buffer;
  draft?: boolean;
  /** A test copy (--to-me) of the message to this address: its subject says so and names it. */
  testCopyOf?: string;
}

const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();

/** One node to encode headers with: nodemailer's static encoder makes a node (and random bytes) per call. */
let encoder: MimeNode | undefined;
const headerEncoder = (): MimeNode => (encoder ??= new MimeNode(false as unknown as string));
const CRLF = '\r\n';

/**
 * The letter as a message: plain text and HTML alternatives from the same letter model, and the
 * PDF when given. nodemailer encodes every header and body (its MIME rules, its encoders); the
 * few fixed parts of the structure are put together here because nodemailer's composer, built on
 * streams, costs half a millisecond a message, more than everything else an e-mail run does.
 */
export function letterToEml(letter: Letter, parts: MessageParts): Buffer {
  return composeMessage({
    from: parts.from,
    replyTo: parts.replyTo,
    to: parts.to,
    subject: subjectHeader(parts.testCopyOf ? `[TEST for ${parts.testCopyOf}] ${letter.subject}` : letter.subject),
    messageId: parts.messageId,
    date: parts.date,
    text: letterText(letter),
    html: letterHtml(letter, !!parts.signature),
    attachments: parts.attachment ? [{ ...parts.attachment, contentType: 'application/pdf' }] : [],
    inline: parts.signature ? [{ filename: 'signature.png', content: parts.signature, contentType: 'image/png', cid: SIGNATURE_CID }] : [],
    draft: parts.draft,
  });
}

/**
 * A letter's subject as the Subject header: its no-break spaces (French typography's narrow ones,
 * a date's) plain spaces. A header is shown on one line and never wrapped, and a subject in ASCII
 * stays unencoded and is found by a search for "23 October 2001". (The text and HTML parts keep them.)
 */
export const subjectHeader = (subject: string): string => subject.replace(/[\u00a0\u202f\u2007]/g, ' ');

export interface Attachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface ComposedMessage {
  from: Mailbox;
  replyTo?: Mailbox;
  to: Mailbox;
  subject: string;
  messageId: string;
  date: Date;
  text: string;
  html: string;
  attachments: Attachment[];
  /** Images the HTML shows, by Content-ID (`<img src="cid:ID">`). */
  inline?: (Attachment & { cid: string })[];
  /** A message for a person to open and send: mail programs open it as a draft (X-Unsent). */
  draft?: boolean;
}

/**
 * A Message-ID as a header holds it: a domain in other letters than ASCII ("bücher.example", the
 * sender's) written as the DNS writes it ("xn--bcher-kva.example"), as nodemailer writes the From
 * address. (The ledger knows a message by the ID as made, unchanged.)
 */
function asciiMessageId(id: string): string {
  const at = id.lastIndexOf('@');
  if (at < 0 || !NOT_ASCII.test(id)) return id;
  const domain = id.slice(at + 1, id.endsWith('>') ? -1 : undefined);
  return `${id.slice(0, at + 1)}${domainToASCII(domain) || domain}${id.endsWith('>') ? '>' : ''}`;
}

/**
 * A display name as RFC 2047 encoded-words, cut only after a space (written in the word before):
 * nodemailer's cuts fall inside words ("Núñe" "z"), which RFC 2047 readers join but Python's mail
 * parser, and the programs built on it, show as two ("Núñe z"). Each word in Q or, where much
 * shorter (Arabic, Greek, Cyrillic), B encoding, so that most names are one word; a word too long for one
 * is cut between its characters. `first`: the room on the header's own line (76 less "From: ").
 */
export function phraseWords(name: string, first = 76 - 'Reply-To: '.length): string {
  // (nodemailer's encoder, asked for one word: the cutting is ours.)
  const encoded = (text: string) => {
    const [x, y] = [encodeWord(text, 'Q'), encodeWord(text, 'B')];
    return x.length <= 1.5 * y.length ? x : y; // (Q, readable, for a Latin name with a few accents)
  };
  const words: string[] = [];
  let current = '';
  const room = () => (words.length ? 75 : first); // (a word after the first starts a line of its own, after a space)
  const add = (text: string) => {
    if (current && encoded(current + text).length > room()) {
      words.push(encoded(current));
      current = '';
    }
    current += text;
  };
  for (const piece of name.split(/(?<= )/)) {
    if (encoded(current + piece).length <= room()) current += piece;
    else if (encoded(piece).length <= 75) add(piece);
    else for (const ch of piece) add(ch); // (one word longer than an encoded-word holds)
  }
  if (current) words.push(encoded(current));
  return words.join(' ');
}

/** A message with text and HTML alternatives and any attachments, as RFC 5322 bytes. */
export function composeMessage(m: ComposedMessage): Buffer {
  const header = (key: string, value: unknown): string => foldLines(`${key}: ${headerEncoder().encodeHeaderValue(key, value as Parameters<typeof MimeNode.encodeHeaderValue>[1])}`, 76);
  // A name in other letters than ASCII as encoded-words cut between its words (see phraseWords);
  // the address as nodemailer writes it (a domain in other letters as the DNS does).
  const mailbox = (key: string, b: Mailbox) => {
    const name = oneLine(b.name);
    if (!NOT_ASCII.test(name)) return header(key, { name, address: b.address });
    return foldLines(`${key}: ${phraseWords(name, 76 - key.length - 2)} <${headerEncoder().encodeHeaderValue(key, { name: '', address: b.address } as Parameters<typeof MimeNode.encodeHeaderValue>[1])}>`, 76);
  };
  // Boundaries from the Message-ID, no randomness; "=_" never occurs in quoted-printable or base64.
  const tag = createHash('sha256').update(m.messageId).digest('hex').slice(0, 24);
  const alternative = `=_a${tag}`;
  const mixed = `=_m${tag}`;
  const lines = [
    mailbox('From', m.from),
    ...(m.replyTo ? [mailbox('Reply-To', m.replyTo)] : []),
    mailbox('To', m.to),
    header('Subject', oneLine(m.subject)),
    header('Message-ID', asciiMessageId(m.messageId)),
    header('Date', m.date),
    'MIME-Version: 1.0',
    ...(m.draft ? ['X-Unsent: 1'] : []),
  ];
  const textPart = (type: string, text: string) =>
    [`Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: quoted-printable', '', qpWrap(qpEncode(Buffer.from(text.replace(/\r?\n|\r/g, CRLF), 'utf8')), 76)].join(CRLF);
  const related = `=_r${tag}`;
  const html = m.inline?.length
    ? [
        `Content-Type: multipart/related; boundary="${related}"`,
        '',
        `--${related}`,
        textPart('text/html', m.html),
        ...m.inline.flatMap((i) => [`--${related}`, filePart(i, 'inline', i.cid)]),
        `--${related}--`,
        '',
      ].join(CRLF)
    : textPart('text/html', m.html);
  const body = [
    `Content-Type: multipart/alternative; boundary="${alternative}"`,
    '',
    `--${alternative}`,
    textPart('text/plain', m.text),
    `--${alternative}`,
    html,
    `--${alternative}--`,
    '',
  ].join(CRLF);
  if (m.attachments.length === 0) return Buffer.from([...lines, body].join(CRLF), 'utf8');
  const parts = m.attachments.map((a) => [`--${mixed}`, filePart(a, 'attachment')].join(CRLF));
  return Buffer.from([...lines, `Content-Type: multipart/mixed; boundary="${mixed}"`, '', `--${mixed}`, body, ...parts, `--${mixed}--`, ''].join(CRLF), 'utf8');
}

/** A file as a MIME part: an attachment, or an image the HTML shows. */
function filePart(a: Attachment, disposition: 'attachment' | 'inline', cid?: string): string {
  if (!/^[\w.-]+$/.test(a.filename)) throw new Error(`attachment name "${a.filename}" is not a plain file name`);
  if (a.contentType === 'message/rfc822') {
    // A message inside a message stays as it is (RFC 2046 5.2.1): ours are 7-bit, lines under 78.
    return [`Content-Type: message/rfc822; name=${a.filename}`, 'Content-Transfer-Encoding: 7bit', `Content-Disposition: ${disposition}; filename=${a.filename}`, '', a.content.toString('latin1')].join(CRLF);
  }
  return [
    `Content-Type: ${a.contentType}; name=${a.filename}`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: ${disposition}; filename=${a.filename}`,
    ...(cid ? [`Content-ID: <${cid}>`] : []),
    '',
    base64Lines(a.content),
  ].join(CRLF);
}

/** Base64 in lines of 76 characters (nodemailer's wrap does it with a regular expression, slowly). */
function base64Lines(data: Buffer): string {
  const b64 = data.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join(CRLF);
}

/** What every message of a run shares. */
export interface MessageSettings {
  caseId: string;
  from: Mailbox;
  replyTo?: Mailbox;
  /** Every message goes to this address instead (a test copy). */
  toMe?: string;
  /** The signer, for the Message-ID: another signer's letter is another message. */
  signerKey: string;
  /** The signer's name, for the ledger (`status` and `mark` name them by it). */
  signerName?: string;
  date: Date;
  /** The outbox folder, and the digits of the numbers in its file names. */
  folder: string;
  width: number;
  /** The signer's signature (PNG), for the HTML part. */
  signature?: Buffer;
  /** Messages the signer opens and sends themselves (a volunteer's packet). */
  draft?: boolean;
}

/** A message ready to write to the outbox and send. */
export interface BuiltMessage {
  id: string;
  number: number;
  line: number;
  from: string;
  to: string;
  /**
   * A letter to an official: who it is to (their name without title, as officialKeyOf writes it) and
   * who signs it, for the ledger to know the official again when their row is corrected.
   */
  official?: string;
  /** The official's name as people read it ("Андрей Швед"), for messages about the letter. */
  officialLabel?: string;
  /** Their position as the row writes it: `letters status --official` finds them by it too. */
  position?: string;
  signer?: string;
  /** The signer's name, when the key is not it (see MessageSettings.signerName). */
  signerName?: string;
  /** Its file in the outbox. */
  file: string;
  content: Buffer;
}

/**
 * A message to send: what the ledger and the envelope need, and where its bytes are, read when it
 * is sent: the whole of `file`, or with `at`, `length` bytes from `offset` (a run's spool of messages).
 */
export type OutgoingMessage = Omit<BuiltMessage, 'content'> & { at?: { offset: number; length: number } };

/** The letter's message: its file name, stable Message-ID and bytes. */
export function buildMessage(letter: Letter, s: MessageSettings, pdf?: Buffer): BuiltMessage {
  const v = letter.recipient.values;
  const to: Mailbox = { name: letter.recipientName, address: s.toMe ?? v.email! };
  const name = messageName(letter.number, v, s.width);
  // A test copy (--to-me) is another message: sending it must not mark the real one as sent.
  const signerKey = `${s.signerKey}${s.toMe ? `|to-me:${s.toMe.toLowerCase()}` : ''}`;
  const domain = s.from.address.split('@')[1]!;
  const id = stableMessageId(s.caseId, emailOfficialKey(v.email!, officialName(v)), signerKey, domain);
  const content = letterToEml(letter, {
    from: s.from,
    replyTo: s.replyTo,
    to,
    date: s.date,
    messageId: id,
    attachment: pdf ? { filename: `${name}.pdf`, content: pdf } : undefined,
    signature: s.signature,
    draft: s.draft,
    testCopyOf: s.toMe ? v.email! : undefined,
  });
  const officialLabel = recipientLabel(v);
  const official = officialKeyOf(officialLabel);
  const position = v.position?.trim() || undefined;
  return { id, number: letter.number, line: letter.recipient.line, from: s.from.address, to: to.address, official, officialLabel, position, signer: signerKey, ...(s.signerName ? { signerName: s.signerName } : {}), file: path.join(s.folder, `${name}.eml`), content };
}

/** A message's name in the outbox, without `.eml` (its PDF's name, without `.pdf`). */
export function messageName(number: number, values: Record<string, string>, width: number): string {
  return letterFileName(number, fileLabels(values), width).replace(/\.pdf$/, '');
}

/** A Message-ID that is the same for the same case, official and signer: a resent letter is recognisable. */
export function stableMessageId(caseId: string, recipientKey: string, signerKey: string, domain: string): string {
  const hash = createHash('sha256').update(`${caseId}\u0000${recipientKey}\u0000${signerKey}`).digest('hex').slice(0, 32);
  return `<${hash}@${domain}>`;
}

function signatureLines(letter: Letter): string[] {
  return letter.signer ? [letter.signer.name, ...letter.signer.town, ...(letter.signer.email ? [letter.signer.email] : [])] : [];
}

/** Plain text: values exactly as they are, no escaping of any kind. */
export function letterText(letter: Letter): string {
  const blocks = letter.body.map((b) =>
    b.kind === 'paragraph' ? runsPlain(b.runs) : b.items.map((i) => `${'  '.repeat(i.depth)}${i.marker === '•' || i.marker === '◦' || i.marker === '▪' ? '-' : i.marker} ${runsPlain(i.runs)}`).join('\n'),
  );
  return [letter.salutation, ...blocks, [letter.closing, '', ...signatureLines(letter)].join('\n')].join('\n\n').trimEnd() + '\n';
}

const runsPlain = (runs: Run[]) => runs.map((r) => r.text).join('');

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Every value is escaped: a name like `<script>` or `O'Brien & Sons` shows literally. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

function runsHtml(runs: Run[]): string {
  return runs
    .map((r) => {
      let t = escapeHtml(r.text);
      if (r.italic) t = `<em>${t}</em>`;
      if (r.bold) t = `<strong>${t}</strong>`;
      return t;
    })
    .join('');
}

function blockHtml(b: Block): string {
  if (b.kind === 'paragraph') return `<p>${runsHtml(b.runs)}</p>`;
  return `<ul style="list-style:none;padding-left:1em">${b.items
    .map((i) => `<li style="margin-left:${i.depth * 1.5}em">${escapeHtml(i.marker)} ${runsHtml(i.runs)}</li>`)
    .join('')}</ul>`;
}

const SIGNATURE_CID = 'signature@letters';

export function letterHtml(letter: Letter, signatureImage = false): string {
  const sig = signatureLines(letter).map(escapeHtml).join('<br>');
  const image = signatureImage ? `<p><img src="cid:${SIGNATURE_CID}" alt="" style="height:3.5em"></p>` : '';
  return [
    '<!doctype html><html><body style="font-family:Georgia,serif;font-size:15px;line-height:1.45">',
    `<p>${escapeHtml(letter.salutation)}</p>`,
    ...letter.body.map(blockHtml),
    `<p>${escapeHtml(letter.closing)}</p>`,
    image,
    sig ? `<p>${sig}</p>` : '',
    '</body></html>',
  ].join('\n');
}

export function contactMailbox(c: Contact | undefined): Mailbox | undefined {
  return c?.email ? { name: c.name, address: c.email } : undefined;
}
