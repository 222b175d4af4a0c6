import type { Location, Problem } from '../errors.js';
import { displayName, sameCountry } from '../render/address.js';
import { countryCode, countryName, mentionsCountry } from '../render/countries.js';

export type GovernmentCheck = { ok: true } | { ok: false; definite: boolean; country: string };

/**
 * Does this official belong to the government holding the prisoner? The `government` column
 * decides when present. Otherwise the postal country does, except that an official abroad who
 * names the case's country (an embassy: "Ambassador of Uzbekistan") is fine.
 */
export function checkGovernment(values: Record<string, string>, caseCountry: string): GovernmentCheck {
  const government = values.government?.trim();
  if (government) {
    return sameCountry(government, caseCountry) ? { ok: true } : { ok: false, definite: true, country: countryName(government) };
  }
  // A country letters does not know is a warning of its own (see unknownCountryWarning).
  const country = values.country?.trim();
  if (!country || !countryCode(country) || sameCountry(country, caseCountry)) return { ok: true };
  const text = [values.title, values.name, values.first_name, values.last_name, values.position, values.organisation]
    .filter(Boolean)
    .join(' ');
  return mentionsCountry(text, caseCountry) ? { ok: true } : { ok: false, definite: false, country: countryName(country) };
}

/**
 * The finding for an official of another government: an error when the `government` column says
 * so (a letter to the wrong state), a warning when only the postal country differs.
 */
export function governmentProblem(values: Record<string, string>, caseCountry: string, location: Location): Problem | undefined {
  const gov = checkGovernment(values, caseCountry);
  if (gov.ok) return undefined;
  const who = displayName(values) || 'this official';
  return gov.definite
    ? {
        severity: 'error',
        code: 'government',
        location,
        message: `${who} is an official of ${gov.country}, but the case is in ${caseCountry}`,
        hint: `write to ${caseCountry}'s officials and its embassies; check the "government" column`,
      }
    : {
        severity: 'warning',
        code: 'government',
        location,
        message: `${who} is in ${gov.country}, but the case is in ${caseCountry}`,
        hint: `an embassy of ${caseCountry} abroad is fine: name it ("Ambassador of ${caseCountry}") or add a "government" column`,
      };
}
