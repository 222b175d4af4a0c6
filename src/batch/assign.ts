/**
 * Decides which volunteer writes to which official. Pure (no I/O, clock or randomness) so that a
 * re-run with the recorded assignments reproduces them and only hands out the work that is new.
 */

export interface AssignVolunteer {
  /** Stable identity (e.g. normalised name + e-mail): previous assignments are matched on it. */
  key: string;
  /** Total letters including previous ones; 0: no letters; undefined: no limit. */
  maxLetters?: number;
  /** Has an e-mail address: may write to an official who has only one. */
  canEmail?: boolean;
}

export interface AssignOfficial {
  key: string;
  /** Has no postal address: only a volunteer who can e-mail writes to them. */
  emailOnly?: boolean;
}

/** `each`: everyone writes to everyone; `perVolunteer`: k letters each; `perOfficial`: n per official. */
export type AssignMode =
  | { kind: 'each' }
  | { kind: 'perVolunteer'; k: number }
  | { kind: 'perOfficial'; n: number };

export interface Assignment {
  volunteer: string;
  official: string;
  /** 0, 1, 2, ... per official, so the template can vary the wording of letters to one person. */
  variant: number;
}

/** A previous assignment, and whether its letter went to the official (posted: it counts whoever wrote it). */
export interface PreviousAssignment extends Assignment {
  sent?: boolean;
}

export interface Shortfall {
  official: string;
  missing: number;
}

export interface AssignInput {
  volunteers: readonly AssignVolunteer[];
  officials: readonly AssignOfficial[];
  mode: AssignMode;
  /** The `assignments` of an earlier run; they are kept as they are. */
  previous?: readonly PreviousAssignment[];
  /** Pairs never to deal out (the volunteer wrote to the official before, another way). */
  barred?: readonly { volunteer: string; official: string }[];
  /** Breaks ties, so that different cases spread differently but each one reproducibly. */
  seed: string;
}

export interface AssignResult {
  /** Kept previous pairs plus the added ones, by volunteer order then official order. */
  assignments: Assignment[];
  added: Assignment[];
  /**
   * Previous pairs whose volunteer or official is no longer listed, in their original order.
   * They are left out of `assignments` (and do not count towards caps or targets, but for a letter
   * `sent` to an official still listed: it counts towards their n); their variants stay taken, so
   * given back in `previous` when both are listed again, they are kept as they were.
   */
  dropped: Assignment[];
  /** perOfficial only: officials that end below n letters, in official order. */
  shortfall: Shortfall[];
}

const NONE = 0;
const KEPT = 1;
const NEW = 2;
/** A pair that may not be: a volunteer without e-mail and an official without a postal address, or one `barred` (written to before). */
const BARRED = 3;

export function assign(input: AssignInput): AssignResult {
  const { volunteers, officials, mode, seed } = input;
  const previous = input.previous ?? [];
  const V = volunteers.length;
  const O = officials.length;
  const vIndex = indexKeys(volunteers, 'volunteer');
  const oIndex = indexKeys(officials, 'official');

  const cap = new Float64Array(V);
  volunteers.forEach((v, i) => {
    if (v.maxLetters === undefined) cap[i] = Infinity;
    else {
      checkCount(v.maxLetters, `maxLetters of volunteer "${v.key}"`);
      cap[i] = v.maxLetters;
    }
  });
  if (mode.kind === 'perVolunteer') checkCount(mode.k, 'k');
  else if (mode.kind === 'perOfficial') checkCount(mode.n, 'n');
  else if (mode.kind !== 'each') throw new Error(`unknown mode ${JSON.stringify(mode)}`);

  // One byte per pair: a dense table is both the fastest membership test and, in `each` mode,
  // no bigger than the output.
  const link = new Uint8Array(V * O);
  const load = new Int32Array(V);
  const count = new Int32Array(O);
  const keptVariant = new Float64Array(previous.length > 0 ? V * O : 0);
  const usedVariants: number[][] = Array.from({ length: O }, () => []);
  const dropped: Assignment[] = [];
  const droppedPairs = new Set<string>();
  const sentBefore = new Int32Array(O); // letters sent to each official by volunteers no longer listed

  // Previous runs list pairs volunteer by volunteer: remembering the last one halves the lookups.
  let lastKey: string | undefined;
  let lastIndex: number | undefined;
  for (const p of previous) {
    checkCount(p.variant, `variant of ${p.volunteer} -> ${p.official}`);
    if (p.volunteer !== lastKey) {
      lastKey = p.volunteer;
      lastIndex = vIndex.get(p.volunteer);
    }
    const v = lastIndex;
    const o = oIndex.get(p.official);
    if (v === undefined || o === undefined) {
      const pairId = `${p.volunteer.length}:${p.volunteer}${p.official}`;
      if (droppedPairs.has(pairId)) throw twice(p);
      droppedPairs.add(pairId);
      dropped.push({ volunteer: p.volunteer, official: p.official, variant: p.variant });
      if (o !== undefined) usedVariants[o]!.push(p.variant);
      if (o !== undefined && p.sent) sentBefore[o]!++;
      continue;
    }
    if (link[v * O + o] !== NONE) throw twice(p);
    usedVariants[o]!.push(p.variant);
    link[v * O + o] = KEPT;
    keptVariant[v * O + o] = p.variant;
    load[v]!++;
    count[o]!++;
  }

  // Every fill takes only pairs that are NONE: a barred pair is never taken.
  for (const b of input.barred ?? []) {
    const v = vIndex.get(b.volunteer);
    const o = oIndex.get(b.official);
    if (v !== undefined && o !== undefined && link[v * O + o] === NONE) link[v * O + o] = BARRED;
  }
  const barred = officials.flatMap((o, i) => (o.emailOnly ? [i] : []));
  if (barred.length) {
    for (let v = 0; v < V; v++) {
      if (volunteers[v]!.canEmail) continue;
      for (const o of barred) if (link[v * O + o] === NONE) link[v * O + o] = BARRED;
    }
  }

  usedVariants.forEach((used, o) => {
    used.sort((a, b) => a - b);
    for (let i = 1; i < used.length; i++) {
      if (used[i] === used[i - 1]) throw new Error(`previous assignments give variant ${used[i]} of ${officials[o]!.key} twice`);
    }
  });

  const base = fnv1a(seed, 0x811c9dc5);
  const vHash = new Uint32Array(V);
  const oHash = new Uint32Array(O);
  volunteers.forEach((v, i) => (vHash[i] = fmix(fnv1a(v.key, fnv1a('\u0000v', base)))));
  officials.forEach((o, i) => (oHash[i] = fmix(fnv1a(o.key, fnv1a('\u0000o', base)))));
  const state: State = { V, O, cap, link, load, count, vHash, oHash };

  if (mode.kind === 'each') fillPerVolunteer(state, O);
  else if (mode.kind === 'perVolunteer') fillPerVolunteer(state, mode.k);
  else fillPerOfficial(state, Int32Array.from(sentBefore, (sent) => Math.max(0, mode.n - sent)));

  const nextFree = new Float64Array(O);
  const usedAt = new Int32Array(O);
  const assignments: Assignment[] = [];
  const added: Assignment[] = [];
  for (let v = 0; v < V; v++) {
    const volunteer = volunteers[v]!.key;
    for (let o = 0; o < O; o++) {
      const l = link[v * O + o];
      if (l === NONE || l === BARRED) continue;
      const official = officials[o]!.key;
      if (l === KEPT) {
        assignments.push({ volunteer, official, variant: keptVariant[v * O + o]! });
      } else {
        const used = usedVariants[o]!;
        let variant = nextFree[o]!;
        let at = usedAt[o]!;
        while (at < used.length && used[at]! <= variant) if (used[at++] === variant) variant++;
        usedAt[o] = at;
        nextFree[o] = variant + 1;
        const a = { volunteer, official, variant };
        assignments.push(a);
        added.push(a);
      }
    }
  }

  const shortfall: Shortfall[] = [];
  if (mode.kind === 'perOfficial') {
    officials.forEach((o, i) => {
      const missing = mode.n - count[i]! - sentBefore[i]!;
      if (missing > 0) shortfall.push({ official: o.key, missing });
    });
  }
  return { assignments, added, dropped, shortfall };
}

interface State {
  V: number;
  O: number;
  cap: Float64Array;
  link: Uint8Array;
  load: Int32Array;
  count: Int32Array;
  vHash: Uint32Array;
  oHash: Uint32Array;
}

/**
 * Each volunteer in turn takes the officials with the fewest letters so far (`each` is k = all).
 * Taking any number of the lowest keeps counts that start level within one of each other, caps or
 * not; the seeded tie-break keeps everyone from starting with the first official.
 */
function fillPerVolunteer(s: State, k: number): void {
  const { V, O, cap, link, load, count, vHash, oHash } = s;
  const sortKey = new Float64Array(O);
  const candidates = new Int32Array(O);
  const best = new Int32Array(Math.min(O, 16));
  const byKey = (a: number, b: number) => sortKey[a]! - sortKey[b]! || a - b;
  // Volunteers who may write to fewer officials choose first (one without e-mail cannot take an
  // official who has only an e-mail address, so those are left to the others); without barred
  // pairs, the list's order.
  const barred = new Int32Array(V);
  for (let v = 0; v < V; v++) for (let o = 0; o < O; o++) if (link[v * O + o] === BARRED) barred[v]!++;
  const order = Int32Array.from({ length: V }, (_, i) => i).sort((a, b) => barred[b]! - barred[a]! || a - b);
  for (const v of order) {
    const need = Math.min(k, cap[v]!, O) - load[v]!;
    if (need <= 0) continue;
    const row = v * O;
    let m = 0;
    for (let o = 0; o < O; o++) {
      if (link[row + o] !== NONE) continue;
      candidates[m++] = o;
      sortKey[o] = count[o]! * 4294967296 + pairHash(vHash[v]!, oHash[o]!);
    }
    let chosen: Int32Array;
    if (need >= m) chosen = candidates.subarray(0, m);
    else if (need <= 16) {
      // Keep the `need` best seen so far in order: far cheaper than sorting for small k.
      let kept = 0;
      for (let i = 0; i < m; i++) {
        const o = candidates[i]!;
        const key = sortKey[o]!;
        if (kept === need && key >= sortKey[best[need - 1]!]!) continue;
        let j = kept < need ? kept++ : need - 1;
        while (j > 0 && sortKey[best[j - 1]!]! > key) {
          best[j] = best[j - 1]!;
          j--;
        }
        best[j] = o;
      }
      chosen = best.subarray(0, need);
    } else chosen = candidates.subarray(0, m).sort(byKey).subarray(0, need);
    for (const o of chosen) {
      link[row + o] = NEW;
      count[o]!++;
      load[v]!++;
    }
  }
}

/**
 * Greedy per official (fewest letters first) can strand capacity: with n = 2 and volunteers capped
 * at 2, 1, 1, giving the first official the two capped at 1 leaves the second with one letter. So
 * the final loads are decided first (water-filling: as many letters as possible, as level as caps
 * allow, officials' counts within one), then realised with Ryser's construction, which always
 * succeeds when there are no previous pairs in the way. Whatever previous pairs block is filled
 * greedily and then by augmenting paths, so the number of letters is always the maximum.
 */
function fillPerOfficial(s: State, target: Int32Array): void {
  const { V, O, cap, link, load, count, vHash } = s;
  const need = new Int32Array(O);
  let needy = 0;
  for (let o = 0; o < O; o++) {
    need[o] = Math.max(0, target[o]! - count[o]!);
    if (need[o]! > 0) needy++;
  }
  if (needy === 0 || V === 0) return;

  const volOrder = Int32Array.from({ length: V }, (_, i) => i).sort((a, b) => vHash[a]! - vHash[b]! || a - b);
  const volHi = new Int32Array(V);
  let supply = 0;
  for (let v = 0; v < V; v++) {
    let free = needy;
    for (let o = 0; o < O; o++) if (need[o]! > 0 && link[v * O + o] !== NONE) free--;
    volHi[v] = Math.max(load[v]!, Math.min(cap[v]!, load[v]! + free));
    supply += volHi[v]! - load[v]!;
  }
  let demand = 0;
  const offHi = new Int32Array(O);
  for (let o = 0; o < O; o++) {
    offHi[o] = count[o]! + need[o]!;
    demand += need[o]!;
  }
  const total = Math.min(supply, demand);
  const volTarget = waterFill(load, volHi, total, volOrder);
  const offTarget = waterFill(count, offHi, total, Int32Array.from({ length: O }, (_, i) => i));

  // Ryser: each official takes the volunteers with the most letters still to write.
  const buckets: number[][] = [[]];
  for (const v of volOrder) {
    const r = volTarget[v]! - load[v]!;
    while (buckets.length <= r) buckets.push([]);
    buckets[r]!.push(v);
  }
  for (let o = 0; o < O; o++) {
    let want = offTarget[o]! - count[o]!;
    const moved: number[][] = [];
    for (let d = buckets.length - 1; d >= 1 && want > 0; d--) {
      const bucket = buckets[d]!;
      if (bucket.length === 0) continue;
      const skipped: number[] = [];
      const taken: number[] = [];
      let i = 0;
      for (; i < bucket.length && want > 0; i++) {
        const v = bucket[i]!;
        if (link[v * O + o] !== NONE) skipped.push(v);
        else {
          taken.push(v);
          want--;
        }
      }
      if (taken.length === 0) continue;
      buckets[d] = skipped.concat(bucket.slice(i));
      moved[d] = taken;
    }
    moved.forEach((taken, d) => {
      for (const v of taken) {
        link[v * O + o] = NEW;
        load[v]!++;
        count[o]!++;
        if (d > 1) buckets[d - 1]!.push(v);
      }
    });
  }

  const hasSpare = (v: number) => load[v]! < cap[v]! && load[v]! < O;
  let anySpare = false;
  for (let v = 0; v < V && !anySpare; v++) anySpare = hasSpare(v);
  if (!anySpare) return;

  // Only previous pairs can get in Ryser's way: fill what they blocked, least loaded first.
  const rank = new Int32Array(V);
  volOrder.forEach((v, i) => (rank[v] = i));
  for (let o = 0; o < O; o++) {
    let want = target[o]! - count[o]!;
    if (want <= 0) continue;
    const free: number[] = [];
    for (let v = 0; v < V; v++) if (link[v * O + o] === NONE && hasSpare(v)) free.push(v);
    free.sort((a, b) => load[a]! - load[b]! || rank[a]! - rank[b]!);
    for (const v of free) {
      if (want === 0) break;
      link[v * O + o] = NEW;
      load[v]!++;
      count[o]!++;
      want--;
    }
  }
  while (augment(s, target, hasSpare));
}

/**
 * One augmenting path: an official short of letters takes a volunteer who already writes a new
 * letter to another official, who takes another volunteer, ... until one with room is reached.
 */
function augment(s: State, target: Int32Array, hasSpare: (v: number) => boolean): boolean {
  const { V, O, link, load, count } = s;
  const viaVolunteer = new Int32Array(O).fill(-1);
  const seenOfficial = new Uint8Array(O);
  const viaOfficial = new Int32Array(V).fill(-1);
  const queue: number[] = [];
  for (let o = 0; o < O; o++) {
    if (count[o]! < target[o]!) {
      queue.push(o);
      seenOfficial[o] = 1;
    }
  }
  for (let q = 0; q < queue.length; q++) {
    const o = queue[q]!;
    for (let v = 0; v < V; v++) {
      if (viaOfficial[v] !== -1 || link[v * O + o] !== NONE) continue;
      viaOfficial[v] = o;
      if (hasSpare(v)) {
        let u = v;
        let at = o;
        for (;;) {
          link[u * O + at] = NEW;
          const back = viaVolunteer[at]!;
          if (back === -1) break;
          link[back * O + at] = NONE;
          u = back;
          at = viaOfficial[back]!;
        }
        load[v]!++;
        count[at]!++;
        return true;
      }
      for (let o2 = 0; o2 < O; o2++) {
        if (seenOfficial[o2] || link[v * O + o2] !== NEW) continue;
        seenOfficial[o2] = 1;
        viaVolunteer[o2] = v;
        queue.push(o2);
      }
    }
  }
  return false;
}

/**
 * Raises every item from lo towards hi to one common level, adding `total` in all; the last
 * units go one each to the first eligible items in `order`.
 */
function waterFill(lo: Int32Array, hi: Int32Array, total: number, order: Int32Array): Int32Array {
  const out = Int32Array.from(lo);
  if (lo.length === 0 || total <= 0) return out;
  const filled = (level: number) => {
    let sum = 0;
    for (let i = 0; i < lo.length; i++) sum += Math.max(0, Math.min(level, hi[i]!) - lo[i]!);
    return sum;
  };
  let a = Infinity;
  let b = -Infinity;
  for (let i = 0; i < lo.length; i++) {
    a = Math.min(a, lo[i]!);
    b = Math.max(b, hi[i]!);
  }
  while (a < b) {
    const mid = Math.ceil((a + b) / 2);
    if (filled(mid) <= total) a = mid;
    else b = mid - 1;
  }
  let rest = total - filled(a);
  for (let i = 0; i < lo.length; i++) out[i] = Math.max(lo[i]!, Math.min(a, hi[i]!));
  for (const i of order) {
    if (rest === 0) break;
    if (lo[i]! <= a && hi[i]! > a) {
      out[i]!++;
      rest--;
    }
  }
  return out;
}

function indexKeys(items: readonly { key: string }[], what: string): Map<string, number> {
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    if (index.has(item.key)) throw new Error(`${what} key "${item.key}" appears twice`);
    index.set(item.key, i);
  });
  return index;
}

function twice(p: Assignment): Error {
  return new Error(`previous assignments list ${p.volunteer} -> ${p.official} twice`);
}

function checkCount(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) throw new Error(`${what} must be a whole number >= 0, not ${value}`);
}

function fnv1a(text: string, h: number): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** FNV-1a alone orders similar keys ("v1", "v2") almost alike; the finaliser scatters them. */
function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function pairHash(v: number, o: number): number {
  return fmix(v ^ Math.imul(o, 0x9e3779b1));
}
