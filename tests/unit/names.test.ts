import { describe, expect, it } from 'vitest';
import { latinName, nameSounds, sameName } from '../../src/render/names.js';

describe('names written in other ways', () => {
  it('writes a name in plain Latin letters, each sound one way', () => {
    expect(latinName('Андрей Швед')).toBe('andrei shved');
    expect(latinName('Andrej Schwed')).toBe('andrei shved');
    expect(latinName('Schäfer')).toBe(latinName('Schaefer'));
    expect(latinName('Kubrakou')).toBe(latinName('Kubrakov'));
    expect(latinName('GROSSMANN')).toBe(latinName('Großmann'));
  });

  it('finds one person in transliterations from Belarusian, Russian, German and English', () => {
    for (const [a, b] of [
      ['Iwan Kubrakou', 'Ivan Kubrakov'],
      ['Андрей Швед', 'Andrej Schwed'],
      ['Aljaksandr Lukaschenka', 'Alexander Lukashenko'],
      ['Lukashenko Alexander', 'Aliaksandr Lukashenka'],
      ['Olga Piatrova', 'Olga Petrova'],
      ['Anna Schäfer', 'Anna Schaefer'],
    ]) {
      expect(sameName(a!, b!), `${a} / ${b}`).toBe(true);
      expect(sameName(b!, a!), `${b} / ${a}`).toBe(true);
    }
  });

  it('does not take two people for one', () => {
    for (const [a, b] of [
      ['Official 3', 'Official 4'],
      ['Official 1', 'Official 11'],
      ['Ivan Sidorov', 'Pavel Sidorenko'],
      ['Ivan Petrov', 'Ivan Ivanov'],
      ['Anna Smith', 'Hanna Schmidt'],
      ['Ali Hassan', 'Ali Hussein Hassan'],
    ]) {
      expect(sameName(a!, b!), `${a} / ${b}`).toBe(false);
      expect(nameSounds(a!)).not.toBe(nameSounds(b!));
    }
  });
});
