// One domain's snapshots and their tree (libvirt's virDomainSnapshotObjList): the common moment
// tree (moment-list.ts) with the snapshot list flags and their state and location filters, behind
// virDomainListAllSnapshots and friends.
import { snapshotIsExternal, type SnapshotDef } from '../snapshot-conf.js';
import { MomentList, MomentListFlags as M, type MomentNode, type MomentObj } from './moment-list.js';

/** virDomainSnapshotListFlags (ROOTS and DESCENDANTS share a bit; its meaning depends on the call). */
export const SnapshotListFlags = {
  ROOTS: 1 << 0,
  DESCENDANTS: 1 << 0,
  METADATA: 1 << 1,
  LEAVES: 1 << 2,
  NO_LEAVES: 1 << 3,
  NO_METADATA: 1 << 4,
  INACTIVE: 1 << 5,
  ACTIVE: 1 << 6,
  DISK_ONLY: 1 << 7,
  INTERNAL: 1 << 8,
  EXTERNAL: 1 << 9,
  TOPOLOGICAL: 1 << 10,
} as const;
const F = SnapshotListFlags;
export const FILTERS_STATUS = F.INACTIVE | F.ACTIVE | F.DISK_ONLY;
export const FILTERS_LOCATION = F.INTERNAL | F.EXTERNAL;
export const FILTERS_ALL = F.LEAVES | F.NO_LEAVES | F.METADATA | F.NO_METADATA | FILTERS_STATUS | FILTERS_LOCATION;

export type SnapshotNode = MomentNode<SnapshotDef>;
export type SnapshotObj = MomentObj<SnapshotDef>;

/** The snapshot list flags that have a common moment counterpart, and that counterpart. */
const TO_MOMENT: [number, number][] = [
  [F.ROOTS, M.ROOTS],
  [F.TOPOLOGICAL, M.TOPOLOGICAL],
  [F.LEAVES, M.LEAVES],
  [F.NO_LEAVES, M.NO_LEAVES],
  [F.METADATA, M.METADATA],
  [F.NO_METADATA, M.NO_METADATA],
];

export class SnapshotList extends MomentList<SnapshotDef> {
  /**
   * virDomainSnapshotObjListGetNames: the names under `from` (the whole list when undefined)
   * that pass the snapshot list flags.
   */
  names(from: SnapshotObj | undefined, flags: number): string[] {
    let momentFlags = 0;
    for (const [snap, moment] of TO_MOMENT) if (flags & snap) momentFlags |= moment;
    let filter = flags & ~(F.ROOTS | F.TOPOLOGICAL | F.LEAVES | F.NO_LEAVES | F.METADATA | F.NO_METADATA);
    // A filter group with all its bits set filters nothing.
    if ((filter & FILTERS_STATUS) === FILTERS_STATUS) filter &= ~FILTERS_STATUS;
    if ((filter & FILTERS_LOCATION) === FILTERS_LOCATION) filter &= ~FILTERS_LOCATION;
    return this.momentNames(from, momentFlags, (o) => matches(o, filter));
  }
}

function matches(obj: SnapshotObj, filter: number): boolean {
  const state = obj.def.state;
  if (filter & FILTERS_STATUS) {
    if (!(filter & F.INACTIVE) && state === 'shutoff') return false;
    if (!(filter & F.DISK_ONLY) && state === 'disk-snapshot') return false;
    if (!(filter & F.ACTIVE) && state !== 'shutoff' && state !== 'disk-snapshot') return false;
  }
  if (filter & F.INTERNAL && snapshotIsExternal(obj.def)) return false;
  if (filter & F.EXTERNAL && !snapshotIsExternal(obj.def)) return false;
  return true;
}
