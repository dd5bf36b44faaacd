// Where virsh's parser gets its words from: either one command string (interactive lines, or a
// single argument after the options), which is split with shell-like quoting, or the program's
// remaining arguments taken one word each (vshCommandStringGetArg / vshCommandArgvGetArg).
//
// String grammar, as virsh reads it:
//   - blanks (space, tab, backslash-newline) separate words; ';' and newline end a command;
//   - a word starting with '#' comments out the rest of the line;
//   - '...' quotes literally; "..." quotes with backslash escapes; a backslash outside single
//     quotes escapes the next character, and backslash-newline disappears;
//   - an unterminated "..." is an error, an unterminated '...' is not.

export type Token =
  | { kind: 'arg'; value: string }
  | { kind: 'subcmd-end' }
  | { kind: 'end' }
  | { kind: 'error' };

export interface TokenSource {
  /** The next token; when `report` is set, syntax errors are passed to `onError`. */
  next(report: boolean): Token;
}

const SUBCMD_END: Token = { kind: 'subcmd-end' };
const END: Token = { kind: 'end' };
const ERROR: Token = { kind: 'error' };

export class StringTokens implements TokenSource {
  readonly #s: string;
  readonly #onError: (msg: string) => void;
  #pos = 0;

  constructor(s: string, onError: (msg: string) => void) {
    this.#s = s;
    this.#onError = onError;
  }

  next(report: boolean): Token {
    const s = this.#s;
    let p = this.#pos;
    while (p < s.length && (s[p] === ' ' || s[p] === '\t' || (s[p] === '\\' && s[p + 1] === '\n'))) {
      p += s[p] === '\\' ? 2 : 1;
    }
    if (p >= s.length) return END;
    if (s[p] === ';' || s[p] === '\n') {
      this.#pos = p + 1;
      return SUBCMD_END;
    }
    if (s[p] === '#') {
      while (p < s.length && s[p] !== '\n') p++;
      this.#pos = p < s.length ? p + 1 : p;
      return SUBCMD_END;
    }

    let single = false;
    let double = false;
    let out = '';
    while (p < s.length) {
      const c = s[p]!;
      if (!double && !single && (c === ' ' || c === '\t' || c === ';' || c === '\n')) break;
      if (!double && c === "'") {
        single = !single;
        p++;
        continue;
      } else if (!single && c === '\\') {
        p++;
        if (p >= s.length) {
          if (report) this.#onError('dangling \\');
          return ERROR;
        }
        if (s[p] === '\n') {
          p++;
          continue;
        }
      } else if (!single && c === '"') {
        double = !double;
        p++;
        continue;
      }
      out += s[p];
      p++;
    }
    // The pending position is only kept after a complete word: a failed read is retried by the
    // caller from the same place (virsh relies on this when it skips a comment).
    if (double && report) {
      this.#onError('missing "');
      return ERROR;
    }
    this.#pos = p;
    return { kind: 'arg', value: out };
  }
}

/** Words already split by the caller's shell: one token each, and no ';' handling. */
export class ArgvTokens implements TokenSource {
  readonly #args: readonly string[];
  #i = 0;

  constructor(args: readonly string[]) {
    this.#args = args;
  }

  next(): Token {
    if (this.#i >= this.#args.length) return END;
    return { kind: 'arg', value: this.#args[this.#i++]! };
  }
}
