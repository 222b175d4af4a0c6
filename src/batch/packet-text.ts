/**
 * The words of a packet e-mail in the volunteer's language (the cover sheet has its own, in
 * layout/cover.ts). Data values are never translated.
 */

import { countryCode } from '../render/countries.js';
import { baseLanguage, inLanguage } from '../render/helpers.js';
import { givenName, nameAndPatronymic } from '../render/names.js';

interface PacketWords {
  subject: (caseName: string, letters: number) => string;
  body: (p: PacketFacts) => string;
}

export interface PacketFacts {
  /** The volunteer's full name; the greeting says what greetingName makes of it. */
  volunteer: string;
  /** Their first_name column, when the volunteers CSV has one. */
  firstName?: string;
  caseName: string;
  letters: number;
  /** Of them, letters to send by e-mail (attached as .eml files); the others are posted. */
  emails: number;
  /** The attached PDF with the letters to post: packet.pdf, or packet-2.pdf for letters dealt out later. */
  packetFile: string;
  group: string;
  /** The volunteer was given letters in an earlier round: these are new (said after the thanks). */
  earlier?: boolean;
}

const WORDS: Record<string, PacketWords> = {
  en: {
    subject: (name, n) => `Your ${n === 1 ? 'letter' : `${n} letters`} for ${name}`,
    body: (p) =>
      [
        `Dear ${p.volunteer},`,
        `Thank you for writing for ${p.caseName}. Attached is your packet: ${p.letters === 1 ? 'one letter' : `${p.letters} letters`}, with a cover sheet that says what to do.`,
        p.emails ? `${p.emails === 1 ? 'One letter goes' : `${p.emails} letters go`} by e-mail: open the attached .eml ${p.emails === 1 ? 'file' : 'files'} in your mail program, read ${p.emails === 1 ? 'it' : 'them'}, and send ${p.emails === 1 ? 'it' : 'them'} from your own address.` : '',
        p.letters > p.emails ? `Print ${p.packetFile}, sign each letter, and post it.` : '',
        `With thanks,\n${p.group}`,
      ]
        .filter(Boolean)
        .join('\n\n'),
  },
  fr: {
    subject: (name, n) => `${n === 1 ? 'Votre lettre' : `Vos ${n} lettres`} pour ${name}`,
    body: (p) =>
      [
        `Bonjour ${p.volunteer},`,
        `Merci d'écrire pour ${p.caseName}. Vous trouverez ci-joint votre dossier : ${p.letters === 1 ? 'une lettre' : `${p.letters} lettres`}, avec une page de garde qui explique quoi faire.`,
        p.emails ? `${p.emails === 1 ? 'Une lettre part' : `${p.emails} lettres partent`} par courriel : ouvrez ${p.emails === 1 ? 'le fichier .eml joint' : 'les fichiers .eml joints'} dans votre messagerie, relisez et envoyez depuis votre propre adresse.` : '',
        p.letters > p.emails ? `Imprimez ${p.packetFile}, signez chaque lettre et postez-la.` : '',
        `Merci,\n${p.group}`,
      ]
        .filter(Boolean)
        .join('\n\n'),
  },
  // German and Spanish say "du" and "tú", as the cover sheet does.
  de: {
    subject: (name, n) => `${n === 1 ? 'Dein Brief' : `Deine ${n} Briefe`} für ${name}`,
    body: (p) =>
      [
        `Hallo ${p.volunteer},`,
        `danke, dass du für ${p.caseName} schreibst. Im Anhang findest du deine Mappe: ${p.letters === 1 ? 'einen Brief' : `${p.letters} Briefe`} und ein Deckblatt, das erklärt, was zu tun ist.`,
        p.emails ? `${p.emails === 1 ? 'Ein Brief geht' : `${p.emails} Briefe gehen`} per E-Mail: Öffne ${p.emails === 1 ? 'die angehängte .eml-Datei' : 'die angehängten .eml-Dateien'} in deinem E-Mail-Programm, lies sie durch und sende sie von deiner eigenen Adresse.` : '',
        p.letters > p.emails ? `Drucke ${p.packetFile} aus, unterschreibe jeden Brief und schick ihn ab.` : '',
        `Danke!\n${p.group}`,
      ]
        .filter(Boolean)
        .join('\n\n'),
  },
  es: {
    subject: (name, n) => `${n === 1 ? 'Tu carta' : `Tus ${n} cartas`} para ${name}`,
    body: (p) =>
      [
        `Hola, ${p.volunteer}:`,
        `Gracias por escribir por ${p.caseName}. Te adjuntamos tu paquete: ${p.letters === 1 ? 'una carta' : `${p.letters} cartas`}, con una portada que explica qué hacer.`,
        p.emails ? `${p.emails === 1 ? 'Una carta se envía' : `${p.emails} cartas se envían`} por correo electrónico: ${p.emails === 1 ? 'abre el archivo .eml adjunto en tu programa de correo, revísalo y envíalo' : 'abre los archivos .eml adjuntos en tu programa de correo, revísalos y envíalos'} desde tu propia dirección.` : '',
        p.letters > p.emails ? `Imprime ${p.packetFile}, firma cada carta y envíala por correo.` : '',
        `¡Gracias!\n${p.group}`,
      ]
        .filter(Boolean)
        .join('\n\n'),
  },
  // Portuguese says "você", as the cover sheet does.
  pt: {
    subject: (name, n) => `${n === 1 ? 'Sua carta' : `Suas ${n} cartas`} para ${name}`,
    body: (p) =>
      [
        `Olá, ${p.volunteer}!`,
        `Obrigado por escrever por ${p.caseName}. Em anexo está o seu pacote: ${p.letters === 1 ? 'uma carta' : `${p.letters} cartas`}, com uma folha de rosto que explica o que fazer.`,
        p.emails ? `${p.emails === 1 ? 'Uma carta vai' : `${p.emails} cartas vão`} por e-mail: abra ${p.emails === 1 ? 'o arquivo .eml anexo' : 'os arquivos .eml anexos'} no seu programa de e-mail, revise e envie do seu próprio endereço.` : '',
        p.letters > p.emails ? `Imprima ${p.packetFile}, assine cada carta e envie-a pelo correio.` : '',
        `Obrigado!\n${p.group}`,
      ]
        .filter(Boolean)
        .join('\n\n'),
  },
  // European Portuguese: no "você", "ficheiro" for "arquivo".
  'pt-pt': {
    subject: (name, n) => `${n === 1 ? 'A sua carta' : `As suas ${n} cartas`} para ${name}`,
    body: (p) =>
      [
        `Olá, ${p.volunteer}!`,
        `Obrigado por escrever por ${p.caseName}. Segue em anexo o seu pacote: ${p.letters === 1 ? 'uma carta' : `${p.letters} cartas`}, com uma folha de rosto que explica o que fazer.`,
        p.emails ? `${p.emails === 1 ? 'Uma carta vai' : `${p.emails} cartas vão`} por correio eletrónico: abra ${p.emails === 1 ? 'o ficheiro .eml anexo' : 'os ficheiros .eml anexos'} no seu programa de correio eletrónico, reveja e envie a partir do seu próprio endereço.` : '',
        p.letters > p.emails ? `Imprima ${p.packetFile}, assine cada carta e envie-a pelo correio.` : '',
        `Obrigado!\n${p.group}`,
      ]
        .filter(Boolean)
        .join('\n\n'),
  },
  // Italian and Dutch say "tu" and "je", as the cover sheet does.
  it: {
    subject: (name, n) => `${n === 1 ? 'La tua lettera' : `Le tue ${n} lettere`} per ${name}`,
    body: (p) =>
      [
        `Ciao ${p.volunteer},`,
        `grazie di scrivere per ${p.caseName}. In allegato trovi il tuo pacchetto: ${p.letters === 1 ? 'una lettera' : `${p.letters} lettere`}, con una pagina iniziale che spiega cosa fare.`,
        p.emails ? `${p.emails === 1 ? 'Una lettera va' : `${p.emails} lettere vanno`} per e-mail: apri ${p.emails === 1 ? 'il file .eml allegato' : 'i file .eml allegati'} nel tuo programma di posta, rileggi e invia dal tuo indirizzo.` : '',
        p.letters > p.emails ? `Stampa ${p.packetFile}, firma ogni lettera e spediscila.` : '',
        `Grazie!\n${p.group}`,
      ]
        .filter(Boolean)
        .join('\n\n'),
  },
  nl: {
    subject: (name, n) => `${n === 1 ? 'Je brief' : `Je ${n} brieven`} voor ${name}`,
    body: (p) =>
      [
        `Beste ${p.volunteer},`,
        `bedankt dat je schrijft voor ${p.caseName}. In de bijlage vind je je pakket: ${p.letters === 1 ? 'één brief' : `${p.letters} brieven`}, met een voorblad dat uitlegt wat je moet doen.`,
        p.emails ? `${p.emails === 1 ? 'Eén brief gaat' : `${p.emails} brieven gaan`} per e-mail: open ${p.emails === 1 ? 'het bijgevoegde .eml-bestand' : 'de bijgevoegde .eml-bestanden'} in je e-mailprogramma, lees ${p.emails === 1 ? 'het' : 'ze'} na en verstuur ${p.emails === 1 ? 'het' : 'ze'} vanaf je eigen adres.` : '',
        p.letters > p.emails ? `Print ${p.packetFile}, onderteken elke brief en post hem.` : '',
        `Bedankt!\n${p.group}`,
      ]
        .filter(Boolean)
        .join('\n\n'),
  },
  ru: {
    subject: (name, n) => (n === 1 ? `Ваше письмо в защиту: ${name}` : `Ваши письма (${n}) в защиту: ${name}`),
    body: (p) =>
      [
        `Здравствуйте, ${p.volunteer}!`,
        `Спасибо, что пишете в защиту: ${p.caseName}. Во вложении ваш пакет писем (${p.letters}) и сопроводительный лист с инструкцией.`,
        p.emails ? `Писем по электронной почте: ${p.emails}. Откройте вложенные файлы .eml в почтовой программе, проверьте и отправьте их со своего адреса.` : '',
        p.letters > p.emails ? `Распечатайте ${p.packetFile}, подпишите каждое письмо и отправьте его по почте.` : '',
        `С благодарностью,\n${p.group}`,
      ]
        .filter(Boolean)
        .join('\n\n'),
  },
};

/**
 * The language a volunteer reads: their own column, else the letters' language; "en" for letters
 * in en-GB reads as en-GB (dates as the letters write them); "en" with letters in another language
 * is English as the volunteer's country writes dates: "November 30, 2026" in the United States,
 * "30 November 2026" elsewhere (a trial's English-speaking volunteers in Hamburg had US dates).
 */
export function coverLanguage(volunteerLanguage: string | undefined, letterLanguage: string, volunteerCountry?: string): string {
  const own = volunteerLanguage?.trim();
  const english = () => (countryCode(volunteerCountry ?? '') === 'US' ? 'en-US' : 'en-GB');
  // (Letters in "en" alone, without a country: as the volunteer's country writes dates, a review's.)
  if (!own || (!/[-_]/.test(own) && baseLanguage(own) === baseLanguage(letterLanguage))) return letterLanguage.toLowerCase() === 'en' ? english() : letterLanguage;
  if (own.toLowerCase() === 'en') return english();
  return own;
}

/**
 * For a volunteer's later packet, said after the thanks: these letters are new, not the first
 * packet again (a trial's volunteer took round 2's e-mail, word for word round 1's, for a copy).
 */
const LATER: Record<string, (one: boolean) => string> = {
  en: (one) => (one ? 'This is a new letter, besides those you were given before.' : 'These are new letters, besides those you were given before.'),
  fr: (one) => (one ? 'C’est une nouvelle lettre, en plus de celles que vous avez déjà reçues.' : 'Ce sont de nouvelles lettres, en plus de celles que vous avez déjà reçues.'),
  de: (one) => (one ? 'Das ist ein neuer Brief, zusätzlich zu denen, die du schon bekommen hast.' : 'Das sind neue Briefe, zusätzlich zu denen, die du schon bekommen hast.'),
  es: (one) => (one ? 'Es una carta nueva, además de las que ya recibiste.' : 'Son cartas nuevas, además de las que ya recibiste.'),
  pt: (one) => (one ? 'É uma carta nova, além das que você já recebeu.' : 'São cartas novas, além das que você já recebeu.'),
  'pt-pt': (one) => (one ? 'É uma carta nova, além das que já recebeu.' : 'São cartas novas, além das que já recebeu.'),
  it: (one) => (one ? 'È una lettera nuova, oltre a quelle che hai già ricevuto.' : 'Sono lettere nuove, oltre a quelle che hai già ricevuto.'),
  nl: (one) => (one ? 'Dit is een nieuwe brief, naast de brieven die je al hebt gekregen.' : 'Dit zijn nieuwe brieven, naast de brieven die je al hebt gekregen.'),
  ru: (one) => (one ? 'Это новое письмо, в дополнение к тем, что вы уже получили.' : 'Это новые письма, в дополнение к тем, что вы уже получили.'),
};

/**
 * The name a volunteer's cover sheet and packet e-mail greet them by. The greetings are informal
 * ("Dear", "Hallo", "Hola", "Beste", "Ciao", "Olá", "Bonjour", with du, tú, je, tu): a trial's
 * "Hallo Jörg Weißmüller," read as a form letter. So the given name: the first_name column when
 * the volunteers CSV has one, else what givenName makes of the name, else the full name. Russian
 * greets with "Здравствуйте" and "вы", and a given name alone is familiar there: the given name
 * and patronymic when the name has one ("Иван Петрович"), else the first_name column, else the
 * full name (Russian lists write the surname first, "Иванова Мария": its first word may be it).
 */
export function greetingName(language: string, name: string, firstName?: string): string {
  const full = name.trim();
  const given = firstName?.trim();
  if (baseLanguage(language) === 'ru') return nameAndPatronymic(full) ?? (given || full);
  return given || givenName(full) || full;
}

export function packetMessageText(language: string, p: PacketFacts): { subject: string; body: string } {
  const words = inLanguage(WORDS, language) ?? WORDS.en!;
  const body = words.body({ ...p, volunteer: greetingName(inLanguage(WORDS, language) ? language : 'en', p.volunteer, p.firstName) });
  if (!p.earlier) return { subject: words.subject(p.caseName, p.letters), body };
  const [greeting, thanks, ...rest] = body.split('\n\n');
  const later = ((inLanguage(WORDS, language) ? inLanguage(LATER, language) : undefined) ?? LATER.en!)(p.letters === 1);
  return { subject: words.subject(p.caseName, p.letters), body: [greeting, thanks, later, ...rest].join('\n\n') };
}
