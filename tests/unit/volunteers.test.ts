import { describe, expect, it } from 'vitest';
import { noteLeftOut, textLanguage, type Volunteer } from '../../src/campaign/volunteers.js';

describe('textLanguage: the language a volunteer\'s note is plainly in', () => {
  it('reads the common languages of letters from their small words', () => {
    expect(textLanguage('En tant que Belge, je suis cette affaire depuis longtemps.')).toBe('fr');
    expect(textLanguage('I have followed this case for years and I am worried about him.')).toBe('en');
    expect(textLanguage('Ich verfolge den Fall seit Jahren und bin sehr besorgt.')).toBe('de');
    expect(textLanguage('Sigo este caso desde hace años y estoy muy preocupada por él.')).toBe('es');
    expect(textLanguage('Ik volg deze zaak al jaren en ik maak me zorgen.')).toBe('nl');
    expect(textLanguage('Acompanho este caso há anos e estou muito preocupada.')).toBe('pt');
    expect(textLanguage('Seguo questo caso da anni e sono molto preoccupata.')).toBe('it');
    // French's small words that Spanish has too do not make it Spanish (a review: a French note in a Spanish letter).
    expect(textLanguage('La liberté de la presse et la poésie ne sont pas des crimes.')).toBe('fr');
    expect(textLanguage('En tant que mère de famille, la situation de Yusuf me touche. Un poète en prison…')).not.toBe('es');
    expect(textLanguage('La libertad de prensa no es un delito y la poesía tampoco.')).toBe('es');
  });

  it('says none when a note is short or mixed', () => {
    expect(textLanguage('Free him!')).toBeUndefined();
    expect(textLanguage('Solidarité')).toBeUndefined();
    expect(textLanguage('\u6211\u662f\u8001\u5e08')).toBeUndefined();
  });
});

describe('noteLeftOut: a note left out of a letter in another language', () => {
  const volunteer = (language: string | undefined, personalNote: string) => ({ language, personalNote }) as unknown as Volunteer;
  it('leaves out a note plainly in another language than the letter\'s, the volunteer\'s being the letter\'s or not said (a US trial\'s Vietnamese note in English letters)', () => {
    expect(noteLeftOut(volunteer('en', 'Tôi là người Mỹ gốc Việt.'), 'en-US', true)).toBe(true);
    expect(noteLeftOut(volunteer(undefined, 'Sigo este caso desde hace años y estoy muy preocupada por él.'), 'en-GB', true)).toBe(true);
    expect(noteLeftOut(volunteer('en', 'Я слежу за этим делом.'), 'en-GB', true)).toBe(true);
    // Kept: in the letter's language (a name in other letters in it too), too short to say, or asked for in every letter ("EN/FR").
    expect(noteLeftOut(volunteer('en', 'I have followed the case of Андрей for years and I am worried.'), 'en-GB', true)).toBe(false);
    expect(noteLeftOut(volunteer(undefined, 'Best wishes from Nguyễn Thị Hương.'), 'en-GB', true)).toBe(false);
    expect(noteLeftOut(volunteer('en', 'I have followed this case for years and I am worried about him.'), 'en-GB', true)).toBe(false);
    expect(noteLeftOut(volunteer('en', 'Free him!'), 'en-GB', true)).toBe(false);
    expect(noteLeftOut(volunteer('EN/FR', 'Sigo este caso desde hace años y estoy muy preocupada por él.'), 'en-GB', true)).toBe(false);
    // A template that prints the note whatever (not inside {{#if}}): never left out.
    expect(noteLeftOut(volunteer('en', 'Tôi là người Mỹ gốc Việt.'), 'en-US', false)).toBe(false);
  });
});
