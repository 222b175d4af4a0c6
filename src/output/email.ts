import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Contact } from '../campaign/contact.js';
import type { Letter } from '../letter.js';
import type { Block, Run } from '../render/markdown.js';

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

/** The letter as a message: plain text and HTML alternatives from the same letter model. */
export async function letterToEml(letter: Letter, parts: MessageParts): Promise<Buffer> {
  const mailbox = (m: Mailbox) => ({ name: oneLine(m.name), address: m.address });
  const composer = new MailComposer({
    from: mailbox(parts.from),
    replyTo: parts.replyTo ? mailbox(parts.replyTo) : undefined,
    to: mailbox(parts.to),
    subject: oneLine(letter.subject),
    messageId: parts.messageId,
    date: parts.date,
    text: letterText(letter),
    html: letterHtml(letter),
    attachments: parts.attachment ? [{ filename: parts.attachment.filename, content: parts.attachment.content, contentType: 'application/pdf' }] : [],
  });
  return composer.compile().build();
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
