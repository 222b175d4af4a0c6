import { editDistance } from '../suggest.js';
import { ARABIC, NOT_ASCII } from './script.js';

/**
 * One person's name written in other ways: in Cyrillic or in Latin letters ("Андрей Швед",
 * "Andrej Schwed"), transliterated from Belarusian or from Russian ("Kubrakou", "Kubrakov"), in
 * German or English ("Iwan", "Ivan"; "Schäfer", "Schaefer"). A coordinator corrects such a
 * spelling between runs, and lists are merged from sources that spell differently: the same
 * official must not get a second letter for it.
 */

/** Russian, Belarusian and Ukrainian letters in Latin ones (as the usual transliterations mostly agree). */
const CYRILLIC: Record<string, string> = Object.fromEntries(
  Object.entries({
    a: 'а', b: 'б', v: 'в', g: 'гґ', d: 'д', e: 'еёэ', ie: 'є', zh: 'ж', z: 'з', i: 'иіїй', k: 'к', l: 'л', m: 'м', n: 'н',
    o: 'о', p: 'п', r: 'р', s: 'с', t: 'т', u: 'уў', f: 'ф', kh: 'х', ts: 'ц', ch: 'ч', sh: 'ш', shch: 'щ', y: 'ы', iu: 'ю', ia: 'я', '': 'ъь',
  }).flatMap(([latin, letters]) => [...letters].map((c) => [c, latin])),
);

/** Greek letters in Latin ones, as names are written in passports (ELOT 743), accents taken off first. */
export const GREEK: Record<string, string> = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n',
  ξ: 'x', ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o',
};

/**
 * ELOT 743's pairs of Greek letters written as one sound, in text without accents, as passports
 * write them: μπ, ντ and γκ are b, d and g at the start of a word and mp, nt, gk within
 * ("Κωνσταντίνος" is "Konstantinos", a review's catch), γγ ng, ου ou, and αυ, ευ, ηυ av, ev, iv
 * (af, ef, if before a voiceless consonant or at the end: "Ευάγγελος" is "Evangelos",
 * "Ευθύμιος" "Efthymios").
 */
function greekDigraphs(text: string): string {
  // (Written with escapes: the command line's bundle stays all ASCII, see src/load.ts.)
  return text
    .replace(/(^|[^\p{L}])\u03bc\u03c0/gu, '$1b') // μπ
    .replace(/(^|[^\p{L}])\u03bd\u03c4/gu, '$1d') // ντ
    .replace(/(^|[^\p{L}])\u03b3\u03ba/gu, '$1g') // γκ
    .replace(/\u03bc\u03c0/g, 'mp')
    .replace(/\u03bd\u03c4/g, 'nt')
    .replace(/\u03b3\u03b3/g, 'ng') // γγ
    .replace(/\u03b3\u03ba/g, 'gk') // γκ
    .replace(/\u03bf\u03c5/g, 'ou') // ου
    // αυ, ευ, ηυ before θ κ ξ π σ ς τ φ χ ψ, or at the end
    .replace(/([\u03b1\u03b5\u03b7])\u03c5(?=[\u03b8\u03ba\u03be\u03c0\u03c3\u03c2\u03c4\u03c6\u03c7\u03c8]|[^\p{L}]|$)/gu, (_, v: string) => `${GREEK[v]}f`)
    .replace(/([\u03b1\u03b5\u03b7])\u03c5/g, (_, v: string) => `${GREEK[v]}v`);
}

/** Latin letters with no accent to take off ("Đặng" is "Dang", "Łukasz" "Lukasz", "Yıldız" "Yildiz"). */
const PLAIN: Record<string, string> = { đ: 'd', ł: 'l', ø: 'o', ı: 'i', ħ: 'h', ŧ: 't', ð: 'd', þ: 'th', æ: 'ae', œ: 'oe' };

/**
 * Text as a comparison reads it: lower case, without accents, and letters with none to take off
 * made plain ("Yıldırım" is "yildirim", "Şahin" "sahin", "Łukasz" "lukasz"): for --where and status.
 */
export function plainLetters(text: string): string {
  let s = '';
  for (const c of text.toLowerCase().replace(/\u00df/g, 'ss')) s += PLAIN[c] ?? c;
  return s.normalize('NFD').replace(/\p{M}/gu, '');
}

/** Spellings of one sound in the transliterations of German, English and Polish, written one way. */
const SAME_SOUND: [RegExp, string][] = [
  [/ts?ch/g, 'ch'], // German "tsch", "tch": ч
  [/sch|sz/g, 'sh'],
  [/cz/g, 'ch'],
  [/w/g, 'v'],
  [/[jy]/g, 'i'],
  [/x/g, 'ks'],
  [/ck/g, 'k'],
  [/ph/g, 'f'],
  [/([aou])e/g, '$1'], // "ae", "oe", "ue" for ä, ö, ü
  [/(?:ou|ow|off|ff)\b/g, 'ov'], // Belarusian "-ou", German "-ow", French "-off" for Russian "-ov"
];

/**
 * A name in plain Latin letters, lower case, words separated by one space, each sound written one
 * way: "Андрей Швед" and "Andrej Schwed" are both "andrei shved".
 */
export function latinName(name: string): string {
  let s = name.toLowerCase();
  // (Called for every row: a name in ASCII has no letter to change before its sounds.)
  if (NOT_ASCII.test(s)) {
    s = s.replace(/[^\0-\x7f]/g, (c) => (c === '\u00df' ? 'ss' : CYRILLIC[c] ?? PLAIN[c] ?? c));
    s = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    // ("Νίκος Παπαδόπουλος" is "Nikos Papadopoulos", "Κώστας Μπακογιάννης" "Kostas Bakogiannis".)
    if (/[\u0370-\u03ff]/.test(s)) s = greekDigraphs(s).replace(/[\u0370-\u03ff]/g, (c) => GREEK[c] ?? c);
  }
  for (const [from, to] of SAME_SOUND) s = s.replace(from, to);
  return (NOT_ASCII.test(s) ? s.replace(/[^\p{L}\p{N}]+/gu, ' ') : s.replace(/[^a-z0-9]+/g, ' ')).trim();
}

/**
 * Whether each word of `part` is a word of `name` or a respelling of one (`sameName`), in Latin
 * letters: "Lukashenko" is in "Аляксандр Лукашэнка", "Papadopoulos" in "Νίκος Παπαδόπουλος".
 */
export function respeltIn(name: string, part: string): boolean {
  const words = latinName(name).split(' ').filter(Boolean);
  const wanted = latinName(part).split(' ').filter(Boolean);
  return wanted.length > 0 && wanted.every((w) => words.some((v) => sameName(w, v)));
}

/**
 * What is left of a name when its spelling does not count: each word's first letter and its
 * consonants, letters doubled once (a number as it is: "Official 11" is not "Official 1"), the
 * words in any order ("Aljaksandr Lukaschenka" and "Alexander
 * Lukashenko" are both "alksndr lkshnk"; q is k, but before i or u (pinyin): "Mahmoud Tawfik" and "Mahmud
 * Tawfiq" are "mhmd tvfk"). Names with the same key are a respelling of each other,
 * or names as close as "Maria" and "Mario", "Mohamed Hassan" and "Mahmoud Hassan": good for
 * asking whether two rows are one official, never for deciding it.
 */
export function nameSounds(name: string): string {
  return soundsOfLatin(latinName(name));
}

/** `nameSounds` of a name already in `latinName`'s letters (a row's keys need both: made once). */
export function soundsOfLatin(latin: string): string {
  return latin
    .replace(/q(?![iu])/g, 'k') // (Arabic's qaf, written q or k: "Tawfiq", "Tawfik"; not pinyin's q, before i or u: "Li Qiang" is not "Li Keqiang")
    .split(' ')
    .filter(Boolean)
    .map((w) => (/\d/.test(w) ? w : (w[0]! + w.slice(1).replace(/[aeiou]/g, '')).replace(/(.)\1+/g, '$1')))
    .sort()
    .join(' ');
}

/**
 * Whether two names are one written in two ways: the same in Latin letters with each sound
 * written one way (`latinName`: "Ivan Kubrakov" for "Iwan Kubrakou", "Andrej Schwed" for "Андрей
 * Швед"). Not "Li Qiang" for "Li Keqiang", nor "Olga Ivanova" for "Oleg Ivanov".
 */
export function sameWriting(a: string, b: string): boolean {
  const x = latinName(a);
  return x !== '' && x === latinName(b);
}

/**
 * Whether two names are one person's, respelt: written the same way (`sameWriting`), or word by
 * word the same or a respelling that keeps the word's first letter (at most a third of its
 * letters, in words of four letters or more, the longer at most a third longer than the shorter,
 * or one letter of the one word that differs, in a
 * word of three written with accents: "Phạm Hùng Tân" for "Phạm Hùng Tâm"; "Olga Piatrova" for "Olga Petrova", "Alexander
 * Lukashenko" for "Aljaksandr Lukaschenka", "Svetlana Tikhanovskaya" for "Sviatlana
 * Tsikhanouskaya"; not "Official 4" for "Official 3", "Pavel Sidorenko" for "Ivan Sidorov", "Li
 * Qiang" for "Li Keqiang", "Olga Ivanova" for "Oleg Ivanov", "Mahmoud Hassan" for "Mohamed Hassan",
 * "Jan Shawky" for "Jan Schakowsky").
 */
export function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  const x = latinName(a);
  const y = latinName(b);
  if (x !== '' && x === y) return true; // (sameWriting)
  const xs = x.split(' ');
  const ys = y.split(' ');
  if (xs.length !== ys.length) return false;
  const other = xs.flatMap((w, i): [string, string][] => (w === ys[i] ? [] : [[w, ys[i]!]]));
  // One letter of one word of three letters or more written with accents, the others the same: a
  // typo corrected in a Vietnamese name ("Phạm Hùng Tân" for "Phạm Hùng Tâm"). Not in words
  // without them: "Wang Yang" is not "Wang Yan", "Li Wen" not "Li Wei", "Ada García" not "Ana García".
  if (xs.length > 1 && other.length === 1) {
    const [w, v] = other[0]!;
    const i = xs.indexOf(w);
    const accented = (name: string) => NOT_ASCII.test(name.split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean)[i] ?? '');
    if (Math.min(w.length, v.length) >= 3 && /^\p{L}+$/u.test(w + v) && w[0] === v[0] && editDistance(w, v) === 1 && accented(a) && accented(b)) return true;
  }
  // The longer word at most a third longer than the shorter: a respelling writes the same sounds
  // in other letters, it does not add a syllable. A third of the longer word's letters alone took
  // "Schakowsky" for "Shawky" ("shakovski", "shavki": three letters dropped of nine), and "Petrovsky"
  // for "Petrov" (a user trial: status showed Mohamed Shawky's letters as Jan Schakowsky's).
  return other.every(([w, v]) => {
    const [short, long] = [Math.min(w.length, v.length), Math.max(w.length, v.length)];
    return short >= 4 && w[0] === v[0] && editDistance(w, v) <= Math.floor(long / 3) && long - short <= Math.floor(short / 3);
  });
}

/**
 * Names in Arabic letters (Arabic, Persian, Urdu) are not written in Latin ones here: their script
 * writes few vowels ("محمدجواد ظریف" is Mohammad Javad Zarif, Mohammad-Javad, Muhammad Jawad...),
 * so no one way of writing it is the name. What a name typed in Latin letters is compared with is
 * its consonants: each Arabic letter as the Latin letters it is written with (ق as q, gh, k or
 * g: "Ghasem", "Qasem"), the letters that are vowels, or may be (ا و ی ع ء), left out as the
 * typed name's vowels are (and w, v, y with them: "Javad" and "Jawad" are j, d). latinName is not
 * changed for them: its keys are recorded in files.
 */
const ARABIC_LETTERS: Record<string, string> = {
  // (Keys in strings, not in a regular expression: the bundle stays all ASCII, see scripts/bundle.mjs.)
  ب: 'b', پ: 'p', ت: 't', ط: 't', ث: 'stT', ج: 'jg', چ: 'C', ح: 'h', خ: 'Xh', د: 'd', ذ: 'zdD', ر: 'r', ز: 'z', ژ: 'Zj',
  س: 's', ص: 's', ش: 'S', ض: 'zdD', ظ: 'zdD', غ: 'Qg', ف: 'f', ق: 'Qkg', ک: 'k', ك: 'k', گ: 'g', ل: 'l', م: 'm', ن: 'n', ه: 'h', ة: 'ht',
  // Urdu's own: ٹ ڈ ڑ, ں (a nasal n), ھ (the h of "bh", "Bhutto"), ہ (its h).
  ٹ: 't', ڈ: 'd', ڑ: 'r', ں: 'n', ھ: 'h', ہ: 'h', ۀ: 'h',
};
/** Arabic letters that are vowels, or may be (alef, waw, yeh, ain, hamza and their forms): left out. */
const ARABIC_VOWELS = new Set([...'اآأإٱءؤئىیيوعۓےۍ']);
/** Letters of a word's end that may not be written in Latin letters: ه, ة, Urdu's ہ and ۀ ("Zade", "Zadeh"). */
const SILENT_AT_END = new Set([...'هةہۀ']);
/**
 * Latin letters that write an Arabic consonant, and pairs that write one ("kh" خ, "sh" ش, "dh" ذ).
 * "ch" is چ in English and Persian ("Araghchi") and ش in French, as the Maghreb writes its names
 * ("Abderrachid", "Chérif"; "dj" ج, "gh" غ, "kh" خ, "ou" و, as the others).
 */
const LATIN_CONSONANTS: [string, string][] = [
  ['tsch', 'C'], ['dzh', 'j'], ['sch', 'S'], ['tch', 'C'], ['sh', 'S'], ['ch', 'C'], ['ch', 'S'], ['kh', 'X'], ['gh', 'Q'], ['zh', 'Z'], ['th', 'T'], ['dh', 'D'], ['ph', 'f'], ['dj', 'j'], ['ck', 'k'],
  ['b', 'b'], ['c', 'k'], ['c', 's'], ['d', 'd'], ['f', 'f'], ['g', 'g'], ['h', 'h'], ['j', 'j'], ['k', 'k'], ['l', 'l'], ['m', 'm'], ['n', 'n'], ['p', 'p'], ['q', 'Q'], ['r', 'r'], ['s', 's'], ['t', 't'], ['x', 'X'], ['z', 'z'],
];
/** Latin letters an Arabic name's consonants are read without: vowels, and w, v, y (و and ی). */
const LATIN_VOWELS = new Set([...'aeiouwvy']);

/**
 * Long vowels a name in Arabic letters writes inside a word, and the Latin vowels (and w, v, y)
 * that write each: و as o, u, ou, w or v ("Mahmoud", "Javad"), ي and ی as i, e or y ("Rachid",
 * "Hussein", "Ayman"), ا as a or e ("Kader", "Michel").
 */
const LONG_VOWELS: Record<string, string> = { و: 'ouwv', ي: 'iey', ی: 'iey', ا: 'ae', آ: 'ae' };

/**
 * One consonant of a name in Arabic letters: the Latin ones it may be written with; `optional`, a
 * letter that may not be written (a final ه, the article's ل); `after`, the long vowels written
 * between it and the consonant before it in its word (see LONG_VOWELS), which a name read
 * strictly has there.
 */
interface ArabicConsonant {
  latin: string;
  optional: boolean;
  after?: string[];
}

/** Whether a text has Arabic letters (Arabic, Persian, Urdu). */
export function inArabicLetters(text: string): boolean {
  return ARABIC.test(text);
}

/**
 * The words of a name in Arabic letters, each as its consonants (vowel signs and tatweel taken
 * off). A Persian word's parts joined by the zero-width non-joiner are one word, each part's
 * end an end ("خامنه‌ای", Khamenei: its ه is not written).
 */
function arabicWords(name: string): ArabicConsonant[][] {
  const text = name.normalize('NFKC').replace(/[\u064b-\u065f\u0670\u0640\u200d]/gu, '');
  return text
    .split(/[^\u0600-\u06ff\u0750-\u077f\u200c]+/u)
    .map((word) =>
      word.split('\u200c').flatMap((part, p) => {
        const letters = [...part];
        // The article's alef: at the word's start, or after عبد or before دين in a name written
        // as one word ("عبدالعزيز", Abdelaziz; "نورالدين", Noureddine).
        const articleAt = (i: number) => letters[i] === '\u0627' && letters[i + 1] === '\u0644' && (i === 0 ? p === 0 : letters.slice(0, i).join('') === ABD || DIN.has(letters.slice(i + 2).join('')));
        let after: string[] = [];
        return letters.flatMap((c, i): ArabicConsonant[] => {
          const latin = ARABIC_LETTERS[c];
          if (!latin || ARABIC_VOWELS.has(c)) {
            // A long vowel inside the word (not its first letter, nor its last: "Tabi", طبي, may end in any).
            if (LONG_VOWELS[c] && i > 0 && i < letters.length - 1 && !articleAt(i)) after.push(LONG_VOWELS[c]!);
            return [];
          }
          // The article ("ال", al-, el-, as-) may be written or not ("Sisi", "el-Sisi"); a final ه or ة too ("Zade", "Zadeh").
          const article = c === '\u0644' && i > 0 && articleAt(i - 1);
          const final = i === letters.length - 1 && SILENT_AT_END.has(c);
          const consonant: ArabicConsonant = { latin, optional: article || final, ...(after.length ? { after } : {}) };
          after = [];
          return [consonant];
        });
      }),
    )
    .filter((w) => w.length > 0);
}
/** عبد and دين, in a name written as one word with the article: "عبدالعزيز", "نورالدين". */
const ABD = '\u0639\u0628\u062f';
const DIN = new Set(['\u062f\u064a\u0646', '\u062f\u06cc\u0646']);

/** A name's words in Latin letters as they are compared with Arabic ones: plain, lower case, letters only. */
function latinWords(text: string): string[] {
  return plainLetters(text)
    .replace(/['\u2018\u2019\u02bb\u02bc\u02be\u02bf`]/gu, '')
    .split(/[^a-z]+/)
    .filter(Boolean);
}

/**
 * Whether Latin letters (`typed`, one run, no spaces) read as these consonants: each consonant
 * written (or, if it may not be, not), in order, with any vowels between; a consonant written
 * twice is one ("Mohammad", محمد), and one Arabic letter written twice over is one too.
 * `strict`: the long vowels written inside a word are the typed vowels before their consonant
 * ("Mahmoud" for محمود, not "Mohamed"; see LONG_VOWELS).
 */
function readsAs(typed: string, consonants: ArabicConsonant[], strict = false): boolean {
  const seen = new Map<number, boolean>();
  /** Whether the typed vowels right before `i` have each long vowel the consonant is written after. */
  const vowelsFit = (i: number, after: string[] | undefined) => {
    if (!strict) return true;
    let from = i;
    while (from > 0 && LATIN_VOWELS.has(typed[from - 1]!)) from--;
    const vowels = typed.slice(from, i);
    // (And a long vowel typed, two letters, where none is written: "Mahmoud" is not محمد, "Hussein" not حسن.)
    if (!after) return vowels.length < 2;
    return after.every((letters) => [...letters].some((v) => vowels.includes(v)));
  };
  const go = (i: number, j: number): boolean => {
    const key = i * 1000 + j;
    const known = seen.get(key);
    if (known !== undefined) return known;
    let ok = false;
    if (i === typed.length && j === consonants.length) ok = true;
    if (!ok && i < typed.length && LATIN_VOWELS.has(typed[i]!)) ok = go(i + 1, j);
    if (!ok && j < consonants.length && consonants[j]!.optional) ok = go(i, j + 1);
    for (const [letters, sound] of LATIN_CONSONANTS) {
      if (ok) break;
      if (!typed.startsWith(letters, i)) continue;
      if (j < consonants.length && consonants[j]!.latin.includes(sound) && vowelsFit(i, consonants[j]!.after)) ok = go(i + letters.length, j + 1);
      // (The one before again: a consonant written twice, "mm", "dd".)
      if (!ok && j > 0 && consonants[j - 1]!.latin.includes(sound)) ok = go(i + letters.length, j);
    }
    seen.set(key, ok);
    return ok;
  };
  return go(0, 0);
}

/** How many consonants a name typed in Latin letters has, as they are read in readsAs ("Zarif" three, "Ali" one). */
export function latinConsonants(typed: string): number {
  let n = 0;
  for (const _ of consonantLetters(typed)) n++;
  return n;
}

/** The consonants of a name typed in Latin letters, each as written ("ch", "kh", "z"), word after word, as readsAs reads them. */
function* consonantLetters(typed: string): Generator<string> {
  for (const word of latinWords(typed)) {
    for (let i = 0; i < word.length; ) {
      if (LATIN_VOWELS.has(word[i]!)) {
        i++;
        continue;
      }
      const [letters] = LATIN_CONSONANTS.find(([l]) => word.startsWith(l, i)) ?? [word[i]!];
      yield letters;
      i += letters.length;
    }
  }
}

/** Consonants of words i..j-1, one after another; two alike side by side are one (a Persian name's words run together: "محمدجواد"). */
function wordRun(words: ArabicConsonant[][], i: number, j: number): ArabicConsonant[] {
  const run: ArabicConsonant[] = [];
  for (const c of words.slice(i, j).flat()) {
    const last = run.at(-1);
    if (last && !last.optional && !c.optional && last.latin === c.latin) continue;
    run.push(c);
  }
  return run;
}

/**
 * How a name in Arabic letters reads a name typed in Latin letters, by its consonants: `whole`,
 * every word of it ("Mohammad Javad Zarif", "Mohammad-Javad Zarif" for "محمدجواد ظریف"); `words`,
 * whole words of it one after another ("Zarif", "Araghchi" for "عباس عراقچی"), or two names or
 * more typed of which the first is the end of a word and the others whole words, or the last the
 * start of one (a Persian name written as one word: "Javad Zarif"); `inside`, a name only inside a
 * word ("Mohammad" in "محمدجواد", but "Hamid" too, in "محمد": one to ask about, never to take);
 * undefined when it does not, or when one of them is not in those letters. Good for finding a
 * person in the records when only one reads so, never for deciding that two names are one: the
 * vowels are not there.
 */
export function arabicReading(name: string, typed: string): 'whole' | 'words' | 'inside' | undefined {
  if (!inArabicLetters(name) || inArabicLetters(typed)) return undefined;
  const words = arabicWords(name);
  const typedWords = latinWords(typed);
  const latin = typedWords.join('');
  if (words.length === 0 || latin === '') return undefined;
  if (readsAs(latin, wordRun(words, 0, words.length))) return 'whole';
  let inside = false;
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 1; j <= words.length; j++) {
      const first = words[i]!;
      const last = words[j - 1]!;
      // From a consonant of the first word to one of the last (the whole of each first).
      for (let from = 0; from < first.length; from++) {
        for (let to = last.length; to >= (j - 1 === i ? from + 1 : 1); to--) {
          const part = from === 0 && to === last.length;
          if (part && i === 0 && j === words.length) continue; // (the whole name, above)
          if (!part && inside && (typedWords.length < 2 || j - i < 2)) continue; // (inside, found already)
          const run = wordRun([first.slice(from, j - 1 === i ? to : undefined), ...words.slice(i + 1, j - 1), ...(j - 1 === i ? [] : [last.slice(0, to)])], 0, j - i);
          if (!readsAs(latin, run)) continue;
          if (part || (typedWords.length >= 2 && j - i >= 2)) return 'words';
          inside = true;
        }
      }
    }
  }
  return inside ? 'inside' : undefined;
}

/**
 * How far a name typed in Latin letters is from a name in Arabic letters, in consonants: the
 * fewest consonants added, dropped or changed for the nearest whole words of it to read as the
 * typed name (0: arabicReading has it). Infinity for a name not in Arabic letters. For "did you
 * mean": "Zarin" is one from "ظریف".
 */
export function arabicDistance(name: string, typed: string): number {
  if (!inArabicLetters(name) || inArabicLetters(typed)) return Infinity;
  const words = arabicWords(name);
  const sounds: string[] = [];
  for (const letters of consonantLetters(typed)) {
    // (Every consonant the letters may write: "ch" is چ or ش, "c" k or s.)
    const sound = LATIN_CONSONANTS.filter(([l]) => l === letters).map(([, s]) => s).join('') || letters;
    if (sounds.at(-1) !== sound) sounds.push(sound);
  }
  let best = Infinity;
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 1; j <= words.length; j++) {
      const run = wordRun(words, i, j);
      // Edit distance, an optional consonant dropped for nothing.
      let row = Array.from({ length: sounds.length + 1 }, (_, k) => k);
      for (const c of run) {
        const next = [row[0]! + (c.optional ? 0 : 1)];
        for (let k = 1; k <= sounds.length; k++) {
          next.push(Math.min(row[k]! + (c.optional ? 0 : 1), next[k - 1]! + 1, row[k - 1]! + ([...sounds[k - 1]!].some((sound) => c.latin.includes(sound)) ? 0 : 1)));
        }
        row = next;
      }
      best = Math.min(best, row[sounds.length]!);
    }
  }
  return best;
}

/**
 * Whether the two names begin and end alike where Arabic writes the vowel: an alif first is a
 * vowel first ("Ahmed" أحمد, not "Hamid"), and a last word ending in ة or alif ends in a vowel,
 * one not so in none ("Nabila" نبيلة, not نبيل; "Samir" سمير, not "Samira").
 */
function sameEnds(arabic: string, typed: string[]): boolean {
  const words = arabic.trim().split(/\s+/);
  const vowel = (c: string | undefined) => !!c && LATIN_VOWELS.has(c);
  if (ALIFS.includes(words[0]![0]!) && !vowel(typed[0]![0])) return false;
  const endsAlike = (word: string, latin: string) => {
    const endsInVowel = VOWEL_ENDINGS.includes(word[word.length - 1]!);
    return endsInVowel ? /[ae]h?$/.test(latin) : !/ah?$/.test(latin);
  };
  // Word by word when they are as many, else the last ("Abderrachid Tabi", عبد الرشيد طبي).
  if (words.length === typed.length) return words.every((w, i) => endsAlike(w, typed[i]!));
  return endsAlike(words[words.length - 1]!, typed[typed.length - 1]!);
}
/** Alif, with hamza above or below, or madda. (Strings, not a regular expression's letters: the bundle stays ASCII.) */
const ALIFS = '\u0627\u0623\u0625\u0622';
/** Teh marbuta, alif, alif maksura, hamza (after alif): a name's last vowel, written ("Fatima" فاطمة, "Mustafa" مصطفى, "Zahra" الزهراء). */
const VOWEL_ENDINGS = '\u0629\u0627\u0649\u0621';

/**
 * Whether a name in Arabic letters and one in Latin letters are one official's, for deciding it
 * (batch, check), where arabicReading only finds: `same` when the Latin name reads as every
 * consonant of the Arabic one and has its long vowels (و, ي, ا inside a word: "Mahmoud" for
 * محمود, not "Mohamed"), four consonants at least ("Abderrachid Tabi" for "عبد الرشيد طبي");
 * `alike` when it is only likely: all its consonants without those vowels, or with fewer
 * consonants ("Ali", علي), whole words of it or it whole words of the other ("Rachid Tabi"),
 * or a consonant apart; undefined when neither name is in Arabic letters, or both are.
 */
export function arabicRespelling(a: string, b: string): 'same' | 'alike' | undefined {
  const [arabic, latin] = inArabicLetters(a) ? [a, b] : [b, a];
  if (!inArabicLetters(arabic) || inArabicLetters(latin)) return undefined;
  const typed = latinWords(latin);
  const words = arabicWords(arabic);
  if (typed.length === 0 || words.length === 0) return undefined;
  const run = wordRun(words, 0, words.length);
  if (run.filter((c) => !c.optional).length >= 4 && readsAs(typed.join(''), run, true) && sameEnds(arabic, typed)) return 'same';
  const reading = arabicReading(arabic, latin);
  if (reading === 'whole' || (reading === 'words' && latinConsonants(latin) >= 3)) return 'alike';
  // The Arabic name as whole words of the Latin one ("Abderrachid Tabi" for "طبي").
  for (let i = 0; i < typed.length; i++) {
    for (let j = i + 1; j <= typed.length; j++) {
      const part = typed.slice(i, j).join(' ');
      if ((i > 0 || j < typed.length) && latinConsonants(part) >= 3 && arabicReading(arabic, part) === 'whole') return 'alike';
    }
  }
  return latinConsonants(latin) >= 4 && arabicDistance(arabic, latin) <= 1 ? 'alike' : undefined;
}

/**
 * Titles and forms of address that may stand before a name ("Dr. Jörg Weißmüller", "Prof. Dr.
 * Anna Schmidt", "M. Jean Dupont", "Sra. Ana López"), without their stops, in lower case.
 */
const TITLES = new Set([
  ...['dr', 'prof', 'professor', 'mr', 'mrs', 'ms', 'miss', 'mx', 'sir', 'dame', 'rev', 'revd', 'fr', 'father', 'sister', 'brother'],
  ...['herr', 'frau', 'hr', 'fru', 'dhr', 'mevr', 'mw', 'dipl-ing', 'dr-ing', 'profdr', 'ing', 'mag', 'dipl'],
  ...['m', 'mme', 'mlle', 'me', 'sr', 'sra', 'srta', 'dra', 'don', 'doña', 'dona', 'lic', 'lcdo', 'lcda', 'arq', 'sig', 'sigra', 'dott', 'dottssa', 'dssa'],
  ...['г-н', 'г-жа'],
]);
/** What follows a name after a comma without being a given name ("King, Jr.", "Weißmüller, PhD"). */
const AFTER_A_NAME = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'esq', 'mp', 'mep', 'qc', 'kc', 'obe', 'mbe', 'cbe', 'jd', 'llm', 'mba', 'msc', 'ma', 'ba']);

/** What follows "Dr." only with its stop ("Dr. med.", "Dr. rer. nat."): "Nat Smith" is a name. */
const DEGREE_WORDS = new Set(['med', 'phil', 'jur', 'rer', 'nat', 'habil', 'dent', 'vet', 'theol', 'oec', 'pol']);

const isTitle = (word: string) => {
  const bare = word.toLowerCase().replace(/\./g, '');
  return TITLES.has(bare) || (word.endsWith('.') && DEGREE_WORDS.has(bare));
};
/** An initial, or initials: "J.", "J", "J.-P.", "A.M.". */
const isInitial = (word: string) => /^(?:\p{L}\.?-?)$|^(?:\p{L}\.-?){2,}$/u.test(word);
/** A word in capitals ("DUPONT"), as French and Belgian lists write the surname. */
const inCapitals = (word: string) => /\p{Lu}/u.test(word) && !/\p{Ll}/u.test(word) && [...word.replace(/[^\p{L}]/gu, '')].length >= 2;
/** Names written in scripts whose names go family name first, often without a space ("王小明", "김민수", "山田太郎"). */
const FAMILY_NAME_FIRST = /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * The given name in a full name, for an informal greeting ("Hallo Jörg,"): its first word, after
 * a title ("Dr. Jörg Weißmüller"); the words after the comma of a name written surname first
 * ("Weißmüller, Jörg"); the first word not in capitals after a surname in them ("DUPONT
 * Jean-Pierre"). Undefined when it cannot be told: an initial ("J. Smith"), a title and one word
 * ("Dr. Weißmüller", a surname), a name in a script written family name first ("王小明").
 */
export function givenName(name: string): string | undefined {
  const full = name.replace(/\s+/g, ' ').trim();
  if (!full || FAMILY_NAME_FIRST.test(full)) return undefined;
  const words = (part: string) => part.split(' ').filter(Boolean);
  const parts = full.split(',').map((p) => p.trim());
  let given: string[];
  if (parts.length === 2 && parts[1] && !words(parts[1]).every((w) => AFTER_A_NAME.has(w.toLowerCase().replace(/\./g, '')))) {
    // "Weißmüller, Jörg", "Weißmüller, Dr. Jörg": the given name after the comma.
    given = words(parts[1]).filter((w) => !isTitle(w));
    return given[0] && !isInitial(given[0]) ? caseOf(given[0], full) : undefined;
  }
  const all = words(parts[0]!);
  if (all.every(isTitle)) return undefined;
  given = all.slice(all.findIndex((w) => !isTitle(w)));
  // A title and a surname alone ("Dr. Weißmüller"): no given name to greet by.
  if (given.length < all.length && given.length < 2) return undefined;
  // "DUPONT Jean-Pierre": the surname in capitals first. Two capitals may be a given name ("JP
  // Smith") or a surname ("LI Wei"): not told.
  if (given.length >= 2 && inCapitals(given[0]!) && !given.every(inCapitals)) {
    if ([...given[0]!.replace(/[^\p{L}]/gu, '')].length < 3) return undefined;
    given = given.slice(given.findIndex((w) => !inCapitals(w)));
  }
  // "Иванова Мария Петровна", "Ivanov Ivan Petrovich": the surname first, the given name before the patronymic.
  if (given.length === 3 && PATRONYMIC.test(given[2]!)) given = given.slice(1);
  const first = given[0]!;
  return isInitial(first) ? undefined : caseOf(first, full);
}

/** A given name as a greeting writes it: "Jean" for "JEAN" of a name all in capitals ("JEAN DUPONT"). */
function caseOf(word: string, full: string): string {
  if (!inCapitals(full.replace(/[^\p{L}]/gu, '')) || !inCapitals(word)) return word;
  return word.toLowerCase().replace(/(^|[-'’])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
}

/** A Russian patronymic: "Петрович", "Сергеевна", "Ильич", "Ильинична"; "Petrovich", "Sergeevna". */
const PATRONYMIC = /^\p{Lu}\p{Ll}+(?:ович|евич|ич|овна|евна|ична|ovich|evich|ovna|evna|ichna)$/u;

/**
 * A Russian name's given name and patronymic ("Иван Петрович"), as one addresses someone
 * politely, whichever order it is written in ("Иван Петрович Иванов", "Иванов Иван Петрович");
 * undefined for a name without one (three words at least, the patronymic not first).
 */
export function nameAndPatronymic(name: string): string | undefined {
  const words = name.replace(/,/g, ' ').split(/\s+/).filter((w) => w && !isTitle(w));
  if (words.length < 3) return undefined;
  for (let i = 1; i < words.length; i++) {
    if (PATRONYMIC.test(words[i]!) && !isInitial(words[i - 1]!)) return `${words[i - 1]} ${words[i]}`;
  }
  return undefined;
}
