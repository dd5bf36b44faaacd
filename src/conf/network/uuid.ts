// UUIDs as libvirt reads and writes them (viruuid.c): a liberal reader (hyphens and spaces
// between digit pairs, surrounding blanks) and the canonical lowercase 8-4-4-4-12 form.
/** virUUIDParse: canonical text, or null when the input is not 32 hex digits. */
export function parseUuid(text: string): string | null {
  const s = text.replace(/^[ \t\n\v\f\r]+/, '');
  let hex = '';
  let i = 0;
  while (hex.length < 32) {
    const c = s[i];
    if (c === undefined) return null;
    if (c === '-' || c === ' ') {
      i++;
      continue;
    }
    const pair = s.slice(i, i + 2);
    if (!/^[0-9a-fA-F]{2}$/.test(pair)) return null;
    hex += pair;
    i += 2;
  }
  if (!/^[ \t\n\v\f\r]*$/.test(s.slice(i))) return null;
  return formatUuid(hex);
}

/** Canonical form of 32 hex digits (with or without hyphens). */
export function formatUuid(hexOrUuid: string): string {
  const h = hexOrUuid.replace(/-/g, '').toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** virUUIDGenerate: a random (version 4) UUID. */
export function generateUuid(): string {
  // the global Web Crypto object loads on first use, so importing this module stays cheap
  return globalThis.crypto.randomUUID();
}
