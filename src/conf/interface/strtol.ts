// Number parsing with the C library's strtol/strtoul rules, as libvirt's virStrToLong_* use them:
// leading white space and a sign are accepted, base 0 picks 8/10/16 from the prefix, base 16 takes
// an optional 0x, and the whole string must be consumed. The variants differ only in range and in
// what a minus sign means, and those differences show up in which inputs libvirt rejects.

const SPACE = new Set([' ', '\t', '\n', '\v', '\f', '\r']);

interface Scanned {
  negative: boolean;
  magnitude: bigint;
  /** A '-' appeared before the digits. */
  minus: boolean;
}

/** Scan the whole of `s` as one integer; undefined when it is not one. */
function scan(s: string, base: number): Scanned | undefined {
  let i = 0;
  while (i < s.length && SPACE.has(s[i])) i++;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') {
    negative = s[i] === '-';
    i++;
  }
  let b = base;
  const hexPrefix = (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && isDigit(s[i + 2] ?? '', 16));
  if (b === 0) {
    if (hexPrefix) {
      b = 16;
      i += 2;
    } else if (s[i] === '0') {
      b = 8;
    } else {
      b = 10;
    }
  } else if (b === 16 && hexPrefix) {
    i += 2;
  }
  const start = i;
  let v = 0n;
  const bb = BigInt(b);
  while (i < s.length && isDigit(s[i], b)) {
    v = v * bb + BigInt(parseInt(s[i], b));
    i++;
  }
  if (i === start || i !== s.length) return undefined;
  return { negative, magnitude: v, minus: negative };
}

function isDigit(c: string, base: number): boolean {
  if (c === '') return false;
  const d = parseInt(c, 36);
  return !Number.isNaN(d) && d < base;
}

const U32 = 0xffffffffn;
const U64 = 0xffffffffffffffffn;

/** virStrToLong_i: a signed 32-bit value. */
export function strToInt(s: string, base = 10): number | undefined {
  const r = scan(s, base);
  if (!r) return undefined;
  const v = r.negative ? -r.magnitude : r.magnitude;
  if (v < -0x80000000n || v > 0x7fffffffn) return undefined;
  return Number(v);
}

/** virStrToLong_uip: an unsigned 32-bit value; any minus sign is refused. */
export function strToUIntP(s: string, base = 10): number | undefined {
  const r = scan(s, base);
  if (!r || r.minus || r.magnitude > U32) return undefined;
  return Number(r.magnitude);
}

/** virStrToLong_ui: an unsigned 32-bit value; "-1" wraps around to UINT_MAX as in C. */
export function strToUInt(s: string, base = 10): number | undefined {
  const r = scan(s, base);
  if (!r || r.magnitude > U64) return undefined;
  if (r.negative) {
    if (r.magnitude > U32) return undefined;
    return Number((U32 + 1n - r.magnitude) & U32);
  }
  if (r.magnitude > U32) return undefined;
  return Number(r.magnitude);
}

/** virStrToLong_ullp: an unsigned 64-bit value; any minus sign is refused. */
export function strToULongLongP(s: string, base = 10): bigint | undefined {
  const r = scan(s, base);
  if (!r || r.minus || r.magnitude > U64) return undefined;
  return r.magnitude;
}
