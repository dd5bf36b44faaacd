// GNU getopt_long as virsh calls it: "+" (stop at the first word that is not an option) and ":"
// (report a missing argument as ':' rather than printing anything). Long options may be
// abbreviated to any unambiguous prefix.

export interface LongOpt {
  name: string;
  arg: 'none' | 'required' | 'optional';
  /** The short letter it stands for. */
  val: string;
}

export type GetoptItem =
  | { kind: 'opt'; val: string; arg: string | null; long: boolean }
  /** A required argument is missing; `val` is the option's letter. */
  | { kind: 'missing'; val: string }
  /** An unknown, ambiguous or misused option: `optopt` is its letter when it has one, else `text` is the word. */
  | { kind: 'unknown'; optopt: string | null; text: string };

export interface GetoptResult {
  items: GetoptItem[];
  /** Index of the first word after the options. */
  optind: number;
}

/**
 * Walk `args` (without the program name). Stops at the first non-option, after "--", or at the
 * first error (virsh exits on it). `shortSpec` is like "c:d:hq" (a colon after a letter: takes an argument).
 */
export function* getoptLong(args: readonly string[], shortSpec: string, longs: readonly LongOpt[]): Generator<GetoptItem, number> {
  let i = 0;
  while (i < args.length) {
    const a = args[i]!;
    if (a === '--') return i + 1;
    if (!a.startsWith('-') || a === '-') return i;
    if (a.startsWith('--')) {
      i++;
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const inline = eq < 0 ? null : a.slice(eq + 1);
      let found = longs.find((l) => l.name === name);
      if (!found) {
        const cands = longs.filter((l) => l.name.startsWith(name));
        const distinct = cands.filter((c, k) => cands.findIndex((d) => d.arg === c.arg && d.val === c.val) === k);
        if (distinct.length === 1) found = cands[0];
        else {
          yield { kind: 'unknown', optopt: null, text: a };
          return i;
        }
      }
      if (found.arg === 'none') {
        if (inline !== null) {
          yield { kind: 'unknown', optopt: found.val, text: a };
          return i;
        }
        yield { kind: 'opt', val: found.val, arg: null, long: true };
      } else if (found.arg === 'optional') {
        yield { kind: 'opt', val: found.val, arg: inline, long: true };
      } else if (inline !== null) {
        yield { kind: 'opt', val: found.val, arg: inline, long: true };
      } else if (i < args.length) {
        yield { kind: 'opt', val: found.val, arg: args[i]!, long: true };
        i++;
      } else {
        yield { kind: 'missing', val: found.val };
        return i;
      }
      continue;
    }
    // A cluster of short options: "-qr", "-cURI", "-qc URI".
    i++;
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      const at = c === ':' ? -1 : shortSpec.indexOf(c);
      if (at < 0) {
        yield { kind: 'unknown', optopt: c, text: a };
        return i;
      }
      if (shortSpec[at + 1] !== ':') {
        yield { kind: 'opt', val: c, arg: null, long: false };
        continue;
      }
      if (j + 1 < a.length) {
        yield { kind: 'opt', val: c, arg: a.slice(j + 1), long: false };
      } else if (i < args.length) {
        yield { kind: 'opt', val: c, arg: args[i]!, long: false };
        i++;
      } else {
        yield { kind: 'missing', val: c };
        return i;
      }
      break;
    }
  }
  return i;
}
