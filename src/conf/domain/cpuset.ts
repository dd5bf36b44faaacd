// CPU and NUMA node sets as libvirt writes them ("0-3,^2,8"), parsed into bit lists and formatted
// back in compressed ranges (virBitmapParse / virBitmapFormat).
import { ErrorCode, ErrorDomain, errorsFrom } from '../../util/error.js';

const report = errorsFrom(ErrorDomain.None);

/** The bits of a set string; throws libvirt's "Failed to parse bitmap" on bad syntax. */
export function parseBits(s: string, limit = 4096): Set<number> {
  const fail = () => report(ErrorCode.InvalidArg, `Failed to parse bitmap '${s}'`);
  const bits = new Set<number>();
  let i = 0;
  const skip = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  const num = () => {
    const m = /^[+-]?\d+/.exec(s.slice(i));
    if (!m) throw fail();
    i += m[0].length;
    const n = Number(m[0]);
    if (n > 0x7fffffff) throw fail();
    return n;
  };
  skip();
  if (i >= s.length) throw fail();
  while (i < s.length) {
    let neg = false;
    if (s[i] === '^') {
      neg = true;
      i++;
    }
    if (!/\d/.test(s[i] ?? '')) throw fail();
    const start = num();
    if (start < 0) throw fail();
    skip();
    if (s[i] === ',' || i >= s.length) {
      if (start >= limit) throw fail();
      if (neg) bits.delete(start);
      else bits.add(start);
    } else if (s[i] === '-') {
      if (neg) throw fail();
      i++;
      skip();
      const last = num();
      if (last < start) throw fail();
      if (last >= limit) throw fail();
      for (let b = start; b <= last; b++) bits.add(b);
      skip();
    }
    if (s[i] === ',') {
      i++;
      skip();
    } else if (i >= s.length) break;
    else throw fail();
  }
  return bits;
}

/** virBitmapFormat: ascending, consecutive bits joined into ranges; '' when empty. */
export function formatBits(bits: Iterable<number>): string {
  const sorted = [...new Set(bits)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** Parse and re-format, as a set read from XML is stored and shown again. */
export function parseCpuset(s: string): string {
  return formatBits(parseBits(s));
}

/** Bits of a byte map (virBitmapNewData: bit n is byte n/8, bit n%8). */
export function bitsFromMap(map: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < map.length * 8; i++) if (map[i >> 3] & (1 << (i & 7))) out.push(i);
  return out;
}

export function mapFromBits(bits: Iterable<number>, maplen: number): Uint8Array {
  const map = new Uint8Array(maplen);
  for (const b of bits) if (b < maplen * 8) map[b >> 3] |= 1 << (b & 7);
  return map;
}
