import { describe, expect, it } from 'vitest';
import { dateHint } from '../../src/campaign/dates.js';

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

  it('falls back to the format when it cannot tell', () => {
    for (const v of ['31/02/2001', 'yesterday', 'ma 2001', 'May 5 2001 x', '', 'May 5']) {
      expect(dateHint(v), v).toBe('write dates YYYY-MM-DD (or YYYY-MM, or YYYY)');
    }
  });
});
