import type { Location, Problem } from '../errors.js';
import { postalAddress } from '../render/address.js';
import { countryCode, nearestCountry } from '../render/countries.js';
import type { CaseFile } from './case.js';
import { governmentProblem } from './government.js';
import type { Recipient } from './recipients.js';
import { hash53 } from '../hash.js';

/** A warning: a Problem whose severity and code are said. */
export type Warning = Problem & { severity: 'warning'; code: string };

/** A name and address as two rows would both print them, spaces and case aside ("12  Main St" is "12 Main St"). */
export function postalKey(values: Record<string, string>): string {
  return postalAddress(values).join('|').replace(/\s+/g, ' ').toLowerCase();
}

/** The warning for a country letters does not know: the envelope says it as written. */
export function unknownCountryWarning(values: Record<string, string>, location: Location): Warning | undefined {
  if (!values.country || countryCode(values.country)) return undefined;
  const meant = nearestCountry(values.country);
  return {
    severity: 'warning',
    code: 'country',
    location,
    message: `letters does not know the country "${values.country}": the envelope says it as written`,
    hint: meant
      ? `did you mean ${meant}? The post office that sends the letter must read it`
      : 'check the spelling; write it in English (or French), or as its two-letter code (UZ): the post office that sends the letter must read it',
  };
}

/**
 * The warning for a case in a country letters does not know ("Brasill"): every official's country
 * is compared with it as written, so each would be said to be of another government.
 */
export function caseCountryWarning(caseFile: CaseFile): Warning | undefined {
  if (countryCode(caseFile.country)) return undefined;
  const meant = nearestCountry(caseFile.country);
  return {
    severity: 'warning',
    code: 'country',
    location: caseFile.locate('country'),
    message: `letters does not know the case's country "${caseFile.country}": the officials' countries are compared with it as written`,
    hint: meant ? `did you mean ${meant}?` : 'write the country that holds the prisoner in English (or French), or as its two-letter code',
  };
}

/** The warning for a row with the name and address of an earlier one. */
export function duplicateWarning(location: Location, firstLine: number, why: string): Warning {
  return {
    severity: 'warning',
    code: 'duplicate',
    location,
    message: `the same official as on line ${firstLine} (${why}): they would get two letters`,
    hint: 'delete one of the rows',
  };
}

/**
 * The warnings a run making letters on paper finds as it reads its rows (`check` finds these and
 * more): a case country letters does not know, and in the rows the same official twice, a country
 * letters does not know, an official in another country. It keeps a number per row (a hash of the
 * name and address), not the rows, and the first warnings only, with their count.
 */
export class RunWarnings {
  readonly first: Problem[] = [];
  count = 0;
  private readonly seen = new Map<number, number>();

  private readonly file: string;
  private readonly caseCountry: string;

  constructor(
    file: string,
    caseFile: CaseFile,
    private readonly keep = 5,
  ) {
    this.file = file;
    this.caseCountry = caseFile.country;
    const country = caseCountryWarning(caseFile);
    if (country) this.push(country);
  }

  add(rows: Iterable<Recipient>): void {
    for (const row of rows) {
      const at = { file: this.file, line: row.line };
      const hash = hash53(postalKey(row.values));
      const firstLine = this.seen.get(hash);
      if (firstLine === undefined) this.seen.set(hash, row.line);
      else this.push(duplicateWarning(at, firstLine, 'same name and address'));
      const country = unknownCountryWarning(row.values, at);
      if (country) this.push(country);
      const gov = governmentProblem(row.values, this.caseCountry, at);
      if (gov?.severity === 'warning') this.push(gov);
    }
  }

  private push(p: Problem): void {
    if (this.count++ < this.keep) this.first.push(p);
  }
}
