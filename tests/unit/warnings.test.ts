import { describe, expect, it } from 'vitest';
import { missingRegionWarning } from '../../src/campaign/warnings.js';

const at = { file: 'officials.csv', line: 2 };
/** A US campaign's columns, as a user trial had them. */
const US_HEADERS = { city: 'city', region: 'state', postcode: 'zip', country: 'country' };

describe('missingRegionWarning', () => {
  it('says a state written after the city goes in the state column, as its code: "Chicago, Ill." is Chicago and IL', () => {
    const w = missingRegionWarning({ city: 'Chicago, Ill.', region: '', postcode: '60611', country: 'USA' }, at, US_HEADERS);
    expect(w?.message).toBe('the address in United States has its state in the city column ("Chicago, Ill."), not in the "state" column: its post sorts by it');
    expect(w?.hint).toBe('write "Chicago" in the city column and IL in the "state" column');
    expect(missingRegionWarning({ city: 'Springfield, Illinois', postcode: '62701', country: 'US' }, at, {})?.hint).toBe('write "Springfield" in the city column and IL in the region column');
    expect(missingRegionWarning({ city: 'Victoria, British Columbia', postcode: 'V8V 1X4', country: 'Canada' }, at, {})?.hint).toBe('write "Victoria" in the city column and BC in the region column');
  });

  it('names no other city in its hint: the states the ZIP code can be of, else codes alone', () => {
    const hint = (v: Record<string, string>) => missingRegionWarning(v, at, US_HEADERS)?.hint;
    expect(hint({ city: 'Chicago', postcode: '60611', country: 'USA' })).toBe('add the state to the "state" column, as its code (a ZIP code starting 6 is in IL, KS, MO or NE)');
    expect(hint({ city: 'Chicago', country: 'USA' })).toBe('add the state to the "state" column, as its code (IL for Illinois, NY for New York)');
    expect(hint({ city: 'Chicago, Ill. 60611', country: 'USA' })).toBe('add the state to the "state" column, as its code (IL for Illinois, NY for New York)');
    expect(hint({ city: 'Toronto', postcode: 'M5V 3L9', country: 'Canada' })).toBe('add the province to the "state" column, as its code (a postcode starting M is in ON)');
    expect(hint({ city: 'Ottawa', postcode: 'K1A 0A6', country: 'Canada' })).toBe('add the province to the "state" column, as its code (a postcode starting K1A is in ON or QC)');
    expect(hint({ city: 'Sydney', postcode: '2000', country: 'Australia' })).toBe('add the state to the "state" column, as its code (NSW for New South Wales, VIC for Victoria)');
  });

  it('says nothing of a city with its state code after it, or of an address with its state', () => {
    expect(missingRegionWarning({ city: 'Washington, D.C.', postcode: '20036', country: 'US' }, at, {})).toBeUndefined();
    expect(missingRegionWarning({ city: 'Chicago, IL', postcode: '60611', country: 'US' }, at, {})).toBeUndefined();
    expect(missingRegionWarning({ city: 'Chicago', region: 'Ill.', postcode: '60611', country: 'US' }, at, {})).toBeUndefined();
    expect(missingRegionWarning({ city: 'Tashkent', postcode: '100000', country: 'Uzbekistan' }, at, {})).toBeUndefined();
  });
});
