import { z } from 'zod';
import { localityLines } from '../render/address.js';
import { countryCode, countryName } from '../render/countries.js';

/**
 * Other names of a contact's fields, as an American or British group writes them ("state: IL",
 * "zip: 60622"): read as the field, when it is not given too. They stay too, for a template
 * that prints `{{sender.state}}`.
 */
const CONTACT_ALIASES: Record<string, string> = { state: 'region', province: 'region', county: 'region', zip: 'postcode', zip_code: 'postcode', zipcode: 'postcode', postal_code: 'postcode', post_code: 'postcode', town: 'city' };

/** The aliases as fields of a file that has no others (a signer's). */
export const aliasFields = Object.fromEntries(Object.keys(CONTACT_ALIASES).map((k) => [k, z.union([z.string(), z.number()]).transform(String).optional()]));

/** A contact's fields with their other names read as theirs. */
export function withFieldNames(data: unknown): unknown {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return data;
  const out: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const [alias, field] of Object.entries(CONTACT_ALIASES)) if (alias in out && out[field] === undefined) out[field] = out[alias];
  return out;
}

/** A postal/e-mail identity: the group's sender block, or a volunteer who signs. */
export const contactFields = z.object({
  name: z.string().trim().min(1, 'must not be empty'),
  address: z
    .union([z.array(z.union([z.string(), z.number()])), z.string()])
    .optional()
    .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v.map(String) : v.split(/\r?\n/))))
    .transform((lines) => lines.map((l) => l.trim()).filter((l) => l !== '')),
  city: z.string().optional(),
  region: z.string().optional(),
  postcode: z.union([z.string(), z.number()]).transform(String).optional(),
  country: z.string().optional(),
  email: z.string().optional(),
});

/** The fields of a contact letters prints itself (a return address, a signature). */
export const CONTACT_FIELDS = Object.keys(contactFields.shape);

/** A contact as a case's sender: its other fields are the templates' (`{{sender.phone}}`). */
export const contactSchema = z.preprocess(withFieldNames, contactFields.passthrough());

export type Contact = z.infer<typeof contactFields>;

/**
 * Address lines of a contact, one per line: street lines, the locality in its country's order, and
 * the country in English ("CA" is Canada, not California), or as `nameOf` names it (in a letter's
 * language: "Deutschland" under the signature of a German letter).
 */
export function contactLines(c: Contact, withCountry = true, nameOf: (country: string) => string = countryName): string[] {
  const locality = localityLines(c.city ?? '', c.region ?? '', c.postcode ?? '', c.country ?? '');
  return [...c.address, ...locality, withCountry ? nameOf(c.country ?? '') : ''].map((l) => l.trim()).filter(Boolean);
}

/**
 * Where a contact writes from, without their street or postcode: "Leeds, United Kingdom" on two
 * lines. What an e-mail ends with: its reply comes by e-mail, and a volunteer's home address is
 * not given to the officials of a government that holds prisoners.
 */
export function townLines(c: Contact, nameOf: (country: string) => string = countryName): string[] {
  return [[c.city?.trim(), c.region?.trim()].filter(Boolean).join(', '), nameOf(c.country ?? '')].filter(Boolean);
}

/**
 * A contact whose country is written as its last address line ("address: [12 Chapel Street,
 * Oxford OX1 1AA, United Kingdom]") has it as its country.
 */
export function withCountry<C extends Pick<Contact, 'address' | 'country'>>(c: C): C {
  const last = c.address.at(-1);
  if (c.country?.trim() || !last || !countryCode(last)) return c;
  return { ...c, address: c.address.slice(0, -1), country: last };
}

/**
 * Whether a contact has address lines but no country: the return address would lack it (a reply
 * from abroad could not come back), and with no country to post from, every letter would be
 * addressed as going abroad. A signer with a city alone gives no return address (the group's is
 * used); the case's sender's city is one (`cityIsAddress`).
 */
export function lacksCountry(c: Pick<Contact, 'address' | 'city' | 'country'>, cityIsAddress = false): boolean {
  return (c.address.length > 0 || (cityIsAddress && !!c.city?.trim())) && !c.country?.trim();
}

export const NO_COUNTRY = 'has an address but no country: the return address would lack it, and every letter would be addressed as going abroad';

/**
 * One line for the window's return-address zone: "Name · 12 Street · Oxford · OX1 1AA · United
 * Kingdom"; without the country on a letter that stays in the country, as its address is.
 */
export function returnLine(c: Contact, abroad = true): string {
  return [c.name, ...contactLines(c, abroad)].join(' · ');
}
