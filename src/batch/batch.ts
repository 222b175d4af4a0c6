import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { emailFinding, sameMailboxFinding } from '../campaign/email.js';
import { campaignErrors, checkPostalRows, emailOnly, loadCampaign, type Campaign, type CampaignOptions } from '../campaign/campaign.js';
import { OtherLetters, RunWarnings, volunteerAddressWarnings, volunteerNameWarnings, volunteerPaperWarning, type WarningSummary } from '../campaign/warnings.js';
import { checkFieldUses } from '../campaign/fields.js';
import { AS_UTF8, sniffDelimiter, withoutInvisible, type Recipient } from '../campaign/recipients.js';
import { duplicateOfficials, emailWriters, loadVolunteers, noteLeftOut, noteOptional, officialKey, signerColumnProblems, signerValueProblems, titledOfficialKey, volunteerKey, volunteerSigner, writesByEmail, type Volunteer } from '../campaign/volunteers.js';
import { InputError, ProblemList, type Problem } from '../errors.js';
import { coverLanguages, layoutCoverSheet } from '../layout/cover.js';
import { DEFAULT_ENVELOPE, ENVELOPES, layoutEnvelope, type EnvelopePreset } from '../layout/envelopes.js';
import { allTemplates, rowsByTemplate, templateFor, templateReads, type PaperName } from '../campaign/template.js';
import { baseLanguage } from '../render/helpers.js';
import { loadFonts } from '../layout/fonts.js';
import { labelsOn, labelsPerSheet, layoutLabel, layoutLabels, sheetSize, type LabelName, type LabelSheet } from '../layout/labels.js';
import type { Letter } from '../letter.js';
import { csvText, fromSheet } from '../output/csvfile.js';
import { buildMessage, composeMessage, escapeHtml, letterText, stableMessageId, type BuiltMessage, type Mailbox } from '../output/email.js';
import { campaignFolder, ensureDir, slugify, writeAtomically } from '../output/files.js';
import { whole } from '../stop.js';
import { PdfStream } from '../output/pdf.js';
import { PAPER_PROBLEMS, rowLayouter } from '../prepare.js';
import { paperLabel } from '../layout/geometry.js';
import { displayName, nameKey, officialKeyOf, personalName as rowPersonalName, recipientLabel, streetLines } from '../render/address.js';
import { dateHint, oneDay, parseDate, toUTC } from '../campaign/dates.js';
import { countryName } from '../render/countries.js';
import { arabicRespelling, latinName, plainLetters, sameName, sameWriting } from '../render/names.js';
import { Ledger, letterWritten, takeLock, type LedgerEntry, type SendState } from '../send/ledger.js';
import { assignmentRef, earlierMarks, lockMarks, marksFor, readMarks, renameVolunteers, stampAddress, writeMarks, type Mark } from '../marks.js';
import type { MarkKind } from '../mark-kinds.js';
import { askServer, missingPassword, sendMessages, safeUrl, smtpUrlProblem, type SendReport, type ServerAnswer } from '../send/smtp.js';
import { assign, type AssignMode, type Assignment } from './assign.js';
import { coverLanguage, packetMessageText } from './packet-text.js';

export interface BatchOptions extends CampaignOptions {
  volunteers: string;
  mode: AssignMode;
  outDir?: string;
  /** Packets printed on both sides (default): each letter starts on the front of a sheet. */
  duplex?: boolean;
  /** Labels on this sheet instead of printed envelopes at the end of each packet. */
  labels?: LabelName;
  /** Send each volunteer their packet: written as packet.eml, and over SMTP with `send`. */
  emailPackets?: boolean;
  smtp?: string;
  send?: boolean;
  rate?: string;
  /** Packets whose outcome an earlier run did not hear: send them again, or record them as sent. */
  resendUncertain?: boolean;
  uncertainArrived?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/** Letters to one official: how many, how many different wordings, and who wrote the same. */
export interface OfficialReport {
  official: string;
  line: number;
  letters: number;
  versions: number;
  /** Volunteers whose letters to this official read the same, in groups of two or more. */
  identical: string[][];
  /** Has only an e-mail address: written to by the volunteers who have one. */
  emailOnly: boolean;
}

export interface PacketReport {
  volunteer: string;
  folder: string;
  post: number;
  email: number;
}

export interface BatchResult {
  folder: string;
  assignmentsCsv: string;
  letters: number;
  added: number;
  post: number;
  email: number;
  packets: PacketReport[];
  officials: OfficialReport[];
  shortfall: { official: string; missing: number; emailOnly: boolean }[];
  /** Volunteers given letters they did not have before, and how many. */
  newWork: { volunteer: string; letters: number }[];
  /**
   * Letters recorded for volunteers or officials no longer listed: set aside (kept in
   * assignments.csv), by whose they were; for an official, the volunteers who were given one to
   * post, or to send as an e-mail, and who posted theirs; for a volunteer, how many they posted
   * (marked: those count towards their officials' letters, none is dealt out again), how many
   * more had gone out to them (marked, or their packet e-mailed), and the new volunteers who may be them renamed (at
   * their recorded address; of a close name, in a file from before addresses were recorded); for
   * an official, `perhaps`: the officials listed in the same position whose name may be theirs in
   * other letters (see officialsNow's `alike`), not dealt to the volunteers who had these letters.
   */
  dropped: { who: string; letters: number; holders?: string[]; drafts?: string[]; posted?: string[]; wentOut?: number; sent?: number; maybe?: { names: string[]; by: 'address' | 'name' }; perhaps?: string[] }[];
  /** Officials dealt new letters whose letter came back before (`letters mark ... returned`): the last return said. */
  returnedBefore: { official: string; letters: number; on: string; note: string }[];
  /** Officials whose address (or e-mail address) in the list changed since volunteers were given letters to them, not marked posted: those volunteers. */
  heldWithOldAddress: { official: string; holders: string[] }[];
  /**
   * Officials whose letters came back from an address the list has corrected since: the volunteers
   * whose letters are made again with the new one (in their packet folders), not marked posted
   * since, whether they post them or send them (e-mail), and where each is: its file, and its
   * pages in a packet ("volunteers/ben-jones/packet.pdf, page 5").
   */
  madeAgain: { official: string; holders: string[]; how: 'post' | 'email' | 'both'; where: string[] }[];
  /** Officials a letter came back from at the address they still have: dealt no new letters (see official_address_key). */
  notDealtAfterReturn: { official: string; on: string; note: string }[];
  /** Volunteers with a note of their own, and how many of their letters are in another language than theirs: the note is left out of those. */
  notesLeftOut: { volunteer: string; letters: number }[];
  /** Volunteers whose language letters has no words in: their cover sheet and e-mail are in English. */
  inEnglish: { volunteer: string; language: string }[];
  /** Officials whose letter came back, and the volunteers holding letters to them dealt out before it did and not marked since. */
  heldAfterReturn: { official: string; on: string; note: string; holders: string[] }[];
  /** Officials recorded under a name or a position written another way since: their letters kept (see officialsNow). */
  respelt: Respelt[];
  /** Letters set aside by an earlier run and listed again, by official, whose packets went without them: in new packets. */
  reinstated: { who: string; letters: number }[];
  /** The other letters of an official set aside and listed again: in their packets again, and who holds them. */
  restored: { who: string; volunteers: string[] }[];
  /** Letters volunteers sent before with `letters email` (signed by them), not dealt out to them (see writtenBefore). */
  writtenBefore: number;
  /** Volunteers recorded under a name since corrected: their letters kept (see volunteersNow). */
  renamed: { was: string; now: string; why: string }[];
  /** Volunteers without an e-mail address given letters this run, with their packet's file: to hand it over. */
  packetsUnsent?: string[];
  /** With --email-packets, packets of volunteers with an e-mail address not e-mailed, as they went by hand (see PacketMessage.byHand), and not e-mailed before. */
  packetsByHand?: string[];
  /** Without --send: how many packets sending would send, and how many were sent before. */
  packetsToSend?: {
    toSend: number;
    sentBefore: number;
  } & Partial<ServerAnswer>; // (with --smtp: what the server said)
  /** Each packet's volunteer by their e-mail address (lower case), to name them in messages about it. */
  packetsFor?: Map<string, string>;
  warnings: WarningSummary;
  smtp?: string;
  sent?: SendReport;
  seconds: number;
}

/** One row of assignments.csv: who writes to whom, how, and where the letter is. */
export interface AssignmentRow {
  volunteer: string;
  volunteer_email: string;
  official: string;
  official_row: number;
  channel: 'post' | 'email';
  letter_file: string;
  pages: string;
  variant: number;
  volunteer_key: string;
  official_key: string;
  /** The run that dealt the letter out (1, 2, ...): letters dealt out later go in a packet of their own. */
  round: number;
  /** The day (the run's date) it was dealt out; empty for letters dealt out before 2026-11-30. */
  dealt_on?: string;
  /** The Message-ID its packet is e-mailed under: made once and kept (see packetMessageId). Not in files written before 2026-11-30. */
  packet_message_id?: string;
  /**
   * The day its volunteer or official was found no longer listed (the run's date), whose absence,
   * and whether its packet had been e-mailed: "2026-12-05 (official not listed; its packet had
   * gone)". The letter is set aside, kept here so neither is dealt the other again; listed again,
   * it is theirs again.
   */
  set_aside?: string;
  /**
   * The volunteer's postal address as a key (see addressKey): how they are known when their name
   * is corrected and they have no e-mail address (see volunteersNow). Not in files written before 2026-11-30.
   */
  volunteer_address_key?: string;
  /**
   * The official's key as it is now, when it is not the recorded `official_key` (their name or
   * position written another way since: see officialsNow): the match, kept for later runs. Not in
   * files written before 2026-11-30.
   */
  official_key_now?: string;
  /**
   * "yes": dealt out when its volunteer had no e-mail address, so its packet is theirs to hand
   * over and is never e-mailed later (given at a meeting and not marked, it would be signed
   * twice). Kept from run to run: a trial's first run after the volunteer added an address said
   * so, and the next, seeing the address in the file, e-mailed the packet. Not in files written
   * before 2026-11-30 (see dealtByHand).
   */
  by_hand?: string;
  /**
   * The address the letter was made with, as a key (see officialAddressKey): its postal address,
   * or "email:" and its e-mail address. Kept from the run that dealt it out: a letter that came back
   * from the address the official still has is not followed by new ones to it. Not in files
   * written before this column (2026-11-30, late).
   */
  official_address_key?: string;
  /**
   * What tells the official apart besides the name, as the list writes it at the run that wrote
   * the row: the position (for an official without a name, the organisation and position), which
   * `status` shows ("Ministre de l'Intérieur", not the key's "ministre de l'interieur"), one per
   * official (their latest round's). Not in files written before 2026-12-01: status shows the
   * key's then.
   */
  official_position?: string;
  /** (Not a column) the volunteer's key as the file has it, when their name has been corrected since (see volunteersNow). */
  keyAsRecorded?: string;
}

/** An official's position as the list writes it, as status shows it (see AssignmentRow.official_position): the parts of officialKey after the name. */
function positionWritten(v: Record<string, string>): string {
  const personal = v.name || v.first_name || v.last_name;
  const parts = (personal ? [v.position] : [v.organisation, v.position]).map((p) => p?.trim() ?? '').filter(Boolean);
  return parts.filter((p, i) => parts.findIndex((q) => plainLetters(q) === plainLetters(p)) === i).join(', ');
}

/** Whether a recorded letter was dealt out to a volunteer without an e-mail address (files without the column: its address was empty). */
export function dealtByHand(r: Pick<AssignmentRow, 'by_hand' | 'volunteer_email'>): boolean {
  return r.by_hand === undefined ? r.volunteer_email === '' : r.by_hand === 'yes';
}

/** The official a recorded letter is to, as batch last matched them: one person, however their name was written since. */
export function officialMatched(r: Pick<AssignmentRow, 'official_key' | 'official_key_now'>): string {
  return r.official_key_now || r.official_key;
}
const ASSIGNMENT_COLUMNS: (keyof AssignmentRow)[] = ['volunteer', 'volunteer_email', 'official', 'official_row', 'channel', 'letter_file', 'pages', 'variant', 'volunteer_key', 'official_key', 'round', 'dealt_on', 'packet_message_id', 'set_aside', 'volunteer_address_key', 'official_key_now', 'by_hand', 'official_address_key', 'official_position'];

/**
 * How a letter goes: by e-mail when the volunteer and the official both have an address for it,
 * unless an earlier run dealt it out to post (the volunteer may have posted it), or the volunteer
 * posts all their letters.
 */
const channelOf = (v: Volunteer, official: Recipient, before?: AssignmentRow): 'post' | 'email' => {
  if (!v.contact.email || !official.values.email || before?.channel === 'post') return 'post';
  // A letter dealt out as an e-mail stays one (it may be sent); a new one is posted by a volunteer who posts them all.
  return before?.channel === 'email' || !v.postOnly ? 'email' : 'post';
};

/** An official as a coordinator names them: the person, else the office. */
const officialLabel = (r: Recipient) => recipientLabel(r.values);
/** Whether a letter's marks say it reached its official: posted (or answered), and not returned. */
const reached = (marks: MarkKind[]) => marks.some((m) => m === 'posted' || m === 'replied') && !marks.includes('returned');

/**
 * `letters batch`: the campaign split into signing packets, one per volunteer, each letter worded
 * differently from the others to the same official. Everything is checked before the first file
 * is written; assignments already recorded are kept.
 */
export async function batchCampaign(o: BatchOptions): Promise<BatchResult> {
  const held: (() => void)[] = []; // the marks' lock, if the run stops before it lets go
  try {
    return await batchRun(o, held);
  } finally {
    for (const release of held) release();
  }
}

async function batchRun(o: BatchOptions, held: (() => void)[]): Promise<BatchResult> {
  const started = performance.now();
  if (o.where?.length || o.limit !== undefined) {
    // Packets hold all of a volunteer's letters: a run over part of the list would leave some out.
    throw new InputError({ message: 'batch deals out letters for the whole list: --where and --limit are not for batch', hint: 'make a CSV of the officials for this campaign, and give it with --recipients' });
  }
  const c = loadCampaign(o);
  const list = loadVolunteers(o.volunteers, { encoding: o.encoding ?? c.caseFile.encoding }, new Set(allTemplates(c).flatMap((t) => [...templateReads(t, 'signer')])));
  const { volunteers, file: volunteersFile } = list;
  const problems = new ProblemList();
  if (volunteers.length === 0) {
    throw new InputError({ location: { file: volunteersFile, line: 1 }, message: 'the volunteers CSV has no rows', hint: 'add one volunteer per row under the header' });
  }
  // An official with only an e-mail address is written to by the volunteers who have one (and room for a letter).
  const emailVolunteers = emailWriters(volunteers);
  const postal = checkPostalRows(c, { emailVolunteers });
  postal.filter((p) => p.severity !== 'warning').forEach((p) => problems.add(p));
  // An official's e-mail address is where a volunteer's letter goes, when one can e-mail: one plain
  // address, and not one an earlier row has under another name (the same official written another
  // way, or an office's mailbox, as letters email says it).
  const mailboxes = new Map<string, { line: number; name: string }>();
  const sharedMailboxes: Problem[] = [];
  for (const r of emailVolunteers ? c.rows : []) {
    const email = r.values.email?.trim();
    const bad = email ? emailFinding(email, { file: c.recipients.file, line: r.line }) : undefined;
    if (bad) problems.add(bad);
    if (!email || bad) continue;
    const name = rowPersonalName(r.values);
    const first = mailboxes.get(email.toLowerCase());
    if (!first) mailboxes.set(email.toLowerCase(), { line: r.line, name });
    else if (nameKey(first.name) !== nameKey(name)) {
      const found = sameMailboxFinding({ file: c.recipients.file, line: r.line }, first, name);
      if (found.severity === 'error') problems.add(found);
      else sharedMailboxes.push(found);
    }
  }
  for (const [t, rows] of rowsByTemplate(c)) checkFieldUses(t.uses.filter((u) => u.root !== 'signer'), { ...c, rows }).forEach((p) => problems.add(p));
  // What render and print warn of, batch says too (an official abroad, an empty salutation, the
  // same official twice, a letter that runs past one page).
  const warnings = new RunWarnings(c.recipients, c.caseFile, c);
  sharedMailboxes.forEach(warnings.warn);
  const volunteerPaper = volunteerPaperWarning(volunteers, c.paper, volunteersFile);
  if (volunteerPaper) warnings.warn(volunteerPaper);
  volunteerAddressWarnings(volunteers, volunteersFile).forEach(warnings.warn);
  volunteerNameWarnings(volunteers, volunteersFile).forEach(warnings.warn);
  postal.filter((p) => p.severity === 'warning').forEach(warnings.warn);
  campaignErrors(c, warnings.warn).forEach((p) => problems.add(p));
  warnings.add(c.rows);
  warnings.greetingErrors().forEach((p) => problems.add(p));
  // One official on two rows, the name in Arabic letters on one and in Latin ones on the other, as check says.
  const otherLetters = new OtherLetters();
  for (const r of c.rows) {
    const respelt = otherLetters.warning(r.values, { file: c.recipients.file, line: r.line });
    if (respelt) warnings.warn(respelt);
  }
  const uses = allTemplates(c).flatMap((t) => t.uses);
  // (A misspelt field is said once; what it made of each volunteer's letter is not said again.)
  const misspelt = signerColumnProblems(uses, list);
  misspelt.forEach((p) => problems.add(p));
  volunteers.forEach((v) => signerValueProblems(uses, v, list, misspelt).forEach((p) => problems.add(p)));
  duplicateOfficials(c.rows, c.recipients.file).forEach((p) => problems.add(p));
  // A volunteer with an official's e-mail address: their packet would go to the official.
  const officialMail = new Map(c.rows.flatMap((r) => (r.values.email?.trim() ? [[r.values.email.trim().toLowerCase(), r] as const] : [])));
  for (const v of volunteers) {
    const official = v.contact.email && officialMail.get(v.contact.email.trim().toLowerCase());
    if (official) {
      problems.add({
        location: { file: volunteersFile, line: v.line },
        message: `${v.contact.name} has the e-mail address of ${displayName(official.values)} (${c.recipients.file} line ${official.line}), whom the letters are written to: their packet would be e-mailed there`,
        hint: 'give the volunteer their own address, or check that the volunteers CSV is the list of volunteers',
      });
    }
  }
  const caseFolder = campaignFolder(o.outDir, o.casePath, c.caseFile.id);
  const assignmentsCsv = path.join(caseFolder, 'assignments.csv');
  const smtpUrl = o.smtp ?? process.env.LETTERS_SMTP_URL;
  if (o.emailPackets && smtpUrl) {
    const bad = smtpUrlProblem(smtpUrl);
    if (bad) problems.add({ message: bad, hint: 'for example --smtp smtp://group@mail.example.org:587' });
    const noPassword = bad || !o.send ? undefined : missingPassword(smtpUrl);
    if (noPassword) problems.add(noPassword);
  }
  if (o.send && !o.emailPackets) problems.add({ message: '--send sends the packets: it needs --email-packets', hint: 'add --email-packets, or leave out --send' });
  if (o.emailPackets && !c.caseFile.sender?.email) {
    problems.add({ location: c.caseFile.locate('sender'), message: 'packets are e-mailed from the group, but the case file\'s sender has no email', hint: 'add "email:" to the sender block of the case file' });
  }
  problems.throwIfAny();

  const recorded = readAssignments(assignmentsCsv);
  // (A round dated before one dealt out already would put the records out of order: marks are
  // checked against these days. A day's leeway: coordinators sharing the folder across time zones.)
  const lastDealt = recorded.reduce((last, r) => (r.dealt_on && r.dealt_on > last ? r.dealt_on : last), '');
  if (lastDealt && toUTC(parseDate(lastDealt)!).getTime() - toUTC(parseDate(c.today)!).getTime() > 86_400_000) {
    throw new InputError({
      location: { file: assignmentsCsv },
      message: `the run's date, ${c.today}, is before letters were dealt out on ${lastDealt}`,
      hint: o.date ? 'give --date the day of this run, or leave it out (today)' : "check the computer's date (or, if a dealt_on in the file is wrong, correct it)",
    });
  }
  // Read before anything is made: a marks.csv damaged by hand stops the run here, not at its end.
  // Locked from here until assignments.csv is written: a mark made meanwhile would be checked
  // against the letters as they were, or lost when a renamed volunteer's marks are moved.
  const marksFile = path.join(caseFolder, 'marks.csv');
  // (No folder yet: no marks, and no mark can be made before this run's records.)
  const releaseMarks = existsSync(caseFolder) ? lockMarks(marksFile) : () => {};
  held.push(releaseMarks);
  const marks = readMarks(marksFile);
  // A volunteer recorded under another key (their name corrected): their letters are theirs still.
  const renamed: BatchResult['renamed'] = [];
  const renamedKeys: [string, { key: string; name: string }][] = [];
  for (const [k, { volunteer: v, was, why }] of volunteersNow(recorded, volunteers)) {
    renamedKeys.push([k, { key: volunteerKey(v), name: v.contact.name }]);
    const rows = recorded.filter((r) => r.volunteer_key === k);
    renamed.push({ was, now: v.contact.name, why });
    for (const r of rows) {
      r.keyAsRecorded = r.volunteer_key;
      r.volunteer_key = volunteerKey(v);
    }
  }
  const respeltOfficials: Respelt[] = []; // (said, as a wrong match would give a new official none of the letters)
  const alikeOfficials = new Map<string, string[]>(); // (recorded officials not listed, and those listed who may be them)
  const keyNow = officialsNow(recorded, c.rows, respeltOfficials, alikeOfficials);
  const now = (r: AssignmentRow) => keyNow.get(r.official_key) ?? r.official_key;
  // (A letter posted counts towards its official's letters even when its volunteer has left the list since.)
  const refOf = (r: AssignmentRow) => ({ ...assignmentRef(r), volunteer_key: r.keyAsRecorded ?? r.volunteer_key });
  // (Of the letter as it is made now: a letter that came back and was made again with a corrected
  // address has what happened at the old one apart, see Mark.address_key.)
  const marksOf = (r: AssignmentRow) => marksFor(marks, refOf(r), r.official_address_key || undefined);
  const earlierOf = (r: AssignmentRow) => earlierMarks(marks, refOf(r), r.official_address_key || undefined);
  const previous = recorded.map((r) => ({ volunteer: r.volunteer_key, official: now(r), variant: Number(r.variant), sent: reached(marksOf(r).map((m) => m.what)) }));
  const pairOf = (volunteer: string, official: string) => `${volunteer}\u0000${official}`;
  const recordedByPair = new Map(recorded.map((r) => [pairOf(r.volunteer_key, now(r)), r]));
  // Officials whose letters came back (letters mark ... returned), by their key now: new letters to them are said.
  const returnedTo = new Map<string, Mark>();
  for (const m of marks) {
    if (m.what !== 'returned' || !m.official_key) continue;
    const key = keyNow.get(m.official_key) ?? m.official_key;
    if ((returnedTo.get(key)?.on ?? '') <= m.on) returnedTo.set(key, m);
  }
  // What the ledger has: each message's last step (the e-mails of letters email, the packets).
  const ledgerFile = path.join(caseFolder, 'ledger.jsonl');
  const ledger = existsSync(ledgerFile) ? new Ledger(ledgerFile) : undefined;
  const steps = ledger?.lastSteps() ?? [];
  ledger?.close();
  const states = new Map(steps.map((e) => [e.id, e.state]));
  const written = writtenBefore(steps, volunteers, c.rows);
  // Officials a letter came back from at the address they still have: no new letters to them
  // until it is corrected (a trial's round 2 dealt three more to the address that had bounced).
  const officialByKey = new Map(c.rows.map((r) => [officialKey(r), r]));
  const stillThere = new Map<string, Mark>();
  for (const r of recorded) {
    const row = officialByKey.get(now(r));
    const back = marksOf(r).find((m) => m.what === 'returned');
    if (row && back && r.official_address_key && r.official_address_key === officialAddressKey(row.values, r.channel)) stillThere.set(now(r), back);
  }
  const plan = assign({
    volunteers: volunteers.map((v) => ({ key: volunteerKey(v), maxLetters: v.maxLetters, canEmail: writesByEmail(v) })),
    officials: c.rows.map((r) => ({ key: officialKey(r), emailOnly: emailOnly(r.values) })),
    mode: o.mode,
    previous,
    barred: [
      ...written,
      ...samePersonBefore(recorded.map((r) => ({ volunteer: r.volunteer_key, official: now(r) })), c.rows),
      // (An official who may be one recorded, their name in other letters: not by that one's volunteers.)
      ...recorded.flatMap((r) => (alikeOfficials.get(r.official_key) ?? []).map((official) => ({ volunteer: r.volunteer_key, official }))),
      ...[...stillThere.keys()].flatMap((official) => volunteers.map((v) => ({ volunteer: volunteerKey(v), official }))),
    ],
    seed: c.caseFile.id,
  });
  const volunteerByKey = new Map(volunteers.map((v) => [volunteerKey(v), v]));
  const byVolunteer = new Map<string, Assignment[]>();
  for (const a of plan.assignments) {
    const list = byVolunteer.get(a.volunteer) ?? [];
    list.push(a);
    byVolunteer.set(a.volunteer, list);
  }

  // Pass 1: every letter made and checked; only a fingerprint of its wording is kept.
  const fonts = loadFonts();
  const kits = new Map<Volunteer, PrintKit>(volunteers.map((v) => [v, printKit(v.paper ?? c.paper, c.paper, o)]));
  const layouters = new Map<string, ReturnType<typeof rowLayouter>>();
  const layouterFor = (v: Volunteer, report: (p: Problem) => void, today = c.today): ReturnType<typeof rowLayouter> => {
    // A volunteer's note goes only into letters in their own language: a trial's Spanish note
    // stood in French letters, right before "Veuillez agréer" (see noteLeftOut).
    if (optional && v.personalNote) {
      const withNote = layouterOf(v, volunteerSigner(v), report, today);
      const without = layouterOf(v, volunteerSigner({ ...v, personalNote: undefined }), report, today);
      return (row, variant) => (leftOut(v, row) ? without : withNote)(row, variant);
    }
    return layouterOf(v, volunteerSigner(v), report, today);
  };
  // (Only where the templates ask whether there is one: printed as it is, it must be there.)
  const optional = noteOptional(allTemplates(c));
  /** Whether the letter to `row` leaves out its volunteer's note (see noteLeftOut). */
  const leftOut = (v: Volunteer, row: Recipient) => noteLeftOut(v, templateFor(c, row.values).language, optional);
  const layouterOf = (v: Volunteer, signer: ReturnType<typeof volunteerSigner>, report: (p: Problem) => void, today: string) => {
    const { paper, envelope, labels } = kits.get(v)!;
    // An address that does not fit a volunteer's own paper (its window, envelope or labels) says so.
    const on = paper === c.paper ? '' : `on ${paperLabel(paper)} (a volunteer's own paper), `;
    const where = (p: Problem): Problem => {
      if (p.location?.file === volunteersFile) return p.location.line ? p : { ...p, location: { file: volunteersFile, line: v.line } };
      return on && PAPER_PROBLEMS.has(p.code ?? '') ? { ...p, message: `${on}${p.message}` } : p;
    };
    // The envelope or label of each posted letter is laid out with it, so its problems are the row's.
    const extra = (letter: Letter) => {
      if (labels) layoutLabel(letter.address, labels, 0, fonts);
      else layoutEnvelope(letter, envelope, fonts, letter.international);
    };
    // A problem with the signer's details is the volunteer's row.
    const settings = { ...c, today, paper, dinForm: paper === 'a4' ? c.dinForm : 'b', envelope: envelope.name, signer, signerFile: volunteersFile };
    return rowLayouter(settings, fonts, (p) => report(where(p)), extra);
  };
  const wording = new Map<string, Map<string, string[]>>(); // official → fingerprint → volunteers
  for (const v of volunteers) {
    const layout = layouterFor(v, (p) => problems.add(p));
    layouters.set(volunteerKey(v), layout);
    for (const a of byVolunteer.get(volunteerKey(v)) ?? []) {
      const official = officialByKey.get(a.official)!;
      const before = recordedByPair.get(pairOf(a.volunteer, a.official));
      if (emailOnly(official.values) && channelOf(v, official, before) === 'post') {
        // Dealt out by an earlier run: to post, when the official had a postal address, or by
        // e-mail, when the volunteer had an e-mail address.
        problems.add(
          before?.channel === 'post'
            ? {
                location: { file: c.recipients.file, line: official.line },
                message: `${officialLabel(official)} has no postal address now, but ${v.contact.name} was given a letter to them to post (${assignmentsCsv})`,
                hint: "put the official's postal address back: the volunteer's packet is made again with it",
              }
            : {
                location: { file: list.file, line: v.line },
                message: `${v.contact.name} has no e-mail address now, but was given a letter to ${officialLabel(official)}, who has only an e-mail address, to send by e-mail (${assignmentsCsv})`,
                hint: "put the volunteer's e-mail address back, or give the official a postal address",
              },
        );
        continue;
      }
      const laid = layout(official, a.variant);
      if (!laid) continue;
      // (More than a few: one warning for them all, see LongLetters.)
      warnings.laid({ file: c.recipients.file, line: laid.letter.recipient.line }, `${laid.letter.recipientName} (signed by ${v.contact.name})`, laid.pages.length);
      const print = fingerprint(laid.letter);
      const seen = wording.get(a.official) ?? new Map<string, string[]>();
      seen.set(print, [...(seen.get(print) ?? []), v.contact.name]);
      wording.set(a.official, seen);
    }
  }
  problems.throwIfAny();

  // Pass 2: the packets.
  const volunteersFolder = path.join(caseFolder, 'volunteers');
  await ensureDir(volunteersFolder);
  const slugs = uniqueSlugs(volunteers);
  const rows: AssignmentRow[] = [];
  const packets: PacketReport[] = [];
  const packetMessages: PacketMessage[] = [];
  const width = Math.max(3, String(c.recipients.rows.length).length);
  let done = 0;
  // A letter dealt out by an earlier run stays in its round's packet, and on the channel it was
  // given (a volunteer may have posted it already): only new letters make a new packet.
  let lastRound = 0;
  for (const r of recorded) lastRound = Math.max(lastRound, Number(r.round) || 1);
  const packetId = packetMessageId(c, recorded, steps, states);
  const reinstated: AssignmentRow[] = []; // letters set aside before and listed again, whose packets went without them
  const restored: AssignmentRow[] = []; // the others: in their packets again
  /** Whether a letter's packet was e-mailed (or may have been). */
  const gone = (r: AssignmentRow) => !!r.packet_message_id && (states.get(r.packet_message_id) === 'sent' || states.get(r.packet_message_id) === 'sending');
  /** Whether anything was marked of a recorded letter, at its address now or one it had before. */
  const everMarked = (r: AssignmentRow) => marksOf(r).length > 0 || earlierOf(r).length > 0;
  /** Whether a recorded letter may be in its volunteer's hands: its packet e-mailed, theirs to hand over, or marked since. */
  const withVolunteer = (r: AssignmentRow) => gone(r) || dealtByHand(r) || everMarked(r);
  /** Letters that came back from an address the list has corrected since, made again with it: their marks to stamp with the old address, and who holds them. */
  const readdressed: { ref: ReturnType<typeof refOf>; was: string }[] = [];
  const madeAgain = new Map<string, { official: string; holders: string[]; how: Set<'post' | 'email'>; where: string[] }>();
  const currentFiles = new Set<string>();
  for (const v of volunteers) {
    const mine = byVolunteer.get(volunteerKey(v)) ?? [];
    if (mine.length === 0) continue;
    const folder = path.join(volunteersFolder, slugs.get(v)!);
    await ensureDir(folder);
    const layout = layouters.get(volunteerKey(v))!;
    const { envelope, labels } = kits.get(v)!;
    const from: Mailbox | undefined = v.contact.email ? { name: v.contact.name, address: v.contact.email } : undefined;
    const report: PacketReport = { volunteer: v.contact.name, folder, post: 0, email: 0 };
    // Each letter with what an earlier run recorded of it, and its round. A letter set aside with
    // its official and now listed again goes in a new packet when its packet was e-mailed without
    // it; else it is in its packet again (one that had gone with it is in the volunteer's hands).
    // One set aside with its volunteer, who is back, is in their packet as it was.
    const dealt = mine.map((a) => {
      const before = recordedByPair.get(pairOf(a.volunteer, a.official));
      const back = !!before?.set_aside && !before.set_aside.includes('volunteer');
      const again = back && !before!.set_aside!.includes('had gone') && gone(before!);
      if (back) (again ? reinstated : restored).push(before!);
      return { a, before: again ? { ...before!, round: lastRound + 1, dealt_on: c.today, packet_message_id: undefined } : before, round: before && !again ? Number(before.round) || 1 : lastRound + 1 };
    });
    const rounds = [...new Set(dealt.map((d) => d.round))].sort((x, y) => x - y);
    for (const round of rounds) {
      // A packet made again is dated the day its round was dealt out, as the volunteer has it
      // (letters dealt out before 2026-11-30 have no such day: the run's).
      const dealtOn = dealt.find((d) => d.round === round && d.before?.dealt_on)?.before!.dealt_on ?? c.today;
      const layoutThen =
        dealtOn === c.today
          ? layout
          : layouterFor(v, (p) => {
              throw new InputError(p); // (the run's own date found none: the letters are the same but for the date)
            }, dealtOn);
      const letters = dealt
        .filter((d) => d.round === round)
        .map(({ a, before }) => {
          const laid = layoutThen(officialByKey.get(a.official)!, a.variant)!;
          const channel = channelOf(v, laid.letter.recipient, before);
          // The official as first recorded: what assignments.csv keeps, and the packet's Message-ID is made from.
          const recordedKey = before?.official_key ?? a.official;
          return { a, before, laid, channel, recordedKey };
        });
      const post = letters.filter((l) => l.channel === 'post');
      const email = letters.filter((l) => l.channel === 'email');
      // The first run's letters are packet.pdf; letters dealt out by a later run, packet-<round>.pdf
      // (a name that stays, whatever happens to the volunteer's other letters).
      const name = round === 1 ? 'packet' : `packet-${round}`;
      const messageId = packetId(volunteerKey(v), round, letters.map(({ a, channel, recordedKey }) => `${recordedKey}|${a.variant}|${channel}`));

      // The packet: the cover sheet, the letters to sign, then their envelopes or labels.
      const language = coverLanguage(v.language, c.template.language, v.contact.country);
      // The case's words in the volunteer's language where the case file has them ("summary_fr:",
      // "charges_es:"): a trial's French and Spanish cover sheets said them in English.
      const inTheirs = (field: string) => stringField(c.caseFile.data[`${field}_${baseLanguage(language)}`] ?? c.caseFile.data[field]);
      const cover = layoutCoverSheet(
        {
          language,
          volunteer: v.contact.name,
          firstName: v.values.first_name,
          caseName: c.caseFile.name,
          country: c.caseFile.country,
          summary: inTheirs('summary'),
          detained: stringField(c.caseFile.data.detained),
          charges: inTheirs('charges'),
          letters: letters.map(({ laid, channel }, i) => ({
            number: i + 1,
            official: officialLabel(laid.letter.recipient),
            position: laid.letter.recipient.values.position === officialLabel(laid.letter.recipient) ? undefined : laid.letter.recipient.values.position,
            country: laid.letter.country,
            channel,
            email: channel === 'email' ? laid.letter.recipient.values.email : undefined,
          })),
          groupName: c.caseFile.sender?.name,
          groupEmail: c.caseFile.sender?.email,
          date: dealtOn,
          fold: labels ? undefined : envelope.name === 'c5' ? 'half' : envelope.name === 'c4' ? 'flat' : 'thirds',
          ends: labels ? 'labels' : 'envelopes',
        },
        letters[0]!.laid.paper,
        fonts,
      );
      const packetFile = path.join(folder, `${name}.pdf`);
      currentFiles.add(packetFile);
      const pagesOf = new Map<Assignment, string>();
      await writeAtomically(packetFile, async (tmp) => {
        const pdf = new PdfStream(tmp, fonts, { title: `Letters for ${c.caseFile.name}: ${v.contact.name}` });
        for (const page of cover) await pdf.page(letters[0]!.laid.paper, page);
        for (const { a, laid } of post) {
          // Printed on both sides, each letter starts on the front of a sheet.
          if (o.duplex !== false && pdf.pages % 2 === 1) await pdf.page(laid.paper, []);
          const firstPage = pdf.pages + 1;
          for (const page of laid.pages) await pdf.page(laid.paper, page);
          pagesOf.set(a, firstPage === pdf.pages ? String(firstPage) : `${firstPage}-${pdf.pages}`);
        }
        if (o.duplex !== false && pdf.pages % 2 === 1) await pdf.page(letters[0]!.laid.paper, []);
        if (labels) {
          const perSheet = labelsPerSheet(labels);
          for (let i = 0; i < post.length; i += perSheet) {
            await pdf.page(sheetSize(labels), layoutLabels(post.slice(i, i + perSheet).map(({ laid }) => laid.letter.address), labels, 0, fonts));
          }
        } else {
          for (const { laid } of post) await pdf.page(envelope, layoutEnvelope(laid.letter, envelope, fonts, laid.letter.international));
        }
        await pdf.end();
      });

      // The e-mailed letters, from the volunteer, as .eml files to open and send.
      const emls: string[] = [];
      for (const { a, laid } of email) {
        const m: BuiltMessage = buildMessage(laid.letter, {
          caseId: c.caseFile.id,
          from: from!,
          signerKey: from!.address,
          date: new Date(),
          folder,
          width,
          signature: v.signature ? readFileSync(v.signature) : undefined,
          draft: true,
        });
        await writeAtomically(m.file, (tmp) => writeFile(tmp, m.content));
        emls.push(m.file);
        currentFiles.add(m.file);
        pagesOf.set(a, '');
      }
      const relative = (f: string) => path.relative(caseFolder, f).split(path.sep).join('/');
      for (const { a, before, laid, channel, recordedKey } of letters) {
        const isEmail = channel === 'email';
        // A letter that came back from an address the list has corrected since is made again with
        // the new one, for its volunteer to post (or send) again: it is recorded with it, and what
        // was marked of it at the old address stays as of that address (a trial's status said
        // "Returned" after the address was corrected, with nothing to say a new letter was made).
        const address = officialAddressKey(laid.letter.recipient.values, channel);
        const was = before?.official_address_key;
        const readdress = !!before && !!was && was !== address && before.channel === channel && marksOf(before).some((m) => m.what === 'returned');
        if (readdress) readdressed.push({ ref: refOf(before), was });
        // (Said every run until it is marked posted, or back again.)
        const toGoAgain = readdress || (!!before && earlierOf(before).some((m) => m.what === 'returned') && !marksOf(before).some((m) => m.what === 'posted' || m.what === 'returned'));
        if (toGoAgain) {
          const again = madeAgain.get(a.official) ?? { official: officialLabel(laid.letter.recipient), holders: [], how: new Set(), where: [] };
          again.holders.push(v.contact.name);
          again.how.add(channel);
          // (Which pages of the packet, made whole again, are the letter: a trial's volunteer was given it all.)
          const pages = pagesOf.get(a);
          again.where.push(isEmail ? relative(emls[email.findIndex((e) => e.a === a)]!) : `${relative(packetFile)}${pages ? `, page${pages.includes('-') ? 's' : ''} ${pages}` : ''}`);
          madeAgain.set(a.official, again);
        }
        rows.push({
          volunteer: v.contact.name,
          volunteer_email: v.contact.email ?? '',
          volunteer_address_key: addressKey(v),
          official: officialLabel(laid.letter.recipient),
          official_row: laid.letter.recipient.line,
          channel: isEmail ? 'email' : 'post',
          letter_file: isEmail ? relative(emls[email.findIndex((e) => e.a === a)]!) : relative(packetFile),
          pages: pagesOf.get(a) ?? '',
          variant: a.variant,
          volunteer_key: a.volunteer,
          official_key: recordedKey,
          official_key_now: recordedKey === a.official ? '' : a.official,
          round,
          dealt_on: before ? (before.dealt_on ?? '') : c.today,
          packet_message_id: messageId,
          // (A packet made while its volunteer has no address is theirs to hand over, whatever it was before.)
          by_hand: (before && dealtByHand(before)) || !v.contact.email ? 'yes' : '',
          // (A packet made again that has not gone has the address as it is now; one that went, the address it went with.)
          official_address_key: !readdress && was && withVolunteer(before!) ? was : address,
          official_position: positionWritten(laid.letter.recipient.values),
        });
      }
      report.post += post.length;
      report.email += email.length;
      // A packet dealt out before to a volunteer without an e-mail address was handed over, and so
      // was one with a letter marked (handed over, posted...): not e-mailed now (a trial's
      // volunteer who had posted her letters was sent them again "ready to sign").
      const byHand = letters.some((l) => l.before && (dealtByHand(l.before) || everMarked(l.before)));
      packetMessages.push({
        volunteer: v,
        folder,
        name,
        round,
        byHand,
        emls,
        id: messageId,
        letters: letters.length,
      });
      done += letters.length;
      o.onProgress?.(done, plan.assignments.length);
    }
    packets.push(report);
  }
  // Letters set aside (their volunteer or official no longer listed) stay in the file, as they were.
  // (Its packet's Message-ID too, as the packet's other letters have it, or as the ledger knows it
  // from before 2026-11-30: whether it had gone decides what becomes of the letter listed again.)
  const madeNow = new Map(rows.map((r) => [`${r.volunteer_key}\u0000${r.round}`, r.packet_message_id]));
  for (const a of plan.dropped) {
    const row = recordedByPair.get(pairOf(a.volunteer, a.official))!;
    const round = Number(row.round) || 1;
    const id = row.packet_message_id || madeNow.get(`${row.volunteer_key}\u0000${round}`) || packetId(row.volunteer_key, round) || undefined;
    const withId = { ...row, packet_message_id: id };
    // (Nor is it in a file of this run's: its packet was made again without it, its e-mail draft
    // removed, as was the packet of a volunteer who left.)
    // (Its official's match too, when found: the letter may count for them, or be theirs again.)
    const matched = now(row) === row.official_key ? row.official_key_now : now(row);
    rows.push({ ...withId, official_key_now: matched ?? '', letter_file: '', pages: '', set_aside: row.set_aside || `${c.today} (${volunteerByKey.has(a.volunteer) ? 'official' : 'volunteer'} not listed${gone(withId) ? '; its packet had gone' : ''})` });
  }
  // What `letters mark` recorded of a renamed volunteer's letters follows them (written first: a
  // run stopped between the two finds the rename again, and the marks already moved).
  // (The marks of a letter made again with a corrected address are first given the address they were of.)
  let stamped: Mark[] | undefined;
  for (const { ref, was } of readdressed) stamped = stampAddress(stamped ?? marks, ref, was) ?? stamped;
  const moved = renameVolunteers(stamped ?? marks, new Map(renamedKeys));
  if (moved ?? stamped) await writeMarks(marksFile, (moved ?? stamped)!);
  await writeAtomically(assignmentsCsv, (tmp) => writeFile(tmp, csvText(rows, { header: true, columns: ASSIGNMENT_COLUMNS })));
  releaseMarks();
  // Ctrl-C does not cut it short.
  if (o.emailPackets) for (const p of packetMessages) if (p.volunteer.contact.email && !p.byHand) currentFiles.add(path.join(p.folder, `${p.name}.eml`));
  await whole('placing files', () => removeStale(volunteersFolder, currentFiles));

  const officials: OfficialReport[] = c.rows
    .filter((r) => wording.has(officialKey(r)))
    .map((r) => {
      const seen = wording.get(officialKey(r))!;
      const identical = [...seen.values()].filter((names) => names.length > 1);
      return { official: officialLabel(r), line: r.line, letters: [...seen.values()].reduce((n, l) => n + l.length, 0), versions: seen.size, identical, emailOnly: emailOnly(r.values) };
    });
  const newcomers = newVolunteers(recorded, volunteers); // (after renames: under keys no letter was recorded under)
  /**
   * Volunteers who may hold letters made with an address (or e-mail address) the list has since
   * corrected, not marked posted, by official: their packets on disk have the new one, but what
   * they were given has the old (a trial's two drafts to an embassy's old address went unsaid).
   */
  function oldAddressHolders(): Map<string, Set<string>> {
    const by = new Map<string, Set<string>>();
    for (const r of recorded) {
      const row = officialByKey.get(now(r));
      const v = volunteerByKey.get(r.volunteer_key);
      if (!row || !v || r.set_aside || !r.official_address_key || r.official_address_key === officialAddressKey(row.values, r.channel)) continue;
      if (!withVolunteer(r) || marksOf(r).some((m) => m.what !== 'handed-over')) continue;
      by.set(now(r), (by.get(now(r)) ?? new Set()).add(v.contact.name));
    }
    return by;
  }
  const result: BatchResult = {
    folder: volunteersFolder,
    assignmentsCsv,
    letters: plan.assignments.length,
    added: plan.added.length,
    post: packets.reduce((n, p) => n + p.post, 0),
    email: packets.reduce((n, p) => n + p.email, 0),
    packets,
    officials,
    // (An official whose letter came back, at the address they still have, is short by design: said apart, in notDealtAfterReturn.)
    shortfall: plan.shortfall.filter((s) => !stillThere.has(s.official)).map((s) => {
      const official = officialByKey.get(s.official)!;
      return { official: officialLabel(official), missing: s.missing, emailOnly: emailOnly(official.values) };
    }),
    newWork: countBy(plan.added.map((a) => volunteerByKey.get(a.volunteer)!.contact.name)).map(([volunteer, letters]) => ({ volunteer, letters })),
    dropped: setAside(
      plan.dropped.map((a) => ({ row: recordedByPair.get(pairOf(a.volunteer, a.official))!, volunteerListed: volunteerByKey.has(a.volunteer) })),
      (row) => marksOf(row).map((m) => m.what),
      (row) => {
        // (At the recorded address; in a file from before addresses were, of the same first name, or
        // of the same surname and a close first name.)
        const by = row.volunteer_address_key ? 'address' : 'name';
        const surname = (name: string) => personalName(name).split(' ').pop();
        const close = (v: Volunteer) => (firstName(v.contact.name) !== '' && firstName(v.contact.name) === firstName(row.volunteer)) || (surname(v.contact.name) === surname(row.volunteer) && closeNames(v.contact.name, row.volunteer));
        const names = newcomers
          .filter((v) => (by === 'address' ? samePlace(row, v) : close(v)))
          .map((v) => v.contact.name);
        return names.length ? { names, by } : undefined;
      },
      gone,
      (row) => alikeOfficials.get(row.official_key)?.map((key) => officialLabel(officialByKey.get(key)!)),
    ),
    heldWithOldAddress: [...oldAddressHolders()].map(([key, holders]) => ({ official: officialLabel(officialByKey.get(key)!), holders: [...holders] })),
    madeAgain: [...madeAgain.values()].map((m) => ({ official: m.official, holders: m.holders, how: m.how.size > 1 ? 'both' : [...m.how][0]!, where: m.where })),
    notDealtAfterReturn: [...stillThere].map(([key, m]) => ({ official: officialLabel(officialByKey.get(key)!), on: m.on, note: m.note })),
    returnedBefore: countBy(plan.added.filter((a) => returnedTo.has(a.official)).map((a) => a.official)).map(([key, letters]) => {
      const m = returnedTo.get(key)!;
      return { official: officialLabel(officialByKey.get(key)!), letters, on: m.on, note: m.note };
    }),
    inEnglish: volunteers
      .filter((v) => v.language && (byVolunteer.get(volunteerKey(v)) ?? []).length > 0 && !coverLanguages().includes(baseLanguage(v.language)))
      .map((v) => ({ volunteer: v.contact.name, language: v.language! })),
    notesLeftOut: volunteers
      .map((v) => ({ volunteer: v.contact.name, letters: (byVolunteer.get(volunteerKey(v)) ?? []).filter((a) => leftOut(v, officialByKey.get(a.official)!)).length }))
      .filter((n) => n.letters > 0),
    // Volunteers holding letters to an official whose letter came back, made before it did and
    // not marked since: made with the address that came back (a trial's two volunteers were not told).
    heldAfterReturn: [...returnedTo]
      .filter(([key]) => officialByKey.has(key))
      .map(([key, m]) => {
        // (Letters on paper, of volunteers still listed, by their names now: an e-mail does not carry the postal address.)
        // (Made with the address that came back, where the records say it: a letter made after it was corrected, the same day, is not.)
        // (The address a letter came back from is its mark's, when it was made again with a corrected one since.)
        const backFrom = new Set(
          recorded
            .filter((r) => now(r) === key)
            .flatMap((r) => [...earlierOf(r), ...marksOf(r)].filter((x) => x.what === 'returned').map((x) => x.address_key || r.official_address_key))
            .filter(Boolean),
        );
        const madeWithIt = (r: AssignmentRow) => (backFrom.size && r.official_address_key ? backFrom.has(r.official_address_key) : (r.dealt_on ?? '') <= m.on);
        const holders = recorded
          .filter((r) => now(r) === key && r.channel === 'post' && !r.set_aside && volunteerByKey.has(r.volunteer_key) && madeWithIt(r) && !marksOf(r).some((x) => x.what !== 'handed-over'))
          .map((r) => volunteerByKey.get(r.volunteer_key)!.contact.name);
        return { official: officialLabel(officialByKey.get(key)!), on: m.on, note: m.note, holders: [...new Set(holders)] };
      })
      .filter((h) => h.holders.length > 0),
    renamed,
    respelt: respeltOfficials,
    reinstated: countBy(reinstated.map((r) => r.official)).map(([who, letters]) => ({ who, letters })),
    restored: [...new Set(restored.map((r) => r.official))].map((who) => ({ who, volunteers: restored.filter((r) => r.official === who).map((r) => r.volunteer) })),
    writtenBefore: written.filter((w) => plan.assignments.every((a) => a.volunteer !== w.volunteer || a.official !== w.official)).length,
    warnings: warnings.summary(),
    seconds: 0,
  };

  if (o.emailPackets) await emailPackets(o, c, packetMessages, caseFolder, result, lastRound, states);
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/**
 * Packets and letters an earlier run wrote and this one did not: a volunteer no longer in the list,
 * a letter that now goes by post. Left there, the same letter could be sent twice. Only files of
 * ours go; a folder left empty goes too.
 */
async function removeStale(volunteersFolder: string, current: Set<string>): Promise<void> {
  for (const entry of await readdir(volunteersFolder, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = path.join(volunteersFolder, entry.name);
    for (const f of await readdir(folder)) {
      const file = path.join(folder, f);
      const ours = /^\d{3,}-[a-z0-9-]+\.eml$/.test(f) || /^packet(-\d+)?\.(pdf|eml)$/.test(f);
      if (ours && !current.has(file)) await rm(file, { force: true });
    }
    if ((await readdir(folder)).length === 0) await rm(folder, { recursive: true, force: true });
  }
}

/** A packet to e-mail a volunteer: the letters of one round, `name`.pdf and its .eml letters. */
interface PacketMessage {
  volunteer: Volunteer;
  folder: string;
  /** packet, or packet-<round> for letters dealt out by a later run. */
  name: string;
  /** The round that dealt its letters out: with the volunteer, what makes the packet's Message-ID. */
  round: number;
  /** Dealt out before, when the volunteer had no e-mail address, or marked since (handed over, posted...): not e-mailed. */
  byHand: boolean;
  emls: string[];
  /** Its Message-ID (see packetMessageId). */
  id: string;
  /** How many letters it holds. */
  letters: number;
}

/** Each volunteer's packet e-mailed to them from the group, through the same ledger as `letters email`. */
async function emailPackets(
  o: BatchOptions,
  c: Campaign,
  packets: PacketMessage[],
  caseFolder: string,
  result: BatchResult,
  /** The last round dealt out before this run: a packet of a later one is new. */
  lastRound: number,
  /** Each message's last step in the ledger as the run began. */
  states: ReadonlyMap<string, SendState>,
): Promise<void> {
  const sender = c.caseFile.sender!;
  const from: Mailbox = { name: sender.name, address: sender.email! };
  const outgoing = [];
  for (const p of packets) {
    const email = p.volunteer.contact.email;
    const packetEml = path.join(p.folder, `${p.name}.eml`);
    if (!email || p.byHand) continue;
    const language = coverLanguage(p.volunteer.language, c.template.language, p.volunteer.contact.country);
    const earlier = packets.some((q) => q.volunteer === p.volunteer && q.round < p.round); // (a newcomer's first packet may be packet-3)
    const text = packetMessageText(language, { volunteer: p.volunteer.contact.name, firstName: p.volunteer.values.first_name, caseName: c.caseFile.name, letters: p.letters, emails: p.emls.length, packetFile: `${p.name}.pdf`, group: sender.name, earlier });
    const pdf = readFileSync(path.join(p.folder, `${p.name}.pdf`));
    const content = composeMessage({
      from,
      to: { name: p.volunteer.contact.name, address: email },
      subject: text.subject,
      messageId: p.id,
      date: new Date(),
      text: text.body,
      html: `<!doctype html><html><body>${text.body
        .split('\n\n')
        .map((para) => `<p>${escapeHtml(para).replace(/\n/g, '<br>')}</p>`)
        .join('\n')}</body></html>`,
      attachments: [
        { filename: `${p.name}.pdf`, content: pdf, contentType: 'application/pdf' },
        ...p.emls.map((f) => ({ filename: path.basename(f), content: readFileSync(f), contentType: 'message/rfc822' })),
      ],
    });
    await writeAtomically(packetEml, (tmp) => writeFile(tmp, content));
    outgoing.push({ id: p.id, number: outgoing.length + 1, line: p.volunteer.line, from: from.address, to: email, file: packetEml });
  }
  // Packets of letters dealt out now to volunteers without an address: to hand over (not those handed over before).
  result.packetsUnsent = packets.filter((p) => !p.volunteer.contact.email && p.round > lastRound).map((p) => `${p.volunteer.contact.name} (${p.name}.pdf)`);
  result.packetsByHand = packets.filter((p) => p.volunteer.contact.email && p.byHand && states.get(p.id) !== 'sent').map((p) => `${p.volunteer.contact.name} (${p.name}.pdf)`);
  result.packetsFor = new Map(packets.map((p) => [p.volunteer.contact.email?.toLowerCase() ?? '', p.volunteer.contact.name]));
  const url = o.smtp ?? process.env.LETTERS_SMTP_URL;
  if (url) result.smtp = safeUrl(url);
  if (!url || !o.send) {
    // What sending would do: the packets not sent before, and, as letters email's dry run says,
    // whether the server answers (and takes the login, when the password is at hand).
    const before = outgoing.filter((m) => states.get(m.id) === 'sent').length;
    const asked = url && outgoing.length > before ? await askServer({ url, password: process.env.LETTERS_SMTP_PASSWORD }) : {};
    result.packetsToSend = { toSend: outgoing.length - before, sentBefore: before, ...asked };
    return;
  }
  const release = takeLock(path.join(caseFolder, '.sending.lock'));
  const ledger = new Ledger(path.join(caseFolder, 'ledger.jsonl'));
  try {
    result.sent = await sendMessages(outgoing, outgoing.length, ledger, { url, password: process.env.LETTERS_SMTP_PASSWORD, rate: o.rate, resendUncertain: o.resendUncertain, uncertainArrived: o.uncertainArrived });
  } finally {
    ledger.close();
    release();
  }
}

/**
 * Each packet's Message-ID, by volunteer and round: the one assignments.csv keeps for it, or one
 * made now from them and the round's letters (a list dealt out again from nothing is other
 * packets), then kept. A packet is the volunteer's letters of one round (new work comes in a round
 * of its own), so it is the same message whatever the date, the bytes of the PDF, the order of
 * the lists or a letter taken out of it since: sent again, it would ask them to post every letter
 * again. Packets sent before 2026-11-30 were known by their letters in their order, which a sorted
 * list changed: one sent so keeps that Message-ID, found by its letters as assignments.csv
 * recorded them, or else as the one packet the ledger has to the volunteer's address for that
 * round (when it has one for each of their rounds).
 */
function packetMessageId(c: Campaign, recorded: AssignmentRow[], steps: LedgerEntry[], states: ReadonlyMap<string, SendState>): (volunteer: string, round: number, letters?: string[]) => string {
  const from = c.caseFile.sender?.email;
  const domain = from?.split('@')[1];
  // The packets sent to each address, oldest first (a packet is a message to no official).
  const packetsTo = new Map<string, string[]>();
  for (const e of [...steps].sort((x, y) => x.at.localeCompare(y.at))) {
    if (e.official !== undefined || e.state === 'failed' || e.state === 'dropped') continue;
    packetsTo.set(e.to.toLowerCase(), [...(packetsTo.get(e.to.toLowerCase()) ?? []), e.id]);
  }
  const byPacket = new Map<string, AssignmentRow[]>();
  const rounds = new Map<string, number[]>(); // each volunteer's recorded rounds
  for (const r of recorded) {
    const round = Number(r.round) || 1;
    const packet = `${r.volunteer_key}\u0000${round}`;
    byPacket.set(packet, [...(byPacket.get(packet) ?? []), r]);
    const theirs = rounds.get(r.volunteer_key) ?? [];
    if (!theirs.includes(round)) rounds.set(r.volunteer_key, [...theirs, round].sort((x, y) => x - y));
  }
  const hash = (letters: string[]) => createHash('sha256').update(letters.join('\n')).digest('hex');
  // (Without `letters`: only a Message-ID kept or found, none made: '' then.)
  return (volunteer, round, letters) => {
    const rows = byPacket.get(`${volunteer}\u0000${round}`) ?? [];
    const kept = rows.find((r) => r.packet_message_id)?.packet_message_id;
    if (kept) return kept;
    if (!from || !domain) return '';
    if (rows.length > 0) {
      const before = stableMessageId(c.caseFile.id, `packet|${rows[0]!.keyAsRecorded ?? volunteer}|${hash(rows.map((r) => `${r.official_key}|${r.variant}|${r.channel}`))}`, from, domain);
      if ((states.get(before) ?? 'failed') !== 'failed') return before;
      const sent = packetsTo.get(rows[0]!.volunteer_email?.trim().toLowerCase() ?? '') ?? [];
      const theirs = rounds.get(volunteer) ?? [];
      if (sent.length > 0 && sent.length === theirs.length) return sent[theirs.indexOf(round)]!;
    }
    return letters ? stableMessageId(c.caseFile.id, `packet|${volunteer}|round ${round}|${hash(letters)}`, from, domain) : '';
  };
}

/**
 * The letters set aside this run, by the volunteer or official no longer listed (see
 * BatchResult.dropped); of an official's, who holds one, and who posted theirs already (marked);
 * of a volunteer's, how many had gone out to them (marked, or their packet e-mailed), and who is
 * new at their address.
 */
function setAside(
  letters: { row: AssignmentRow; volunteerListed: boolean }[],
  marked: (row: AssignmentRow) => MarkKind[],
  maybeThem: (row: AssignmentRow) => { names: string[]; by: 'address' | 'name' } | undefined,
  emailed: (row: AssignmentRow) => boolean,
  perhapsThem: (row: AssignmentRow) => string[] | undefined,
): BatchResult['dropped'] {
  const byWho = new Map<string, BatchResult['dropped'][number]>();
  for (const { row, volunteerListed } of letters) {
    if (row.set_aside) continue; // (said when it was set aside)
    const who = volunteerListed ? row.official : row.volunteer;
    let entry = byWho.get(who);
    if (!entry) byWho.set(who, (entry = volunteerListed ? { who, letters: 0, holders: [], drafts: [], posted: [], perhaps: perhapsThem(row) } : { who, letters: 0, wentOut: 0, sent: 0, maybe: maybeThem(row) }));
    entry.letters++;
    const marks = marked(row);
    if (volunteerListed) (marks.includes('posted') ? entry.posted : row.channel === 'email' ? entry.drafts : entry.holders)?.push(row.volunteer);
    else if (reached(marks)) entry.sent!++;
    else if (marks.length || emailed(row)) entry.wentOut!++;
  }
  return [...byWho.values()];
}

/** [value, how many times] in order of first appearance. */
function countBy(values: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts];
}

/** The wording of a letter, without who signed it: what makes two letters read the same. */
function fingerprint(letter: Letter): string {
  const text = letterText({ ...letter, signer: undefined });
  return createHash('sha256').update(`${letter.subject}\n${text}`).digest('hex');
}

function stringField(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
}

/** A folder name per volunteer: their name as a slug, numbered when two would be the same. */
function uniqueSlugs(volunteers: Volunteer[]): Map<Volunteer, string> {
  const out = new Map<Volunteer, string>();
  const used = new Set<string>();
  for (const v of volunteers) {
    const base = slugify(v.contact.name) || `volunteer-${v.index}`;
    let slug = base;
    for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
    used.add(slug);
    out.set(v, slug);
  }
  return out;
}

/**
 * The official each recorded key now names, when it is not the official's key as it is now: the
 * one an earlier run matched it to (`official_key_now`, when still listed); a key recorded before
 * keys left out the title (2026-11-29), or with the title the official had then ("Lic." since
 * corrected to "Dra."): the same name without title (the recorded `official`) and the same
 * position, when one official has them; or, recorded without a position that has been given since
 * (a "Job Title" column read as the position since 2026-11-29), the same name, when one official
 * has it and is free to be matched (see `free`: a review found a corrected position matched so
 * gave one official another's letters). Keys stay as recorded (marks and
 * packets are known by them); the match is written beside them, so later runs keep it (a trial's
 * third run, once letters had been dealt under the new key, no longer matched and set the first
 * letters aside), and a key that names no one is left as it is.
 */
function officialsNow(recorded: AssignmentRow[], rows: Recipient[], said?: Respelt[], alike?: Map<string, string[]>): Map<string, string> {
  const keys = new Set(rows.map(officialKey));
  // Each recorded key as last known: the official an earlier run matched it to, else itself; and
  // of each such key, the official as last written and the rounds of its letters. (A name written
  // another way twice is matched from the second writing, with all its letters.)
  const latest = new Map<string, string>();
  for (const r of recorded) {
    const k = r.official_key;
    // (A key listed again is its own official, whatever it was matched to before.)
    if (keys.has(k)) latest.set(k, k);
    else if (r.official_key_now || !latest.has(k)) latest.set(k, officialMatched(r));
  }
  const groups = new Map<string, { official: string; first: number; last: number; round: number; setAside: boolean }>();
  for (const r of recorded) {
    const key = latest.get(r.official_key)!;
    const round = Number(r.round) || 1;
    const g = groups.get(key);
    const unlisted = !!r.set_aside?.includes('official not listed'); // (not a volunteer who left)
    if (!g) groups.set(key, { official: r.official, first: round, last: round, round, setAside: unlisted });
    else {
      if (round >= g.round) Object.assign(g, { official: r.official, round });
      g.first = Math.min(g.first, round);
      g.last = Math.max(g.last, round);
      g.setAside ||= unlisted;
    }
  }
  // A key now listed is another official's when letters were dealt under it while the recorded
  // one's were, or the recorded letters were set aside since as their official's (no run took
  // them for it). One dealt letters only in later rounds, the recorded letters kept, is theirs:
  // an earlier run matched them without writing it down (files from before 2026-11-30).
  const free = (key: string, recordedKey: string) => {
    const g = groups.get(key);
    const was = groups.get(recordedKey)!;
    return g === undefined || (!was.setAside && g.first > was.last);
  };
  const titled = new Map(rows.map((r) => [titledOfficialKey(r), officialKey(r)]));
  const byLabel = new Map<string, string[]>();
  for (const r of rows) {
    const label = `${nameKey(recipientLabel(r.values))}\u0000${nameKey(r.values.position)}`;
    byLabel.set(label, [...(byLabel.get(label) ?? []), officialKey(r)]);
  }
  const byName = byPersonalName(rows.map(officialKey));
  const found = new Map<string, string>(); // each last-known key not listed, and the official it is now
  const matched = new Set<string>(); // the keys recorded keys have been matched to
  const unmatched = () => [...groups].filter(([k]) => !keys.has(k) && !found.has(k));
  /** `k` is the official listed under `key` now; said, with `why`, when given. */
  const take = (k: string, key: string, was?: string, why?: (row: Recipient) => string) => {
    found.set(k, key);
    matched.add(key);
    const row = why && rows.find((r) => officialKey(r) === key);
    if (said && row) said.push({ was: was!, now: officialLabel(row), why: why(row) });
  };
  for (const [k, { official }] of unmatched()) {
    const same = byLabel.get(`${nameKey(official)}\u0000${k.slice(k.lastIndexOf('|') + 1)}`);
    const name = k.endsWith('|') ? personalPart(k) : undefined;
    const named = name === undefined ? undefined : byName.get(name)?.filter((key) => free(key, k) && !matched.has(key));
    const one = titled.get(k) ?? (same?.length === 1 ? same[0] : undefined) ?? (named?.length === 1 ? named[0] : undefined);
    if (one) take(k, one);
  }
  // A name transliterated again ("Iwan Kubrakou" now "Ivan Kubrakov", "Aljaksandr Lukaschenka"
  // "Alexander Lukashenko"), in the same position: the one official, when one is free to be
  // matched (a new minister in the post, with another name, is another official: "Li Qiang" is
  // not "Li Keqiang").
  for (const [k, { official }] of unmatched()) {
    const name = personalPart(k);
    if (name === undefined) continue;
    const position = k.slice(k.indexOf('|') + 1);
    // (The names as written, too: a respelling of one letter counts only in a word with accents, which keys have not got.)
    const respelt = rows
      .filter((r) => personalPart(officialKey(r)) !== undefined && (sameName(personalPart(officialKey(r))!, name) || sameName(recipientLabel(r.values), official)))
      .map(officialKey)
      .filter((key) => key.endsWith(`|${position}`) && free(key, k) && !matched.has(key));
    if (respelt.length === 1) take(k, respelt[0]!, official, () => 'the name written another way, in the same position');
  }
  // A name in Arabic letters written in Latin ones since, or the other way round ("عبد الرشيد طبي"
  // now "Abderrachid Tabi": a French trial dealt the minister's letters again, to a volunteer who
  // had posted one), in the same position: the one official whose name reads as every consonant
  // and long vowel of the other (arabicRespelling's "same"), when one is free to be matched. One
  // only likely so, or one of several, is not taken, nor dealt to the recorded one's volunteers
  // (`alike`, kept in every run: the letters set aside, the next finds no one to match).
  const likely = new Map<string, string[]>();
  for (const [k, { official }] of unmatched()) {
    const name = personalPart(k);
    if (name === undefined) continue;
    const position = k.slice(k.indexOf('|') + 1);
    const read = [...keys]
      .filter((key) => personalPart(key) !== undefined && key.endsWith(`|${position}`))
      .map((key) => ({ key, how: arabicRespelling(personalPart(key)!, name) }))
      .filter((r) => r.how !== undefined);
    const same = read.filter((r) => r.how === 'same' && free(r.key, k) && !matched.has(r.key));
    if (same.length === 1 && read.length === 1) take(k, same[0]!.key, official, () => 'the name written in other letters, in the same position');
    else if (read.length) likely.set(k, read.map((r) => r.key));
  }
  // The same name in a position written another way ("President of Uzbekistan" for "President of
  // the Republic of Uzbekistan", "Prosecutor-General"): the one official, when one is free to be
  // matched. (A user trial dealt a volunteer who had posted a
  // letter to Islam Karimov a second one, when his position was shortened.)
  for (const [k, { official }] of unmatched()) {
    const name = personalPart(k);
    if (name === undefined) continue;
    const position = k.slice(k.indexOf('|') + 1);
    const reworded = (byName.get(name) ?? []).filter((key) => free(key, k) && !matched.has(key) && samePost(key.slice(key.indexOf('|') + 1), position));
    if (reworded.length === 1) take(k, reworded[0]!, official, (row) => `the same name, in the position written another way: "${row.values.position}"`);
  }
  const out = new Map<string, string>();
  for (const [k, key] of latest) {
    const now = keys.has(key) ? key : found.get(key);
    if (now !== undefined && now !== k) out.set(k, now);
    if (now === undefined && likely.has(key)) alike?.set(k, likely.get(key)!);
  }
  return out;
}

/**
 * The pairs of a volunteer and an official of the same name as one whose letter the volunteer was
 * dealt under a key no longer listed (set aside: the official moved to another post, "Minister of
 * Justice" now, or their name was taken out and put back in another): not dealt out, as the
 * volunteer wrote to that person already, or holds the letter.
 */
function samePersonBefore(letters: { volunteer: string; official: string }[], rows: Recipient[]): { volunteer: string; official: string }[] {
  const listed = new Set(rows.map(officialKey));
  const byName = byPersonalName(listed);
  return letters.flatMap(({ volunteer, official }) => {
    const name = listed.has(official) ? undefined : personalPart(official);
    return name === undefined ? [] : (byName.get(name) ?? []).map((key) => ({ volunteer, official: key }));
  });
}

/** Official keys with a personal name, by it (see personalPart). */
function byPersonalName(keys: Iterable<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const key of keys) {
    const name = personalPart(key);
    if (name !== undefined) out.set(name, [...(out.get(name) ?? []), key]);
  }
  return out;
}

/** An official batch takes for one recorded under another key, and why (said by the run). */
export interface Respelt {
  was: string;
  now: string;
  why: string;
}

/** Words of a position that do not tell one post from another. */
const FILLER = new Set(['of', 'the', 'and', 'for', 'to', 'in', 'on', 'at', 'a', 'de', 'del', 'la', 'le', 'les', 'du', 'des', 'der', 'die', 'das', 'fur', 'und', 'y', 'e', 'et', 'il', 'di']);

/**
 * Whether two positions can be one post written two ways: all the words of one are words of the
 * other, without "of", "the"..., punctuation, case or order ("President of Uzbekistan" and
 * "President of the Republic of Uzbekistan", "Chairman, National Security Service" and "Chairman of
 * the National Security Service"; not "Minister of Justice" and "Minister of the Interior").
 */
function samePost(a: string, b: string): boolean {
  const words = (p: string) => new Set(latinName(p).split(' ').filter((w) => w && !FILLER.has(w)));
  const [x, y] = [words(a), words(b)];
  const [fewer, more] = x.size <= y.size ? [x, y] : [y, x];
  return fewer.size > 0 && [...fewer].every((w) => more.has(w));
}

/**
 * The pairs of volunteer and official that `letters email` sent this case's letter for before,
 * signed by the volunteer (their e-mail address as the signer): never dealt out to them again (a
 * coordinator who is a volunteer too would write to an official twice).
 */
function writtenBefore(steps: LedgerEntry[], volunteers: Volunteer[], rows: Recipient[]): { volunteer: string; official: string; at: string }[] {
  const letters = steps.filter(letterWritten);
  if (letters.length === 0) return [];
  const byAddress = new Map(volunteers.filter((v) => v.contact.email).map((v) => [v.contact.email!.trim().toLowerCase(), volunteerKey(v)]));
  const byName = new Map(rows.map((r) => [officialKeyOf(recipientLabel(r.values)), officialKey(r)]));
  const out: { volunteer: string; official: string; at: string }[] = [];
  for (const e of letters) {
    const volunteer = byAddress.get(e.signer!.toLowerCase());
    const official = byName.get(e.official!);
    if (volunteer && official) out.push({ volunteer, official, at: e.at });
  }
  return out;
}

/**
 * The volunteer each recorded key now names, when no volunteer has that key, and why: the one
 * with the recorded e-mail address and a name close to the recorded one ("Hamish McDonald"
 * corrected to "Hamish MacDonald", "Anna Smith" now "Anne Smith-Jones", "Ben Jones" now "Benjamin
 * Jones": two volunteers never share an e-mail address); without one, the one at the recorded
 * postal address with the recorded first name, the surname corrected or changed ("Ben Jnoes",
 * "Anna Smith-Jones": a household's address passes from one to another, and "Paula Smith" at
 * Paul's, "Mr Lee" at Mrs Lee's, are someone else); or the one whose name is the recorded one
 * written another way ("Dang Thi Thu" for "Đặng Thị Thu", `sameWriting`), when one volunteer not
 * recorded under their own key is.
 * Else a volunteer who left: their letters are set aside.
 */
function volunteersNow(recorded: AssignmentRow[], volunteers: Volunteer[]): Map<string, { volunteer: Volunteer; was: string; why: string }> {
  const keys = new Set(volunteers.map(volunteerKey));
  const free = newVolunteers(recorded, volunteers);
  const out = new Map<string, { volunteer: Volunteer; was: string; why: string }>();
  const taken = new Set<Volunteer>();
  for (const r of recorded) {
    const k = r.volunteer_key;
    if (keys.has(k) || out.has(k)) continue;
    const email = r.volunteer_email?.trim().toLowerCase();
    const byEmail = email ? free.filter((v) => v.contact.email?.trim().toLowerCase() === email && closeNames(v.contact.name, r.volunteer)) : [];
    const first = firstName(r.volunteer);
    const byAddress = email ? [] : free.filter((v) => samePlace(r, v) && first !== '' && firstName(v.contact.name) === first && sameSex(v.contact.name, r.volunteer));
    const byName = free.filter((v) => sameWriting(v.contact.name, r.volunteer));
    const [found, why] =
      byEmail.length === 1 ? [byEmail[0]!, 'the same e-mail address'] : byAddress.length === 1 ? [byAddress[0]!, 'the same postal address'] : byName.length === 1 ? [byName[0]!, 'the name written another way'] : [];
    if (found && !taken.has(found)) {
      out.set(k, { volunteer: found, was: r.volunteer, why: why! });
      taken.add(found);
    }
  }
  return out;
}

/** The volunteers listed under a key no letter is recorded under. */
function newVolunteers(recorded: AssignmentRow[], volunteers: Volunteer[]): Volunteer[] {
  const recordedKeys = new Set(recorded.map((r) => r.volunteer_key));
  return volunteers.filter((v) => !recordedKeys.has(volunteerKey(v)));
}

/** Whether a volunteer lives at the postal address recorded with a letter (none recorded, or too little of one to tell: no). */
function samePlace(r: AssignmentRow, v: Volunteer): boolean {
  return !!r.volunteer_address_key && r.volunteer_address_key === addressKey(v);
}

/** An official's address as a letter by `channel` goes to it: its postal address, or its e-mail address; spacing, case and accents aside. */
function officialAddressKey(v: Record<string, string>, channel: 'post' | 'email'): string {
  if (channel === 'email') return `email:${(v.email ?? '').trim().toLowerCase()}`;
  const plain = (text: string) => plainLetters(text).replace(/[^\p{L}\p{N}]+/gu, '');
  return [plain(countryName(v.country ?? '')), plain(v.postcode ?? ''), plain(v.city ?? ''), plain(streetLines(v).join(' ')), plain(v.organisation ?? '')].join('|');
}

/**
 * A volunteer's postal address as a key that stays when it is written another way: the country,
 * the postcode (else the city), and the numbers of the street lines ("9 High St." is "9 High
 * Street"; without numbers, their words): "united kingdom|yo17hh|9". Empty without street lines
 * or without a postcode and a city: too little to tell two people apart.
 */
function addressKey(v: Volunteer): string {
  const plain = (text: string) => plainLetters(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const street = plain(v.contact.address.join(' '));
  const place = v.contact.postcode ? plain(v.contact.postcode).replace(/ /g, '') : plain(v.contact.city ?? '');
  if (!street || !place) return '';
  return [plain(countryName(v.contact.country ?? '')), place, street.match(/\d+/g)?.join(' ') ?? street].join('|');
}

/** Titles and letters after a name, which do not tell one person from another. */
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'rev', 'sir', 'dame', 'herr', 'frau', 'mme', 'mlle', 'sr', 'sra', 'dra', 'jr', 'phd', 'md', 'esq']);

/** A volunteer's name without titles, given name first ("Jones, Ben" is "Ben Jones"), in plain Latin letters. */
function personalName(name: string): string {
  const comma = /^([^,]+),\s*([^,]+)$/.exec(name.trim());
  const given = comma && !TITLES.has(latinName(comma[2]!)) ? `${comma[2]} ${comma[1]}` : name;
  return latinName(given)
    .split(' ')
    .filter((w) => w && !TITLES.has(w))
    .join(' ');
}

/** A volunteer's given name, as `personalName` reads it ("" for a name of one word: "Mrs Lee" has none to match by). */
function firstName(name: string): string {
  const words = personalName(name).split(' ');
  return words.length > 1 ? words[0]! : '';
}

/** Whether two names' titles do not say two sexes ("Mr J Smith" is not "Mrs J Smith"). */
function sameSex(a: string, b: string): boolean {
  const sex = (name: string) => {
    const words = new Set(latinName(name).split(' '));
    if (['mr', 'herr', 'sir', 'monsieur', 'senor'].some((t) => words.has(t))) return 'm';
    return ['mrs', 'ms', 'miss', 'frau', 'mme', 'mlle', 'dame', 'madame', 'sra', 'senora'].some((t) => words.has(t)) ? 'f' : undefined;
  };
  const [x, y] = [sex(a), sex(b)];
  return !x || !y || x === y;
}

/**
 * Whether two names can be one volunteer's, corrected, given the same e-mail address: a
 * respelling (`sameName`), or the same first name, its start ("Ben", "Benjamin"; "B.", "Ben") or a
 * respelling of it ("Anna", "Anne").
 */
function closeNames(a: string, b: string): boolean {
  const [x, y] = [firstName(a), firstName(b)];
  return sameName(personalName(a), personalName(b)) || (x !== '' && y !== '' && (x.startsWith(y) || y.startsWith(x) || sameName(x, y)));
}

/** The personal name an official's key holds ("name|position"), or undefined for one known by office. */
function personalPart(key: string): string | undefined {
  const parts = key.split('|');
  return parts.length === 2 ? parts[0] : undefined;
}

/** What a volunteer's packet is printed on: their paper, and the envelopes or labels for it. */
interface PrintKit {
  paper: PaperName;
  envelope: EnvelopePreset;
  labels?: LabelSheet;
}

/**
 * The paper, envelope and labels of a volunteer's packet: --envelope and --labels are for the
 * run's paper; a volunteer on the other paper (their `paper` column: US Letter in a run on A4)
 * gets that paper's envelope, and labels of the same layout made for it.
 */
function printKit(paper: PaperName, runPaper: PaperName, o: BatchOptions): PrintKit {
  const own = paper === runPaper;
  return {
    paper,
    envelope: ENVELOPES[own && o.envelope ? o.envelope : DEFAULT_ENVELOPE[paper]],
    labels: o.labels ? labelsOn(paper, o.labels) : undefined,
  };
}

/** The assignments an earlier run recorded, so they are kept; none when there is no file. */
export function readAssignments(file: string): AssignmentRow[] {
  if (!existsSync(file)) return [];
  const hint = 'letters batch writes this file: restore it from a backup (deleting it would deal out every letter again)';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file)).replace(/^\uFEFF/, '');
  } catch {
    throw new InputError({ location: { file }, message: 'the recorded assignments are not in UTF-8 (saved by a spreadsheet in another encoding?)', hint: `save it ${AS_UTF8}, or undo the save` });
  }
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    // (As a spreadsheet saved it too: with ";" where its language writes decimal commas.)
    records = parse(text, { columns: true, delimiter: sniffDelimiter(text), skip_empty_lines: true, info: true, cast: fromSheet }) as unknown as typeof records;
  } catch (err) {
    throw new InputError({ location: { file }, message: `cannot read the recorded assignments: ${(err as Error).message}`, hint });
  }
  const problems = new ProblemList();
  const pairs = new Map<string, number>();
  const variants = new Map<string, number>();
  const badDays: { line: number; value: string }[] = []; // said once: a spreadsheet rewrites every row's day alike
  const rows = records.map(({ record: r, info }) => {
    const line = info.lines;
    const variant = Number(r.variant);
    if (!r.volunteer_key || !r.official_key || !Number.isInteger(variant) || variant < 0) {
      problems.add({ location: { file, line }, message: 'this recorded assignment is incomplete', hint });
    }
    // (By the official as batch last matched them: one volunteer's two letters to one person.)
    const pair = `${r.volunteer_key}\u0000${r.official_key_now || r.official_key}`;
    const wording = `${r.official_key}\u0000${variant}`;
    if (pairs.has(pair)) problems.add({ location: { file, line }, message: `${r.volunteer} and ${r.official} are recorded twice (first at line ${pairs.get(pair)})`, hint });
    else if (variants.has(wording)) problems.add({ location: { file, line }, message: `two letters to ${r.official} are recorded with the same wording (variant ${variant}, first at line ${variants.get(wording)})`, hint });
    // A day a spreadsheet wrote its own way ("28/11/2026"), when it can be only one day.
    if (r.dealt_on) {
      const day = oneDay(r.dealt_on);
      if (day) r.dealt_on = day;
      else badDays.push({ line, value: r.dealt_on });
    }
    pairs.set(pair, pairs.get(pair) ?? line);
    variants.set(wording, variants.get(wording) ?? line);
    // Keys recorded before values lost their invisible characters (2026-11-30) name the same people.
    for (const k of ['volunteer', 'official', 'volunteer_key', 'official_key', 'official_key_now'] as const) if (r[k]) r[k] = withoutInvisible(r[k]);
    return r as unknown as AssignmentRow;
  });
  if (badDays.length) {
    const { line, value } = badDays[0]!;
    const more = badDays.length > 1 ? ` (nor is it in ${badDays.length - 1} more row${badDays.length > 2 ? 's' : ''}${badDays.every((d) => d.value === value) ? '' : ', written in other ways'})` : '';
    problems.add({ location: { file, line }, message: `"${value}" in dealt_on is not a day${more}`, hint: `${dateHint(value)}; ${hint}` });
  }
  problems.throwIfAny();
  return rows;
}
