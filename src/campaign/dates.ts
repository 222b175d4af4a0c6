/** Calendar dates as written in case files: `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`), no time zone. */
export interface CalendarDate {
  year: number;
  month?: number;
  day?: number;
}

const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export function parseDate(value: unknown): CalendarDate | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return { year: value.getUTCFullYear(), month: value.getUTCMonth() + 1, day: value.getUTCDate() };
  }
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const m = ISO.exec(String(value).trim());
  if (!m) return undefined;
  const date: CalendarDate = { year: Number(m[1]) };
  if (m[2]) {
    date.month = Number(m[2]);
    if (date.month < 1 || date.month > 12) return undefined;
  }
  if (m[3]) {
    date.day = Number(m[3]);
    const daysInMonth = new Date(Date.UTC(date.year, date.month!, 0)).getUTCDate();
    if (date.day < 1 || date.day > daysInMonth) return undefined;
  }
  return date;
}

export function toUTC(d: CalendarDate): Date {
  return new Date(Date.UTC(d.year, (d.month ?? 1) - 1, d.day ?? 1));
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

/** Formats a date in the letter's language; a date without a day prints as month and year. */
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
    if (formatted.size >= MAX_FORMATTED) formatted.clear();
    formatted.set(dated, text);
  }
  return text;
}

const formatted = new Map<string, string>();
const MAX_FORMATTED = 10_000;
