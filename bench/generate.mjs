// Generates a campaign of N officials with varied names, addresses and dates, for benchmarks.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const FIRST = ['Islam', 'Rashid', 'Шавкат', 'Gulnora', "Seán", 'Zoë', 'Oʻtkir', 'Ηλίας', 'Anna', 'Mirzo'];
const LAST = ['Karimov', "O'Brien & Sons", 'Мирзиёев', 'Yusupova', 'Müller', 'Ñúñez', 'Gʻulomov', 'Παπαδόπουλος'];
// Each country's postcode, one of ten of its form by the row's last digit (letters refuses a
// postcode not of its country's form).
const COUNTRIES = [
  ['Uzbekistan', 'Tashkent', (d) => `10000${d}`],
  ['United Kingdom', 'London', (d) => `W1${d} 3RP`],
  ['United States', 'Washington, DC', (d) => `2003${d}`],
  ['France', 'Paris', (d) => `7500${d}`],
];

export function generateCampaign(dir, n) {
  mkdirSync(dir, { recursive: true });
  const rows = ['title,first_name,last_name,position,salutation,address_1,city,postcode,country,appointed,email'];
  for (let i = 0; i < n; i++) {
    const [country, city, pc] = COUNTRIES[i % COUNTRIES.length];
    const q = (s) => `"${s.replace(/"/g, '""')}"`;
    rows.push(
      [
        i % 3 ? 'Mr' : 'H.E.',
        FIRST[i % FIRST.length],
        q(`${LAST[(i * 7) % LAST.length]} ${i}`),
        q(`Official number ${i}`),
        i % 5 ? 'Your Excellency' : '',
        q(`${(i % 97) + 1} Some Street`),
        q(city),
        pc(i % 10),
        country,
        `${1990 + (i % 30)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
        `official${i}@gov.example.org`,
      ].join(','),
    );
  }
  writeFileSync(path.join(dir, 'officials.csv'), rows.join('\n') + '\n');
  writeFileSync(
    path.join(dir, 'case.yaml'),
    `id: bench\nname: Yusuf Dzhumaev\ncountry: Uzbekistan\ndetained: 2001-10-23\ncharges: undermining the constitutional order\nask: I urge you to release him immediately and unconditionally.\nstatus: active\nrecipients: officials.csv\ntemplate: letter.hbs\nsender:\n  name: Letters Group\n  address: [12 Chapel Street]\n  city: Oxford\n  postcode: OX1 1AA\n  country: United Kingdom\n  email: group@example.org\n`,
  );
  // The volunteer who signs the e-mails (a posted letter is signed by hand).
  writeFileSync(path.join(dir, 'signer.yaml'), 'name: Anna Smith\naddress: [4 Elm Road]\ncity: Leeds\npostcode: LS1 4AB\ncountry: United Kingdom\nemail: anna@example.org\n');
  writeFileSync(
    path.join(dir, 'letter.hbs'),
    `---\nsubject: '{{case.name}}, detained since {{date case.detained "long"}}'\n---\n` +
      `I am writing to you, {{recipient.position}}, appointed on {{date recipient.appointed "long"}}, to express my concern for **{{case.name}}**, arrested on {{date case.detained "long"}} and charged with "{{case.charges}}".\n\n` +
      `He is reported to have been tortured in detention. Torture is absolutely prohibited under international law, including the UN Convention against Torture, to which the country is a party. I ask you to ensure that these reports are investigated promptly and impartially.\n\n` +
      `{{case.ask}} He is held solely for peacefully expressing his views, and he has now been detained for {{yearsSince case.detained}} years.\n\n` +
      `Until he is released, please ensure that he is protected from ill-treatment and has regular access to his family, a lawyer of his choice and any medical care he needs.\n\n` +
      `I would be grateful if you would let me know what steps have been taken in his case. I look forward to your reply.\n`,
  );
  return dir;
}
