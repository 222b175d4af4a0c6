import { setImmediate as nextTurn } from 'node:timers/promises';
import { caseBroken, type CaseFile } from './campaign/case.js';
import { a4Form, governmentsKnown, caseDateProblems, checkPostalRows, emailedCampaign, emailOnly, noLetterOnPaper, loadPartsForCheck, rowValueProblem, paperProblem, selectRows, statusProblem, windowProblem, type Campaign, type CampaignOptions } from './campaign/campaign.js';
import { duplicateEmailFinding, emailFinding, emailOfficialKey, sameMailboxFinding, unusualEmailWarning } from './campaign/email.js';
import { checkFieldUses, unknownColumns } from './campaign/fields.js';
import { governmentProblem, wrongCountryProblem } from './campaign/government.js';
import { columnsLookingLike, type RecipientList } from './campaign/recipients.js';
import { duplicateOfficials, emailWriters, loadVolunteers, noteLeftOut, noteOptional, signerColumnProblems, signerValueProblems, volunteerSigner, VolunteersError, type Volunteer, type VolunteerList } from './campaign/volunteers.js';
import { caseCountryWarning, duplicateWarning, GreetingNames, OtherLetters, misspeltCountryProblem, surnameFirstWarning, languageTemplateWarnings, languageWarning, namePartNotPrinted, noLanguageColumn, titleNotPrinted, emailSoundsKey, LongLetters, movedWarning, postingWarnings, volunteerAddressWarnings, volunteerNameWarnings, postalKeys, respeltWarning, salutationLanguageWarning, salutationWarning, unknownCountryWarning, missingRegionWarning, volunteerPaperWarning } from './campaign/warnings.js';
import { allTemplates, rowsByTemplate, templateFor, templateReads, type LetterTemplate, type PaperName } from './campaign/template.js';
import { byFileAndLine, InputError, type Problem } from './errors.js';
import { cannotPrint, loadFonts, type FontSet } from './layout/fonts.js';
import { PAPER_PROBLEMS, rowLayouter, rowRenderer, withoutFailedRows } from './prepare.js';
import { paperGeometry, paperLabel, rightWindowProblem } from './layout/geometry.js';
import { contactLines } from './campaign/contact.js';
import { DEFAULT_ENVELOPE, ENVELOPES, envelopePaperMismatch, layoutEnvelope } from './layout/envelopes.js';
import { LABEL_SHEETS, labelsOn, layoutLabel, type LabelName } from './layout/labels.js';
import { fitsOneLine, LayoutError, placeAddress, type LaidOutLetter } from './layout/layout.js';
import type { Letter } from './letter.js';
import { displayName, fewerLinesHint, nameKey, officialName, personalName, postalAddress } from './render/address.js';
import { isGreeting } from './render/letter.js';
import { countryKey, countryName } from './render/countries.js';
import { baseLanguage } from './render/helpers.js';

export type Channel = 'post' | 'email';

/** A row that makes no letter on paper: an official with only an e-mail address, when no volunteer deals them out (batch). */
const getsNoLetter = (channel: Channel, forBatch: boolean, v: Record<string, string>): boolean => channel === 'post' && !forBatch && emailOnly(v);

export interface CheckOptions extends CampaignOptions {
  /** What the letters are for: posted letters need addresses, e-mails need e-mail addresses. */
  channel?: Channel;
  /** The volunteers CSV a batch would read. */
  volunteers?: string;
  /** With channel email: the letters go as PDFs too, so they are laid out (else only written). */
  attachPdf?: boolean;
  /** Lay out envelopes and labels too, as `letters print` will. */
  labels?: LabelName;
}

export interface Finding extends Problem {
  severity: 'error' | 'warning';
  /** What kind of finding, for --json readers: case, csv, template, field, address, font, ... */
  code: string;
}

export interface CheckReport {
  findings: Finding[];
  /** Rows checked, and letters (by e-mail: messages) that could be made. */
  rows: number;
  letters: number;
}

/**
 * `letters check`: everything a run would read, checked, and nothing written. Each input is
 * checked as far as it can be even when another is broken.
 */
export async function checkCampaignFiles(o: CheckOptions, fonts: FontSet = loadFonts()): Promise<CheckReport> {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const add = (code: string) => (p: Problem) => {
    const key = `${p.location?.file}:${p.location?.line}:${p.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push({ ...p, severity: p.severity ?? 'error', code: p.code ?? code });
  };
  const parts = loadPartsForCheck(o, add('input'));
  const { caseFile, recipients, template, signer, today } = parts;
  const templates = parts.templates ?? new Map<string, LetterTemplate>();
  const everyTemplate = allTemplates(parts);
  const optionalNote = noteOptional(everyTemplate); // (a volunteer's note: see noteLeftOut)
  // (As every run refuses it: a #10 envelope with A4.)
  const mismatch = envelopePaperMismatch(o.envelope, o.paper ?? template?.paper ?? 'a4');
  if (mismatch) add('input')(mismatch);
  const rightOnLetter = rightWindowProblem(o.dinForm, o.paper ?? template?.paper);
  if (rightOnLetter) add('input')(rightOnLetter);
  const reads = (root?: 'signer') => new Set(everyTemplate.flatMap((t) => [...templateReads(t, root)]));
  let rows = recipients?.rows ?? [];
  if (recipients) {
    try {
      rows = selectRows(recipients, o.where ?? [], o.limit);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      // (No rows because the CSV could not be read past its error: that error says it.)
      const unread = recipients.rows.length === 0 && findings.some((f) => f.severity === 'error' && f.location?.file === recipients.file);
      if (!unread) err.problems.forEach(add('select'));
      rows = [];
    }
  }

  // Per paper the volunteers print on, the one whose address and note take the most room: the
  // letters are laid out signed by them too, as batch will.
  const signers = new Map<PaperName, Volunteer>();
  let batch: { emailVolunteers: number } | undefined; // as batch checks the officials' addresses
  let volunteerList: VolunteerList | undefined; // (its signer fields are checked as batch checks them)
  // (With the case file's "encoding:" wrong, the volunteers' letters cannot be read as saved either.)
  if (o.volunteers && !o.encoding && caseBroken(caseFile, 'encoding')) batch = { emailVolunteers: Infinity };
  else if (o.volunteers) {
    // batch refuses an official listed twice (and a volunteer: said as the volunteers are read).
    if (recipients) duplicateOfficials(rows, recipients.file).forEach(add('duplicate'));
    try {
      const list = loadVolunteers(o.volunteers, { encoding: o.encoding ?? caseFile?.encoding }, reads('signer'));
      batch = { emailVolunteers: emailWriters(list.volunteers) };
      volunteerList = list;
      const uses = everyTemplate.flatMap((t) => t.uses);
      const misspelt = signerColumnProblems(uses, list);
      misspelt.forEach(add('field'));
      for (const v of list.volunteers) signerValueProblems(uses, v, list, misspelt).forEach(add('volunteer'));
      const runPaper = o.paper ?? template?.paper ?? 'a4';
      const volunteerPaper = volunteerPaperWarning(list.volunteers, runPaper, o.volunteers);
      if (volunteerPaper) add('paper')(volunteerPaper);
      volunteerAddressWarnings(list.volunteers, o.volunteers).forEach(add('address'));
      volunteerNameWarnings(list.volunteers, o.volunteers).forEach(add('name'));
      const room = (v: Volunteer) => contactLines(v.contact).length * 80 + (v.personalNote?.length ?? 0);
      for (const v of list.volunteers) {
        const paper = v.paper ?? runPaper;
        const was = signers.get(paper);
        if (!was || room(v) > room(was)) signers.set(paper, v);
      }
      // A volunteer abroad signs from their own country: the official's country is added to the
      // address (the group's own country leaves it out), which may make it a line too many, or
      // one too many once a long line is broken over two (a trial's "Member of Parliament for
      // Oxford East, Shadow Minister for ...": check said ready, batch refused it).
      if (recipients && caseFile && !caseBroken(caseFile, 'sender')) {
        const from = new Map<string, string>(); // each country letters are sent from, and a volunteer there
        for (const v of list.volunteers) {
          const country = v.contact.address.length > 0 ? v.contact.country : caseFile.sender?.country;
          if (country && !from.has(countryKey(country))) from.set(countryKey(country), v.contact.name);
        }
        // The windows of the papers the volunteers print on, with their envelopes (as batch lays them out).
        const windows = [...signers.keys()].map((paper) => ({ paper, window: paperGeometry(paper, paper === 'a4' ? a4Form(o, template) : 'b', paper === runPaper && o.envelope ? o.envelope : DEFAULT_ENVELOPE[paper]) }));
        // Why the address does not fit a window, and which paper's when the volunteers print on several.
        const misfit = (lines: string[]) => {
          for (const { paper, window } of windows) {
            try {
              placeAddress([], lines, window, fonts);
            } catch (err) {
              if (!(err instanceof LayoutError)) throw err;
              return { err, window, on: windows.length > 1 ? `on ${paperLabel(paper)}, ` : '' };
            }
          }
          return undefined;
        };
        for (const row of rows) {
          if (misfit(postalAddress(row.values, caseFile.sender?.country))) continue; // (said as it is)
          for (const [country, volunteer] of from) {
            const lines = postalAddress(row.values, country);
            const found = misfit(lines);
            if (!found) continue;
            const { err, window, on } = found;
            add('address')({
              location: { file: recipients.file, line: row.line },
              message: `${on}signed by ${volunteer} (${countryName(country)}), ${err.message}`,
              hint: `a volunteer abroad adds the country line: ${err.tooManyLines ? fewerLinesHint(row.values, err.tooManyLines, fitsOneLine(window, fonts)) : err.hint}`,
            });
            break;
          }
        }
      }
      // What a volunteer's letters print of them (name, address, note) must be printable. (Their
      // note only if a letter of theirs prints it: one in their own language, see noteLeftOut.)
      for (const v of list.volunteers) {
        const c = v.contact;
        const note = !optionalNote || everyTemplate.some((t) => !noteLeftOut(v, t.language, optionalNote)) ? v.personalNote : undefined;
        // (batch says it after the letters are made: a trial's German note from a volunteer whose language was fa went unsaid until then.)
        if (v.personalNote && !note) {
          const letters = [...new Set(everyTemplate.map((t) => t.language))].join(', ');
          // (Theirs is the letters' language, or not said: the note itself is in another.)
          const plainly = !v.language || everyTemplate.some((t) => baseLanguage(t.language) === baseLanguage(v.language!));
          add('volunteer')({
            severity: 'warning',
            location: { file: list.file, line: v.line },
            message: plainly
              ? `${c.name}'s personal note is left out of their letters: it is in another language or alphabet than the letters' (${letters})`
              : `${c.name}'s personal note is left out of their letters: it is in their language (${v.language}), and the letters are in ${letters}`,
            hint: plainly ? `write it in the letters' language (${baseLanguage(everyTemplate[0]!.language)}), or leave it empty` : `if the note is in the letters' language, write that in their language column (${baseLanguage(everyTemplate[0]!.language)})`,
          });
        }
        const missing = fonts.missingGlyphs([c.name, ...c.address, c.city, c.region, c.postcode, c.country, note].filter(Boolean).join(' '));
        if (missing.length) {
          add('font')({
            location: { file: list.file, line: v.line },
            message: `${cannotPrint(missing)} in this volunteer's details: ${missing.length > 1 ? 'they' : 'it'} would come out blank`,
            hint: 'write the name and address in Latin, Cyrillic, Greek or Arabic letters',
          });
        }
      }
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      err.problems.forEach(add('volunteer'));
      if (err instanceof VolunteersError) {
        volunteerAddressWarnings(err.volunteers, o.volunteers).forEach(add('address'));
        volunteerNameWarnings(err.volunteers, o.volunteers).forEach(add('name'));
      }
      // The volunteers cannot be read: their e-mail addresses are not known, and an official with
      // only one is not said to lack an address for it.
      batch = { emailVolunteers: Infinity };
    }
  }
  for (const t of everyTemplate) {
    const status = caseFile && statusProblem(caseFile, t);
    if (status && !o.force) add('status')(status);
    const paper = template && !o.paper && paperProblem(template, t);
    if (paper) add('template')(paper);
    const window = template && !o.dinForm && windowProblem(template, t);
    if (window) add('template')(window);
    const language = languageWarning(t);
    if (language) add('language')(language);
  }
  if (caseFile && today) caseDateProblems(caseFile, today).forEach(add('date'));
  const caseCountry = caseFile && caseCountryWarning(caseFile);
  if (caseCountry) add('country')(caseCountry);
  if (template && o.channel !== 'email') postingWarnings(template, o, o.paper ?? template.paper ?? 'a4', signer, o.signer, caseFile).forEach(add('paper'));
  if (recipients && caseFile) {
    const templateOf = template ? (values: Record<string, string>) => templateFor({ template, templates }, values) : () => undefined;
    const countries = {
      of: caseFile.country,
      own: caseFile.sender?.country,
      ownCity: caseFile.sender?.city,
      others: caseFile.otherGovernments,
      governments: governmentsKnown(caseFile),
    };
    checkRows(recipients, rows, countries, o.channel ?? 'post', templateOf, !!o.volunteers).forEach((f) => add(f.code)(f));
    // (Which template a row's language takes is not known while "templates:" is wrong.)
    if (template && !caseBroken(caseFile, 'templates')) {
      languageTemplateWarnings(recipients.file, rows, { template, templates }).forEach(add('language'));
      const noColumn = noLanguageColumn(recipients, { template, templates });
      if (noColumn) add('language')(noColumn);
    }
  }
  // Headers that look like an address column the file lacks: a posted letter would go without it.
  if (recipients && o.channel !== 'email') columnsLookingLike(recipients, reads()).forEach(add('input'));
  // Each row's name, address and country need no template: said even when it cannot be read.
  if (recipients && o.channel !== 'email') checkPostalRows({ recipients, rows } as unknown as Campaign, batch).forEach(add('missing-value'));

  let letters = 0;
  let checked = 0;
  if (caseFile && recipients && template && today) {
    const campaign: Campaign = {
      caseFile,
      recipients,
      rows,
      template,
      templates,
      signer,
      signerFile: o.signer,
      paper: o.paper ?? template.paper ?? 'a4',
      dinForm: a4Form(o, template),
      today,
    };
    // A template that reads a column the file lacks (a misspelt one) is not made into letters: each
    // row would only say again what its one mistake makes of them ("Dear ,").
    const broken = new Set<number>(); // the lines of those templates' rows
    // (While "templates:" is wrong, which template a row takes is not known: each is checked with no row.)
    const byTemplate: [LetterTemplate, typeof rows][] = caseBroken(caseFile, 'templates') ? everyTemplate.map((t) => [t, []]) : rowsByTemplate(campaign);
    for (const [t, its] of byTemplate) {
      // With volunteers, the signer is each of them (said as they are read).
      const problems = checkFieldUses(volunteerList ? t.uses.filter((u) => u.root !== 'signer') : t.uses, { ...campaign, rows: its });
      problems.forEach(add('field'));
      if (t.errors.length || problems.some((p) => unknownColumns.has(p))) its.forEach((r) => broken.add(r.line));
    }
    // With a case file that has problems, the letters are laid out only if they do not depend on them.
    const layoutCase = caseToLayOut(caseFile, everyTemplate);
    const laidOut: Campaign = { ...campaign, caseFile: layoutCase ?? caseFile };
    const standIn = atBrokenField(caseFile);
    const letterProblem = (p: Problem) => (standIn(p) ? undefined : add('letter')(p));
    // On paper, an official with only an e-mail address gets no letter (said as a warning).
    const lettersToMake = () =>
      layoutCase ? withoutFailedRows(campaign, findings).rows.filter((r) => !broken.has(r.line) && !getsNoLetter(o.channel ?? 'post', !!o.volunteers, r.values)) : [];
    // With --envelope / --labels, every envelope and label is laid out too, as `print` will.
    const envelope = o.envelope ? ENVELOPES[o.envelope] : undefined;
    const labels = o.labels ? LABEL_SHEETS[o.labels] : undefined;
    const extras =
      envelope || labels
        ? (letter: Letter) => {
            if (envelope) layoutEnvelope(letter, envelope, fonts, false);
            if (labels) layoutLabel(letter.address, labels, 0, fonts);
          }
        : undefined;
    // (A letter attached to an e-mail is laid out as it is sent: the signer's town, not their street.)
    const layout = rowLayouter({ ...(o.channel === 'email' ? emailedCampaign(laidOut) : laidOut), envelope: o.envelope }, fonts, letterProblem, extras);
    // An e-mail without its PDF is text: what the font cannot print, or a second page, does not matter.
    const render = o.channel === 'email' && !o.attachPdf && !extras ? rowRenderer(laidOut, letterProblem) : undefined;
    const longRows = new Set<number>(); // lines of the rows whose letter runs past a page
    const good = new Set<number>(); // lines of the rows counted in `letters`
    const long = new LongLetters();
    const tooLong = (l: LaidOutLetter) => {
      long.laid({ file: recipients.file, line: l.letter.recipient.line }, l.letter.recipientName, l.pages.length);
      if (l.pages.length > 1) longRows.add(l.letter.recipient.line);
    };
    // Without --envelope and --labels, the paper's envelopes and labels, which print makes unless
    // told "none": what would not fit is a warning (render does not print them).
    const printDefaults = !extras && !render && (o.channel ?? 'post') === 'post' ? printsByDefault(campaign.paper, fonts, recipients.file) : undefined;
    for (const row of lettersToMake()) {
      // Every letter is laid out (a second at 5,000 rows): a turn of the event loop now and then
      // lets Ctrl-C be heard.
      if (++checked % 200 === 0) await nextTurn();
      // By e-mail, a row without an address makes no message.
      const counts = o.channel !== 'email' || !!row.values.email?.trim();
      if (render) {
        if (render(row) && counts) letters++;
        continue;
      }
      const l = layout(row);
      if (!l) continue;
      if (counts) {
        letters++;
        good.add(row.line);
      }
      tooLong(l);
      printDefaults?.(l.letter)?.forEach(add('address'));
    }
    long.warnings().forEach(add('length'));
    // Signed by a volunteer (with their name, address and note), on their paper, with its envelope
    // or labels, as batch will.
    for (const [paper, v] of render ? [] : signers) {
      const own = paper === campaign.paper;
      const on = own ? `signed by ${v.contact.name}, ` : `on ${paperLabel(paper)} (${v.contact.name}'s paper), `;
      const report = (p: Problem) => {
        const file = p.location?.file;
        // (A letter that cannot be made signed so is not good after all.)
        if (file === recipients.file && p.location?.line !== undefined && good.delete(p.location.line)) letters--;
        if (file && file === o.volunteers) add('volunteer')(p.location?.line ? p : { ...p, location: { file, line: v.line } });
        else letterProblem(PAPER_PROBLEMS.has(p.code ?? '') ? { ...p, message: `${on}${p.message}` } : p);
      };
      const envelopeOn = ENVELOPES[own && o.envelope ? o.envelope : DEFAULT_ENVELOPE[paper]];
      const labelsThere = o.labels ? labelsOn(paper, o.labels) : undefined;
      const extra = (letter: Letter) => (labelsThere ? layoutLabel(letter.address, labelsThere, 0, fonts) : layoutEnvelope(letter, envelopeOn, fonts, letter.international));
      const settings = { ...laidOut, paper, dinForm: paper === 'a4' ? campaign.dinForm : ('b' as const), envelope: envelopeOn.name, signer: volunteerSigner(v), signerFile: o.volunteers };
      // (Their note in the letters batch puts it in: those in their own language.)
      const withNote = rowLayouter(settings, fonts, report, extra);
      const without = v.personalNote && optionalNote ? rowLayouter({ ...settings, signer: volunteerSigner({ ...v, personalNote: undefined }) }, fonts, report, extra) : withNote;
      const layoutOn = (row: (typeof rows)[number]) => (noteLeftOut(v, templateFor({ template: campaign.template, templates }, row.values).language, optionalNote) ? without : withNote)(row);
      // Letters that run past a page only when signed so: said once, at the volunteer.
      let longer = 0;
      let first: LaidOutLetter | undefined;
      for (const row of lettersToMake()) {
        if (++checked % 200 === 0) await nextTurn();
        const l = layoutOn(row);
        if (!l || l.pages.length === 1 || longRows.has(row.line)) continue;
        longer++;
        first ??= l;
      }
      if (first) {
        add('length')({
          severity: 'warning',
          location: { file: o.volunteers!, line: v.line },
          message: `${on}${longer} letter${longer === 1 ? '' : 's'} run${longer === 1 ? 's' : ''} past one page (the first to ${first.letter.recipientName}, ${first.pages.length} pages)`,
          hint: 'a letter of concern reads best on one page: shorten the volunteer\'s note (personal_note), their address lines, or the template',
        });
      }
    }
  }
  // On paper, a list of officials with only e-mail addresses makes no letter: not ready.
  if (recipients && letters === 0 && !findings.some((f) => f.severity === 'error') && rows.some((r) => getsNoLetter(o.channel ?? 'post', !!o.volunteers, r.values))) {
    add('missing-value')(noLetterOnPaper(recipients.file, (o.where?.length ?? 0) > 0 || o.limit !== undefined));
  }
  // A row refused as a duplicate is not warned of as one too; nor is the header row again of anything
  // else (its country "Country", its e-mail address "E-mail Address").
  const at = (f: Finding) => `${f.location?.file}:${f.location?.line}`;
  const refused = new Set(findings.filter((f) => f.code === 'duplicate' && f.severity === 'error').map(at));
  const headerAgain = new Set(findings.filter((f) => f.code === 'header').map(at));
  const shown = findings.filter((f) => (f.code === 'header' || !headerAgain.has(at(f))) && !(f.severity === 'warning' && f.code === 'duplicate' && refused.has(at(f))));
  // Errors first; within each, by file and line.
  const order = (f: Finding) => (f.severity === 'error' ? 0 : 1);
  return { findings: byFileAndLine(shown).sort((a, b) => order(a) - order(b)), rows: rows.length, letters };
}


/**
 * Row findings that need no template: e-mail addresses (errors where they are used: by e-mail or
 * for a batch), salutations, duplicates, the wrong government (unless `countries.governments`
 * is false: a case file whose country, sender or other governments are wrong).
 */
function checkRows(
  list: RecipientList,
  rows: RecipientList['rows'],
  countries: { of: string; own?: string; ownCity?: string; others?: string[]; governments: boolean },
  channel: Channel,
  templateOf: (values: Record<string, string>) => LetterTemplate | undefined,
  forBatch: boolean,
): Finding[] {
  const out: Finding[] = [];
  const at = (line: number) => ({ file: list.file, line });
  // The salutation column matters only to a template that opens with it (without the template, assume so).
  const readsSalutation = (t: LetterTemplate | undefined) => t?.readsRowSalutation ?? true;
  const readers = new Set((rows.length ? rows.map((r) => templateOf(r.values)) : [templateOf({})]).filter(readsSalutation));
  if (readers.size > 0 && !list.columns.includes('salutation')) {
    const none = salutationWarning(at(list.headerLine ?? 1), [...readers].map((t) => t?.language ?? 'en'), 'column');
    // A column of whole greetings under another name (German "Anrede" holds "Herr" in one list, "Sehr geehrter Herr Minister" in another).
    let greeting: { column: string; value: string } | undefined;
    for (const column of list.columns) {
      const value = rows.map((r) => r.values[column] ?? '').find(isGreeting);
      if (value) {
        greeting = { column, value };
        break;
      }
    }
    out.push(
      greeting
        ? { ...none, hint: `the "${list.headers[greeting.column] ?? greeting.column}" column holds greetings ("${greeting.value}"): name it "salutation", or write salutation: '{{recipient.${greeting.column}}},' in the template` }
        : none,
    );
  }
  if (channel === 'email' && !list.columns.includes('email')) {
    out.push({ severity: 'error', code: 'email', location: at(1), message: 'there is no email column', hint: `columns found: ${list.columns.join(', ')}` });
  }
  const firstSeen = new Map<string, number>();
  const mailboxes = new Map<string, { line: number; name: string }>(); // by e-mail: each address, with its first row's line and name
  const otherLetters = new OtherLetters(channel === 'email' ? 'email' : 'post');
  const greetingNames = new GreetingNames();
  // Said once, at the first row they are true of (the rows after it are not asked).
  const first = (said: (r: RecipientList['rows'][number]) => Finding | undefined) => {
    for (const r of rows) {
      const f = said(r);
      if (f) return out.push(f);
    }
  };
  const reads = new Map<LetterTemplate | undefined, Set<string>>();
  const readsOf = (t: LetterTemplate | undefined) => reads.get(t) ?? reads.set(t, templateReads(t)).get(t)!;
  if (channel !== 'email') {
    first((r) => titleNotPrinted(list, r));
    first((r) => namePartNotPrinted(list, r, readsOf(templateOf(r.values))));
  }
  for (const row of rows) {
    const v = row.values;
    const email = v.email ?? '';
    const bad = emailFinding(email, at(row.line));
    if (bad) {
      // A posted letter does not use the address: `render` and `print` make it all the same.
      const used = channel === 'email' || forBatch;
      out.push({ ...bad, severity: used ? 'error' : 'warning', code: 'email', hint: used ? bad.hint : `${bad.hint} (letters email and batch refuse it; a posted letter does not use it)` });
    } else if (email && (channel === 'email' || forBatch)) {
      const unusual = unusualEmailWarning(email, at(row.line));
      if (unusual) out.push({ ...unusual, severity: 'warning', code: 'email' });
    } else if (!email && channel === 'email' && list.columns.includes('email')) {
      out.push({ severity: 'warning', code: 'email', location: at(row.line), message: `${displayName(v) || 'this official'} has no e-mail address: no message will be sent`, hint: 'post the letter instead' });
    }
    const country = channel !== 'email' ? unknownCountryWarning(v, at(row.line)) : undefined;
    if (country) out.push(country);
    const reversed = surnameFirstWarning(v, at(row.line));
    if (reversed) out.push(reversed);
    const region = channel !== 'email' ? missingRegionWarning(v, at(row.line), list.headers) : undefined;
    if (region) out.push(region);
    const t = templateOf(v);
    // (An official with only an e-mail address gets no letter on paper: nor its salutation.)
    const opensWithIt = readsSalutation(t) && list.columns.includes('salutation') && !getsNoLetter(channel, forBatch, v);
    if (opensWithIt) {
      // (A template that cannot be read has no language to compare with.)
      const foreign = v.salutation ? (t && salutationLanguageWarning(at(row.line), v.salutation.trim(), t)) : salutationWarning(at(row.line), t?.language ?? 'en', 'row');
      if (foreign) out.push(foreign);
    }
    greetingNames.add(row, opensWithIt);
    // By e-mail, the same official and address twice is two messages to one person: `letters
    // email` refuses it. (Two officials who share an address are each a message.)
    let twice = false;
    if (channel === 'email' && email) {
      const official = `official:${emailOfficialKey(email, officialName(v))}`;
      const first = firstSeen.get(official);
      if (first !== undefined) out.push({ ...duplicateEmailFinding(at(row.line), first), severity: 'error', code: 'duplicate' });
      else firstSeen.set(official, row.line);
      twice = first !== undefined;
    }
    // By e-mail (or by volunteers who e-mail, for batch), the same address under another name: one
    // official written two ways (an error), or an office's mailbox.
    if ((channel === 'email' || forBatch) && email && !twice && !bad) {
      const mailbox = email.trim().toLowerCase();
      const shared = mailboxes.get(mailbox);
      // (One name twice is the same official twice: said below, as it always was.)
      if (shared && nameKey(shared.name) !== nameKey(personalName(v))) {
        out.push(sameMailboxFinding(at(row.line), shared, personalName(v)));
        twice = true;
      } else if (!shared) mailboxes.set(mailbox, { line: row.line, name: personalName(v) });
    }
    const [written, sounds, named] = postalKeys(v);
    const keys = twice ? [] : [written, email && channel !== 'email' ? `email:${email.trim().toLowerCase()}` : '', `sounds:${channel === 'email' ? emailSoundsKey(v) : sounds}`, channel === 'post' && named ? `named:${named}` : ''].filter(Boolean);
    let said = twice;
    for (const key of keys) {
      const first = firstSeen.get(key);
      if (first !== undefined) {
        out.push(
          key.startsWith('sounds:')
            ? respeltWarning(at(row.line), first, channel === 'email' ? 'messages' : 'letters')
            : key.startsWith('named:')
              ? movedWarning(at(row.line), first)
              : duplicateWarning(at(row.line), first, key.startsWith('email:') ? 'same e-mail address' : 'same name and address'),
        );
        said = true;
        break;
      }
      firstSeen.set(key, row.line);
    }
    // The name in Arabic letters on one row and in Latin ones on the other ("عبد الرشيد طبي", "Abderrachid Tabi").
    const inOtherLetters = otherLetters.warning(v, at(row.line));
    if (inOtherLetters && !said) out.push(inOtherLetters);
    const gov = countries.governments && governmentProblem(v, countries.of, at(row.line), countries.own, countries.others);
    if (gov) out.push({ ...gov, severity: gov.severity ?? 'error', code: 'government' });
    const misplaced = wrongCountryProblem(v, at(row.line), { city: countries.ownCity, country: countries.own }, channel);
    if (misplaced) out.push({ ...misplaced, severity: misplaced.severity ?? 'warning', code: 'country' });
    const lost = rowValueProblem(v, list.headers, at(row.line));
    if (lost) out.push({ ...lost, severity: 'error', code: lost.code ?? 'encoding' });
    const mistyped = misspeltCountryProblem(v, at(row.line));
    if (mistyped) out.push({ ...mistyped, severity: 'error', code: 'country' });
  }
  out.push(...greetingNames.found(list.file));
  return out;
}

/**
 * What a letter is laid out with in place of a wrong case field a template prints (see
 * caseToLayOut), about as long as most values: a date, the prisoner's name.
 */
const STAND_INS: Record<string, string> = { detained: '2000-10-23', released: '2000-10-23', name: 'Yusuf Dzhumaev' };

/**
 * The case file to lay the letters out with, when it has problems (see CaseFile.broken): undefined
 * when they depend on what is wrong (the return address, which template a row takes, a field a
 * template reads that has no stand-in: the case's country, its status). A wrong date or a missing
 * name a template prints is laid out as a stand-in, so the rows' own problems in their letters (a
 * greeting without a name, an address too long for the window) are said in the same run; no letter
 * is ever made with it.
 */
function caseToLayOut(caseFile: CaseFile, templates: LetterTemplate[]): CaseFile | undefined {
  if (!caseFile.broken) return caseFile;
  if (caseBroken(caseFile, 'sender', 'templates')) return undefined;
  const read = new Set(templates.flatMap((t) => t.uses.filter((u) => u.root === 'case').map((u) => u.field.split('.')[0]!)));
  const standIns: Record<string, string> = {};
  for (const field of caseFile.broken) {
    if (!read.has(field)) continue;
    if (!STAND_INS[field]) return undefined;
    standIns[field] = STAND_INS[field];
  }
  return { ...caseFile, ...('name' in standIns ? { name: standIns.name } : {}), data: { ...caseFile.data, ...standIns } };
}

/** Whether a problem is at a case field that is wrong: one found while laying letters out with its stand-in is not said. */
function atBrokenField(caseFile: CaseFile): (p: Problem) => boolean {
  const lines = new Set([...(caseFile.broken ?? [])].map((f) => caseFile.locate(f).line));
  return (p) => p.location?.file === caseFile.file && lines.has(p.location.line);
}

/**
 * What print would refuse, made with the paper's envelope and label sheet when the run names
 * neither: an address too long for a label (a label is smaller than the window), as warnings that
 * say how print takes it.
 */
function printsByDefault(paper: PaperName, fonts: FontSet, file: string): (letter: Letter) => Problem[] {
  const envelope = ENVELOPES[DEFAULT_ENVELOPE[paper]];
  const labels = LABEL_SHEETS[paper === 'letter' ? '5160' : 'l7160'];
  return (letter) => {
    const found: Problem[] = [];
    for (const [what, make] of [
      [`${envelope.name} envelope`, () => layoutEnvelope(letter, envelope, fonts, false)],
      [`${labels.name} label`, () => layoutLabel(letter.address, labels, 0, fonts)],
    ] as const) {
      try {
        make();
      } catch (err) {
        if (!(err instanceof LayoutError)) throw err;
        found.push({
          severity: 'warning',
          location: { file, line: letter.recipient.line },
          message: `on print's ${what}: ${err.message}: print would refuse it`,
          hint: err.hint,
        });
      }
    }
    return found;
  };
}
