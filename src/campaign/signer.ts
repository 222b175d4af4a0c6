import { z } from 'zod';
import { InputError } from '../errors.js';
import { aliasFields, CONTACT_FIELDS, contactFields, lacksCountry, withFieldNames, NO_COUNTRY, withCountry, type Contact } from './contact.js';
import { emailProblem } from './email.js';
import { suggest } from '../suggest.js';
import { signerFieldInAnyLanguage } from './recipients.js';
import { placeholderIn, postcodeProblem, yamlValueProblem } from './campaign.js';
import { readYamlFile, valueAt } from './yamlfile.js';

/** A signer's fields: a template reads them as `signer.<field>` (a volunteer's other columns too). */
export const SIGNER_FIELDS = ['name', 'address', 'city', 'region', 'postcode', 'country', 'email', 'personal_note'];

/** The volunteer who signs: `--signer me.yaml` (name, address lines, city, postcode, country, email). */
export function loadSigner(file: string): Contact {
  const yaml = readYamlFile(file, 'signer file');
  // (A note of the signer's own, which a template prints as {{signer.personal_note}}, as a volunteer's.)
  const parsed = contactFields.extend({ personal_note: z.string().optional(), ...aliasFields }).strict().safeParse(withFieldNames(yaml.data));
  if (!parsed.success) {
    // A field written another way ("Name:") is said once, as that: not also as missing.
    const meant = new Set(parsed.error.issues.flatMap((issue) => (issue.code === 'unrecognized_keys' ? issue.keys.map(signerFieldInAnyLanguage) : [])));
    const said = (issue: z.core.$ZodIssue) => issue.code !== 'unrecognized_keys' && issue.path.length === 1 && valueAt(yaml.data, issue.path) === undefined && meant.has(String(issue.path[0]));
    throw new InputError(
      parsed.error.issues.filter((issue) => !said(issue)).flatMap((issue) =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => {
              // "ville" is city, "Straße" address: a field written in another language is named.
              const field = signerFieldInAnyLanguage(key);
              return {
                location: yaml.locate([key]),
                message: `unknown signer field "${key}"${field && SIGNER_FIELDS.includes(field) ? ` (did you mean "${field}"?)` : suggest(key, SIGNER_FIELDS)}`,
                hint: `signer fields: ${SIGNER_FIELDS.join(', ')}`,
              };
            })
          : [{
              location: yaml.locate(issue.path as (string | number)[]),
              message:
                issue.path.length === 0
                  ? 'a signer file must be a mapping of fields (name, address, ...)'
                  : `signer field "${issue.path.join('.')}" ${valueAt(yaml.data, issue.path) === undefined ? 'is required' : issue.message}`,
              hint: 'a signer file needs at least "name:"; see "Signer" in the README',
            }],
      ),
    );
  }
  const email = parsed.data.email?.trim();
  const bad = email ? emailProblem(email) : undefined;
  if (bad) {
    throw new InputError({ location: yaml.locate(['email']), message: `the signer's e-mail address "${email}" ${bad}`, hint: 'one plain address, like anna@example.org' });
  }
  const signer = withCountry(parsed.data);
  if (lacksCountry(signer)) {
    throw new InputError({ location: yaml.locate([]), message: `the signer ${NO_COUNTRY}`, hint: 'add "country:" (the country the signer posts from)' });
  }
  const postcode = postcodeProblem(signer, yaml.locate(['postcode']), false);
  if (postcode) throw new InputError(postcode);
  const entity = yamlValueProblem(yaml.data, yaml.locate, 'signer field') ?? placeholderIn(yaml.data, [...CONTACT_FIELDS, 'personal_note'].map((k) => [k]), yaml.locate, 'signer field');
  if (entity) throw new InputError(entity);
  return signer;
}
