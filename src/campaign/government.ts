import type { Location, Problem } from '../errors.js';
import { displayName, sameCountry } from '../render/address.js';
import { countryCode, countryName, mentionsCountry } from '../render/countries.js';

export type GovernmentCheck = { ok: true } | { ok: false; definite: boolean; country: string };

/**
 * Does this official belong to the government holding the prisoner? The `government` column
 * decides when present. Otherwise the postal country does, except that an official abroad who
 * names the case's country (an embassy: "Ambassador of Uzbekistan") is fine. The group's own
 * government (`ownCountry`, the case sender's country) is fine too: asking your own foreign
 * ministry or member of parliament to raise the case is part of most campaigns.
 */
export function checkGovernment(values: Record<string, string>, caseCountry: string, ownCountry?: string): GovernmentCheck {
  const ours = (c: string) => sameCountry(c, caseCountry) || (!!ownCountry?.trim() && sameCountry(c, ownCountry));
  const government = values.government?.trim();
  if (government) {
    return ours(government) ? { ok: true } : { ok: false, definite: true, country: countryName(government) };
  }
  // A country letters does not know is a warning of its own (see unknownCountryWarning).
  const country = values.country?.trim();
  if (!country || !countryCode(country) || ours(country)) return { ok: true };
  const text = [values.title, values.name, values.first_name, values.last_name, values.position, values.organisation]
    .filter(Boolean)
    .join(' ');
  return mentionsCountry(text, caseCountry) ? { ok: true } : { ok: false, definite: false, country: countryName(country) };
}

/**
 * The finding for an official of another government: an error when the `government` column says
 * so (a letter to the wrong state), a warning when only the postal country differs.
 */
export function governmentProblem(values: Record<string, string>, caseCountry: string, location: Location, ownCountry?: string): Problem | undefined {
  const gov = checkGovernment(values, caseCountry, ownCountry);
  if (gov.ok) return undefined;
  const who = displayName(values) || 'this official';
  return gov.definite
    ? {
        severity: 'error',
        code: 'government',
        location,
        message: `${who} is an official of ${gov.country}, but the case is in ${caseCountry}`,
        hint: `write to ${caseCountry}'s officials and its embassies, or your own government (the country of the case's sender); check the "government" column`,
      }
    : {
        severity: 'warning',
        code: 'government',
        location,
        message: `${who} is in ${gov.country}, but the case is in ${caseCountry}`,
        hint:
          `an embassy of ${caseCountry} abroad is fine: name it ("Ambassador of ${caseCountry}") or add a "government" column` +
          (ownCountry?.trim() ? '' : '; so is your own government, when the case\'s sender says its country'),
      };
}
