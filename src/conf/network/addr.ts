// Numeric IP and MAC addresses as libvirt's network XML uses them (virSocketAddr, virMacAddr):
// parsed the way glibc's getaddrinfo(AI_NUMERICHOST) reads them and formatted the way
// getnameinfo(NI_NUMERICHOST) prints them, so round trips match libvirt's output.
import { ErrorCode, ErrorDomain, errorsFrom } from '../../util/error.js';

export interface IpAddr {
  readonly family: 4 | 6;
  /** 4 or 16 bytes, network order. */
  readonly bytes: Uint8Array;
}

/** glibc's getaddrinfo texts for the two ways a numeric address can be refused. */
const EAI_NONAME = 'Name or service not known';
const EAI_ADDRFAMILY = 'Address family for hostname not supported';

/** inet_aton's reading: 1 to 4 parts, each decimal, octal (leading 0) or hex (0x). */
function parseIPv4(s: string): Uint8Array | null {
  if (s === '') return null;
  const parts = s.split('.');
  if (parts.length > 4) return null;
  const vals: number[] = [];
  for (const p of parts) {
    let m: RegExpMatchArray | null;
    let v: number;
    if ((m = /^0[xX]([0-9a-fA-F]*)$/.exec(p))) v = m[1] === '' ? 0 : parseInt(m[1], 16);
    else if (/^0[0-7]*$/.test(p)) v = parseInt(p, 8);
    else if (/^[1-9][0-9]*$/.test(p)) v = parseInt(p, 10);
    else return null;
    if (!Number.isFinite(v) || v > 0xffffffff) return null;
    vals.push(v);
  }
  const last = vals[vals.length - 1];
  const lead = vals.slice(0, -1);
  if (lead.some((v) => v > 255)) return null;
  const room = 4 - lead.length;
  if (last >= 2 ** (8 * room)) return null;
  const out = new Uint8Array(4);
  lead.forEach((v, i) => (out[i] = v));
  for (let i = 3, rest = last; i >= lead.length; i--, rest = Math.floor(rest / 256)) out[i] = rest % 256;
  return out;
}

/** Strict dotted quad, as inet_pton wants inside an IPv6 address. */
function parseDottedQuad(s: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const v = m.slice(1).map(Number);
  return v.every((x) => x <= 255) ? v : null;
}

function parseIPv6(s: string): Uint8Array | null {
  const pct = s.indexOf('%');
  if (pct >= 0) s = s.slice(0, pct);
  if (s === '') return null;
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return null;
  const words: number[] = [];
  const readGroups = (part: string, allowV4: boolean): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const groups = part.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i];
      if (allowV4 && i === groups.length - 1 && g.includes('.')) {
        const q = parseDottedQuad(g);
        if (!q) return null;
        out.push((q[0] << 8) | q[1], (q[2] << 8) | q[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  if (dbl >= 0) {
    const head = readGroups(s.slice(0, dbl), false);
    const tail = readGroups(s.slice(dbl + 2), true);
    if (!head || !tail || head.length + tail.length > 7) return null;
    words.push(...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail);
  } else {
    const all = readGroups(s, true);
    if (!all || all.length !== 8) return null;
    words.push(...all);
  }
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

/** Parse without reporting; `family` restricts as getaddrinfo's hint does. */
export function tryParseIp(text: string, family?: 4 | 6): IpAddr | null {
  if (family !== 6) {
    const b = parseIPv4(text);
    if (b) return { family: 4, bytes: b };
  }
  if (family !== 4) {
    const b = parseIPv6(text);
    if (b) return { family: 6, bytes: b };
  }
  return null;
}

/**
 * virSocketAddrParse: a numeric address, or VIR_ERR_SYSTEM_ERROR with getaddrinfo's reason
 * (reported in `domain`, the caller's error domain).
 */
export function parseIp(text: string, domain: ErrorDomain, family?: 4 | 6): IpAddr {
  const a = tryParseIp(text, family);
  if (a) return a;
  // A valid address of the other family is refused for its family, not as unknown.
  const other = family !== undefined && tryParseIp(text) !== null;
  throw errorsFrom(domain)(ErrorCode.SystemError, `Cannot parse socket address '${text}': ${other ? EAI_ADDRFAMILY : EAI_NONAME}`);
}

/** getnameinfo(NI_NUMERICHOST) / inet_ntop text. */
export function formatIp(a: IpAddr): string {
  if (a.family === 4) return Array.from(a.bytes).join('.');
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push((a.bytes[2 * i] << 8) | a.bytes[2 * i + 1]);
  // The longest run of two or more zero words becomes "::" (the first one on a tie).
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) best = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (best >= 0 && i >= best && i < best + bestLen) {
      if (i === best) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    // IPv4-compatible and IPv4-mapped addresses end in dotted form, as glibc prints them.
    if (i === 6 && best === 0 && (bestLen === 6 || (bestLen === 5 && w[5] === 0xffff))) {
      out += `${a.bytes[12]}.${a.bytes[13]}.${a.bytes[14]}.${a.bytes[15]}`;
      break;
    }
    out += w[i].toString(16);
  }
  if (best >= 0 && best + bestLen === 8) out += ':';
  return out;
}

export function ipEqual(a: IpAddr, b: IpAddr): boolean {
  return a.family === b.family && a.bytes.every((v, i) => v === b.bytes[i]);
}

/** virSocketAddrPrefixToNetmask */
export function prefixToNetmask(prefix: number, family: 4 | 6): IpAddr | null {
  const len = family === 4 ? 4 : 16;
  if (prefix < 0 || prefix > len * 8) return null;
  const bytes = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    bytes[i] = (0xff << (8 - bits)) & 0xff;
  }
  return { family, bytes };
}

/** virSocketAddrGetNumNetmaskBits: the prefix of a contiguous netmask, or -1. */
export function netmaskBits(mask: IpAddr): number {
  let n = 0;
  let i = 0;
  for (; i < mask.bytes.length && mask.bytes[i] === 0xff; i++) n += 8;
  if (i < mask.bytes.length) {
    let b = mask.bytes[i];
    let ones = 0;
    while (b & 0x80) {
      ones++;
      b = (b << 1) & 0xff;
    }
    if (b !== 0) return -1;
    n += ones;
    for (i++; i < mask.bytes.length; i++) if (mask.bytes[i] !== 0) return -1;
  }
  return n;
}

/** virSocketAddrGetIPPrefix: explicit prefix, else the netmask's, else the classful default. */
export function ipPrefix(address: IpAddr | undefined, netmask: IpAddr | undefined, prefix: number): number {
  if (prefix > 0) return prefix;
  if (netmask) return netmaskBits(netmask);
  if (address?.family === 4) {
    if (address.bytes.every((b) => b === 0)) return 0;
    const o = address.bytes[0];
    if ((o & 0x80) === 0) return 8;
    if ((o & 0xc0) === 0x80) return 16;
    if ((o & 0xe0) === 0xc0) return 24;
    return -1;
  }
  if (address?.family === 6) return address.bytes.every((b) => b === 0) ? 0 : 64;
  return 0;
}

export function maskAddr(a: IpAddr, mask: IpAddr): IpAddr {
  return { family: a.family, bytes: a.bytes.map((b, i) => b & mask.bytes[i]) };
}

function broadcastAddr(a: IpAddr, mask: IpAddr): IpAddr {
  return { family: a.family, bytes: a.bytes.map((b, i) => (b | ~mask.bytes[i]) & 0xff) };
}

/**
 * virSocketAddrGetRange: check a start–end range (within `network`/`prefix` when given) and
 * return its size; failures are internal errors with libvirt's texts.
 */
export function checkRange(start: IpAddr, end: IpAddr, network: IpAddr | undefined, prefix: number, domain: ErrorDomain): number {
  const r = errorsFrom(domain);
  const s = formatIp(start);
  const e = formatIp(end);
  if (start.family !== end.family) throw r(ErrorCode.InternalError, `mismatch of address family in range ${s} - ${e}`);
  if (network) {
    const n = formatIp(network);
    if (start.family !== network.family) throw r(ErrorCode.InternalError, `mismatch of address family in range ${s} - ${e} for network ${n}`);
    const mask = prefix < 0 ? null : prefixToNetmask(prefix, network.family);
    if (!mask) throw r(ErrorCode.InternalError, `bad prefix ${prefix} for network ${n} when  checking range ${s} - ${e}`);
    const net = maskAddr(network, mask);
    if (!ipEqual(maskAddr(start, mask), net) || !ipEqual(maskAddr(end, mask), net)) {
      throw r(ErrorCode.InternalError, `range ${s} - ${e} is not entirely within network ${n}/${prefix}`);
    }
    if (start.family === 4) {
      if (ipEqual(start, net)) throw r(ErrorCode.InternalError, `start of range ${s} - ${e} in network ${n}/${prefix} is the network address`);
      if (ipEqual(end, broadcastAddr(network, mask))) throw r(ErrorCode.InternalError, `end of range ${s} - ${e} in network ${n}/${prefix} is the broadcast address`);
    }
  }
  // Only the last 16 bits may differ (libvirt's limit on a DHCP range's size).
  const fixed = start.family === 4 ? 2 : 14;
  for (let i = 0; i < fixed; i++) {
    if (start.bytes[i] !== end.bytes[i]) throw r(ErrorCode.InternalError, `range ${s} - ${e} is too large (> 65535)`);
  }
  const size = (end.bytes[fixed] - start.bytes[fixed]) * 256 + (end.bytes[fixed + 1] - start.bytes[fixed + 1]);
  if (size < 0) throw r(ErrorCode.InternalError, `range ${s} - ${e} is reversed `);
  return size + 1;
}

// --- MAC addresses (virMacAddr) ---

/** virMacAddrParse: six hex pairs separated by ':', each one or two digits. */
export function parseMac(text: string): Uint8Array | null {
  const parts = text.split(':');
  if (parts.length !== 6) return null;
  const out = new Uint8Array(6);
  for (let i = 0; i < 6; i++) {
    // The last pair may be followed by anything at or below a space (libvirt stops reading there).
    const m = i === 5 ? /^([0-9a-fA-F]{1,2})(?:[\x00-\x20].*)?$/s.exec(parts[i]) : /^([0-9a-fA-F]{1,2})$/.exec(parts[i]);
    if (!m) return null;
    out[i] = parseInt(m[1], 16);
  }
  return out;
}

export function formatMac(mac: Uint8Array): string {
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join(':');
}

export function isMulticastMac(mac: Uint8Array): boolean {
  return (mac[0] & 1) === 1;
}
