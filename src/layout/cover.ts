import { greetingName } from '../batch/packet-text.js';
import { formatDate, parseDate } from '../campaign/dates.js';
import { countryNameIn } from '../render/countries.js';
import { frenchSpaces } from '../render/french.js';
import { inLanguage } from '../render/helpers.js';
import type { FontSet, FontStyle } from './fonts.js';
import { leading, MM, type PaperGeometry } from './geometry.js';
import { BODY_LEADING, BODY_SIZE, wrap, type PageItem, type TextItem } from './layout.js';

/** One letter of the packet, as the cover sheet lists it. */
export interface CoverLetterLine {
  number: number;
  official: string;
  position?: string;
  country: string;
  channel: 'post' | 'email';
  /** The e-mail address, when the channel is e-mail. */
  email?: string;
}

/** The cover sheet of a volunteer's signing packet, written in the volunteer's language. */
export interface CoverSheet {
  /** BCP 47, like 'en-GB', 'fr', 'ru'; a language without its own wording gets English. */
  language: string;
  /** The volunteer's full name: the greeting says what greetingName makes of it ("Hallo Jörg,"). */
  volunteer: string;
  /** Their first_name column, when the volunteers CSV has one. */
  firstName?: string;
  caseName: string;
  country: string;
  /** The case's summary, plain text. */
  summary?: string;
  /** YYYY-MM-DD (or YYYY-MM, YYYY). */
  detained?: string;
  charges?: string;
  letters: CoverLetterLine[];
  /** Who to ask, shown at the foot of every page. */
  groupName?: string;
  groupEmail?: string;
  /** YYYY-MM-DD: the packet's date. */
  date: string;
  /** How the letters fold for their envelopes: in three (DL, US #10; the default), in half (C5), not at all (C4). */
  fold?: 'thirds' | 'half' | 'flat';
  /** What the packet ends with, for the letters to post: their envelopes, or sheets of their labels. */
  ends?: 'envelopes' | 'labels';
}

/** Everything the cover sheet says in one language. Data values are never translated. */
interface Wording {
  title: (caseName: string) => string;
  /** `volunteer` may be empty: a greeting without a name, never "Dear ,". */
  greeting: (volunteer: string) => string;
  /** The thank-you line for a packet of `n` letters; `send`: all of them e-mails, to send, not sign. */
  thanks: (n: number, send: boolean) => string;
  theCase: string;
  /** `date` is formatted long in the language; `exact`: it has a day (not just a month or year). */
  detained: (date: string, exact: boolean) => string;
  charges: (charges: string) => string;
  whatToDo: string;
  /** Lead-ins for the two lists of steps, shown when a packet has both kinds of letter. */
  byPost: string;
  byEmail: string;
  postSteps: string[];
  /** The second post step for a C5 envelope (folded once) and a C4 (not folded). */
  foldHalf: string;
  foldFlat: string;
  /** The step after folding, when the packet ends with its envelopes, or with its label sheets. */
  envelopePages: string;
  labelPages: string;
  emailSteps: string[];
  yourLetters: string;
  continued: string;
  columns: { number: string; official: string; country: string; how: string };
  post: string;
  email: string;
  questions: string;
  page: (page: number, of: number) => string;
}

/** The end of a folding step, in each language: ", or stick the label on the envelope." */
const OR_LABEL = /,\s+(?:or|ou|oder|o|oppure|of|\u0438\u043b\u0438)\s[^,]*\.$/u;

const NBSP = '\u00a0';
const fr = frenchSpaces;

const WORDING: Record<string, Wording> = {
  en: {
    title: (c) => `Letters for ${c}`,
    greeting: (v) => (v ? `Dear ${v},` : 'Hello,'),
    thanks: (n, send) =>
      n === 0
        ? 'Thank you for writing. There are no letters in this packet yet.'
        : n === 1
          ? `Thank you for writing. Here is your letter, ready for you to ${send ? 'send' : 'sign'}.`
          : `Thank you for writing. Here are ${n} letters, ready for you to ${send ? 'send' : 'sign'}.`,
    theCase: 'The case',
    detained: (d) => `Detained since ${d}`,
    charges: (c) => `Charges: ${c}`,
    whatToDo: 'What to do',
    byPost: 'Letters by post',
    byEmail: 'E-mails',
    postSteps: [
      'Sign each letter in the space under the closing words.',
      'Fold it in three so that the address shows in the envelope window, or stick the label on the envelope.',
      'Stamp it for the country it is going to: letters abroad need international postage.',
      'Post it within a week.',
    ],
    foldHalf: 'Fold it once, in half, so that the address shows in the envelope window, or stick the label on the envelope.',
    foldFlat: 'Put it in the envelope unfolded, with the address in the window, or stick the label on the envelope.',
    envelopePages: 'The envelopes are the last pages of this packet, one for each letter in the same order: print them on your envelopes, or leave them out and use window envelopes.',
    labelPages: 'The labels are on the last pages of this packet, in the same order as the letters: print them on the label sheet and stick each label on its envelope.',
    emailSteps: [
      'Open each .eml file from the packet folder in your mail program.',
      'Read it through, then send it from your own address.',
    ],
    yourLetters: 'Your letters',
    continued: '(continued)',
    columns: { number: 'No.', official: 'To', country: 'Country', how: 'How' },
    post: 'post',
    email: 'e-mail',
    questions: 'Questions?',
    page: (p, n) => `Page ${p} of ${n}`,
  },
  fr: {
    title: (c) => `Lettres pour ${c}`,
    greeting: (v) => (v ? `Bonjour ${v},` : 'Bonjour,'),
    thanks: (n, send) =>
      fr(
        n === 0
          ? 'Merci de prendre la plume ! Ce dossier ne contient pas encore de lettre.'
          : n === 1
            ? `Merci de prendre la plume ! Voici votre lettre, prête à être ${send ? 'envoyée' : 'signée'}.`
            : `Merci de prendre la plume ! Voici vos ${n} lettres, prêtes à être ${send ? 'envoyées' : 'signées'}.`,
      ),
    theCase: 'L’affaire',
    // "le 1er mars", "le 3 mars"; "depuis mars 2021" without a day.
    detained: (d, exact) => (exact ? `En détention depuis le ${d.replace(/^1(?=\s)/, '1er')}` : `En détention depuis ${d}`),
    charges: (c) => fr(`Chefs d’accusation : ${c}`),
    whatToDo: 'Marche à suivre',
    byPost: 'Lettres par la poste',
    byEmail: 'E-mails',
    postSteps: [
      'Signez chaque lettre dans l’espace prévu sous la formule de politesse.',
      'Pliez-la en trois pour que l’adresse apparaisse dans la fenêtre de l’enveloppe, ou collez l’étiquette sur l’enveloppe.',
      fr('Affranchissez-la selon le pays de destination : les lettres pour l’étranger demandent un tarif international.'),
      'Postez-la dans la semaine.',
    ],
    foldHalf: 'Pliez-la en deux pour que l’adresse apparaisse dans la fenêtre de l’enveloppe, ou collez l’étiquette sur l’enveloppe.',
    foldFlat: 'Glissez-la sans la plier dans l’enveloppe, l’adresse dans la fenêtre, ou collez l’étiquette sur l’enveloppe.',
    envelopePages: fr('Les enveloppes sont les dernières pages de ce dossier, une par lettre, dans le même ordre : imprimez-les sur vos enveloppes, ou laissez-les de côté et prenez des enveloppes à fenêtre.'),
    labelPages: fr('Les étiquettes sont sur les dernières pages de ce dossier, dans l’ordre des lettres : imprimez-les sur la planche d’étiquettes et collez chacune sur son enveloppe.'),
    emailSteps: [
      'Ouvrez chaque fichier .eml du dossier dans votre messagerie.',
      'Relisez-le, puis envoyez-le depuis votre propre adresse.',
    ],
    yourLetters: 'Vos lettres',
    continued: '(suite)',
    columns: { number: 'N°', official: 'Destinataire', country: 'Pays', how: 'Envoi' },
    post: 'poste',
    email: 'e-mail',
    questions: fr('Des questions ?'),
    page: (p, n) => `Page ${p} sur ${n}`,
  },
  de: {
    title: (c) => `Briefe für ${c}`,
    greeting: (v) => (v ? `Hallo ${v},` : 'Hallo,'),
    thanks: (n, send) =>
      n === 0
        ? 'danke, dass du schreibst! In diesem Paket sind noch keine Briefe.'
        : n === 1
          ? `danke, dass du schreibst! Hier ist dein Brief, fertig zum ${send ? 'Abschicken' : 'Unterschreiben'}.`
          : `danke, dass du schreibst! Hier sind deine ${n} Briefe, fertig zum ${send ? 'Abschicken' : 'Unterschreiben'}.`,
    theCase: 'Der Fall',
    detained: (d, exact) => (exact ? `In Haft seit dem ${d}` : `In Haft seit ${d}`),
    charges: (c) => `Vorwürfe: ${c}`,
    whatToDo: 'So geht’s',
    byPost: 'Briefe per Post',
    byEmail: 'E-Mails',
    postSteps: [
      'Unterschreibe jeden Brief im freien Platz unter der Grußformel.',
      'Falte ihn dreifach, sodass die Anschrift im Sichtfenster des Umschlags zu sehen ist, oder klebe das Adressetikett auf den Umschlag.',
      'Frankiere ihn für das Zielland: Briefe ins Ausland brauchen Auslandsporto.',
      'Wirf ihn innerhalb einer Woche ein.',
    ],
    foldHalf: 'Falte ihn einmal in der Mitte, sodass die Anschrift im Sichtfenster des Umschlags zu sehen ist, oder klebe das Adressetikett auf den Umschlag.',
    foldFlat: 'Stecke ihn ungefaltet in den Umschlag, die Anschrift im Sichtfenster, oder klebe das Adressetikett auf den Umschlag.',
    envelopePages: 'Die Umschläge sind die letzten Seiten dieser Mappe, einer pro Brief in derselben Reihenfolge: Drucke sie auf deine Umschläge, oder lass sie weg und nimm Fensterumschläge.',
    labelPages: 'Die Adressetiketten sind auf den letzten Seiten dieser Mappe, in der Reihenfolge der Briefe: Drucke sie auf den Etikettenbogen und klebe jedes auf seinen Umschlag.',
    emailSteps: [
      'Öffne jede .eml-Datei aus dem Ordner des Pakets in deinem Mailprogramm.',
      'Lies sie durch und schicke sie dann von deiner eigenen Adresse ab.',
    ],
    yourLetters: 'Deine Briefe',
    continued: '(Fortsetzung)',
    columns: { number: 'Nr.', official: 'An', country: 'Land', how: 'Versand' },
    post: 'Post',
    email: 'E-Mail',
    questions: 'Fragen?',
    page: (p, n) => `Seite ${p} von ${n}`,
  },
  es: {
    title: (c) => `Cartas por ${c}`,
    greeting: (v) => (v ? `Hola, ${v}:` : 'Hola:'),
    thanks: (n, send) =>
      n === 0
        ? '¡Gracias por escribir! Este paquete todavía no tiene cartas.'
        : n === 1
          ? `¡Gracias por escribir! Aquí tienes tu carta, lista para ${send ? 'enviar' : 'firmar'}.`
          : `¡Gracias por escribir! Aquí tienes tus ${n} cartas, listas para ${send ? 'enviar' : 'firmar'}.`,
    theCase: 'El caso',
    detained: (d, exact) => (exact ? `En prisión desde el ${d}` : `En prisión desde ${d}`),
    charges: (c) => `Cargos: ${c}`,
    whatToDo: 'Qué hacer',
    byPost: 'Cartas por correo postal',
    byEmail: 'Correos electrónicos',
    postSteps: [
      'Firma cada carta en el espacio que hay debajo de la despedida.',
      'Dóblala en tres para que la dirección se vea por la ventanilla del sobre, o pega la etiqueta en el sobre.',
      'Ponle el franqueo que corresponde al país de destino: las cartas al extranjero llevan franqueo internacional.',
      'Échala al correo antes de que pase una semana.',
    ],
    foldHalf: 'Dóblala por la mitad para que la dirección se vea por la ventanilla del sobre, o pega la etiqueta en el sobre.',
    foldFlat: 'Métela sin doblar en el sobre, con la dirección en la ventanilla, o pega la etiqueta en el sobre.',
    envelopePages: 'Los sobres son las últimas páginas de este paquete, uno por carta y en el mismo orden: imprímelos en tus sobres, o sáltatelos y usa sobres con ventana.',
    labelPages: 'Las etiquetas están en las últimas páginas de este paquete, en el orden de las cartas: imprímelas en la hoja de etiquetas y pega cada una en su sobre.',
    emailSteps: [
      'Abre cada archivo .eml de la carpeta del paquete en tu programa de correo.',
      'Revísalo y envíalo desde tu propia dirección.',
    ],
    yourLetters: 'Tus cartas',
    continued: '(continuación)',
    columns: { number: 'N.º', official: 'Para', country: 'País', how: 'Envío' },
    post: 'correo postal',
    email: 'correo electrónico',
    questions: '¿Preguntas?',
    page: (p, n) => `Página ${p} de ${n}`,
  },
  pt: {
    title: (c) => `Cartas por ${c}`,
    greeting: (v) => (v ? `Olá, ${v}!` : 'Olá!'),
    thanks: (n, send) =>
      n === 0
        ? 'Obrigado por escrever! Este pacote ainda não tem cartas.'
        : n === 1
          ? `Obrigado por escrever! Aqui está a sua carta, pronta para você ${send ? 'enviar' : 'assinar'}.`
          : `Obrigado por escrever! Aqui estão as suas ${n} cartas, prontas para você ${send ? 'enviar' : 'assinar'}.`,
    theCase: 'O caso',
    detained: (d) => `Na prisão desde ${d}`,
    charges: (c) => `Acusações: ${c}`,
    whatToDo: 'O que fazer',
    byPost: 'Cartas pelo correio',
    byEmail: 'E-mails',
    postSteps: [
      'Assine cada carta no espaço abaixo da despedida.',
      'Dobre-a em três para que o endereço apareça na janela do envelope, ou cole a etiqueta no envelope.',
      'Ponha o selo para o país de destino: cartas para o exterior precisam de porte internacional.',
      'Envie-a pelo correio em até uma semana.',
    ],
    foldHalf: 'Dobre-a uma vez, ao meio, para que o endereço apareça na janela do envelope, ou cole a etiqueta no envelope.',
    foldFlat: 'Coloque-a no envelope sem dobrar, com o endereço na janela, ou cole a etiqueta no envelope.',
    envelopePages: 'Os envelopes são as últimas páginas deste pacote, um para cada carta, na mesma ordem: imprima-os nos seus envelopes, ou deixe-os de lado e use envelopes com janela.',
    labelPages: 'As etiquetas estão nas últimas páginas deste pacote, na ordem das cartas: imprima-as na folha de etiquetas e cole cada uma no seu envelope.',
    emailSteps: [
      'Abra cada arquivo .eml da pasta do pacote no seu programa de e-mail.',
      'Revise-o e envie-o do seu próprio endereço.',
    ],
    yourLetters: 'Suas cartas',
    continued: '(continuação)',
    columns: { number: 'N.º', official: 'Para', country: 'País', how: 'Envio' },
    post: 'correio',
    email: 'e-mail',
    questions: 'Dúvidas?',
    page: (p, n) => `Página ${p} de ${n}`,
  },
  ru: {
    title: (c) => `Письма по делу: ${c}`,
    greeting: (v) => (v ? `Здравствуйте, ${v}!` : 'Здравствуйте!'),
    thanks: (n, send) => {
      const verb = send ? 'отправить' : 'подписать';
      if (n === 0) return 'Спасибо за участие! В этом пакете пока нет писем.';
      if (n === 1) return `Спасибо за участие! Вот ваше письмо — осталось только его ${verb}.`;
      const noun = { one: 'письмо', few: 'письма', many: 'писем' }[RU_PLURAL.select(n) as 'one' | 'few' | 'many'] ?? 'письма';
      return `Спасибо за участие! Вот ${n}${NBSP}${noun} — осталось только их ${verb}.`;
    },
    theCase: 'О деле',
    // "с 3 марта 2021 г."; a month alone would need the genitive: name the date instead.
    detained: (d, exact) => (exact ? `Под стражей с ${d}` : `Дата задержания: ${d}`),
    charges: (c) => `Обвинения: ${c}`,
    whatToDo: 'Что нужно сделать',
    byPost: 'Письма по почте',
    byEmail: 'Электронные письма',
    postSteps: [
      'Подпишите каждое письмо: место для подписи оставлено под заключительной фразой.',
      'Сложите письмо втрое, чтобы адрес был виден в окошке конверта, или наклейте на конверт этикетку с адресом.',
      'Наклейте марки по тарифу страны назначения: для писем за границу нужен международный тариф.',
      'Отправьте письмо в течение недели.',
    ],
    foldHalf: 'Сложите письмо пополам, чтобы адрес был виден в окошке конверта, или наклейте на конверт этикетку с адресом.',
    foldFlat: 'Вложите письмо в конверт не складывая, адресом к окошку, или наклейте на конверт этикетку с адресом.',
    envelopePages: 'Конверты — последние страницы этого пакета, по одному на письмо, в том же порядке: напечатайте их на конвертах или пропустите и возьмите конверты с окошком.',
    labelPages: 'Наклейки — на последних страницах этого пакета, в порядке писем: напечатайте их на листе наклеек и наклейте каждую на свой конверт.',
    emailSteps: [
      'Откройте каждый файл .eml из папки пакета в своей почтовой программе.',
      'Проверьте письмо и отправьте его со своего адреса.',
    ],
    yourLetters: 'Ваши письма',
    continued: '(продолжение)',
    columns: { number: '№', official: 'Кому', country: 'Страна', how: 'Как' },
    post: 'почтой',
    email: 'эл. почтой',
    questions: 'Есть вопросы?',
    page: (p, n) => `Стр. ${p} из ${n}`,
  },
  it: {
    title: (c) => `Lettere per ${c}`,
    greeting: (v) => (v ? `Ciao ${v},` : 'Ciao,'),
    thanks: (n, send) =>
      n === 0
        ? 'grazie di scrivere! Questo pacchetto non contiene ancora lettere.'
        : n === 1
          ? `grazie di scrivere! Ecco la tua lettera, pronta da ${send ? 'inviare' : 'firmare'}.`
          : `grazie di scrivere! Ecco le tue ${n} lettere, pronte da ${send ? 'inviare' : 'firmare'}.`,
    theCase: 'Il caso',
    // "dal 3 marzo", "dall'8 marzo", "dall'11 marzo"; "da marzo 2021" without a day.
    detained: (d, exact) => (exact ? (/^(8|11)\s/.test(d) ? `In carcere dall’${d}` : `In carcere dal ${d}`) : `In carcere da ${d}`),
    charges: (c) => `Accuse: ${c}`,
    whatToDo: 'Cosa fare',
    byPost: 'Lettere per posta',
    byEmail: 'E-mail',
    postSteps: [
      'Firma ogni lettera nello spazio sotto la formula di chiusura.',
      'Piegala in tre in modo che l’indirizzo si veda dalla finestra della busta, oppure incolla l’etichetta sulla busta.',
      'Affrancala per il paese di destinazione: per l’estero serve l’affrancatura internazionale.',
      'Spediscila entro una settimana.',
    ],
    foldHalf: 'Piegala a metà in modo che l’indirizzo si veda dalla finestra della busta, oppure incolla l’etichetta sulla busta.',
    foldFlat: 'Inseriscila nella busta senza piegarla, con l’indirizzo nella finestra, oppure incolla l’etichetta sulla busta.',
    envelopePages: 'Le buste sono le ultime pagine di questo pacchetto, una per lettera e nello stesso ordine: stampale sulle tue buste, oppure saltale e usa buste a finestra.',
    labelPages: 'Le etichette sono nelle ultime pagine di questo pacchetto, nell’ordine delle lettere: stampale sul foglio di etichette e incolla ciascuna sulla sua busta.',
    emailSteps: [
      'Apri ogni file .eml della cartella del pacchetto nel tuo programma di posta.',
      'Rileggilo e invialo dal tuo indirizzo.',
    ],
    yourLetters: 'Le tue lettere',
    continued: '(continua)',
    columns: { number: 'N.', official: 'A', country: 'Paese', how: 'Invio' },
    post: 'posta',
    email: 'e-mail',
    questions: 'Domande?',
    page: (p, n) => `Pagina ${p} di ${n}`,
  },
  nl: {
    title: (c) => `Brieven voor ${c}`,
    greeting: (v) => (v ? `Beste ${v},` : 'Hallo,'),
    thanks: (n, send) =>
      n === 0
        ? 'bedankt dat je schrijft! Er zitten nog geen brieven in dit pakket.'
        : n === 1
          ? `bedankt dat je schrijft! Hier is je brief, klaar om te ${send ? 'versturen' : 'ondertekenen'}.`
          : `bedankt dat je schrijft! Hier zijn je ${n} brieven, klaar om te ${send ? 'versturen' : 'ondertekenen'}.`,
    theCase: 'De zaak',
    detained: (d) => `In hechtenis sinds ${d}`,
    charges: (c) => `Aanklacht: ${c}`,
    whatToDo: 'Wat je moet doen',
    byPost: 'Brieven per post',
    byEmail: 'E-mails',
    postSteps: [
      'Onderteken elke brief in de ruimte onder de slotgroet.',
      'Vouw hem in drieën zodat het adres in het venster van de envelop te zien is, of plak het etiket op de envelop.',
      'Frankeer hem voor het land van bestemming: brieven naar het buitenland hebben internationale postzegels nodig.',
      'Post hem binnen een week.',
    ],
    foldHalf: 'Vouw hem één keer dubbel zodat het adres in het venster van de envelop te zien is, of plak het etiket op de envelop.',
    foldFlat: 'Steek hem ongevouwen in de envelop, met het adres in het venster, of plak het etiket op de envelop.',
    envelopePages: 'De enveloppen zijn de laatste pagina’s van dit pakket, één per brief in dezelfde volgorde: print ze op je enveloppen, of sla ze over en gebruik vensterenveloppen.',
    labelPages: 'De etiketten staan op de laatste pagina’s van dit pakket, in de volgorde van de brieven: print ze op het etikettenvel en plak elk etiket op zijn envelop.',
    emailSteps: [
      'Open elk .eml-bestand uit de map van het pakket in je e-mailprogramma.',
      'Lees het na en verstuur het vanaf je eigen adres.',
    ],
    yourLetters: 'Je brieven',
    continued: '(vervolg)',
    columns: { number: 'Nr.', official: 'Aan', country: 'Land', how: 'Hoe' },
    post: 'post',
    email: 'e-mail',
    questions: 'Vragen?',
    page: (p, n) => `Pagina ${p} van ${n}`,
  },
};

// European Portuguese: no "você", "ficheiro" for "arquivo", "estrangeiro" for "exterior".
WORDING['pt-pt'] = {
  ...WORDING.pt!,
  thanks: (n, send) =>
    n === 0
      ? 'Obrigado por escrever! Este pacote ainda não tem cartas.'
      : n === 1
        ? `Obrigado por escrever! Aqui está a sua carta, pronta a ${send ? 'enviar' : 'assinar'}.`
        : `Obrigado por escrever! Aqui estão as suas ${n} cartas, prontas a ${send ? 'enviar' : 'assinar'}.`,
  postSteps: [
    'Assine cada carta no espaço por baixo da despedida.',
    'Dobre-a em três para que a morada apareça na janela do envelope, ou cole a etiqueta no envelope.',
    'Ponha-lhe o selo para o país de destino: as cartas para o estrangeiro precisam de franquia internacional.',
    'Envie-a pelo correio no prazo de uma semana.',
  ],
  foldHalf: 'Dobre-a uma vez, ao meio, para que a morada apareça na janela do envelope, ou cole a etiqueta no envelope.',
  foldFlat: 'Meta-a no envelope sem a dobrar, com a morada na janela, ou cole a etiqueta no envelope.',
  emailSteps: [
    'Abra cada ficheiro .eml da pasta do pacote no seu programa de correio eletrónico.',
    'Reveja-o e envie-o a partir do seu próprio endereço.',
  ],
  yourLetters: 'As suas cartas',
};

const RU_PLURAL = new Intl.PluralRules('ru');

/** The languages with their own wording (a language, or a language and region: "pt-pt"); any other language gets English. */
export function coverLanguages(): string[] {
  return Object.keys(WORDING);
}

const TITLE_SIZE = 16;
const HEADING_SIZE = 12;
const SMALL = 9;
const TABLE_HEAD_SIZE = 9.5;
const PARAGRAPH_GAP = 6.5;
const SECTION_GAP = 7 * MM;
const STEP_INDENT = 6 * MM;
const COLUMN_GAP = 4 * MM;
const CELL_PAD = 1.6 * MM;
/** Room kept free between the last line of content and the footer. */
const FOOTER_GAP = 5 * MM;

/** Text descends at most this far below its baseline (DejaVu: 0.236 em), with a little to spare. */
const DESCENT = 0.25;

/**
 * A unit of the flow: items relative to its top (y = 0), `height` tall. Blocks in a chain of
 * `keepWithNext` move to a new page together; a block taller than a page is cut between lines.
 */
interface Block {
  items: PageItem[];
  height: number;
  gapBefore: number;
  keepWithNext?: boolean;
  /** A row of the letters table: after a page break, the table's heading comes first. */
  tableRow?: boolean;
}

type Line = ReturnType<typeof wrap>[number];

/**
 * Lays out the cover sheet of a signing packet: title and date, a greeting, the case, what to do
 * with the letters, the list of letters (its heading repeated on every page it runs onto), and
 * who to ask at the foot of each page.
 */
export function layoutCoverSheet(sheet: CoverSheet, paper: PaperGeometry, fonts: FontSet): PageItem[][] {
  const tag = sheet.language.replace(/_/g, '-'); // "en_GB" as a spreadsheet may write it
  const own = inLanguage(WORDING, tag);
  const w = own ?? WORDING.en!;
  // Dates in the volunteer's language (and region); English ones when the language has no wording.
  const dateLanguage = own ? tag : 'en-GB';
  const longDate = (value: string): { text: string; exact: boolean } => {
    const d = parseDate(value);
    if (!d) return { text: value, exact: false };
    let text: string;
    try {
      text = formatDate(d, 'long', dateLanguage);
    } catch {
      text = formatDate(d, 'long', own ? tag.split('-')[0]! : 'en-GB'); // a region Intl does not know
    }
    return { text, exact: d.day !== undefined };
  };

  const { left, right, top, bottom } = paper.margin;
  const width = paper.width - left - right;
  const rightEdge = paper.width - right;

  const textItem = (x: number, y: number, text: string, style: FontStyle, size: number, grey = false): TextItem => ({
    type: 'text',
    x,
    y,
    text,
    style,
    size,
    ...(grey ? { grey } : {}),
  });
  /** Baseline of a line of `size` in a line box `height` tall, from its top. */
  const baseline = (height: number, size: number) => (height + 0.7 * size) / 2;
  const drawLine = (items: PageItem[], line: Line, x: number, y: number, size: number, grey: boolean) => {
    let cx = x;
    for (const seg of line) {
      if (seg.text) items.push(textItem(cx, y, seg.text, seg.style, size, grey));
      cx += fonts.width(seg.text, seg.style, size);
    }
  };
  // A French sheet spaces the data it shows as its own words ("sous-commission « Droits de
  // l'homme »" broke after "«": a user trial).
  const french = own !== undefined && /^fr\b/i.test(tag);
  const wrapText = (text: string, style: FontStyle, lineWidth: number, size: number) =>
    wrap([{ text: french ? fr(text) : text, bold: style === 'bold' || style === 'boldItalic', italic: style === 'italic' || style === 'boldItalic' }], lineWidth, size, fonts);

  /**
   * A paragraph as one block per line: no first line alone at the foot of a page, no last
   * line alone at the top of the next. `marker` (a step's number) goes before the first line.
   */
  const paragraph = (
    text: string,
    opts: { style?: FontStyle; size?: number; lineHeight?: number; grey?: boolean; gapBefore?: number; indent?: number; marker?: string; keepLast?: boolean },
  ): Block[] => {
    const style = opts.style ?? 'regular';
    const size = opts.size ?? BODY_SIZE;
    const lineHeight = opts.lineHeight ?? (size === BODY_SIZE ? BODY_LEADING : leading(size) * 1.1);
    const indent = opts.indent ?? 0;
    const lines: Line[] = [];
    // Any run of white space is one space; but not no-break spaces: those keep a number with its word.
    const t = text.replace(/[ \t\r\n\f\v]+/g, ' ').trim();
    if (t) lines.push(...wrapText(t, style, width - indent, size));
    return lines.map((line, i) => {
      const items: PageItem[] = [];
      const y = baseline(lineHeight, size);
      if (i === 0 && opts.marker) items.push(textItem(left, y, opts.marker, 'regular', size, opts.grey));
      drawLine(items, line, left + indent, y, size, opts.grey ?? false);
      return {
        items,
        height: lineHeight,
        gapBefore: i === 0 ? (opts.gapBefore ?? PARAGRAPH_GAP) : 0,
        keepWithNext: (i === 0 && lines.length > 1) || i === lines.length - 2 || (!!opts.keepLast && i === lines.length - 1),
      };
    });
  };
  const heading = (text: string, gapBefore = SECTION_GAP): Block[] =>
    paragraph(text, { style: 'bold', size: HEADING_SIZE, gapBefore, keepLast: true });

  const flow: Block[] = [];

  // 1. Title and date.
  flow.push(...paragraph(w.title(sheet.caseName), { style: 'bold', size: TITLE_SIZE, gapBefore: 0, keepLast: true }));
  flow.push(...paragraph([longDate(sheet.date).text, countryNameIn(sheet.country, dateLanguage)].filter(Boolean).join(' · '), { size: SMALL, grey: true, gapBefore: 1 }));

  // 2. Greeting and thanks.
  flow.push(...paragraph(w.greeting(greetingName(own ? tag : 'en', sheet.volunteer, sheet.firstName)), { gapBefore: 6 * MM, keepLast: true }));
  flow.push(...paragraph(w.thanks(sheet.letters.length, sheet.letters.length > 0 && sheet.letters.every((l) => l.channel === 'email')), { gapBefore: PARAGRAPH_GAP }));

  // 3. The case.
  const detained = sheet.detained?.trim() ? longDate(sheet.detained.trim()) : undefined;
  const charges = sheet.charges?.trim();
  const summary = sheet.summary?.trim();
  if (summary || detained || charges) {
    flow.push(...heading(w.theCase));
    let gap = 2;
    // The summary's paragraphs are the ones its text separates with a blank line.
    for (const part of summary?.split(/\r?\n[ \t]*\r?\n/) ?? []) {
      if (!part.trim()) continue;
      flow.push(...paragraph(part, { gapBefore: gap }));
      gap = PARAGRAPH_GAP;
    }
    if (detained) {
      flow.push(...paragraph(w.detained(detained.text, detained.exact), { gapBefore: gap }));
      gap = 0;
    }
    if (charges) flow.push(...paragraph(w.charges(charges), { gapBefore: gap }));
  }

  // 4. What to do.
  const byPost = sheet.letters.some((l) => l.channel === 'post');
  const byEmail = sheet.letters.some((l) => l.channel === 'email');
  if (byPost || byEmail) {
    flow.push(...heading(w.whatToDo));
    let first = true;
    // Each list numbered from 1: the two are done separately, each under its lead-in.
    const steps = (lead: string | undefined, texts: string[]) => {
      if (lead) flow.push(...paragraph(lead, { style: 'italic', gapBefore: first ? 2 : PARAGRAPH_GAP, keepLast: true }));
      texts.forEach((t, i) => {
        flow.push(...paragraph(t, { indent: STEP_INDENT, marker: `${i + 1}.`, gapBefore: i === 0 && !lead ? 2 : 3 }));
      });
      first = false;
    };
    const both = byPost && byEmail;
    const fold = sheet.fold === 'half' ? w.foldHalf : sheet.fold === 'flat' ? w.foldFlat : undefined;
    const post = fold ? w.postSteps.map((t, i) => (i === 1 ? fold : t)) : [...w.postSteps];
    if (sheet.ends) post.splice(2, 0, sheet.ends === 'labels' ? w.labelPages : w.envelopePages);
    // With envelopes and no labels, the folding step's ", or stick the label on the envelope" goes.
    if (sheet.ends === 'envelopes') post[1] = post[1]!.replace(OR_LABEL, '.');
    if (byPost) steps(both ? w.byPost : undefined, post);
    if (byEmail) steps(both ? w.byEmail : undefined, w.emailSteps);
  }

  // 5. The letters, as a table whose heading repeats on each page it runs onto.
  let tableHeading: Block[] = [];
  if (sheet.letters.length > 0) {
    const table = lettersTable(sheet.letters, left, width);
    tableHeading = [...heading(`${w.yourLetters} ${w.continued}`, 0), table.header];
    flow.push(...heading(w.yourLetters));
    flow.push({ ...table.header, keepWithNext: true });
    flow.push(...table.rows.map((r) => ({ ...r, tableRow: true })));
  }

  // 6. The footer: who to ask (left), the page number (right) when there is more than one page.
  const who = [sheet.groupName?.trim(), sheet.groupEmail?.trim()].filter(Boolean).join(' · ');
  const pageLabelRoom = fonts.width(w.page(99, 99), 'regular', SMALL) + COLUMN_GAP;
  const footerLines = who ? wrapText(`${w.questions} ${who}`, 'regular', width - pageLabelRoom, SMALL) : [];
  const footerBaseline = paper.height - bottom - DESCENT * SMALL;
  const footerTop = footerBaseline - SMALL - (footerLines.length - 1) * leading(SMALL) - 2 * MM; // above the first line's accents
  const contentBottom = footerLines.length > 0 ? footerTop - FOOTER_GAP : paper.height - bottom - FOOTER_GAP / 2;

  const pages = paginate(flow, tableHeading, top, contentBottom);

  pages.forEach((page, i) => {
    footerLines.forEach((line, k) => {
      drawLine(page, line, left, footerBaseline - (footerLines.length - 1 - k) * leading(SMALL), SMALL, true);
    });
    if (pages.length > 1) {
      const label = w.page(i + 1, pages.length);
      page.push(textItem(rightEdge - fonts.width(label, 'regular', SMALL), footerBaseline, label, 'regular', SMALL, true));
    }
  });
  return pages;

  function lettersTable(letters: CoverLetterLine[], x: number, width: number): { header: Block; rows: Block[] } {
    const numberWidth =
      Math.max(fonts.width(w.columns.number, 'bold', TABLE_HEAD_SIZE), ...letters.map((l) => fonts.width(`${l.number}`, 'regular', BODY_SIZE))) + 1;
    const rest = width - numberWidth - 3 * COLUMN_GAP;
    const cols = {
      number: { x, width: numberWidth },
      official: { x: x + numberWidth + COLUMN_GAP, width: rest * 0.42 },
      country: { x: 0, width: rest * 0.2 },
      how: { x: 0, width: 0 },
    };
    cols.country.x = cols.official.x + cols.official.width + COLUMN_GAP;
    cols.how.x = cols.country.x + cols.country.width + COLUMN_GAP;
    cols.how.width = x + width - cols.how.x;

    const headerHeight = leading(TABLE_HEAD_SIZE) + 2 * CELL_PAD;
    const headerItems: PageItem[] = [];
    const hy = CELL_PAD + baseline(leading(TABLE_HEAD_SIZE), TABLE_HEAD_SIZE);
    for (const key of ['number', 'official', 'country', 'how'] as const) {
      // Header cells are short words; wrap anyway so nothing can overrun its column.
      const line = wrapText(w.columns[key], 'bold', cols[key].width, TABLE_HEAD_SIZE)[0];
      if (!line) continue;
      // "No." right-aligned over the numbers.
      const lineWidth = line.reduce((sum, seg) => sum + fonts.width(seg.text, seg.style, TABLE_HEAD_SIZE), 0);
      drawLine(headerItems, line, key === 'number' ? cols.number.x + cols.number.width - lineWidth : cols[key].x, hy, TABLE_HEAD_SIZE, false);
    }
    headerItems.push({ type: 'rule', x1: x, y1: headerHeight, x2: x + width, y2: headerHeight });
    const header: Block = { items: headerItems, height: headerHeight, gapBefore: 2 };

    /** A cell: lines of a main text and an optional grey second text under it. */
    const cell = (items: PageItem[], col: { x: number; width: number }, main: Line[], sub: Line[]): number => {
      let y = CELL_PAD;
      for (const line of main) {
        drawLine(items, line, col.x, y + baseline(BODY_LEADING, BODY_SIZE), BODY_SIZE, false);
        y += BODY_LEADING;
      }
      for (const line of sub) {
        drawLine(items, line, col.x, y + baseline(leading(SMALL), SMALL), SMALL, true);
        y += leading(SMALL);
      }
      return y + CELL_PAD;
    };
    const rows = letters.map((l): Block => {
      const items: PageItem[] = [];
      const num = `${l.number}`;
      const numberLine: Line = [{ text: num, style: 'regular' }];
      const heights = [
        // Numbers right-aligned in their column.
        cell(items, { x: cols.number.x + cols.number.width - fonts.width(num, 'regular', BODY_SIZE), width: 0 }, [numberLine], []),
        cell(items, cols.official, wrapText(l.official, 'regular', cols.official.width, BODY_SIZE), l.position?.trim() ? wrapText(l.position.trim(), 'regular', cols.official.width, SMALL) : []),
        cell(items, cols.country, wrapText(countryNameIn(l.country, dateLanguage), 'regular', cols.country.width, BODY_SIZE), []),
        l.channel === 'post'
          ? cell(items, cols.how, wrapText(w.post, 'regular', cols.how.width, BODY_SIZE), [])
          : cell(items, cols.how, wrapText(w.email, 'regular', cols.how.width, BODY_SIZE), l.email?.trim() ? addressLines(l.email.trim(), cols.how.width, SMALL) : []),
      ];
      const height = Math.max(...heights);
      items.push({ type: 'rule', x1: x, y1: height, x2: x + width, y2: height });
      return { items, height, gapBefore: 0 };
    });
    return { header, rows };
  }

  /**
   * An e-mail address on as few lines as fit: broken after the @ first, then before dots, and
   * only where it must when a piece is still too long.
   */
  function addressLines(address: string, lineWidth: number, size: number): Line[] {
    const fits = (t: string) => fonts.width(t, 'regular', size) <= lineWidth;
    if (fits(address)) return [[{ text: address, style: 'regular' }]];
    const at = address.lastIndexOf('@');
    const halves = at > 0 ? [address.slice(0, at + 1), address.slice(at + 1)] : [address];
    const out: string[] = [];
    for (const half of halves) {
      let current = '';
      for (const piece of half.split(/(?=\.)/)) {
        if (fits(current + piece)) {
          current += piece;
          continue;
        }
        if (current) out.push(current);
        current = piece;
        if (!fits(piece)) {
          const cut = wrapText(piece, 'regular', lineWidth, size).map((l) => l.map((seg) => seg.text).join(''));
          out.push(...cut.slice(0, -1));
          current = cut[cut.length - 1] ?? '';
        }
      }
      if (current) out.push(current);
    }
    return out.map((text) => [{ text, style: 'regular' }]);
  }
}

/**
 * Places the blocks on pages between `top` and `bottom`. A chain of blocks that must stay together
 * moves to a new page whole when it fits on one; a table row that lands on a new page brings the
 * table's heading with it.
 */
function paginate(flow: Block[], tableHeading: Block[], top: number, bottom: number): PageItem[][] {
  const pages: PageItem[][] = [];
  let page: PageItem[] = [];
  let y = top;
  let atTop = true;
  /** Nothing of the flow on this page yet (a repeated table heading does not count). */
  let fresh = true;
  const place = (block: Block, at: number) => {
    for (const item of block.items) {
      page.push(item.type === 'text' ? { ...item, y: item.y + at } : { ...item, y1: item.y1 + at, y2: item.y2 + at });
    }
  };
  const headingHeight = tableHeading.reduce((h, b, i) => h + b.height + (i === 0 ? 0 : b.gapBefore), 0);
  const newPage = (forTable: boolean) => {
    pages.push((page = []));
    y = top;
    atTop = true;
    fresh = true;
    if (forTable) {
      for (const b of tableHeading) {
        if (!atTop) y += b.gapBefore;
        place(b, y);
        y += b.height;
        atTop = false;
      }
    }
  };
  pages.push(page);
  const capacity = (b: Block) => bottom - top - (b.tableRow ? headingHeight : 0);

  for (let i = 0; i < flow.length; ) {
    let j = i;
    while (j < flow.length - 1 && flow[j]!.keepWithNext) j++;
    const chain = flow.slice(i, j + 1);
    const extent = chain.reduce((h, b, k) => h + b.height + (k === 0 ? 0 : b.gapBefore), 0);
    const gap = atTop ? 0 : chain[0]!.gapBefore;
    if (!fresh && y + gap + extent > bottom && extent <= capacity(chain[0]!)) {
      newPage(!!chain[0]!.tableRow);
    }
    for (const first of chain) {
      let block: Block | undefined = first;
      while (block) {
        const g = atTop ? 0 : block.gapBefore;
        if (y + g + block.height <= bottom) {
          place(block, y + g);
          y += g + block.height;
          atTop = fresh = false;
          block = undefined;
        } else if (block.height <= capacity(block) && !fresh) {
          newPage(!!block.tableRow);
        } else {
          // Taller than a whole page: it starts right here, cut between lines, as much as fits.
          const parts = cut(block, bottom - y - g, fresh);
          if (!parts) {
            newPage(!!block.tableRow);
            continue;
          }
          const [head, tail] = parts;
          place(head, y + g);
          y += g + head.height;
          atTop = fresh = false;
          block = tail;
        }
      }
    }
    i = j + 1;
  }
  return pages;
}

/**
 * Splits a block at `room`: what lies wholly above it stays, the rest moves up to a new block.
 * When nothing fits: undefined, or with `force` (a fresh page) the first line regardless.
 */
function cut(block: Block, room: number, force: boolean): [Block, Block | undefined] | undefined {
  const extent = (item: PageItem) => (item.type === 'text' ? { top: item.y - item.size, bottom: item.y + DESCENT * item.size } : { top: item.y1, bottom: item.y1 });
  let stay = block.items.filter((it) => extent(it).bottom <= room);
  let move = block.items.filter((it) => extent(it).bottom > room);
  if (stay.length === 0) {
    if (!force) return undefined;
    // Not even one line fits on a fresh page (a line taller than the page): keep the first line regardless.
    const firstTop = Math.min(...move.map((it) => extent(it).top));
    stay = move.filter((it) => extent(it).top === firstTop);
    move = move.filter((it) => extent(it).top !== firstTop);
  }
  const stayHeight = Math.min(room, Math.max(...stay.map((it) => extent(it).bottom)) + 2);
  if (move.length === 0) return [{ ...block, items: stay }, undefined];
  const shift = Math.max(0, Math.min(...move.map((it) => extent(it).top)) - 2);
  const moved = move.map((it): PageItem => (it.type === 'text' ? { ...it, y: it.y - shift } : { ...it, y1: it.y1 - shift, y2: it.y2 - shift }));
  return [
    { ...block, items: stay, height: stayHeight },
    { ...block, items: moved, height: block.height - shift, gapBefore: 0 },
  ];
}
