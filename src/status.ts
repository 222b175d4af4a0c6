import { existsSync } from 'node:fs';
import path from 'node:path';
import { dealtByHand, officialMatched, readAssignments, type AssignmentRow } from './batch/batch.js';
import { loadCase } from './campaign/case.js';
import { dateHint, isoDate, localToday, pastDayHint, oneDay, parseDate, readDate, toUTC } from './campaign/dates.js';
import { InputError } from './errors.js';
import { EMAIL_WORD } from './mark-kinds.js';
import { assignmentRef, atAddress, earlierMarks, lockMarks, marksFor, readMarks, sameLetter, writeMarks, type LetterRef, type Mark, type MarkKind } from './marks.js';
import { campaignFolder } from './output/files.js';
import { arabicDistance, arabicReading, inArabicLetters, latinConsonants, latinName, plainLetters, respeltIn } from './render/names.js';
import { Ledger, type LedgerEntry } from './send/ledger.js';
import { officialKeyOf } from './render/address.js';

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
  /** The official's position, as the list wrote it (from older records, as their key keeps it, in lower case): `--official` finds it too. */
  position?: string;
  /** The official's row in the list when batch dealt it out: officials are said in the list's order. */
  row?: number;
  /** The volunteer who signs it (batch), or the signer's e-mail address (letters email). */
  signer: string;
  how: 'post' | 'email';
  /** batch: the round and its date; letters email: the day it was sent. */
  round?: number;
  on?: string;
  /** What happened to it: its packet e-mailed (when), to hand over, handed over, set aside, sent, failed... */
  state: string;
  /** Set aside (counts for no one), its packet not gone out yet (not e-mailed, to hand over), or neither. */
  stage: 'set aside' | 'waiting' | 'out';
  /** What `letters mark` recorded of it since: handed over, posted, returned, replied (the last of each), at the address it has now. */
  marks: Mark[];
  /**
   * batch: what was marked of it at an address it had before (posted there, came back from
   * there), in the order it happened: it came back, and batch made it again with the address
   * corrected since (official_address_key is the new one).
   */
  earlier?: Mark[];
  /**
   * Who it is to and who signs it, as one person whatever the records call them: batch's keys,
   * and a `letters email` letter to (or from) someone batch knows under theirs.
   */
  officialId: string;
  signerId: string;
  /** A `letters email` message that failed or was dropped: it never went. */
  unsent?: 'failed' | 'dropped';
  /** A `letters email` message the server did not answer: it may have arrived. */
  uncertain?: boolean;
  /** Its packet went out: e-mailed, or handed over (as marked). */
  packetGone?: boolean;
  /** Its packet was e-mailed (a packet that was is not handed over). */
  packetEmailed?: boolean;
  /** Which letter it is, for marks. */
  ref: LetterRef;
  /** batch: the address it was made with, as a key (assignments.csv's official_address_key; none in older files). */
  addressKey?: string;
  /** letters email: the address it was sent to (the ledger's), as a key like batch's e-mail ones, and when. */
  sentTo?: string;
  sentAt?: string;
}

export interface StatusResult {
  folder: string;
  caseName: string;
  letters: LetterStatus[];
}

/**
 * `letters status`: what the records of a case say went where, from assignments.csv (batch),
 * ledger.jsonl (the e-mails of `letters email` and the packets of `batch --email-packets`) and
 * marks.csv (what `letters mark` recorded: packets handed over, letters posted, returned, replied to).
 */
export function caseStatus(o: StatusOptions): StatusResult & {
  named?: { officials: string[]; volunteers: string[] };
  respelt?: boolean;
  /** Of those written another way, names in Arabic letters read by their consonants. */
  byConsonants?: boolean;
  /** A name read in Arabic letters that several people's names read: who they are, to say which. */
  several?: { who: 'official' | 'volunteer'; names: string[] };
  /** Names in Arabic letters near the name asked for, which nothing holds: "did you mean". */
  near?: { who: 'official' | 'volunteer'; names: string[] };
} {
  const { folder, caseName, letters } = caseLetters(o.casePath, o.outDir);
  const pick = (holds: (text: string, part: string) => boolean) => {
    const has = (text: string, part: string | undefined) => part === undefined || holds(text, part);
    // (An e-mailed letter's signer by their address too, as ledgers before 2026-12-01 name them.)
    return letters.filter((l) => (has(l.official, o.official) || (!!l.position && has(l.position, o.official))) && (has(l.signer, o.volunteer) || (l.how === 'email' && has(l.ref.volunteer, o.volunteer))));
  };
  const latin = (text: string, part: string) => holdsPart(nameForms(text), nameForms(part));
  const chosen = pick(latin);
  if (chosen.length || (o.official === undefined && o.volunteer === undefined)) return { folder, caseName, letters: chosen };
  const asked = (['official', 'volunteer'] as const).flatMap((who) => (o[who] === undefined ? [] : [[who, o[who]] as const]));
  // A name in Arabic letters read by its consonants ("Zarif" for "محمدجواد ظریف"), when it is one
  // person's: said, as written another way. Several people's names reading so (or having it inside
  // a word) are asked about: the vowels are not written, and they may be other people.
  const read = pick((text, part) => latin(text, part) || readInArabic(text, part));
  if (read.length) {
    for (const [who, part] of asked) {
      const people = new Map<string, string>();
      for (const l of letters) {
        if (knownBy(l, who).some((t) => latin(t, part) || readInArabic(t, part) || arabicReading(t, part) === 'inside')) people.set(who === 'official' ? l.officialId : l.signerId, who === 'official' ? officialLabel(l) : l.signer);
      }
      if (people.size > 1 && read.some((l) => !knownBy(l, who).some((t) => latin(t, part)))) return { folder, caseName, letters: [], several: { who, names: [...new Set(people.values())].sort((a, b) => a.localeCompare(b)) } };
    }
    return { folder, caseName, letters: read, respelt: true, byConsonants: true };
  }
  // Written another way ("Lukashenko" for Лукашэнка: said so), else who there is to ask for.
  const respelt = pick((text, part) => plainLetters(part).trim().length >= 3 && respeltIn(text, part));
  if (respelt.length) return { folder, caseName, letters: respelt, respelt: true };
  const names = (list: string[]) => [...new Set(list)].sort((a, b) => a.localeCompare(b));
  const near = asked.flatMap(([who, part]) => {
    const found = names(letters.filter((l) => knownBy(l, who).some((t) => nearInArabic(t, part))).map((l) => (who === 'official' ? officialLabel(l) : l.signer)));
    return found.length ? [{ who, names: found }] : [];
  })[0];
  return { folder, caseName, letters: [], named: { officials: names(letters.map(officialLabel)), volunteers: names(letters.map((l) => l.signer)) }, ...(near ? { near } : {}) };
}

/** What a letter's volunteer is known by (their name), or its official (name and position). */
function knownBy(l: LetterStatus, who: 'official' | 'volunteer'): string[] {
  return (who === 'official' ? [l.official, l.position ?? ''] : [l.signer]).filter(Boolean);
}

/**
 * Whether a name in Arabic letters reads as the name typed in Latin ones, by its consonants, as
 * whole words (arabicReading), the typed name having two consonants at least ("Ali" has one: too
 * many names read so). Never how two names are found one: only how a person typing one is understood.
 */
function readInArabic(text: string, typed: string): boolean {
  if (latinConsonants(typed) < 2) return false;
  const reading = arabicReading(text, typed);
  return reading === 'whole' || reading === 'words';
}

/**
 * Whether a name in Arabic letters is near a name typed in Latin ones that it does not read as:
 * inside a word of it ("Mohammad" in "محمدجواد"), too short to take ("Ali"), or a consonant off
 * ("Zarin" for "ظریف", a third of them in a longer name).
 */
function nearInArabic(text: string, typed: string): boolean {
  if (plainLetters(typed).replace(/[^\p{L}]/gu, '').length < 3) return false;
  if (arabicReading(text, typed) !== undefined) return true;
  const consonants = latinConsonants(typed);
  return consonants >= 2 && arabicDistance(text, typed) <= Math.max(1, Math.floor(consonants / 3));
}

/**
 * A name as it is compared when a person types it: case, accents and spacing aside, and in Latin
 * letters as batch compares names ("Zoe Mueller" is Zoë Müller, "Oleg Petrov" Олег Петров).
 */
function nameForms(text: string): [plain: string, latin: string] {
  return [plainLetters(text).replace(/\s+/g, ' ').trim(), latinName(text)];
}

/** Whether a name holds the part a person typed as whole words, both as nameForms has them. */
function holdsWords([plain, latin]: [string, string], [part, partLatin]: [string, string]): boolean {
  const words = (t: string) => ` ${t.replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
  return words(plain).includes(words(part)) || (partLatin !== '' && words(latin).includes(words(partLatin)));
}

/** Whether a name holds the part a person typed, both as nameForms has them. */
function holdsPart([plain, latin]: [string, string], [part, partLatin]: [string, string]): boolean {
  return plain.includes(part) || (partLatin !== '' && latin.includes(partLatin));
}

/**
 * What the records know an official by besides the name, from batch's key (name|position, or for
 * an official known by position only, position|organisation|position): "deputy prime minister",
 * "embassy of uzbekistan in france, ambassador".
 */
function positionOf(key: string): string {
  const [, ...rest] = key.split('|');
  return [...new Set(rest.filter(Boolean))].join(', ');
}

/** A letter that came back (`letters mark ... returned`), as status lists it. */
export interface CameBack {
  letter: LetterStatus;
  /** Its last return. */
  returned: Mark;
  /** The letters to its official made since with another address than any of theirs came back from (see cameBack). */
  since: LetterStatus[];
}

/**
 * The letters that came back, as the records alone say them (status reads no officials list): to
 * `check` the address of, when the records hold no letter to that official made with another
 * address since (or say no address: a letter recorded before official_address_key), and
 * `madeAgain`, when they hold one and none of those is marked posted (sent, or answered) yet, nor
 * was sent by `letters email` (its ledger says the address: a Dutch trial's corrected e-mail, sent,
 * left its bounced one "to check"). Such a letter is made by the next `batch` after the address is
 * corrected in the list: the letter that came back made again (its official_address_key the new
 * one), which answers for itself alone (its volunteer holds it, to post again), or, for one not
 * made again (its volunteer has left), a letter dealt out with the new address. Once one is marked
 * posted, the letter that came back is listed no more. "Another address" is one the same way
 * (post, or e-mail), no letter to them came back from, in a round no earlier than the letter's
 * (by `letters email`: sent after it).
 */
export function cameBack(letters: LetterStatus[]): { check: CameBack[]; madeAgain: CameBack[] } {
  /** Its returns, each with the address it came back from (when the records say it). */
  const returns = (l: LetterStatus): [Mark, string | undefined][] => [
    ...(l.earlier ?? []).filter((m) => m.what === 'returned').map((m): [Mark, string | undefined] => [m, m.address_key || undefined]),
    ...l.marks.filter((m) => m.what === 'returned').map((m): [Mark, string | undefined] => [m, m.address_key || l.addressKey || l.sentTo]),
  ];
  // (An e-mail letters email sent went to its address: as a posted letter, it is no longer to send.)
  const gone = (n: LetterStatus) => n.marks.some((m) => m.what === 'posted' || m.what === 'replied') || (!!n.sentTo && !n.unsent && !n.uncertain);
  const cameBackFrom = new Map<string, Set<string>>(); // official → the addresses their letters came back from
  for (const l of letters) {
    for (const [, from] of returns(l)) if (from) cameBackFrom.set(l.officialId, (cameBackFrom.get(l.officialId) ?? new Set()).add(from));
  }
  const check: CameBack[] = [];
  const madeAgain: CameBack[] = [];
  for (const l of letters) {
    const all = returns(l);
    if (all.length === 0) continue;
    const [returned, from] = all.at(-1)!;
    const bad = cameBackFrom.get(l.officialId);
    // (Made again itself, it answers for itself: its volunteer holds it, to post again.)
    const later = (n: LetterStatus) =>
      n.officialId === l.officialId &&
      n.how === l.how &&
      n.stage !== 'set aside' &&
      !n.unsent &&
      !!(n.addressKey ?? n.sentTo) &&
      !bad?.has((n.addressKey ?? n.sentTo)!) &&
      (n.round ?? 0) >= (l.round ?? 0) &&
      // (Sent by letters email after it, not before: a review's older e-mail hid the newer bounce.)
      (!n.sentAt || !l.sentAt || n.sentAt > l.sentAt) &&
      !n.marks.some((m) => m.what === 'returned');
    const since = !from ? [] : later(l) ? [l] : letters.filter(later);
    if (since.length === 0) check.push({ letter: l, returned, since });
    else if (!since.some(gone)) madeAgain.push({ letter: l, returned, since });
  }
  return { check, madeAgain };
}

/**
 * What was marked of a letter since it went (its packet handed over is in its state): "; posted
 * 2026-12-02" (in the words of e-mail for an e-mail letter: EMAIL_WORD).
 */
export function marksSaid(marks: readonly Mark[], how: 'post' | 'email' = 'post'): string {
  return marks
    .filter((m) => m.what !== 'handed-over')
    .map((m) => `; ${how === 'email' ? EMAIL_WORD[m.what] ?? m.what : m.what} ${m.on}${m.note ? `: ${m.note}` : ''}`)
    .join('');
}

/** Every letter of the case in its records, with what was marked of it; and all the marks, as marks.csv has them. */
export function caseLetters(casePath: string, outDir?: string, beforeReading?: (folder: string) => void): StatusResult & { marks: Mark[] } {
  const kase = loadCase(casePath);
  const folder = campaignFolder(outDir, casePath, kase.id);
  beforeReading?.(folder);
  const ledgerFile = path.join(folder, 'ledger.jsonl');
  const steps = existsSync(ledgerFile) ? new Ledger(ledgerFile).lastSteps() : [];
  const byId = new Map<string, LedgerEntry>(steps.map((e) => [e.id, e]));
  const marks = readMarks(path.join(folder, 'marks.csv'));
  /** A packet's state: `step`, its message's last step in the ledger; `handed`, its hand-over as marked; `later`, a letter of it marked since. */
  const packetState = (r: AssignmentRow, round: number, step: LedgerEntry | undefined, handed: Mark | undefined, later: boolean): Pick<LetterStatus, 'state' | 'stage'> => {
    if (r.set_aside) return { state: `set aside ${r.set_aside}${handed ? ` (its packet handed over ${handed.on})` : ''}`, stage: 'set aside' };
    const packet = `${round === 1 ? 'packet' : `packet-${round}`}.pdf`;
    if (step?.state === 'sent') return { state: `${packet} e-mailed ${step.at.slice(0, 10)}`, stage: 'out' };
    if (step?.state === 'sending') return { state: `${packet} e-mailed, not known whether it arrived`, stage: 'out' };
    if (handed) return { state: `${packet} handed over ${handed.on}`, stage: 'out' };
    // Posted, returned or answered: the packet reached its volunteer, however it went.
    if (later) return { state: `${packet} went out`, stage: 'out' };
    if (step?.state === 'failed') return { state: `${packet} not e-mailed: ${step.answer ?? 'failed'}`, stage: 'waiting' };
    if (!r.volunteer_email) return { state: `${packet} to hand over (no e-mail address)`, stage: 'waiting' };
    return { state: dealtByHand(r) ? `${packet} to hand over (dealt out before they had an e-mail address)` : `${packet} not e-mailed`, stage: 'waiting' };
  };
  const dealt = readAssignments(path.join(folder, 'assignments.csv')).map((r) => {
    const ref = assignmentRef(r);
    const round = Number(r.round) || 1;
    const step = r.packet_message_id ? byId.get(r.packet_message_id) : undefined;
    const address = r.official_address_key || undefined;
    const earlier = earlierMarks(marks, ref, address);
    return { r, ref, round, step, own: marksFor(marks, ref, address), earlier, packet: `${r.volunteer_key}\u0000${round}` };
  });
  // A packet is handed over, or has reached its volunteer, when one of its letters is marked so.
  const handedOver = new Map<string, Mark>();
  const reached = new Set<string>();
  for (const { own, earlier, packet } of dealt) {
    for (const m of [...earlier, ...own]) {
      if (m.what === 'handed-over' && !handedOver.has(packet)) handedOver.set(packet, m);
      else if (m.what !== 'handed-over') reached.add(packet);
    }
  }
  // Each official's position as the list wrote it, from their latest round that recorded it: one
  // official is said one way, whichever of their rows came from records older than the column (a
  // letter set aside keeps its row as it was).
  const positions = new Map<string, { round: number; position: string }>();
  for (const { r, round } of dealt) {
    const was = positions.get(officialMatched(r));
    if (r.official_position && (!was || round > was.round)) positions.set(officialMatched(r), { round, position: r.official_position });
  }
  const letters: LetterStatus[] = dealt.map(({ r, ref, round, step, own, earlier, packet }) => {
    const { state, stage } = packetState(r, round, step, handedOver.get(packet), reached.has(packet));
    // (E-mailed, or being sent: it may have arrived.)
    const emailed = step?.state === 'sent' || step?.state === 'sending';
    return {
      officialId: officialMatched(r), // (one official, whose name or position batch found written another way since)
      signerId: r.volunteer_key,
      ...(r.set_aside?.includes('its packet had gone') || handedOver.has(packet) || emailed ? { packetGone: true } : {}),
      ...(emailed ? { packetEmailed: true } : {}),
      official: r.official,
      position: positions.get(officialMatched(r))?.position ?? positionOf(officialMatched(r)),
      row: Number(r.official_row) || undefined,
      signer: r.volunteer,
      how: r.channel,
      round,
      on: r.dealt_on || undefined,
      state,
      stage,
      marks: own,
      ...(earlier.length ? { earlier } : {}),
      ref,
      ...(r.official_address_key ? { addressKey: r.official_address_key } : {}),
    };
  });
  // An official the ledger names (by name, as officialKeyOf keeps it) is batch's when batch has one
  // official of that name; a signer (their e-mail address) is the volunteer batch has at it.
  const officialsNamed = new Map<string, Set<string>>();
  for (const { r } of dealt) {
    // (The ledger writes ß as ss, as officialKeyOf does; official_key keeps it: "jurgen weißmuller".)
    const name = officialKeyOf(r.official_key.split('|')[0]!);
    officialsNamed.set(name, (officialsNamed.get(name) ?? new Set()).add(r.official_key));
  }
  const volunteerAt = new Map(dealt.filter(({ r }) => r.volunteer_email).map(({ r }) => [r.volunteer_email.trim().toLowerCase(), r.volunteer_key]));
  // A signer's name from any step that has it: an older step of theirs (without) is said by it too.
  const signerNames = new Map(steps.flatMap((e) => (e.signer !== undefined && e.signerName ? [[e.signer, e.signerName] as const] : [])));
  for (const e of steps) {
    if (e.official === undefined || e.signer === undefined || e.signer.includes('|to-me:')) continue;
    const official = e.name ?? e.official;
    const ref: LetterRef = { volunteer: e.signer, official, volunteer_key: '', official_key: '', packet_message_id: '', message_id: e.id };
    const own = marksFor(marks, ref);
    const state = e.state === 'sent' ? `e-mailed to <${e.to}>` : e.state === 'sending' ? `e-mailed to <${e.to}>, not known whether it arrived (the server did not answer)` : `${e.state} (e-mail to <${e.to}>)`;
    const named = officialsNamed.get(e.official);
    letters.push({
      official,
      ...(e.position ? { position: e.position } : {}),
      signer: e.signerName ?? signerNames.get(e.signer) ?? e.signer,
      how: 'email',
      on: e.at.slice(0, 10),
      state,
      stage: 'out',
      marks: own,
      ref,
      officialId: named?.size === 1 ? [...named][0]! : `ledger|${e.official}`,
      sentTo: `email:${e.to.trim().toLowerCase()}`,
      sentAt: e.at,
      signerId: volunteerAt.get(e.signer.toLowerCase()) ?? `ledger|${e.signer}`,
      ...(e.state === 'failed' || e.state === 'dropped' ? { unsent: e.state } : e.state === 'sending' ? { uncertain: true } : {}),
    });
  }
  return { folder, caseName: kase.name, letters, marks };
}

export interface MarkOptions {
  casePath: string;
  outDir?: string;
  what: MarkKind;
  /** The official (name or position) and the volunteer whose letters: at least one. */
  official?: string;
  volunteer?: string;
  /** Only the letters of this round (its packet). */
  round?: number;
  /** The day it happened (YYYY-MM-DD); today by default. */
  on?: string;
  note?: string;
  /** Take the mark off these letters instead. */
  undo?: boolean;
}

export interface MarkResult {
  file: string;
  on: string;
  /** The letters marked now (or unmarked), and of them those marked so before (their day or note replaced). */
  letters: LetterStatus[];
  again: number;
  /** Of those marked so before, how many had another day, another note than they have now. */
  changed: { day: number; note: number };
  /** Letters chosen that this mark is not for, and why ("by e-mail", "set aside"; `day`: its day does not fit). */
  notFor: { letter: LetterStatus; why: string; day?: boolean }[];
}

/**
 * `letters mark`: records what happened to the chosen letters in marks.csv, which `status` reads.
 * The letters are those of one official and/or one volunteer, each named as exactly as needed to
 * be the only one: a record made of the wrong person's letters is worse than none.
 */
export async function markLetters(o: MarkOptions): Promise<MarkResult> {
  if (o.official === undefined && o.volunteer === undefined) {
    throw new InputError({ message: 'say whose letters: --volunteer NAME, --official NAME, or both', hint: 'letters status CASE lists the letters in the records' });
  }
  if (o.what === 'handed-over' && o.volunteer === undefined) {
    throw new InputError({ message: 'handed-over is a volunteer\'s packet: say whose with --volunteer NAME', hint: 'letters status CASE lists the packets not out yet' });
  }
  if (o.undo && (o.on !== undefined || o.note !== undefined)) {
    throw new InputError({ message: '--undo takes the mark off: --on and --note do not go with it', hint: 'to change a mark\'s day or note, mark again with them' });
  }
  const today = isoDate(localToday());
  const on = o.on === undefined ? undefined : markDate(o.on, today);
  // (Locked before the records are read: a mark made meanwhile would be checked against old ones.)
  // (No folder: no letters to mark, as mark then says.)
  let release = () => {};
  try {
    const { folder, letters, marks } = caseLetters(o.casePath, o.outDir, (f) => {
      if (existsSync(f)) release = lockMarks(path.join(f, 'marks.csv'));
    });
    return await mark(o, path.join(folder, 'marks.csv'), letters, marks, on, today);
  } finally {
    release();
  }
}

/** Marks the chosen letters; `marks`, all the file holds (read under the lock, so as it is). */
async function mark(o: MarkOptions, file: string, letters: LetterStatus[], marks: Mark[], on: string | undefined, today: string): Promise<MarkResult> {
  if (letters.length === 0) {
    throw new InputError({ location: { file: path.join(path.dirname(file), 'assignments.csv') }, message: 'there are no letters in the records of this case to mark', hint: 'letters batch deals letters out to volunteers; letters email --send records the e-mails it sends' });
  }
  let chosen = letters;
  if (o.volunteer !== undefined) chosen = only(chosen, 'volunteer', o.volunteer);
  if (o.official !== undefined) chosen = only(chosen, 'official', o.official);
  if (o.round !== undefined) {
    const rounds = [...new Set(chosen.map((l) => l.round).filter((r) => r !== undefined))];
    chosen = chosen.filter((l) => l.round === o.round);
    if (chosen.length === 0) throw new InputError({ message: `none of those letters is of round ${o.round}`, hint: rounds.length ? `their rounds: ${rounds.join(', ')}` : 'only letters batch dealt out have rounds' });
  }
  // An official's letters made with two addresses (corrected between rounds): one came back, not
  // both (a trial marked the new round's letter returned with the old round's).
  if (o.what === 'returned' && !o.undo && o.volunteer === undefined && o.round === undefined) {
    const addresses = new Map<string, Set<number>>();
    // (A letter made again after it came back, not posted again, has not gone to its new address.)
    for (const l of chosen) if (l.addressKey && l.stage === 'out' && !madeAgainOnly(l)) addresses.set(l.addressKey, (addresses.get(l.addressKey) ?? new Set()).add(l.round ?? 0));
    if (addresses.size > 1) {
      const rounds = [...addresses.values()].map((r) => `round${r.size > 1 ? 's' : ''} ${[...r].sort((a, b) => a - b).join(' and ')}`).join('; ');
      throw new InputError({ message: `the letters to ${officialLabel(chosen[0]!)} were made with ${addresses.size} addresses (${rounds}): which came back?`, hint: 'say which with --round N (the round of the address that came back) or --volunteer NAME' });
    }
    // A letter posted and one e-mailed to the official: a letter back from the post is not a bounced
    // e-mail (a German trial's returned letter marked the coordinator's e-mail bounced too).
    const went = chosen.filter((l) => l.stage === 'out' && !l.unsent);
    const by = (how: 'post' | 'email') => [...new Set(went.filter((l) => l.how === how).map((l) => l.signer))];
    if (by('post').length && by('email').length) {
      const names = (ns: string[]) => ns.map((n) => `"${n}"`).join(', ');
      throw new InputError({
        message: `the letters to ${officialLabel(chosen[0]!)} went by post and by e-mail: which came back?`,
        hint: `say whose with --volunteer NAME: a letter posted by ${names(by('post'))}, or an e-mail sent by ${names(by('email'))} that bounced`,
      });
    }
  }
  // An official's letters only in packets that have not gone out: a coordinator who posted a letter
  // made with render (not in the records) would mark a volunteer's instead (a US trial's).
  if ((o.what === 'posted' || o.what === 'returned' || o.what === 'replied') && !o.undo && o.volunteer === undefined && o.official !== undefined) {
    const waiting = chosen.filter((l) => l.stage === 'waiting');
    if (waiting.length > 0 && waiting.length === chosen.length) {
      const whose = [...new Set(waiting.map((l) => l.signer))];
      throw new InputError({
        message: `the letter${waiting.length > 1 ? 's' : ''} to ${officialLabel(chosen[0]!)} in the records ${waiting.length > 1 ? 'are' : 'is'} in ${whose.map((w) => `${w}'s`).join(' and ')} packet${whose.length > 1 ? 's' : ''}, which ${whose.length > 1 ? 'have' : 'has'} not gone out (not e-mailed, nor marked handed over)`,
        hint: `if ${whose.length > 1 ? 'one of them' : whose[0]} had it all the same, say whose: --volunteer "${whose[0]}"; a letter made with render or print is not in the records (status and mark know the letters of batch and letters email --send)`,
      });
    }
  }
  const before = (l: LetterStatus) => l.marks.find((m) => m.what === o.what);
  /** The file's marks but those of this kind on these letters. */
  // (Of the letter as it is now: what was marked of it at an address it had before stays.)
  const besides = (marking: LetterStatus[]) => marks.filter((m) => !(m.what === o.what && marking.some((l) => sameLetter(m, l.ref) && atAddress(m, l.addressKey))));
  if (o.undo) {
    // (A letter returned was posted: the one mark is taken off before the other.)
    const resting = (l: LetterStatus) => o.what === 'posted' && l.marks.some((m) => m.what === 'returned');
    const marking = chosen.filter((l) => before(l) && !resting(l));
    if (marking.length === 0 && chosen.some(resting)) throw new InputError({ message: `${chosen.filter(resting).length === 1 ? 'that letter is' : 'those letters are'} marked returned: a letter that came back was posted`, hint: `take the returned mark off first (letters mark CASE returned ... --undo)` });
    if (marking.length === 0) throw new InputError({ message: chosen.length === 1 ? `that letter is not marked ${o.what}` : `none of those ${chosen.length} letters is marked ${o.what}`, hint: 'letters status CASE --volunteer NAME says what is marked' });
    await writeMarks(file, besides(marking));
    return { file, on: today, letters: marking, again: 0, changed: { day: 0, note: 0 }, notFor: [] };
  }
  // Marked so before: what is not given again (the day, the note) stays as it was.
  const dayOf = (l: LetterStatus) => on ?? before(l)?.on ?? today;
  const made = (l: LetterStatus): Mark => ({
    ...l.ref,
    what: o.what,
    on: dayOf(l),
    note: o.note !== undefined ? o.note.replace(/\s+/g, ' ').trim() : (before(l)?.note ?? ''),
    recorded_at: new Date().toISOString(),
    // (Posted to, or back from, the address the letter is made with now: see Mark.address_key.)
    address_key: (o.what === 'posted' || o.what === 'returned') && l.round !== undefined && l.addressKey ? l.addressKey : '',
    ...(before(l)?.extra ? { extra: before(l)!.extra } : {}),
  });
  const notFor: MarkResult['notFor'] = [];
  const marking = chosen.filter((l) => {
    const unfit = reasonNot(l, o.what, { round: o.round !== undefined, volunteer: o.volunteer !== undefined, official: o.official !== undefined });
    const why = unfit ?? dayNot(l, o.what, dayOf(l), today);
    if (why) notFor.push({ letter: l, why, day: !unfit });
    return !why;
  });
  if (marking.length === 0) {
    throw new InputError(notFor.slice(0, 10).map(({ letter, why, day }) => ({ message: `${letter.signer} to ${letter.official}: ${why}`, hint: day ? 'check the day (--on YYYY-MM-DD)' : `${o.what} is not for this letter` })));
  }
  const marked = marking.map((l) => ({ was: before(l), now: made(l) }));
  await writeMarks(file, [...besides(marking), ...marked.map((m) => m.now)]);
  const again = marked.filter((m) => m.was);
  const changed = { day: again.filter((m) => m.was!.on !== m.now.on).length, note: again.filter((m) => m.was!.note !== m.now.note).length };
  return { file, on: on ?? today, letters: marking, again: again.length, changed, notFor };
}

/** Marks in the order they happen: a packet handed over, its letter posted, then returned or answered. */
const STEP: Record<MarkKind, number> = { 'handed-over': 0, posted: 1, returned: 2, replied: 2 };
const DONE: Record<MarkKind, string> = { 'handed-over': 'handed over', posted: 'posted', returned: 'returned', replied: 'answered' };

/** Why a mark does not fit a letter; undefined when it does. */
function reasonNot(l: LetterStatus, what: MarkKind, o: { round: boolean; volunteer: boolean; official: boolean }): string | undefined {
  const handed = l.marks.find((m) => m.what === 'handed-over');
  if (l.unsent) return 'its e-mail was not sent';
  // A letter whose packet went before it was set aside may have been posted, and can come back or be answered.
  if (l.stage === 'set aside' && !(what !== 'handed-over' && (l.packetGone || l.marks.some((m) => m.what === 'posted')))) return 'set aside';
  if (what === 'handed-over') {
    if (l.round === undefined) return 'e-mailed with letters email';
    // (Another round's packet, handed over before, is not handed over again unless asked for by its round.)
    if (handed && !o.round) return `its packet was handed over ${handed.on} (--round ${l.round} to mark it again)`;
    if (l.packetEmailed) return `its packet was e-mailed: ${l.state}`;
  }
  // (A volunteer's e-mail letter from batch is sent by them: "posted" records that it went, named
  // by its official: "Anna posted her letters" says nothing of the e-mails among them.)
  if (what === 'posted' && l.how !== 'post') {
    if (l.round === undefined) return 'e-mailed with letters email: it went when it was sent';
    if (!o.official || !o.volunteer) return `an e-mail for the volunteer to send: --volunteer "${l.signer}" --official "${l.official}" to mark that it was sent`;
  }
  // Of all an official's letters, those that went: name the volunteer for one that did.
  if (what !== 'handed-over' && !o.volunteer && l.stage === 'waiting') return `its packet has not gone out (${l.state}): --volunteer NAME if it did`;
  const back = l.marks.find((m) => m.what === 'returned');
  if (what === 'replied' && back && !o.volunteer) return `it came back (returned ${back.on}): --volunteer NAME if it was answered`;
  // Made again with a corrected address after it came back, and not posted again: of all the
  // official's letters, it did not go (name the volunteer if it did).
  const backThen = l.earlier?.filter((m) => m.what === 'returned').at(-1);
  if ((what === 'returned' || what === 'replied') && !o.volunteer && backThen && madeAgainOnly(l)) return `it came back from its old address (returned ${backThen.on}) and is not marked posted again with the new one: --volunteer NAME if it went`;
  return undefined;
}

/** Whether a letter is one that came back, made again with a corrected address (by batch), and not marked posted since. */
function madeAgainOnly(l: LetterStatus): boolean {
  return !!l.earlier?.some((m) => m.what === 'returned') && !l.marks.some((m) => m.what === 'posted' || m.what === 'returned');
}

/** Why the day `on` does not fit a letter: before it went, or out of the order things happen. */
function dayNot(l: LetterStatus, what: MarkKind, on: string, today: string): string | undefined {
  // (A letter dated ahead, --date, may be posted before its day.)
  if (l.on && l.on <= today && on < l.on) return `${DONE[what]} ${on} is before it was ${l.round === undefined ? 'e-mailed' : 'dealt out'} (${l.on})`;
  // Made again with a corrected address: what happens to it now happens after what happened at the old one.
  const then = l.earlier?.at(-1);
  if (then && what !== 'handed-over' && on < then.on) return `${DONE[what]} ${on} is before it ${then.what === 'returned' ? 'came back from' : 'was posted to'} the old address (${then.on})`;
  for (const m of l.marks) {
    if (STEP[m.what] < STEP[what] && m.on > on) return `${DONE[what]} ${on} is before it was ${DONE[m.what]} (${m.on})`;
    if (STEP[m.what] > STEP[what] && m.on < on) return `${DONE[what]} ${on} is after it was ${DONE[m.what]} (${m.on})`;
  }
  return undefined;
}

/**
 * The letters of the one person `wanted` names: the names equal to it (case and accents aside),
 * else the one person whose name (or an official's position) holds it. A part several people's
 * names hold, or none, is a mistake to say. Two officials of one name (or two ambassadors) are
 * two people: each is known by batch's key, a `letters email` letter by whom batch knows under it.
 */
function only(letters: LetterStatus[], who: 'volunteer' | 'official', wanted: string): LetterStatus[] {
  const wantForms = nameForms(wanted);
  const [want, wantLatin] = wantForms;
  const flag = `--${who}`;
  if (want === '') throw new InputError({ message: `${flag} "${wanted}" names nobody`, hint: `say whose letters, e.g. ${flag} "${who === 'volunteer' ? 'Anna Smith' : 'Karimov'}"` });
  const id = (l: LetterStatus) => (who === 'volunteer' ? l.signerId : l.officialId);
  const texts = (l: LetterStatus) => knownBy(l, who);
  const names = (l: LetterStatus) => texts(l).map(nameForms);
  const label = (l: LetterStatus) => (who === 'volunteer' ? l.signer : officialLabel(l));
  // A name in Arabic letters is read by its consonants ("Zarif" for "محمدجواد ظریف", see readInArabic).
  const reading = (l: LetterStatus, how: 'whole' | 'words' | 'inside') => want.length >= 3 && texts(l).some((t) => (how === 'inside' ? arabicReading(t, wanted) === 'inside' : readInArabic(t, wanted) && (how === 'words' || arabicReading(t, wanted) === 'whole')));
  const equal = letters.filter((l) => names(l).some(([plain, latin]) => plain === want || (wantLatin !== '' && latin === wantLatin)) || reading(l, 'whole'));
  // A part of a name, as whole words, of three letters at least ("j" would pick whoever has the
  // one "j"; "Petrov" is not in "Olga Petrova", a review's catch: that is asked, below).
  const holding = (l: LetterStatus) => names(l).some((n) => holdsWords(n, wantForms)) || reading(l, 'words');
  const matching = equal.length ? equal : want.length >= 3 ? letters.filter(holding) : [];
  // Read by consonants, a name is asked about when another's holds it inside a word too
  // ("Mohammad": "محمد باقری", and "محمدجواد ظریف"): marking the wrong person's letters is worse.
  if (!equal.length && matching.some((l) => !names(l).some((n) => holdsWords(n, wantForms)))) matching.push(...letters.filter((l) => !matching.includes(l) && reading(l, 'inside')));
  const people = new Map(matching.map((l) => [id(l), label(l)]));
  if (people.size === 1) return letters.filter((l) => people.has(id(l)));
  if (people.size > 1) {
    const listed = [...new Set(people.values())];
    // What names one of them alone (a name, a position or an organisation as a whole), which --official finds too.
    const alone = (text: string) => {
      const [plain, latin] = nameForms(text);
      return new Set(letters.filter((l) => names(l).some(([p, l2]) => p === plain || (latin !== '' && l2 === latin))).map(id)).size === 1;
    };
    const parts = matching.flatMap((l) => (who === 'official' ? [...besidesName(l), l.official] : [l.signer]));
    const example = parts.find((p) => p && !nameForms(p)[0].includes(want) && alone(p)) ?? parts.find((p) => p && alone(p)) ?? parts[0];
    throw new InputError({ message: `${flag} "${wanted}" is ${people.size} people in the records: ${listed.slice(0, 6).join('; ')}${listed.length > 6 ? '; ...' : ''}`, hint: `say which by a part only one has, e.g. ${flag} "${example}"` });
  }
  // Inside a word ("Petrov" in Petrova), or written another way ("Lukashenko" for Лукашэнка)?
  // Asked, not taken: it may be another person, and a record of the wrong person's letters is
  // worse than none.
  const within = (l: LetterStatus) => names(l).some((n) => holdsPart(n, wantForms));
  // (Or, in Arabic letters, near: "Zarin" for "ظریف", "Mohammad" inside "محمدجواد".)
  const alike = want.length < 3 ? [] : [...new Set(letters.filter((l) => within(l) || texts(l).some((n) => respeltIn(n, wanted) || nearInArabic(n, wanted))).map((l) => (who === 'volunteer' ? l.signer : l.official)))];
  const known = [...new Set(letters.map(label))];
  // (What officialLabel says after the name: " (vice president)".)
  const besidesOf = (name: string) => {
    const l = who === 'official' ? letters.find((x) => x.official === name) : undefined;
    return l ? officialLabel(l).slice(name.length) : '';
  };
  throw new InputError({
    message: `no ${who} in the records of these letters is "${wanted}"`,
    // (A name in Arabic letters with what else the records know them by, easier to type: "محمدجواد ظریف" (vice president).)
    hint: alike.length ? `did you mean ${alike.slice(0, 3).map((n) => `${flag} "${n}"${inArabicLetters(n) ? besidesOf(n) : ''}`).join(' or ')}?` : `the ${who}s: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', ...' : ''}`,
  });
}

/** What the records know an official by besides the name (position, organisation), each part once. */
function besidesName(l: LetterStatus): string[] {
  return (l.position ?? '').split(', ').filter((p) => p && plainLetters(p) !== plainLetters(l.official));
}

/** An official as a person reads them: the name, and what tells them apart ("Rustam Inoyatov (deputy prime minister)"). */
export function officialLabel(l: LetterStatus): string {
  const apart = besidesName(l);
  return apart.length ? `${l.official} (${apart.join(', ')})` : l.official;
}

/** The day a mark says, from --on: a date, not one to come. */
function markDate(given: string, today: string): string {
  // A day written another way that can be only one day ("02.12.2026"), as marks.csv is read.
  const day = oneDay(given);
  if (!day) {
    const hint = pastDayHint(given, localToday()) ?? dateHint(given);
    const calendar = /^\d{4}-\d{2}-\d{2}$/.test(given.trim()); // written as a day, but none of the calendar ("2026-11-31")
    const twoWays = !!readDate(given.trim()).readings; // "02/12/2026": 2 December or 12 February
    throw new InputError({ message: `--on "${given}" is ${twoWays ? 'a day that can be read two ways' : `not a day${calendar ? ' of the calendar' : ''}`}`, hint: /^write it \d{4}-\d{2}-\d{2}/.test(hint) ? hint : calendar ? 'check the month and the day' : 'write it YYYY-MM-DD' });
  }
  if (toUTC(parseDate(day)!) > localToday()) throw new InputError({ message: `--on ${given.trim()} is after today (${today})`, hint: 'a mark records what has happened: check the day' });
  return day;
}
