import { describe, expect, it } from 'vitest';
import { dateHint, oneDay, parseDate, pastDayHint, readDate } from '../../src/campaign/dates.js';

describe('dateHint', () => {
  it('turns a date written another way into YYYY-MM-DD', () => {
    expect(dateHint('23/10/2001')).toBe('write it 2001-10-23');
    expect(dateHint('10/23/2001')).toBe('write it 2001-10-23');
    expect(dateHint('23.10.2001')).toBe('write it 2001-10-23');
    expect(dateHint('2023-13-03')).toBe('write it 2023-03-13 (the month before the day)');
    expect(dateHint('2023-13-13')).toBe('write dates YYYY-MM-DD (or YYYY-MM, or YYYY)');
    expect(dateHint('2001/10/23')).toBe('write it 2001-10-23');
    expect(dateHint('2001-10-5')).toBe('write it 2001-10-05');
    expect(dateHint('23 October 2001')).toBe('write it 2001-10-23');
    expect(dateHint('October 23, 2001')).toBe('write it 2001-10-23');
    expect(dateHint('23rd Oct. 2001')).toBe('write it 2001-10-23');
    expect(dateHint('Sept 2001')).toBe('write it 2001-09');
    // Written out in Spanish, French, German, Portuguese, Italian.
    expect(dateHint('5 de marzo de 2024')).toBe('write it 2024-03-05');
    expect(dateHint('1er mars 2024')).toBe('write it 2024-03-01');
    expect(dateHint('5. März 2024')).toBe('write it 2024-03-05');
    expect(dateHint('12 de dezembro de 2023')).toBe('write it 2023-12-12');
    expect(dateHint('3 agosto 2022')).toBe('write it 2022-08-03');
    expect(dateHint('the 5th of March 2024')).toBe('write it 2024-03-05');
  });

  it('gives both readings when the day and the month could be either', () => {
    expect(dateHint('05/10/2001')).toBe('write it 2001-10-05 if it is 5 October, or 2001-05-10 if it is 10 May');
    expect(dateHint('05/05/2001')).toBe('write it 2001-05-05');
    // Dots are day.month.year wherever they are written.
    expect(dateHint('12.03.2024')).toBe('write it 2024-03-12');
  });

  it('asks for the year in full when it has two digits (its century is not guessed)', () => {
    expect(dateHint('23.10.23')).toBe('write the year in full (23.10.2023 or 23.10.1923), or YYYY-MM-DD');
    expect(dateHint('5/3/24')).toBe('write the year in full (5/3/2024 or 5/3/1924), or YYYY-MM-DD');
  });

  it('falls back to the format when it cannot tell', () => {
    for (const v of ['31/02/2001', 'yesterday', 'ma 2001', 'May 5 2001 x', '', 'May 5']) {
      expect(dateHint(v), v).toBe('write dates YYYY-MM-DD (or YYYY-MM, or YYYY)');
    }
  });
});

describe('readDate and parseDate: one rule for the case file, a CSV and --on', () => {
  it('takes a date written another way when it can be only one day, day first or month first alike', () => {
    for (const v of ['28/11/2026', '11/28/2026', '28.11.2026', '28-11-2026', '2026/11/28', '2026-11-28', '28 November 2026', 'November 28, 2026']) {
      expect(parseDate(v), v).toEqual({ year: 2026, month: 11, day: 28 });
      expect(oneDay(v), v).toBe('2026-11-28');
    }
    expect(readDate('28/11/2026').order).toBe('day first');
    expect(readDate('11/28/2026').order).toBe('month first');
    expect(readDate('2026-11-28').order).toBeUndefined();
    // Dots are day.month.year: one day, though its numbers say nothing of a column's order.
    expect(readDate('02.12.2026')).toEqual({ date: '2026-12-02' });
    expect(parseDate('05/05/2001')).toEqual({ year: 2001, month: 5, day: 5 });
    expect(parseDate('Sept 2001')).toEqual({ year: 2001, month: 9 });
    expect(oneDay('Sept 2001')).toBeUndefined();
  });

  it('refuses a date that could be either of two days, and names both', () => {
    expect(parseDate('02/12/2026')).toBeUndefined();
    expect(oneDay('02/12/2026')).toBeUndefined();
    expect(readDate('02/12/2026')).toEqual({ readings: ['2026-12-02', '2026-02-12'] });
    for (const v of ['31/02/2026', '13/13/2026', '2026-11-31', '28/11/26', 'yesterday']) expect(parseDate(v), v).toBeUndefined();
  });

  it('puts first the reading the other dates beside it show', () => {
    expect(dateHint('02/12/2026', { 'day first': '"28/11/2026" on line 3' })).toBe('write it 2026-12-02 if it is 2 December, as "28/11/2026" on line 3 puts the day first, or 2026-02-12 if it is 12 February');
    expect(dateHint('02/12/2026', { 'month first': '"11/28/2026" on line 3' })).toBe('write it 2026-02-12 if it is 12 February, as "11/28/2026" on line 3 puts the month first, or 2026-12-02 if it is 2 December');
    expect(dateHint('02/12/2026', { 'day first': 'A', 'month first': 'B' })).toBe('write it 2026-12-02 if it is 2 December, or 2026-02-12 if it is 12 February (A puts the day first, B the month)');
    // Of a date that is one day, or none, the others say nothing.
    expect(dateHint('2026-11-31', { 'day first': 'A' })).toBe('write dates YYYY-MM-DD (or YYYY-MM, or YYYY)');
  });
});

describe('readDate refuses what it cannot read whole', () => {
  it('reads "1.º de maio de 2024" with its day, and no day or month 0 (a review: the day was dropped, and 00/05/2026 crashed check)', () => {
    expect(readDate('1.º de maio de 2024').date).toBe('2024-05-01');
    expect(readDate('1º de mayo de 2024').date).toBe('2024-05-01');
    expect(readDate('foo de maio de 2024').date).toBeUndefined();
    for (const bad of ['00/05/2026', '0/12/2026', '12/00/2026']) {
      expect(readDate(bad)).toEqual({});
      expect(dateHint(bad)).toBe('write dates YYYY-MM-DD (or YYYY-MM, or YYYY)');
    }
  });
});

describe('pastDayHint', () => {
  it('names, of a day read two ways, the one that has happened (a mark\'s --on; a Brazilian trial was told to write a day after today)', () => {
    const today = new Date(Date.UTC(2026, 11, 1));
    expect(pastDayHint('02/12/2026', today)).toBe('write it 2026-02-12 if it is 12 February 2026 (the other reading, 2026-12-02, is after today)');
    // Both have happened, or neither: the usual hint says both.
    expect(pastDayHint('05/11/2026', today)).toBeUndefined();
    expect(pastDayHint('2026-11-05', today)).toBeUndefined();
  });
});
