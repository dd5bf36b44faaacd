// Number parsing with the C library's rules, as virsh reads numeric options through strtol/strtoul
// (libvirt's virStrToLong_* wrappers): leading blanks and a sign are accepted, the whole string
// must be consumed, and overflow is an error. Negative input to an unsigned parser either wraps
// (the "wrap" variants) or is refused (the "p" variants, virStrToLong_*p).

const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;
const UINT_MAX = 2n ** 32n - 1n;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const ULONG_MAX = 2n ** 64n - 1n;

interface Scan {
  negative: boolean;
  magnitude: bigint;
  /** Index just past the last digit, or 0 when no digits were found (strtol's end == start). */
  end: number;
}

function isCSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

function digitValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 87;
  if (code >= 65 && code <= 90) return code - 55;
  return 99;
}

/** The digits strtol would consume, with base 10 or 0 (0: "0x" hex, leading "0" octal). */
function scan(s: string, base: 0 | 10): Scan {
  let i = 0;
  while (i < s.length && isCSpace(s[i]!)) i++;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') {
    negative = s[i] === '-';
    i++;
  }
  let radix: number = base === 0 ? 10 : base;
  if (base === 0) {
    if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && i + 2 < s.length && digitValue(s[i + 2]!) < 16) {
      radix = 16;
      i += 2;
    } else if (s[i] === '0') {
      radix = 8;
    }
  }
  const start = i;
  let magnitude = 0n;
  const big = BigInt(radix);
  while (i < s.length && digitValue(s[i]!) < radix) {
    magnitude = magnitude * big + BigInt(digitValue(s[i]!));
    i++;
  }
  if (i === start) return { negative, magnitude: 0n, end: 0 };
  return { negative, magnitude, end: i };
}

/** strtol/strtoll: the value, or null on overflow / no digits / trailing text. */
function signedValue(s: string, base: 0 | 10, min: bigint, max: bigint): bigint | null {
  const r = scan(s, base);
  if (r.end === 0 || r.end !== s.length) return null;
  const v = r.negative ? -r.magnitude : r.magnitude;
  if (v < LONG_MIN || v > LONG_MAX) return null;
  if (v < min || v > max) return null;
  return v;
}

/** strtoul/strtoull: negative input wraps modulo 2^64 as the C library does. */
function unsignedScan(s: string): { value: bigint; negative: boolean } | null {
  const r = scan(s, 10);
  if (r.end === 0 || r.end !== s.length) return null;
  if (r.magnitude > ULONG_MAX) return null;
  const value = r.negative ? (ULONG_MAX + 1n - r.magnitude) & ULONG_MAX : r.magnitude;
  return { value, negative: r.negative };
}

/** virStrToLong_i (base 10 unless told). */
export function parseInt32(s: string, base: 0 | 10 = 10): number | null {
  const v = signedValue(s, base, INT_MIN, INT_MAX);
  return v === null ? null : Number(v);
}

/** virStrToLong_ll */
export function parseInt64(s: string): bigint | null {
  return signedValue(s, 10, LONG_MIN, LONG_MAX);
}

/** virStrToLong_ui: a negative value wraps into 32 bits when its magnitude fits. */
export function parseUInt32Wrap(s: string): number | null {
  const r = unsignedScan(s);
  if (r === null) return null;
  let v = r.value;
  if (r.negative) {
    const magnitude = (ULONG_MAX + 1n - v) & ULONG_MAX;
    if (magnitude > UINT_MAX) return null;
    v &= UINT_MAX;
  }
  return v > UINT_MAX ? null : Number(v);
}

/** virStrToLong_uip: refuses any minus sign. */
export function parseUInt32(s: string): number | null {
  const r = unsignedScan(s);
  if (r === null || r.negative || r.value > UINT_MAX) return null;
  return Number(r.value);
}

/** virStrToLong_ull / virStrToLong_ul (64-bit long): negative input wraps. */
export function parseUInt64Wrap(s: string): bigint | null {
  const r = unsignedScan(s);
  return r === null ? null : r.value;
}

/** virStrToLong_ullp / virStrToLong_ulp: refuses any minus sign. */
export function parseUInt64(s: string): bigint | null {
  const r = unsignedScan(s);
  if (r === null || r.negative) return null;
  return r.value;
}

/**
 * The leading unsigned number of `s` (strtoull with an end pointer, refusing a minus sign), and
 * the rest of the string: the form virsh reads scaled sizes in ("10GiB").
 */
export function parseUInt64Prefix(s: string): { value: bigint; rest: string } | null {
  const r = scan(s, 10);
  if (r.end === 0 || r.negative || r.magnitude > ULONG_MAX) return null;
  return { value: r.magnitude, rest: s.slice(r.end) };
}

/** Why virScaleInteger refused a suffix or a value: libvirt reports these as its own errors. */
export type ScaleFailure = { kind: 'suffix'; suffix: string } | { kind: 'overflow'; value: bigint; suffix: string };

/**
 * virScaleInteger: apply a unit suffix (k, M, G, T, P, E with optional "iB" for powers of 1024,
 * or "B" for powers of 1000; "b"/"byte"/"bytes" for 1), or `scale` when there is none.
 */
export function scaleInteger(value: bigint, suffix: string, scale: bigint, limit: bigint): bigint | ScaleFailure {
  let factor = scale;
  const lower = suffix.toLowerCase();
  if (suffix === '') {
    factor = scale;
  } else if (lower === 'b' || lower === 'byte' || lower === 'bytes') {
    factor = 1n;
  } else {
    let base: bigint;
    if (suffix.length === 1 || suffix.slice(1).toLowerCase() === 'ib') base = 1024n;
    else if (suffix[1]!.toLowerCase() === 'b' && suffix.length === 2) base = 1000n;
    else return { kind: 'suffix', suffix };
    const powers: Record<string, number> = { k: 1, m: 2, g: 3, t: 4, p: 5, e: 6 };
    const n = powers[suffix[0]!.toLowerCase()];
    if (n === undefined) return { kind: 'suffix', suffix };
    factor = base ** BigInt(n);
  }
  if (value !== 0n && value > limit / factor) return { kind: 'overflow', value, suffix };
  return value * factor;
}
