// String helpers of vsh.c that several command groups use: virsh's name order and its
// comma-separated lists.

/**
 * vshStrcasecmp (strcasecmp): ASCII case-insensitive byte order, as virsh sorts its lists. Only
 * ASCII letters fold; other characters compare by their UTF-8 bytes.
 */
export function strcasecmp(a: string, b: string): number {
  const x = a.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const y = b.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return Buffer.compare(Buffer.from(x), Buffer.from(y));
}

/** vshStringToArray: split on commas, ",," standing for a literal comma. */
export function stringToArray(str: string): string[] {
  const parts = str.split(',');
  const out = [parts[0]];
  let concat = false;
  for (const p of parts.slice(1)) {
    if (concat) {
      out[out.length - 1] += `,${p}`;
      concat = false;
    } else if (p === '') {
      concat = true;
    } else {
      out.push(p);
    }
  }
  if (concat) out.push('');
  return out;
}
