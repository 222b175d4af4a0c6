import { InputError } from '../errors.js';
import { contactSchema, type Contact } from './contact.js';
import { readYamlFile } from './yamlfile.js';

/** The volunteer who signs: `--signer me.yaml` (name, address lines, city, postcode, country, email). */
export function loadSigner(file: string): Contact {
  const yaml = readYamlFile(file, 'signer file');
  const parsed = contactSchema.safeParse(yaml.data);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues.map((issue) => ({
        location: yaml.locate(issue.path as (string | number)[]),
        message: `signer field "${issue.path.join('.') || '(file)'}" ${issue.input === undefined ? 'is required' : issue.message}`,
        hint: 'a signer file needs at least "name:"; see "Signer" in the README',
      })),
    );
  }
  return parsed.data;
}
