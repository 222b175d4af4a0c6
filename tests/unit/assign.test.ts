import { describe, expect, it } from 'vitest';
import {
  assign,
  type AssignInput,
  type AssignMode,
  type AssignOfficial,
  type AssignResult,
  type AssignVolunteer,
  type Assignment,
} from '../../src/batch/assign.js';

/** mulberry32: a seeded PRNG so that every random case can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const CASES = 300;

interface RandomCase {
  volunteers: AssignVolunteer[];
  officials: AssignOfficial[];
  mode: AssignMode;
  seed: string;
  capped: boolean;
}

function randomCase(rng: Rng): RandomCase {
  const V = int(rng, 0, 60);
  const O = int(rng, 0, 15);
  const capped = rng() < 0.5;
  const volunteers: AssignVolunteer[] = [];
  for (let i = 0; i < V; i++) {
    const key = `${['ana', 'bo', 'chen', 'dara', 'eli'][i % 5]}${i}|v${int(rng, 0, 999)}@example.org`;
    if (capped && rng() < 0.4) volunteers.push({ key, maxLetters: int(rng, 0, 8) });
    else volunteers.push({ key });
  }
  const officials = Array.from({ length: O }, (_, i) => ({ key: `official-${i}-${int(rng, 0, 99)}` }));
  const r = rng();
  const mode: AssignMode =
    r < 0.2 ? { kind: 'each' } : r < 0.6 ? { kind: 'perVolunteer', k: int(rng, 0, O + 2) } : { kind: 'perOfficial', n: int(rng, 0, Math.min(V + 3, 25)) };
  return { volunteers, officials, mode, seed: `case-${int(rng, 0, 1e6)}`, capped };
}

/** Random order-preserving subset. */
function subset<T>(rng: Rng, items: T[], p: number): T[] {
  return items.filter(() => rng() < p);
}

function forCases(salt: number, body: (c: RandomCase, rng: Rng, i: number) => void): void {
  for (let i = 0; i < CASES; i++) {
    const rng = prng(salt * 100_003 + i);
    const c = randomCase(rng);
    try {
      body(c, rng, i);
    } catch (error) {
      (error as Error).message = `case ${i} (salt ${salt}, ${JSON.stringify(c.mode)}, V=${c.volunteers.length}, O=${c.officials.length}): ${(error as Error).message}`;
      throw error;
    }
  }
}

/** A plain check: vitest's expect is too slow to call thousands of times per case. */
function must(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

const pairKey = (a: { volunteer: string; official: string }) => `${a.volunteer}\u0000${a.official}`;
/** An official with only an e-mail address is written to by volunteers who have one. */
const mayWrite = (v: AssignVolunteer, o: AssignOfficial) => !o.emailOnly || !!v.canEmail;
const capOf = (v: AssignVolunteer) => v.maxLetters ?? Infinity;

function tally(keys: string[], items: Assignment[], field: 'volunteer' | 'official'): number[] {
  const counts = new Map(keys.map((k) => [k, 0]));
  for (const a of items) counts.set(a[field], counts.get(a[field])! + 1);
  return keys.map((k) => counts.get(k)!);
}
const spread = (xs: number[]) => (xs.length === 0 ? 0 : Math.max(...xs) - Math.min(...xs));

/** Most letters a perOfficial run can add on top of `previous`: an independent max-flow. */
function maxNewLetters(input: AssignInput, n: number): number {
  const { volunteers, officials } = input;
  const V = volunteers.length;
  const O = officials.length;
  const vi = new Map(volunteers.map((v, i) => [v.key, i]));
  const oi = new Map(officials.map((o, i) => [o.key, i]));
  const load = new Array<number>(V).fill(0);
  const count = new Array<number>(O).fill(0);
  const linked = new Set<string>();
  for (const p of input.previous ?? []) {
    const v = vi.get(p.volunteer);
    const o = oi.get(p.official);
    if (v === undefined || o === undefined) continue;
    load[v]!++;
    count[o]!++;
    linked.add(`${v},${o}`);
  }
  // nodes: 0 source, 1..O officials, O+1..O+V volunteers, O+V+1 sink
  const N = O + V + 2;
  const sink = N - 1;
  const capacity = Array.from({ length: N }, () => new Array<number>(N).fill(0));
  for (let o = 0; o < O; o++) capacity[0]![1 + o] = Math.max(0, n - count[o]!);
  for (let v = 0; v < V; v++) {
    const room = Math.min(capOf(volunteers[v]!), O) - load[v]!;
    capacity[1 + O + v]![sink] = Math.max(0, room);
    for (let o = 0; o < O; o++) if (!linked.has(`${v},${o}`) && mayWrite(volunteers[v]!, officials[o]!)) capacity[1 + o]![1 + O + v] = 1;
  }
  let flow = 0;
  for (;;) {
    const parent = new Array<number>(N).fill(-1);
    parent[0] = 0;
    const queue = [0];
    for (let q = 0; q < queue.length && parent[sink] === -1; q++) {
      const x = queue[q]!;
      for (let y = 0; y < N; y++) {
        if (parent[y] === -1 && capacity[x]![y]! > 0) {
          parent[y] = x;
          queue.push(y);
        }
      }
    }
    if (parent[sink] === -1) return flow;
    for (let y = sink; y !== 0; y = parent[y]!) {
      capacity[parent[y]!]![y]!--;
      capacity[y]![parent[y]!]!++;
    }
    flow++;
  }
}

/** What must hold for every run, whatever the mode and the previous assignments. */
function checkInvariants(input: AssignInput, result: AssignResult): void {
  const { volunteers, officials } = input;
  const previous = input.previous ?? [];
  const vi = new Map(volunteers.map((v, i) => [v.key, i]));
  const oi = new Map(officials.map((o, i) => [o.key, i]));

  const seen = new Set<string>();
  for (const a of result.assignments) {
    must(vi.has(a.volunteer) && oi.has(a.official), `unknown key in ${JSON.stringify(a)}`);
    must(!seen.has(pairKey(a)), `pair twice: ${JSON.stringify(a)}`);
    seen.add(pairKey(a));
  }

  // Sorted by volunteer order, then official order.
  const position = (a: Assignment) => vi.get(a.volunteer)! * (officials.length + 1) + oi.get(a.official)!;
  for (let i = 1; i < result.assignments.length; i++) {
    must(position(result.assignments[i - 1]!) < position(result.assignments[i]!), `out of order at ${i}`);
  }

  const kept = previous.filter((p) => vi.has(p.volunteer) && oi.has(p.official));
  expect(result.dropped).toEqual(previous.filter((p) => !vi.has(p.volunteer) || !oi.has(p.official)));
  const byPair = new Map(result.assignments.map((a) => [pairKey(a), a]));
  for (const p of kept) must(byPair.get(pairKey(p))?.variant === p.variant, `previous pair lost or changed: ${JSON.stringify(p)}`);
  const keptKeys = new Set(kept.map(pairKey));
  expect(result.added).toEqual(result.assignments.filter((a) => !keptKeys.has(pairKey(a))));

  // Caps: new letters never take a volunteer past maxLetters (previous ones may already have).
  const keptLoad = tally(volunteers.map((v) => v.key), kept, 'volunteer');
  const finalLoad = tally(volunteers.map((v) => v.key), result.assignments, 'volunteer');
  volunteers.forEach((v, i) => {
    if (finalLoad[i]! > keptLoad[i]!) must(finalLoad[i]! <= capOf(v), `${v.key} has ${finalLoad[i]} letters, cap ${v.maxLetters}`);
  });

  // Variants: distinct per official; new ones fill the lowest numbers no previous letter to them
  // has (one set aside, its volunteer gone, keeps its own for their return).
  for (const o of officials) {
    const mine = result.assignments.filter((a) => a.official === o.key).map((a) => a.variant);
    must(new Set(mine).size === mine.length, `variants of ${o.key} repeat: ${mine}`);
    const keptVariants = new Set(previous.filter((p) => p.official === o.key).map((p) => p.variant));
    const fresh = result.added.filter((a) => a.official === o.key).map((a) => a.variant);
    const expected: number[] = [];
    for (let v = 0; expected.length < fresh.length; v++) if (!keptVariants.has(v)) expected.push(v);
    must(fresh.join() === expected.join(), `new variants of ${o.key} are ${fresh}, expected ${expected}`);
  }
}

function expectDense(result: AssignResult, officials: AssignOfficial[]): void {
  for (const o of officials) {
    const mine = result.assignments.filter((a) => a.official === o.key).map((a) => a.variant);
    must([...mine].sort((a, b) => a - b).every((x, i) => x === i), `variants of ${o.key} not dense: ${mine}`);
  }
}

/** Per mode, for a run without previous assignments. */
function checkFresh(c: RandomCase, result: AssignResult): void {
  const { volunteers, officials, mode } = c;
  const O = officials.length;
  const loads = tally(volunteers.map((v) => v.key), result.assignments, 'volunteer');
  const counts = tally(officials.map((o) => o.key), result.assignments, 'official');
  expectDense(result, officials);
  if (mode.kind === 'each') {
    volunteers.forEach((v, i) => must(loads[i] === Math.min(capOf(v), O), `${v.key} has ${loads[i]} letters`));
    if (!c.capped) expect(result.assignments.length).toBe(volunteers.length * O);
    expect(result.shortfall).toEqual([]);
    expect(spread(counts)).toBeLessThanOrEqual(1);
  } else if (mode.kind === 'perVolunteer') {
    volunteers.forEach((v, i) => must(loads[i] === Math.min(mode.k, capOf(v), O), `${v.key} has ${loads[i]} letters`));
    expect(spread(counts)).toBeLessThanOrEqual(1); // holds with caps too
    expect(result.shortfall).toEqual([]);
  } else {
    const n = mode.n;
    const capacity = volunteers.reduce((sum, v) => sum + Math.min(capOf(v), O), 0);
    expect(result.assignments.length).toBe(Math.min(O * n, capacity));
    expect(result.assignments.length).toBe(maxNewLetters(c, n));
    expect(spread(counts)).toBeLessThanOrEqual(1);
    must(counts.every((k) => k <= n), `more than n: ${counts}`);
    if (capacity >= O * n) must(counts.every((k) => k === n), `not all n although capacity allows: ${counts}`);
    expect(result.shortfall).toEqual(officials.map((o, i) => ({ official: o.key, missing: n - counts[i]! })).filter((s) => s.missing > 0));
    // Balance where caps allow: a volunteer with room never sits two below the busiest.
    const busiest = Math.max(0, ...loads);
    volunteers.forEach((v, i) => {
      if (loads[i]! < Math.min(capOf(v), O)) must(loads[i]! >= busiest - 1, `${v.key} has ${loads[i]}, busiest ${busiest}`);
    });
    if (!c.capped) expect(spread(loads)).toBeLessThanOrEqual(1);
  }
}

const run = (input: AssignInput) => {
  const result = assign(input);
  checkInvariants(input, result);
  return result;
};

describe('assign: small cases', () => {
  it('each: every volunteer writes to every official, variants in volunteer order', () => {
    const result = assign({
      volunteers: [{ key: 'ana' }, { key: 'bo' }],
      officials: [{ key: 'minister' }, { key: 'judge' }, { key: 'ambassador' }],
      mode: { kind: 'each' },
      seed: 'case-1',
    });
    expect(result).toEqual({
      assignments: [
        { volunteer: 'ana', official: 'minister', variant: 0 },
        { volunteer: 'ana', official: 'judge', variant: 0 },
        { volunteer: 'ana', official: 'ambassador', variant: 0 },
        { volunteer: 'bo', official: 'minister', variant: 1 },
        { volunteer: 'bo', official: 'judge', variant: 1 },
        { volunteer: 'bo', official: 'ambassador', variant: 1 },
      ],
      added: result.assignments,
      dropped: [],
      shortfall: [],
    });
  });

  it('each: maxLetters caps a volunteer, and 0 means no letters at all', () => {
    const result = assign({
      volunteers: [{ key: 'ana', maxLetters: 0 }, { key: 'bo', maxLetters: 1 }, { key: 'chen' }],
      officials: [{ key: 'minister' }, { key: 'judge' }],
      mode: { kind: 'each' },
      seed: 's',
    });
    expect(result.assignments.filter((a) => a.volunteer === 'ana')).toEqual([]);
    expect(result.assignments.filter((a) => a.volunteer === 'bo')).toHaveLength(1);
    expect(result.assignments.filter((a) => a.volunteer === 'chen')).toHaveLength(2);
  });

  it('perVolunteer: pinned output for one seed (a change here changes real campaigns)', () => {
    const result = assign({
      volunteers: [{ key: 'ana' }, { key: 'bo' }, { key: 'chen' }, { key: 'dara' }],
      officials: [{ key: 'minister' }, { key: 'judge' }, { key: 'ambassador' }],
      mode: { kind: 'perVolunteer', k: 2 },
      seed: 'yusuf-dzhumaev',
    });
    expect(result.assignments.map((a) => `${a.volunteer}>${a.official}#${a.variant}`)).toEqual(PINNED);
    expect(tally(['minister', 'judge', 'ambassador'], result.assignments, 'official').sort()).toEqual([2, 3, 3]);
  });

  it('perVolunteer: the seed decides who starts where, not the list order', () => {
    const firsts = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const { assignments } = assign({
        volunteers: [{ key: 'ana' }],
        officials: Array.from({ length: 10 }, (_, j) => ({ key: `o${j}` })),
        mode: { kind: 'perVolunteer', k: 1 },
        seed: `case-${i}`,
      });
      firsts.add(assignments[0]!.official);
    }
    expect(firsts.size).toBeGreaterThanOrEqual(5);
  });

  it('perOfficial: does not strand capacity (caps 2, 1, 1 and n = 2 give all four letters)', () => {
    const result = assign({
      volunteers: [{ key: 'ana', maxLetters: 1 }, { key: 'bo', maxLetters: 1 }, { key: 'chen', maxLetters: 2 }],
      officials: [{ key: 'minister' }, { key: 'judge' }],
      mode: { kind: 'perOfficial', n: 2 },
      seed: 'x',
    });
    expect(result.assignments).toHaveLength(4);
    expect(result.assignments.filter((a) => a.volunteer === 'chen')).toHaveLength(2);
    expect(result.shortfall).toEqual([]);
  });

  it('perOfficial: reports the shortfall per official', () => {
    const result = assign({
      volunteers: [{ key: 'ana' }, { key: 'bo' }],
      officials: [{ key: 'minister' }, { key: 'judge' }],
      mode: { kind: 'perOfficial', n: 3 },
      seed: 'x',
    });
    expect(result.assignments).toHaveLength(4);
    expect(result.shortfall).toEqual([
      { official: 'minister', missing: 1 },
      { official: 'judge', missing: 1 },
    ]);
  });

  it('perOfficial: when capacity runs short, the officials listed first are served first', () => {
    const result = assign({
      volunteers: [{ key: 'ana', maxLetters: 2 }, { key: 'bo', maxLetters: 1 }],
      officials: [{ key: 'minister' }, { key: 'judge' }],
      mode: { kind: 'perOfficial', n: 2 },
      seed: 'x',
    });
    expect(result.shortfall).toEqual([{ official: 'judge', missing: 1 }]);
  });

  it('keeps previous pairs, sets aside the ones whose volunteer left and keeps their variant for their return', () => {
    const previous: Assignment[] = [
      { volunteer: 'ana', official: 'minister', variant: 0 },
      { volunteer: 'gone', official: 'minister', variant: 1 },
      { volunteer: 'bo', official: 'minister', variant: 2 },
      { volunteer: 'ana', official: 'retired-judge', variant: 0 },
    ];
    const result = assign({
      volunteers: [{ key: 'ana' }, { key: 'bo' }, { key: 'chen' }, { key: 'dara' }],
      officials: [{ key: 'minister' }],
      mode: { kind: 'each' },
      previous,
      seed: 'x',
    });
    expect(result).toEqual({
      assignments: [
        { volunteer: 'ana', official: 'minister', variant: 0 },
        { volunteer: 'bo', official: 'minister', variant: 2 },
        { volunteer: 'chen', official: 'minister', variant: 3 },
        { volunteer: 'dara', official: 'minister', variant: 4 },
      ],
      added: [
        { volunteer: 'chen', official: 'minister', variant: 3 },
        { volunteer: 'dara', official: 'minister', variant: 4 },
      ],
      dropped: [
        { volunteer: 'gone', official: 'minister', variant: 1 },
        { volunteer: 'ana', official: 'retired-judge', variant: 0 },
      ],
      shortfall: [],
    });
    // Back in the list, with what was set aside given back too: their letter, as it was.
    const back = assign({
      volunteers: [{ key: 'ana' }, { key: 'bo' }, { key: 'chen' }, { key: 'dara' }, { key: 'gone' }],
      officials: [{ key: 'minister' }],
      mode: { kind: 'each' },
      previous: [...result.assignments, ...result.dropped],
      seed: 'x',
    });
    expect(back.added).toEqual([]);
    expect(back.assignments).toContainEqual({ volunteer: 'gone', official: 'minister', variant: 1 });
  });

  it('counts a letter sent by a volunteer no longer listed towards the official\'s n, and one not sent not', () => {
    const run = (sent: boolean) =>
      assign({
        volunteers: [{ key: 'ana' }, { key: 'bo' }, { key: 'chen' }],
        officials: [{ key: 'minister' }, { key: 'judge' }],
        mode: { kind: 'perOfficial', n: 2 },
        previous: [
          { volunteer: 'ana', official: 'minister', variant: 0 },
          { volunteer: 'gone', official: 'minister', variant: 1, sent },
          { volunteer: 'gone', official: 'judge', variant: 0 },
        ],
        seed: 'x',
      });
    const posted = run(true);
    expect(posted.added.filter((a) => a.official === 'minister')).toEqual([]);
    expect(posted.added.filter((a) => a.official === 'judge')).toHaveLength(2);
    expect(posted.dropped).toHaveLength(2); // (set aside all the same: their volunteer is gone)
    expect(posted.shortfall).toEqual([]);
    expect(run(false).added.filter((a) => a.official === 'minister')).toEqual([expect.objectContaining({ variant: 2 })]);
    // Short by what neither the kept nor the sent letters make up: n = 4 with one of each.
    const short = assign({ volunteers: [{ key: 'ana' }], officials: [{ key: 'minister' }], mode: { kind: 'perOfficial', n: 4 }, previous: [{ volunteer: 'ana', official: 'minister', variant: 0 }, { volunteer: 'gone', official: 'minister', variant: 1, sent: true }], seed: 'x' });
    expect(short.shortfall).toEqual([{ official: 'minister', missing: 2 }]);
  });

  it('keeps previous letters past a lowered cap but adds none', () => {
    const previous: Assignment[] = [
      { volunteer: 'ana', official: 'a', variant: 0 },
      { volunteer: 'ana', official: 'b', variant: 0 },
    ];
    const result = assign({
      volunteers: [{ key: 'ana', maxLetters: 1 }],
      officials: [{ key: 'a' }, { key: 'b' }, { key: 'c' }],
      mode: { kind: 'perVolunteer', k: 3 },
      previous,
      seed: 'x',
    });
    expect(result.assignments).toEqual(previous);
    expect(result.added).toEqual([]);
  });

  it('perOfficial: an official that already has n letters gets no more', () => {
    const result = assign({
      volunteers: [{ key: 'ana' }, { key: 'bo' }, { key: 'chen' }],
      officials: [{ key: 'a' }, { key: 'b' }],
      mode: { kind: 'perOfficial', n: 1 },
      previous: [{ volunteer: 'ana', official: 'a', variant: 0 }],
      seed: 'x',
    });
    expect(result.added).toHaveLength(1);
    expect(result.added[0]!.official).toBe('b');
    expect(result.added[0]!.volunteer).not.toBe('ana'); // bo and chen have fewer letters
  });

  it('throws on duplicate keys, bad numbers and inconsistent previous assignments', () => {
    const base: AssignInput = { volunteers: [{ key: 'a' }], officials: [{ key: 'x' }], mode: { kind: 'each' }, seed: 's' };
    expect(() => assign({ ...base, volunteers: [{ key: 'a' }, { key: 'a' }] })).toThrow(/volunteer key "a" appears twice/);
    expect(() => assign({ ...base, officials: [{ key: 'x' }, { key: 'x' }] })).toThrow(/official key "x" appears twice/);
    expect(() => assign({ ...base, mode: { kind: 'perVolunteer', k: 1.5 } })).toThrow(/k must be a whole number/);
    expect(() => assign({ ...base, mode: { kind: 'perOfficial', n: -1 } })).toThrow(/n must be a whole number/);
    expect(() => assign({ ...base, volunteers: [{ key: 'a', maxLetters: -2 }] })).toThrow(/maxLetters/);
    const pair = { volunteer: 'a', official: 'x', variant: 0 };
    expect(() => assign({ ...base, previous: [pair, { ...pair, variant: 1 }] })).toThrow(/twice/);
    expect(() =>
      assign({ ...base, volunteers: [{ key: 'a' }, { key: 'b' }], previous: [pair, { volunteer: 'b', official: 'x', variant: 0 }] }),
    ).toThrow(/variant 0 of x twice/);
    expect(() => assign({ ...base, previous: [{ ...pair, variant: -1 }] })).toThrow(/variant/);
  });

  it('handles empty lists', () => {
    for (const mode of [{ kind: 'each' }, { kind: 'perVolunteer', k: 2 }, { kind: 'perOfficial', n: 2 }] as AssignMode[]) {
      expect(assign({ volunteers: [], officials: [], mode, seed: '' }).assignments).toEqual([]);
      expect(assign({ volunteers: [{ key: 'a' }], officials: [], mode, seed: '' }).assignments).toEqual([]);
    }
    expect(assign({ volunteers: [], officials: [{ key: 'x' }], mode: { kind: 'perOfficial', n: 2 }, seed: '' }).shortfall).toEqual([
      { official: 'x', missing: 2 },
    ]);
  });
});

describe(`assign: properties over ${CASES} random cases`, () => {
  it('fresh runs: full product for each, exact loads, balance, maximal perOfficial, shortfall', () => {
    forCases(1, (c) => checkFresh(c, run(c)));
  });

  it('is deterministic: same inputs (also copied) give identical output', () => {
    forCases(2, (c) => {
      const first = assign(c);
      expect(assign(structuredClone(c))).toEqual(first);
      expect(assign(c)).toEqual(first);
    });
  });

  it('is stable: a re-run with its own output adds nothing and changes nothing', () => {
    forCases(3, (c) => {
      const first = run(c);
      const again = run({ ...c, previous: first.assignments });
      expect(again.added).toEqual([]);
      expect(again.dropped).toEqual([]);
      expect(again.assignments).toEqual(first.assignments);
      expect(again.shortfall).toEqual(first.shortfall);
    });
  });

  it('adding volunteers keeps every pair and gives new work only where it is due', () => {
    forCases(4, (c, rng) => {
      const before = subset(rng, c.volunteers, rng());
      const first = run({ ...c, volunteers: before });
      const input = { ...c, previous: first.assignments };
      const second = run(input);
      expect(second.dropped).toEqual([]);
      expectDense(second, c.officials);
      const old = new Set(before.map((v) => v.key));
      const O = c.officials.length;
      const loads = tally(c.volunteers.map((v) => v.key), second.assignments, 'volunteer');
      if (c.mode.kind !== 'perOfficial') {
        // Old volunteers already reached their target; the new ones reach theirs.
        expect(second.added.filter((a) => old.has(a.volunteer))).toEqual([]);
        const k = c.mode.kind === 'each' ? O : c.mode.k;
        c.volunteers.forEach((v, i) => must(loads[i] === Math.min(k, capOf(v), O), `${v.key} has ${loads[i]} letters`));
      } else {
        const n = c.mode.n;
        const full = new Set(c.officials.filter((o) => first.assignments.filter((a) => a.official === o.key).length >= n).map((o) => o.key));
        expect(second.added.filter((a) => full.has(a.official))).toEqual([]);
        expect(second.added.length).toBe(maxNewLetters(input, n));
      }
      const third = run({ ...c, previous: second.assignments });
      expect(third.added).toEqual([]);
      expect(third.assignments).toEqual(second.assignments);
    });
  });

  it('removing volunteers and officials drops exactly their pairs and keeps variants distinct', () => {
    forCases(5, (c, rng) => {
      const first = run(c);
      const volunteers = subset(rng, c.volunteers, 0.8);
      const officials = subset(rng, c.officials, 0.8);
      const second = run({ ...c, volunteers, officials, previous: first.assignments });
      const vs = new Set(volunteers.map((v) => v.key));
      const os = new Set(officials.map((o) => o.key));
      expect(second.dropped).toEqual(first.assignments.filter((a) => !vs.has(a.volunteer) || !os.has(a.official)));
      const third = run({ ...c, volunteers, officials, previous: second.assignments });
      expect(third.added).toEqual([]);
    });
  });

  it('arbitrary previous assignments (other mode, holes, strangers): invariants, targets and maximality', () => {
    forCases(6, (c, rng) => {
      const O = c.officials.length;
      const next = new Map<string, number>();
      const previous: Assignment[] = [];
      for (const v of [...c.volunteers, { key: 'stranger' }]) {
        for (const o of [...c.officials, { key: 'gone' }]) {
          if (rng() > 0.15) continue;
          const variant = (next.get(o.key) ?? 0) + int(rng, 0, 1); // sometimes leaves a hole
          next.set(o.key, variant + 1);
          previous.push({ volunteer: v.key, official: o.key, variant });
        }
      }
      previous.sort(() => rng() - 0.5);
      const input = { ...c, previous };
      const result = run(input);
      const vi = new Map(c.volunteers.map((v, i) => [v.key, i]));
      const oi = new Map(c.officials.map((o, i) => [o.key, i]));
      const kept = previous.filter((p) => vi.has(p.volunteer) && oi.has(p.official));
      const keptLoad = tally(c.volunteers.map((v) => v.key), kept, 'volunteer');
      const loads = tally(c.volunteers.map((v) => v.key), result.assignments, 'volunteer');
      if (c.mode.kind !== 'perOfficial') {
        const k = c.mode.kind === 'each' ? O : c.mode.k;
        c.volunteers.forEach((v, i) => must(loads[i] === Math.max(keptLoad[i]!, Math.min(k, capOf(v), O)), `${v.key} has ${loads[i]} letters`));
      } else {
        expect(result.added.length).toBe(maxNewLetters(input, c.mode.n));
        const keptCount = tally(c.officials.map((o) => o.key), kept, 'official');
        const full = new Set(c.officials.filter((_, i) => keptCount[i]! >= (c.mode as { n: number }).n).map((o) => o.key));
        expect(result.added.filter((a) => full.has(a.official))).toEqual([]);
      }
      const again = run({ ...c, previous: result.assignments });
      expect(again.added).toEqual([]);
    });
  });

  it('officials with only an e-mail address go to volunteers who can e-mail, and no fill takes a pair it may not', () => {
    for (let i = 0; i < 1000; i++) {
      const rng = prng(9_000_000 + i);
      const V = int(rng, 0, 9);
      const O = int(rng, 0, 7);
      const volunteers: AssignVolunteer[] = Array.from({ length: V }, (_, j) => ({ key: `v${j}`, canEmail: rng() < 0.5, ...(rng() < 0.3 ? { maxLetters: int(rng, 0, 4) } : {}) }));
      const officials: AssignOfficial[] = Array.from({ length: O }, (_, j) => ({ key: `o${j}`, emailOnly: rng() < 0.4 }));
      const r = rng();
      const mode: AssignMode = r < 0.3 ? { kind: 'each' } : r < 0.6 ? { kind: 'perVolunteer', k: int(rng, 0, O + 1) } : { kind: 'perOfficial', n: int(rng, 0, V + 1) };
      const input: AssignInput = { volunteers, officials, mode, seed: `e${i}` };
      const result = run(input);
      const byKey = new Map(volunteers.map((v) => [v.key, v]));
      const officialOf = new Map(officials.map((o) => [o.key, o]));
      for (const a of result.assignments) must(mayWrite(byKey.get(a.volunteer)!, officialOf.get(a.official)!), `case ${i}: ${a.volunteer} may not write to ${a.official}`);
      const loads = tally(volunteers.map((v) => v.key), result.assignments, 'volunteer');
      const allowed = (v: AssignVolunteer) => officials.filter((o) => mayWrite(v, o)).length;
      if (mode.kind === 'each') volunteers.forEach((v, j) => must(loads[j] === Math.min(capOf(v), allowed(v)), `case ${i}: ${v.key} has ${loads[j]}`));
      if (mode.kind === 'perVolunteer') volunteers.forEach((v, j) => must(loads[j] === Math.min(mode.k, capOf(v), allowed(v)), `case ${i}: ${v.key} has ${loads[j]}`));
      if (mode.kind === 'perOfficial') expect(result.added.length, `case ${i}`).toBe(maxNewLetters(input, mode.n));
      // A later run with a volunteer who now can e-mail keeps every letter and adds only theirs.
      const again = run({ ...input, volunteers: volunteers.map((v) => ({ ...v, canEmail: true })), previous: result.assignments });
      for (const a of again.added) must(!byKey.get(a.volunteer)!.canEmail, `case ${i}: new letter for ${a.volunteer}, who could e-mail before`);
    }
  });

  it('perVolunteer: volunteers without e-mail choose first, so an official with only an e-mail address is not left out', () => {
    const result = run({
      volunteers: [{ key: 'zoe', canEmail: true }, { key: 'ben' }],
      officials: [{ key: 'karimov' }, { key: 'rustam', emailOnly: true }],
      mode: { kind: 'perVolunteer', k: 1 },
      seed: 'case',
    });
    expect(result.assignments.map((a) => `${a.volunteer}>${a.official}`)).toEqual(['zoe>rustam', 'ben>karimov']);
  });

  it('perOfficial with crowded previous pairs and tight caps still adds the most letters possible', () => {
    // Small and dense, so that the greedy fill is often blocked and augmenting paths are needed.
    for (let i = 0; i < 1000; i++) {
      const rng = prng(7_000_000 + i);
      const V = int(rng, 1, 8);
      const O = int(rng, 1, 6);
      const volunteers = Array.from({ length: V }, (_, j) => (rng() < 0.6 ? { key: `v${j}`, maxLetters: int(rng, 0, 4) } : { key: `v${j}` }));
      const officials = Array.from({ length: O }, (_, j) => ({ key: `o${j}` }));
      const previous: Assignment[] = [];
      const next = new Array<number>(O).fill(0);
      for (let v = 0; v < V; v++) {
        for (let o = 0; o < O; o++) if (rng() < 0.35) previous.push({ volunteer: `v${v}`, official: `o${o}`, variant: next[o]!++ });
      }
      const n = int(rng, 1, V);
      const input: AssignInput = { volunteers, officials, mode: { kind: 'perOfficial', n }, previous, seed: `s${i}` };
      const result = run(input);
      expect(result.added.length, `case ${i}`).toBe(maxNewLetters(input, n));
      expectDense(result, officials);
    }
  });
});

const PINNED = [
  'ana>minister#0',
  'ana>ambassador#0',
  'bo>minister#1',
  'bo>judge#0',
  'chen>judge#1',
  'chen>ambassador#1',
  'dara>minister#2',
  'dara>ambassador#2',
];
