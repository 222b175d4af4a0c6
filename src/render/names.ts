import { editDistance } from '../suggest.js';

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
  let s = '';
  for (const c of name.toLowerCase().replace(/\u00df/g, 'ss')) s += CYRILLIC[c] ?? PLAIN[c] ?? c;
  s = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  // ("Νίκος Παπαδόπουλος" is "Nikos Papadopoulos", "Κώστας Μπακογιάννης" "Kostas Bakogiannis".)
  if (/[\u0370-\u03ff]/.test(s)) s = greekDigraphs(s).replace(/[\u0370-\u03ff]/g, (c) => GREEK[c] ?? c);
  for (const [from, to] of SAME_SOUND) s = s.replace(from, to);
  return s.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
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
    const accented = (name: string) => /[^\0-\x7f]/.test(name.split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean)[i] ?? '');
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
