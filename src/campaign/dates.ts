import { plainLetters } from '../render/names.js';

/** Calendar dates as written in case files: `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`), no time zone. */
export interface CalendarDate {
  year: number;
  month?: number;
  day?: number;
}

const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * A date as a person or a spreadsheet writes it: YYYY-MM-DD (or YYYY-MM, YYYY), or written
 * another way that can be only one date ("28/11/2026", "11/28/2026", "28.11.2026", "23 October
 * 2001"); undefined for anything else, a date that could be either of two ("02/12/2026") too.
 * The one parser of dates a person wrote: the case file's, a CSV's, --on's (see readDate).
 */
export function parseDate(value: unknown): CalendarDate | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return { year: value.getUTCFullYear(), month: value.getUTCMonth() + 1, day: value.getUTCDate() };
  }
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  const date = isoParts(text);
  if (date) return date;
  const read = readDate(text).date;
  return read === undefined ? undefined : isoParts(read);
}

/** YYYY-MM-DD (or YYYY-MM, YYYY), a day of the calendar. */
function isoParts(text: string): CalendarDate | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const date: CalendarDate = { year: Number(m[1]) };
  if (m[2]) {
    date.month = Number(m[2]);
    if (date.month < 1 || date.month > 12) return undefined;
  }
  if (m[3]) {
    date.day = Number(m[3]);
    if (date.day < 1 || date.day > daysInMonth(date.year, date.month!)) return undefined;
  }
  return date;
}

/** The days of a month of the Gregorian calendar (every row's dates are read: no Date made for it). */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function toUTC(d: CalendarDate): Date {
  return new Date(Date.UTC(d.year, (d.month ?? 1) - 1, d.day ?? 1));
}

/** Today on this machine's calendar, as a UTC midnight (as toUTC gives dates). */
export function localToday(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return toUTC(a).getTime() - toUTC(b).getTime();
}

/** Whole years from `from` to `to`. */
export function yearsBetween(from: CalendarDate, to: CalendarDate): number {
  let years = to.year - from.year;
  const fm = from.month ?? 1;
  const fd = from.day ?? 1;
  const tm = to.month ?? 1;
  const td = to.day ?? 1;
  if (tm < fm || (tm === fm && td < fd)) years--;
  return years;
}

export type DateStyle = 'long' | 'medium' | 'short' | 'iso' | 'year' | 'month';

const STYLES: Record<Exclude<DateStyle, 'iso'>, Intl.DateTimeFormatOptions> = {
  long: { day: 'numeric', month: 'long', year: 'numeric' },
  medium: { day: 'numeric', month: 'short', year: 'numeric' },
  short: { day: '2-digit', month: '2-digit', year: 'numeric' },
  year: { year: 'numeric' },
  month: { month: 'long', year: 'numeric' },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Formats a date in the letter's language; a date without a day prints as month and year. Its
 * parts are joined by no-break spaces ("23\u00a0October\u00a02001"), so no line breaks inside it.
 */
export function formatDate(d: CalendarDate, style: DateStyle, language: string): string {
  if (style === 'iso') {
    return [String(d.year).padStart(4, '0'), d.month && String(d.month).padStart(2, '0'), d.day && String(d.day).padStart(2, '0')]
      .filter(Boolean)
      .join('-');
  }
  let effective: Exclude<DateStyle, 'iso'> = style;
  if (!d.month) effective = 'year';
  else if (!d.day && style !== 'year') effective = 'month';
  const key = `${language}|${effective}`;
  let fmt = formatters.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(language, { ...STYLES[effective], timeZone: 'UTC' });
    formatters.set(key, fmt);
  }
  // Intl is slow, and a run prints the same few dates (today's, the case's) in every letter.
  const dated = `${key}|${d.year}-${d.month ?? ''}-${d.day ?? ''}`;
  let text = formatted.get(dated);
  if (text === undefined) {
    text = fmt.format(toUTC(d));
    // French writes the first of the month "1er" ("1er octobre 2021"), which Intl does not.
    if (d.day === 1 && (effective === 'long' || effective === 'medium') && /^fr\b/i.test(language)) text = text.replace(/^1(?=\s)/, '1er');
    // A date is not broken across lines ("14 mars" / "2025"): no-break spaces between its parts.
    text = text.replace(/\s/g, '\u00a0');
    if (formatted.size >= MAX_FORMATTED) formatted.clear();
    formatted.set(dated, text);
  }
  return text;
}

const formatted = new Map<string, string>();
const MAX_FORMATTED = 10_000;

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** The months in full in Spanish, French, German, Portuguese and Italian, accents taken off. */
const FOREIGN_MONTHS: Record<string, number> = Object.fromEntries(
  [
    'enero janvier januar janner jaenner janeiro gennaio',
    'febrero fevrier februar fevereiro febbraio',
    'marzo mars marz maerz marco',
    'abril avril aprile',
    'mayo mai maio maggio',
    'junio juin juni junho giugno',
    'julio juillet juli julho luglio',
    'agosto aout',
    'septiembre setiembre septembre setembro settembre',
    'octubre octobre oktober outubro ottobre',
    'noviembre novembre novembro',
    'diciembre decembre dezember dezembro dicembre',
  ].flatMap((words, i) => words.split(' ').map((w) => [w, i + 1])),
);

/** The month a word names (English, in full or cut to three letters or more: "Oct.", "Sept"; or in full in Spanish, French, German, Portuguese, Italian: "marzo", "März"). */
function monthNamed(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return undefined;
  const i = MONTHS.findIndex((m) => m.startsWith(w));
  return i < 0 ? FOREIGN_MONTHS[plainLetters(w)] : i + 1;
}

/** Words a date written out has between its parts: "5 de marzo de 2024", "1er mars", "the 5th of March". */
const DATE_FILLER = new Set(['de', 'del', 'du', 'of', 'the', 'le', 'der', 'den', 'im', 'em', 'di']);

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (year: number, month?: number, day?: number): string | undefined => {
  if (month === 0 || day === 0) return undefined; // ("00/05/2026": no day of the calendar)
  const text = [String(year), month && pad(month), month && day && pad(day)].filter(Boolean).join('-');
  return isoParts(text) ? text : undefined;
};
const spoken = (month: number, day: number) => `${day} ${MONTHS[month - 1]![0]!.toUpperCase()}${MONTHS[month - 1]!.slice(1)}`;

/** The order of the day and the month in a date written with numbers ("28/11/2026": the day first). */
export type DateOrder = 'day first' | 'month first';

/** What a date written by a person or a spreadsheet says (see readDate). */
export interface DateReading {
  /** The one date it can be: YYYY-MM-DD (or YYYY-MM, YYYY). */
  date?: string;
  /** The order its numbers can only be in: "28/11/2026" and "28.11.2026" day first, "11/28/2026" month first (not "02/11/2026", nor "02.11.2026", read so for its dots). */
  order?: DateOrder;
  /** A date that could be either of two ("02/12/2026"): read day first, and month first. */
  readings?: [dayFirst: string, monthFirst: string];
  /** "2023-13-03": the date with the month before the day, 2023-03-13. */
  swapped?: string;
}

/**
 * Reads a date as it is written: YYYY-MM-DD (or YYYY-MM, YYYY); year first with other signs
 * ("2001/10/23", "2001-10-5"); day and month in numbers before the year, which is the one date
 * they can be when one of them is over 12 ("28/11/2026", "11/28/2026": as a French or a US
 * spreadsheet writes them), or when written with dots (day.month.year wherever dots are written:
 * German, Russian, Turkish, French...), else two (`readings`); in words ("23 October 2001",
 * "5 de marzo de 2024"). No year in two digits: "02/12/26" is no date.
 */
export function readDate(text: string): DateReading {
  const t = text.trim();
  if (isoParts(t)) return { date: t };
  let m = /^(\d{4})[./-](\d{1,2})(?:[./-](\d{1,2}))?$/.exec(t);
  if (m) {
    const date = iso(Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : undefined);
    if (date) return { date };
    // "2023-13-03": the day and the month the wrong way round.
    const swapped = m[3] ? iso(Number(m[1]), Number(m[3]), Number(m[2])) : undefined;
    return swapped ? { swapped } : {};
  }
  m = /^(\d{1,2})([./-])(\d{1,2})[./-](\d{4})$/.exec(t);
  if (m) {
    const [a, b, year] = [Number(m[1]), Number(m[3]), Number(m[4])];
    const dayFirst = iso(year, b, a);
    const monthFirst = iso(year, a, b);
    // Dots are day.month.year wherever they are written.
    if (m[2] === '.' && dayFirst) return { date: dayFirst, order: a > 12 ? 'day first' : undefined };
    if (dayFirst && monthFirst && dayFirst !== monthFirst) return { readings: [dayFirst, monthFirst] };
    if (dayFirst) return { date: dayFirst, order: a > 12 ? 'day first' : undefined };
    if (monthFirst) return { date: monthFirst, order: b > 12 ? 'month first' : undefined };
    return {};
  }
  // "23 October 2001", "October 23, 2001", "23rd Oct. 2001", "Oct 2001", "5 de marzo de 2024", "1er mars 2024", "5. März 2024"
  const words = t.split(/[\s,]+/).filter((w) => w && !DATE_FILLER.has(w.toLowerCase()));
  if (words.length >= 2 && words.length <= 3) {
    let month: number | undefined;
    let day: number | undefined;
    let year: number | undefined;
    for (const w of words) {
      // ("1.º de maio": the Portuguese and Spanish first, "1.º", "1º", "1.°".)
      const n = /^(\d{1,4})(?:st|nd|rd|th|er|\.?\u00ba|\.?\u00b0|\.)?$/i.exec(w);
      if (n && n[1]!.length === 4 && year === undefined) year = Number(n[1]);
      else if (n && n[1]!.length <= 2 && day === undefined) day = Number(n[1]);
      else if (!n && month === undefined && (month = monthNamed(w)) !== undefined) continue;
      else return {}; // (a word that is no day, month or year: the date is not read, not read without it)
    }
    const date = year !== undefined && month !== undefined ? iso(year, month, day) : undefined;
    if (date) return { date };
  }
  return {};
}

/**
 * The one day `text` names: YYYY-MM-DD as written, or written another way that can be only one
 * day ("02.12.2026", "28/11/2026", "23 October 2001"); undefined for anything else ("05/10/2001",
 * "2026-11-31", "2026-11").
 */
export function oneDay(text: string): string | undefined {
  const date = readDate(text).date;
  return date && date.length === 10 ? date : undefined;
}

/**
 * Where the order of day and month shows in the other dates written beside one (a CSV's column, a
 * case file's fields): the first that can only be day first, and month first, as said in a hint
 * ('"28/11/2026" on line 3').
 */
export type OrderShown = Partial<Record<DateOrder, string>>;

/** Adds to `shown` the order `value` shows, said as `said`, when it shows one and no date before it showed that one. */
export function showOrder(shown: OrderShown, value: unknown, said: string): OrderShown {
  const order = typeof value === 'string' ? readDate(value).order : undefined;
  if (order && !shown[order]) shown[order] = said;
  return shown;
}

/**
 * What to write instead of a date that is not one date: "write it 2001-10-23" for one read
 * another way where only YYYY-MM-DD is taken, both readings for "05/10/2001" (day or month
 * first), the column's first when the dates beside it show its order (`shown`), else the format.
 */
export function dateHint(value: unknown, shown: OrderShown = {}): string {
  const read = readDate(String(value ?? ''));
  if (read.date) return `write it ${read.date}`;
  if (read.swapped) return `write it ${read.swapped} (the month before the day)`;
  if (read.readings) {
    const [dayFirst, monthFirst] = read.readings;
    const day = `${dayFirst} if it is ${spoken(Number(dayFirst.slice(5, 7)), Number(dayFirst.slice(8)))}`;
    const month = `${monthFirst} if it is ${spoken(Number(monthFirst.slice(5, 7)), Number(monthFirst.slice(8)))}`;
    const byDay = shown['day first'];
    const byMonth = shown['month first'];
    if (byDay && byMonth) return `write it ${day}, or ${month} (${byDay} puts the day first, ${byMonth} the month)`;
    if (byMonth) return `write it ${month}, as ${byMonth} puts the month first, or ${day}`;
    if (byDay) return `write it ${day}, as ${byDay} puts the day first, or ${month}`;
    return `write it ${day}, or ${month}`;
  }
  // (A year of two digits is 19.. or 20..: the century is not guessed.)
  const short = /^(\d{1,2})([./-])(\d{1,2})\2(\d{2})$/.exec(String(value ?? '').trim());
  if (short) {
    const [, a, sep, b, year] = short;
    return `write the year in full (${a}${sep}${b}${sep}20${year} or ${a}${sep}${b}${sep}19${year}), or YYYY-MM-DD`;
  }
  return 'write dates YYYY-MM-DD (or YYYY-MM, or YYYY)';
}

/**
 * For a day that has happened (a mark's --on), written so that it can be read two ways, one of
 * them still to come: the hint names the other only ("02/12/2026" on 1 December is 12 February, or
 * a mistake; a Brazilian trial's was told to write the day then refused as after today).
 */
export function pastDayHint(given: string, today: Date): string | undefined {
  const readings = readDate(given.trim()).readings;
  const past = readings?.filter((r) => toUTC(parseDate(r)!) <= today);
  if (!readings || past?.length !== 1) return undefined;
  const other = readings.find((r) => r !== past[0]);
  return `write it ${past[0]} if it is ${formatDate(parseDate(past[0]!)!, 'long', 'en-GB').replace(/\u00a0/g, ' ')} (the other reading, ${other}, is after today)`;
}
