// Reader for libvirt's configuration file syntax (libvirtd.conf, qemu.conf, virtlockd.conf…):
// `name = value` statements separated by newlines or `;`, values that are numbers, strings in
// '…', "…" or """…""", or lists [ v, v, … ] that may span lines, and `#` comments.
// The grammar, its quirks (a file of blank lines is a syntax error, numbers wrap at 64 bits, a
// number is "signed" only when written with a leading '-') and every error text follow libvirt
// 9.0's util/virconf.c, because users see these messages when the daemon refuses to start.
import { readFile } from 'node:fs/promises';
import { ErrorCode, ErrorDomain, VirError, errorsFrom, formatMessage } from './error.js';
import { systemError } from './system-error.js';

const report = errorsFrom(ErrorDomain.Conf);

/** libvirt refuses configuration files above 10 MiB. */
const MAX_CONFIG_FILE_SIZE = 1024 * 1024 * 10;

export type ConfValue =
  | { type: 'llong'; value: bigint }
  | { type: 'ullong'; value: bigint }
  | { type: 'string'; value: string }
  | { type: 'list'; value: ConfValue[] };

export interface ConfEntry {
  name: string | null;
  value: ConfValue | null;
  comment: string | null;
}

const INT_MIN = -2147483648n;
const INT_MAX = 2147483647n;
const UINT_MAX = 4294967295n;
const LLONG_MAX = 9223372036854775807n;
const LLONG_MIN = -9223372036854775808n;

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isAlpha(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t';
}

function isEol(c: string): boolean {
  return c === '\n' || c === '\r';
}

/** The parser state: a cursor over the text and the line number errors quote. */
class Parser {
  pos = 0;
  line = 1;
  readonly entries: ConfEntry[] = [];

  constructor(readonly text: string, readonly filename: string | null) {}

  /** The current character; '' at the end (libvirt reads the terminating NUL there). */
  ch(): string {
    return this.pos < this.text.length ? this.text[this.pos]! : '';
  }

  next(): void {
    if (this.pos < this.text.length) this.pos++;
  }

  get atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  error(detail: string): VirError {
    const info = this.filename === null ? detail : `${this.filename}:${this.line}: ${detail}`;
    return report(ErrorCode.ConfSyntax, info);
  }

  skipBlanks(): void {
    while (!this.atEnd && isBlank(this.ch())) this.pos++;
  }

  skipBlanksAndEol(): void {
    while (!this.atEnd && (isBlank(this.ch()) || isEol(this.ch()))) {
      if (this.ch() === '\n') this.line++;
      this.pos++;
    }
  }

  parseNumber(): bigint {
    let neg = false;
    if (this.ch() === '-') {
      neg = true;
      this.next();
    } else if (this.ch() === '+') {
      this.next();
    }
    if (this.atEnd || !isDigit(this.ch())) throw this.error('unterminated number');
    let n = 0n;
    while (!this.atEnd && isDigit(this.ch())) {
      // libvirt accumulates in a C long long, so overlong numbers wrap rather than fail.
      n = BigInt.asIntN(64, n * 10n + BigInt(this.ch().charCodeAt(0) - 48));
      this.next();
    }
    return neg ? BigInt.asIntN(64, -n) : n;
  }

  parseString(): string {
    if (this.ch() === "'" || (this.ch() === '"' && !this.text.startsWith('"""', this.pos))) {
      const quote = this.ch();
      this.next();
      const start = this.pos;
      while (!this.atEnd && this.ch() !== quote && !isEol(this.ch())) this.next();
      if (this.ch() !== quote) throw this.error('unterminated string');
      const s = this.text.slice(start, this.pos);
      this.next();
      return s;
    }
    // Python-style """…""" may span lines. libvirt only recognises it when at least seven
    // characters remain, so `a = """"""` at the very end of a file reads as "" then junk.
    if (this.pos + 6 < this.text.length) {
      this.pos += 3;
      const start = this.pos;
      while (this.pos + 2 < this.text.length && !this.text.startsWith('"""', this.pos)) {
        if (this.ch() === '\n') this.line++;
        this.next();
      }
      if (!this.text.startsWith('"""', this.pos)) throw this.error('unterminated string');
      const s = this.text.slice(start, this.pos);
      this.pos += 3;
      return s;
    }
    this.next();
    const start = this.pos;
    while (!this.atEnd && this.ch() !== '"' && !isEol(this.ch())) this.next();
    if (this.ch() !== '"') throw this.error('unterminated string');
    const s = this.text.slice(start, this.pos);
    this.next();
    return s;
  }

  parseValue(): ConfValue {
    this.skipBlanks();
    if (this.atEnd) throw this.error('expecting a value');
    const c = this.ch();
    if (c === '"' || c === "'") return { type: 'string', value: this.parseString() };
    if (c === '[') {
      this.next();
      this.skipBlanksAndEol();
      const list: ConfValue[] = [];
      if (!this.atEnd && this.ch() !== ']') {
        list.push(this.parseValue());
        this.skipBlanksAndEol();
      }
      while (!this.atEnd && this.ch() !== ']') {
        if (this.ch() !== ',') throw this.error('expecting a separator in list');
        this.next();
        this.skipBlanksAndEol();
        if (this.ch() === ']') break;
        list.push(this.parseValue());
        this.skipBlanksAndEol();
      }
      if (this.ch() !== ']') throw this.error('list is not closed with ]');
      this.next();
      return { type: 'list', value: list };
    }
    if (isDigit(c) || c === '-' || c === '+') {
      const type = c === '-' ? 'llong' : 'ullong';
      return { type, value: this.parseNumber() };
    }
    throw this.error('expecting a value');
  }

  parseName(): string {
    this.skipBlanks();
    const start = this.pos;
    if (!isAlpha(this.ch())) throw this.error('expecting a name');
    while (!this.atEnd && (isAlpha(this.ch()) || isDigit(this.ch()) || this.ch() === '_')) this.next();
    return this.text.slice(start, this.pos);
  }

  restOfLine(): string {
    const start = this.pos;
    while (!this.atEnd && !isEol(this.ch())) this.next();
    return this.text.slice(start, this.pos);
  }

  parseStatement(): void {
    this.skipBlanksAndEol();
    if (this.ch() === '#') {
      this.next();
      this.entries.push({ name: null, value: null, comment: this.restOfLine() });
      return;
    }
    const name = this.parseName();
    this.skipBlanks();
    if (this.ch() !== '=') throw this.error('expecting an assignment');
    this.next();
    this.skipBlanks();
    const value = this.parseValue();
    this.skipBlanks();
    let comment: string | null = null;
    if (this.ch() === '#') {
      this.next();
      comment = this.restOfLine();
    }
    this.entries.push({ name, value, comment });
  }

  parseSeparator(): void {
    this.skipBlanks();
    if (this.atEnd) return;
    if (isEol(this.ch())) {
      this.skipBlanksAndEol();
    } else if (this.ch() === ';') {
      this.next();
      this.skipBlanksAndEol();
    } else {
      throw this.error('expecting a separator');
    }
  }

  run(): ConfEntry[] {
    while (!this.atEnd) {
      this.parseStatement();
      this.parseSeparator();
    }
    return this.entries;
  }
}

function internal(detail: string): VirError {
  // The typed getters report from the caller's module in libvirt (daemon config: VIR_FROM_CONF).
  return new VirError({
    code: ErrorCode.InternalError,
    domain: ErrorDomain.Conf,
    message: formatMessage(ErrorCode.InternalError, detail),
    str1: 'internal error: %s',
    str2: detail,
  });
}

/**
 * A parsed configuration file. Getters return undefined when the setting is absent and throw
 * libvirt's error when it has the wrong type or range. The first occurrence of a name wins, as in
 * libvirt.
 */
export class ConfFile {
  constructor(readonly filename: string, readonly entries: ConfEntry[]) {}

  static parse(text: string, filename: string | null = null): ConfFile {
    return new ConfFile(filename ?? 'memory conf', new Parser(text, filename ?? 'memory conf').run());
  }

  static async read(path: string): Promise<ConfFile> {
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch (e) {
      throw systemError(e, `Failed to open file '${path}'`);
    }
    if (data.length > MAX_CONFIG_FILE_SIZE) {
      throw systemError({ code: 'EFBIG' } as NodeJS.ErrnoException, `Failed to read file '${path}'`);
    }
    return ConfFile.parse(data.toString('utf8'), path);
  }

  get(name: string): ConfValue | undefined {
    for (const e of this.entries) if (e.name === name && e.value) return e.value;
    return undefined;
  }

  /** Names set in the file, in order, each once. */
  names(): string[] {
    const seen = new Set<string>();
    for (const e of this.entries) if (e.name !== null) seen.add(e.name);
    return [...seen];
  }

  getString(name: string): string | undefined {
    const v = this.get(name);
    if (!v) return undefined;
    if (v.type !== 'string') throw internal(`${this.filename}: expected a string for '${name}' parameter`);
    return v.value;
  }

  /** A list of strings; with compatString a single string is accepted as a one-element list. */
  getStringList(name: string, compatString = false): string[] | undefined {
    const v = this.get(name);
    if (!v) return undefined;
    if (v.type === 'list') {
      const out: string[] = [];
      for (const item of v.value) {
        if (item.type !== 'string') {
          throw report(ErrorCode.ConfSyntax, `${this.filename}: expected a string list for '${name}' parameter`);
        }
        out.push(item.value);
      }
      return out;
    }
    if (v.type === 'string' && compatString) return [v.value];
    const what = compatString ? 'a string or string list' : 'a string list';
    throw internal(`${this.filename}: expected ${what} for '${name}' parameter`);
  }

  getBool(name: string): boolean | undefined {
    const v = this.get(name);
    if (!v) return undefined;
    if (v.type !== 'ullong') throw internal(`${this.filename}: expected a bool for '${name}' parameter`);
    if (BigInt.asUintN(64, v.value) > 1n) {
      throw internal(`${this.filename}: value for '${name}' parameter must be 0 or 1`);
    }
    return v.value === 1n;
  }

  getInt(name: string): number | undefined {
    const v = this.get(name);
    if (!v) return undefined;
    if (v.type !== 'llong' && v.type !== 'ullong') {
      throw internal(`${this.filename}: expected a signed integer for '${name}' parameter`);
    }
    if (v.value > INT_MAX || v.value < INT_MIN) {
      throw internal(`${this.filename}: value for '${name}' parameter must be in range ${INT_MIN}:${INT_MAX}`);
    }
    return Number(v.value);
  }

  getUInt(name: string): number | undefined {
    const v = this.unsigned(name);
    if (v === undefined) return undefined;
    if (v > UINT_MAX) throw internal(`${this.filename}: value for '${name}' parameter must be in range 0:${UINT_MAX}`);
    return Number(v);
  }

  getSizeT(name: string): bigint | undefined {
    return this.unsigned(name);
  }

  getULLong(name: string): bigint | undefined {
    return this.unsigned(name);
  }

  getLLong(name: string): bigint | undefined {
    const v = this.get(name);
    if (!v) return undefined;
    if (v.type === 'ullong') {
      if (BigInt.asUintN(64, v.value) > LLONG_MAX) {
        throw internal(`${this.filename}: value for '${name}' parameter must be in range ${LLONG_MIN}:${LLONG_MAX}`);
      }
      return v.value;
    }
    if (v.type !== 'llong') throw internal(`${this.filename}: expected a signed integer for '${name}' parameter`);
    return v.value;
  }

  /** An unsigned setting as libvirt sees it: the 64-bit pattern reinterpreted as unsigned. */
  private unsigned(name: string): bigint | undefined {
    const v = this.get(name);
    if (!v) return undefined;
    if (v.type !== 'ullong') throw internal(`${this.filename}: expected an unsigned integer for '${name}' parameter`);
    return BigInt.asUintN(64, v.value);
  }
}
