import { InputError } from '../errors.js';
import { contactSchema, type Contact } from './contact.js';
import { readYamlFile, valueAt } from './yamlfile.js';

/** The volunteer who signs: `--signer me.yaml` (name, address lines, city, postcode, country, email). */
export function loadSigner(file: string): Contact {
  const yaml = readYamlFile(file, 'signer file');
  const parsed = contactSchema.safeParse(yaml.data);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues.map((issue) => ({
        location: yaml.locate(issue.path as (string | number)[]),
        message:
          issue.path.length === 0
            ? 'a signer file must be a mapping of fields (name, address, ...)'
            : `signer field "${issue.path.join('.')}" ${valueAt(yaml.data, issue.path) === undefined ? 'is required' : issue.message}`,
        hint: 'a signer file needs at least "name:"; see "Signer" in the README',
      })),
    );
  }
  return parsed.data;
}
