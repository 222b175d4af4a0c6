import { createHash } from 'node:crypto';
import path from 'node:path';
import { foldLines } from 'nodemailer/lib/mime-funcs';
import MimeNode from 'nodemailer/lib/mime-node';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp';
import type { Contact } from '../campaign/contact.js';
import type { Letter } from '../letter.js';
import type { Block, Run } from '../render/markdown.js';
import { recipientLabel } from '../render/address.js';
import { letterFileName } from './files.js';

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
}

const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();
const CRLF = '\r\n';

/**
 * The letter as a message: plain text and HTML alternatives from the same letter model, and the
 * PDF when given. nodemailer encodes every header and body (its MIME rules, its encoders); the
 * few fixed parts of the structure are put together here because nodemailer's composer, built on
 * streams, costs half a millisecond a message, more than everything else an e-mail run does.
 */
export function letterToEml(letter: Letter, parts: MessageParts): Buffer {
  const header = (key: string, value: unknown): string => foldLines(`${key}: ${MimeNode.encodeHeaderValue(key, value as Parameters<typeof MimeNode.encodeHeaderValue>[1])}`, 76);
  const mailbox = (m: Mailbox) => ({ name: oneLine(m.name), address: m.address });
  // Boundaries from the Message-ID, no randomness; "=_" never occurs in quoted-printable or base64.
  const tag = createHash('sha256').update(parts.messageId).digest('hex').slice(0, 24);
  const alternative = `=_a${tag}`;
  const mixed = `=_m${tag}`;
  const lines = [
    header('From', mailbox(parts.from)),
    ...(parts.replyTo ? [header('Reply-To', mailbox(parts.replyTo))] : []),
    header('To', mailbox(parts.to)),
    header('Subject', oneLine(letter.subject)),
    header('Message-ID', parts.messageId),
    header('Date', parts.date),
    'MIME-Version: 1.0',
  ];
  const textPart = (type: string, text: string) =>
    [`Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: quoted-printable', '', qpWrap(qpEncode(Buffer.from(text.replace(/\r?\n|\r/g, CRLF), 'utf8')), 76)].join(CRLF);
  const body = [
    `Content-Type: multipart/alternative; boundary="${alternative}"`,
    '',
    `--${alternative}`,
    textPart('text/plain', letterText(letter)),
    `--${alternative}`,
    textPart('text/html', letterHtml(letter)),
    `--${alternative}--`,
    '',
  ].join(CRLF);
  const a = parts.attachment;
  if (!a) return Buffer.from([...lines, body].join(CRLF), 'utf8');
  if (!/^[\w.-]+$/.test(a.filename)) throw new Error(`attachment name "${a.filename}" is not a plain file name`);
  return Buffer.from(
    [
      ...lines,
      `Content-Type: multipart/mixed; boundary="${mixed}"`,
      '',
      `--${mixed}`,
      body,
      `--${mixed}`,
      `Content-Type: application/pdf; name=${a.filename}`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename=${a.filename}`,
      '',
      base64Lines(a.content),
      `--${mixed}--`,
      '',
    ].join(CRLF),
    'utf8',
  );
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
  date: Date;
  /** The outbox folder, and the digits of the numbers in its file names. */
  folder: string;
  width: number;
}

/** A message ready to write to the outbox and send. */
export interface BuiltMessage {
  id: string;
  number: number;
  line: number;
  from: string;
  to: string;
  /** Its file in the outbox. */
  file: string;
  content: Buffer;
}

/** The letter's message: its file name, stable Message-ID and bytes. */
export function buildMessage(letter: Letter, s: MessageSettings, pdf?: Buffer): BuiltMessage {
  const v = letter.recipient.values;
  const to: Mailbox = { name: letter.recipientName, address: s.toMe ?? v.email! };
  const name = letterFileName(letter.number, recipientLabel(v), s.width).replace(/\.pdf$/, '');
  // A test copy (--to-me) is another message: sending it must not mark the real one as sent.
  const signerKey = `${s.signerKey}${s.toMe ? `|to-me:${s.toMe.toLowerCase()}` : ''}`;
  const domain = s.from.address.split('@')[1]!;
  const id = stableMessageId(s.caseId, `${v.email!.toLowerCase()}|${letter.recipientName}`, signerKey, domain);
  const content = letterToEml(letter, {
    from: s.from,
    replyTo: s.replyTo,
    to,
    date: s.date,
    messageId: id,
    attachment: pdf ? { filename: `${name}.pdf`, content: pdf } : undefined,
  });
  return { id, number: letter.number, line: letter.recipient.line, from: s.from.address, to: to.address, file: path.join(s.folder, `${name}.eml`), content };
}

/** A Message-ID that is the same for the same case, official and signer: a resent letter is recognisable. */
export function stableMessageId(caseId: string, recipientKey: string, signerKey: string, domain: string): string {
  const hash = createHash('sha256').update(`${caseId}\u0000${recipientKey}\u0000${signerKey}`).digest('hex').slice(0, 32);
  return `<${hash}@${domain}>`;
}

function signatureLines(letter: Letter): string[] {
  return letter.signer ? [letter.signer.name, ...letter.signer.lines] : [];
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

export function letterHtml(letter: Letter): string {
  const sig = signatureLines(letter).map(escapeHtml).join('<br>');
  return [
    '<!doctype html><html><body style="font-family:Georgia,serif;font-size:15px;line-height:1.45">',
    `<p>${escapeHtml(letter.salutation)}</p>`,
    ...letter.body.map(blockHtml),
    `<p>${escapeHtml(letter.closing)}</p>`,
    sig ? `<p>${sig}</p>` : '',
    '</body></html>',
  ].join('\n');
}

export function contactMailbox(c: Contact | undefined): Mailbox | undefined {
  return c?.email ? { name: c.name, address: c.email } : undefined;
}
