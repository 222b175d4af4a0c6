import { existsSync } from 'node:fs';
import path from 'node:path';
import { readAssignments, type AssignmentRow } from './batch/batch.js';
import { loadCase } from './campaign/case.js';
import { campaignFolder } from './output/files.js';
import { plainLetters } from './render/names.js';
import { Ledger, type LedgerEntry } from './send/ledger.js';

export interface StatusOptions {
  casePath: string;
  outDir?: string;
  /** Only the letters to officials whose name or position holds this (case and accents aside). */
  official?: string;
  /** Only the letters of volunteers whose name holds this. */
  volunteer?: string;
}

/** One letter of the case, as the records have it: dealt out by batch, or e-mailed by `letters email`. */
export interface LetterStatus {
  official: string;
  /** The official's position, as the records keep it (lower case): `--official` finds it too. */
  position?: string;
  /** The volunteer who signs it (batch), or the signer's e-mail address (letters email). */
  signer: string;
  how: 'post' | 'email';
  /** batch: the round and its date; letters email: the day it was sent. */
  round?: number;
  on?: string;
  /** What happened to it: its packet e-mailed (when), to hand over, set aside, sent, failed... */
  state: string;
  /** Set aside (counts for no one), its packet not gone out yet (not e-mailed, to hand over), or neither. */
  stage: 'set aside' | 'waiting' | 'out';
}

export interface StatusResult {
  folder: string;
  caseName: string;
  letters: LetterStatus[];
}

/**
 * `letters status`: what the records of a case say went where, from assignments.csv (batch) and
 * ledger.jsonl (the e-mails of `letters email` and the packets of `batch --email-packets`). Reads
 * only; what a volunteer did with a letter on paper is not recorded anywhere.
 */
export function caseStatus(o: StatusOptions): StatusResult {
  const kase = loadCase(o.casePath);
  const folder = campaignFolder(o.outDir, o.casePath, kase.id);
  const ledgerFile = path.join(folder, 'ledger.jsonl');
  const steps = existsSync(ledgerFile) ? new Ledger(ledgerFile).lastSteps() : [];
  const byId = new Map<string, LedgerEntry>(steps.map((e) => [e.id, e]));
  const packetState = (r: AssignmentRow): Pick<LetterStatus, 'state' | 'stage'> => {
    if (r.set_aside) return { state: `set aside ${r.set_aside}`, stage: 'set aside' };
    const round = Number(r.round) || 1;
    const packet = `${round === 1 ? 'packet' : `packet-${round}`}.pdf`;
    const e = r.packet_message_id ? byId.get(r.packet_message_id) : undefined;
    if (e?.state === 'sent') return { state: `${packet} e-mailed ${e.at.slice(0, 10)}`, stage: 'out' };
    if (e?.state === 'sending') return { state: `${packet} e-mailed, not known whether it arrived`, stage: 'out' };
    if (e?.state === 'failed') return { state: `${packet} not e-mailed: ${e.answer ?? 'failed'}`, stage: 'waiting' };
    return { state: r.volunteer_email ? `${packet} not e-mailed` : `${packet} to hand over (no e-mail address)`, stage: 'waiting' };
  };
  const letters: LetterStatus[] = readAssignments(path.join(folder, 'assignments.csv')).map((r) => ({
    official: r.official,
    position: r.official_key.split('|').slice(1).join(' '),
    signer: r.volunteer,
    how: r.channel,
    round: Number(r.round) || 1,
    on: r.dealt_on || undefined,
    ...packetState(r),
  }));
  for (const e of steps) {
    if (e.official === undefined || e.signer === undefined || e.signer.includes('|to-me:')) continue;
    letters.push({ official: e.name ?? e.official, signer: e.signer, how: 'email', on: e.at.slice(0, 10), state: e.state === 'sent' ? `e-mailed to <${e.to}>` : `${e.state} (e-mail to <${e.to}>)`, stage: 'out' });
  }
  const holds = (text: string, part: string | undefined) => part === undefined || plainLetters(text).includes(plainLetters(part).trim());
  return { folder, caseName: kase.name, letters: letters.filter((l) => (holds(l.official, o.official) || (!!l.position && holds(l.position, o.official))) && holds(l.signer, o.volunteer)) };
}
