import type { Location, Problem } from '../errors.js';
import { nameKey } from '../render/address.js';
import { latinName } from '../render/names.js';

/**
 * Why an e-mail address from the data cannot be used, or undefined when it can. One plain
 * address only: a line break could inject a header (`a@x.org\r\nBcc: y@z.org`), a comma or
 * semicolon would send to two people.
 */
export function emailProblem(value: string): string | undefined {
  if (/[\r\n]/.test(value)) return 'contains a line break';
  if (/^mailto:/i.test(value.trim())) return 'starts with "mailto:" (a link, not the address)';
  if (/[,;]/.test(value)) return 'holds more than one address (a comma or semicolon)';
  if (/[<>"()\s]/.test(value)) return 'is not a plain address (spaces, quotes or <>)';
  const at = value.lastIndexOf('@');
  if (at < 1 || value.indexOf('@') !== at) return 'needs exactly one @ with a name before it';
  const local = value.slice(0, at);
  if (/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.\u00a1-\uffff-]/.test(local)) return `has a character the part before the @ cannot hold ("${local}")`;
  if (/^\.|\.$|\.\./.test(local)) return `has a dot at the start or end of the part before the @, or two together ("${local}")`;
  const domain = value.slice(at + 1);
  if (!/^[A-Za-z0-9\u00a1-\uffff-]+(\.[A-Za-z0-9\u00a1-\uffff-]+)+$/.test(domain) || /(^|\.)-|-(\.|$)/.test(domain)) {
    // (A sentence's full stop after the address, copied with it: "cancilleria.gob.ni.".)
    const stop = /\.+$/.test(domain) && !emailProblem(value.replace(/\.+$/, ''));
    return `has no valid domain after the @ ("${domain}")${stop ? ': it ends with a dot (delete it)' : ''}`;
  }
  if (value.length > 254) return 'is longer than 254 characters';
  return undefined;
}

/** The finding for an address in a CSV row that cannot be used, or undefined (empty is fine here). */
export function emailFinding(value: string, location: Location): Problem | undefined {
  const bad = value ? emailProblem(value) : undefined;
  if (!bad) return undefined;
  return {
    code: 'email',
    location,
    message: `the e-mail address "${value.replace(/[\r\n]+/g, '⏎')}" ${bad}`,
    hint: 'one plain address per row, like minister@gov.example: a message must not go to anyone else',
  };
}

/**
 * An address `emailProblem` takes, with letters outside ASCII before the @ ("josé@example.fr"): only a mail server
 * that takes such addresses (SMTPUTF8) passes the message on, and an official's is rarely so (a
 * user trial's came from a list retyped by hand). A warning: the domain is written as the DNS
 * writes it anyway ("bücher.example").
 */
export function unusualEmailWarning(value: string, location: Location): Problem | undefined {
  const address = value.trim();
  const local = address.slice(0, address.lastIndexOf('@'));
  if (/^[\x00-\x7f]*$/.test(local)) return undefined;
  return {
    code: 'email',
    severity: 'warning',
    location,
    message: `the e-mail address "${address}" has letters outside ASCII before the @: only a mail server that takes such addresses (SMTPUTF8) passes the message on`,
    hint: 'check the address where it was published: most are written in plain letters ("jose@...")',
  };
}

/**
 * What makes two rows one official by e-mail, and a message the same message from run to run (its
 * Message-ID, which the ledger knows it by): the address and the name, case, spacing and accents
 * aside. Two officials who share an office's address are two messages, each with its own name.
 */
export function emailOfficialKey(email: string, name: string): string {
  return `${email.trim().toLowerCase()}\u0000${nameKey(name)}`;
}

/**
 * A row whose e-mail address an earlier row has, under another name: the same person written
 * another way ("J. Jansen", "Jan Jansen": a Dutch trial's two messages to one mailbox) is an
 * error; another name may be an office's mailbox shared by two officials, a warning.
 */
export function sameMailboxFinding(location: Location, first: { line: number; name: string }, name: string): Problem & { severity: 'error' | 'warning'; code: string } {
  if (onePersonsName(first.name, name)) {
    return {
      severity: 'error',
      code: 'duplicate',
      location,
      message: `the same official as on line ${first.line} ("${first.name}"), with the same e-mail address: they would get two messages`,
      hint: 'delete one of the rows',
    };
  }
  return {
    severity: 'warning',
    code: 'duplicate',
    location,
    message: `the same e-mail address as on line ${first.line}${first.name ? ` (${first.name})` : ''}: that mailbox would get two messages`,
    hint: "delete one of the rows, unless it is an office's mailbox where each of the two officials is to have a message",
  };
}

/** Titles a name may carry on one row and not on another; those of a man, and of a woman. */
const TITLE_WORDS = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'hon', 'he', 'sir', 'dame', 'herr', 'frau', 'm', 'mme', 'sr', 'sra', 'dhr', 'mevr', 'mw']);
const MAN = new Set(['mr', 'sir', 'herr', 'm', 'sr', 'dhr']);
const WOMAN = new Set(['mrs', 'ms', 'miss', 'dame', 'frau', 'mme', 'sra', 'mevr', 'mw']);

/**
 * Whether two names are one person's: the same surname, and the given names the same, each or
 * its initial ("J." and "Jan"; not "Jan" and "Janneke", a review's), or on one name only; not a
 * man's title beside a woman's.
 */
function onePersonsName(a: string, b: string): boolean {
  const words = (name: string) => latinName(name).split(' ').filter(Boolean);
  const [x, y] = [words(a), words(b)];
  if (x.some((w) => MAN.has(w)) && y.some((w) => WOMAN.has(w))) return false;
  if (x.some((w) => WOMAN.has(w)) && y.some((w) => MAN.has(w))) return false;
  const [nx, ny] = [x.filter((w) => !TITLE_WORDS.has(w)), y.filter((w) => !TITLE_WORDS.has(w))];
  if (nx.length === 0 || ny.length === 0 || nx.at(-1) !== ny.at(-1)) return false;
  const [gx, gy] = [nx.slice(0, -1), ny.slice(0, -1)];
  if (gx.length === 0 || gy.length === 0) return true;
  if (gx.length !== gy.length) return false;
  return gx.every((w, i) => w === gy[i] || (w.length === 1 && gy[i]!.startsWith(w)) || (gy[i]!.length === 1 && w.startsWith(gy[i]!)));
}

/** An official and address a row before had already: in e-mail, they would get two messages. */
export function duplicateEmailFinding(location: Location, firstLine: number): Problem {
  return {
    code: 'duplicate',
    location,
    message: `the same official and e-mail address as on line ${firstLine}: they would get two messages`,
    hint: 'delete one of the rows',
  };
}
