// virsh's table printer (vsh-table.c): a header, a dashed rule, then rows; every cell is led by
// one space and padded to its column's width plus two, except the last column, which is not padded.
// Widths count terminal columns: control characters are shown as \xNN, and so is every non-ASCII
// byte when the locale is not UTF-8 (virsh prints "\xff" for each such byte there, as its C code
// sign-extends the byte), wide characters count two columns and combining marks none.

export class Table {
  readonly #rows: string[][];

  constructor(header: readonly string[]) {
    this.#rows = [[...header]];
  }

  /** vshTableRowAppend: every row has as many cells as the header. */
  addRow(cells: readonly string[]): this {
    if (cells.length !== this.#rows[0]!.length) {
      throw new Error('Incorrect number of cells in a table row');
    }
    this.#rows.push([...cells]);
    return this;
  }

  get rowCount(): number {
    return this.#rows.length - 1;
  }

  /** vshTablePrintToString */
  toString(header = true): string {
    const rows = this.#rows.map((r) => r.map((c) => safeEncode(c)));
    const ncols = rows[0]!.length;
    const max = new Array<number>(ncols).fill(0);
    for (let i = header ? 0 : 1; i < rows.length; i++) {
      rows[i]!.forEach((c, j) => {
        if (c.width > max[j]!) max[j] = c.width;
      });
    }
    const line = (r: Encoded[]): string => {
      let s = '';
      r.forEach((c, j) => {
        s += ` ${c.text}`;
        if (j < r.length - 1) s += ' '.repeat(max[j]! - c.width + 2);
      });
      return s + '\n';
    };
    let out = '';
    if (header) {
      out += line(rows[0]!);
      out += '-'.repeat(max.reduce((a, w) => a + w + 3, 0)) + '\n';
    }
    for (let i = 1; i < rows.length; i++) out += line(rows[i]!);
    return out;
  }
}

/** What a table needs from its caller: virsh leaves the header out under -q. */
export interface TableOutput {
  readonly quiet: boolean;
  print(s: string): void;
}

/** vshTablePrintToStdout */
export function printTable(ctl: TableOutput, table: Table): void {
  ctl.print(table.toString(!ctl.quiet));
}

interface Encoded {
  text: string;
  width: number;
}

let utf8Locale: boolean | undefined;

/** Whether virsh would run in a UTF-8 locale (setlocale(LC_ALL, "") from the environment). */
export function localeIsUtf8(env: NodeJS.ProcessEnv = process.env): boolean {
  const name = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(name);
}

const hex = (b: number): string => `\\x${b.toString(16).padStart(2, '0')}`;

function safeEncode(s: string): Encoded {
  utf8Locale ??= localeIsUtf8();
  let text = '';
  let width = 0;
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    if ((cp === 0x5c && s[i + 1] === 'x') || cp < 0x20 || cp === 0x7f) {
      text += hex(cp);
      width += 4;
    } else if (cp < 0x80) {
      text += s[i];
      width += 1;
    } else if (!utf8Locale) {
      // Each byte of the character's UTF-8 form is shown as "\xff".
      const bytes = Buffer.byteLength(s.slice(i, i + len));
      text += '\\xff'.repeat(bytes);
      width += 4 * bytes;
    } else if (!isPrintable(cp)) {
      const bytes = Buffer.byteLength(s.slice(i, i + len));
      text += '\\xff'.repeat(bytes);
      width += 4 * bytes;
    } else {
      text += s.slice(i, i + len);
      width += columnWidth(cp);
    }
    i += len;
  }
  return { text, width };
}

// Made on first use: creating these Unicode property classes costs a third of a millisecond,
// and most tables are plain ASCII.
let nonPrintable: RegExp | undefined;
let zeroWidth: RegExp | undefined;

function isPrintable(cp: number): boolean {
  nonPrintable ??= /[\p{Cc}\p{Cs}\p{Cn}\p{Zl}\p{Zp}]/u;
  return !nonPrintable.test(String.fromCodePoint(cp));
}

// East Asian Wide and Fullwidth ranges (GLib's g_unichar_iswide, abridged to the blocks in use).
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x267f, 0x267f],
  [0x2693, 0x2693],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26ce, 0x26ce],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f3],
  [0x26f5, 0x26f5],
  [0x26fa, 0x26fa],
  [0x26fd, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x274e, 0x274e],
  [0x2753, 0x2755],
  [0x2757, 0x2757],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x16fe0, 0x16fe4],
  [0x17000, 0x18cff],
  [0x1b000, 0x1b2ff],
  [0x1f004, 0x1f004],
  [0x1f0cf, 0x1f0cf],
  [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a],
  [0x1f200, 0x1f251],
  [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

function columnWidth(cp: number): number {
  zeroWidth ??= /[\p{Mn}\p{Me}\p{Cf}]/u;
  if (zeroWidth.test(String.fromCodePoint(cp)) || (cp >= 0x1160 && cp <= 0x11ff) || cp === 0x200b) return 0;
  let lo = 0;
  let hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = WIDE[mid]!;
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return 2;
  }
  return 1;
}
