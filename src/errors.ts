/** Where a problem is: a file and, when known, a line (1-based). */
export interface Location {
  file: string;
  line?: number;
}

export function formatLocation(loc: Location): string {
  return loc.line ? `${loc.file}:${loc.line}` : loc.file;
}

/** One problem in the user's input, with where it is and what to do about it. */
export interface Problem {
  location?: Location;
  message: string;
  hint?: string;
  /** A warning does not stop a run; `letters check --strict` treats it as an error. Default: error. */
  severity?: 'error' | 'warning';
  /** What kind of problem (font, address, field, ...), for machine readers. */
  code?: string;
}

export function formatProblem(p: Problem): string {
  const where = p.location ? `${formatLocation(p.location)}: ` : '';
  return `${where}${p.message}${p.hint ? `\n  hint: ${p.hint}` : ''}`;
}

/**
 * Bad input or usage: the CLI prints the problems and exits 2. Carries every problem found,
 * so a coordinator fixes a CSV once, not once per row.
 */
export class InputError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem | Problem[]) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = list;
  }
}

/** Collects problems while validating, then throws them all at once. The same problem is kept once. */
export class ProblemList {
  readonly items: Problem[] = [];
  private readonly seen = new Set<string>();
  add(p: Problem): void {
    const key = formatProblem(p);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(p);
  }
  get size(): number {
    return this.items.length;
  }
  /** Throws every problem, grouped by file and line. */
  throwIfAny(): void {
    if (this.items.length > 0) throw new InputError(byFileAndLine(this.items));
  }
}

/** Problems grouped by file (in the order the files came up), then by line. */
export function byFileAndLine<T extends Problem>(items: T[]): T[] {
  const files = [...new Set(items.map((p) => p.location?.file ?? ''))];
  const rank = (p: Problem) => files.indexOf(p.location?.file ?? '');
  return [...items].sort((a, b) => rank(a) - rank(b) || (a.location?.line ?? 0) - (b.location?.line ?? 0));
}

/** What the system says when a file cannot be written, for a person; keyed by error code. */
const WRITE_FAILURES: Record<string, string> = {
  ENOSPC: 'the disk is full — free some space and run again',
  EDQUOT: 'the disk quota is used up — free some space and run again',
  EROFS: 'the disk is read-only — choose another folder with --out',
  EACCES: 'permission denied — choose another folder with --out, or fix its permissions',
  EPERM: 'permission denied — choose another folder with --out, or fix its permissions',
  EMFILE: 'too many files open at once — close other programs and run again',
  EFBIG: 'the file is larger than this system lets a program write (see ulimit -f)',
};

/** A file the system would not write or open (disk full, no permission) said in words; undefined for any other error. */
export function writeFailure(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException | undefined;
  const why = e?.code ? WRITE_FAILURES[e.code] : undefined;
  if (!why) return undefined;
  // Permission and open-file limits stop reading as well as writing.
  const verb = e?.code === 'EACCES' || e?.code === 'EPERM' || e?.code === 'EMFILE' ? 'could not open' : 'could not write';
  return e?.path ? `${verb} ${e.path}: ${why}` : why;
}
