// Disk order in a definition (virDomainDiskInsert): disks on one bus stay sorted by their
// target's index. Kept apart from the parser so the test driver can use it without loading it.
import type { DomainDef } from './domain-def.js';

/** virDiskNameToIndex: "hda" → 0, "sdaa" → 26, or -1 when the name has no known prefix. */
export function diskNameToIndex(name: string): number {
  const m = /^(fd|hd|vd|sd|xvd|ubd)([a-z]+)\d*$/.exec(name);
  if (!m) return -1;
  // Letters count like spreadsheet columns: a=0 … z=25, aa=26.
  let idx = 0;
  [...m[2]].forEach((ch, i) => {
    idx = (idx + (i < 1 ? 0 : 1)) * 26 + (ch.charCodeAt(0) - 97);
  });
  return idx;
}

/** Insert by the bus as written (empty when the XML named none). */
export function insertDisk(def: DomainDef, disk: DomainDef['devices']['disks'][number]): void {
  const list = def.devices.disks;
  let at = -1;
  for (let i = list.length - 1; i >= 0; i--) {
    if (list[i].target.bus !== disk.target.bus) continue;
    if (diskNameToIndex(list[i].target.dev) > diskNameToIndex(disk.target.dev)) at = i;
    else if (at === -1) at = i + 1;
  }
  if (at === -1) list.push(disk);
  else list.splice(at, 0, disk);
}

/** The order a definition's disks get when it is formatted and parsed again (virDomainDefCopy). */
export function reinsertDisks(def: DomainDef): void {
  const disks = def.devices.disks;
  def.devices.disks = [];
  for (const d of disks) insertDisk(def, d);
}
