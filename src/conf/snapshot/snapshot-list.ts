// One domain's snapshots and their tree (libvirt's virDomainMomentObjList and
// virDomainSnapshotObjList): lookup by name, the current snapshot, parent/child links, and the
// filtered listings behind virDomainListAllSnapshots and friends.
import { ErrorCode, ErrorDomain, errorsFrom } from '../../util/error.js';
import { snapshotIsExternal, type SnapshotDef } from '../snapshot-conf.js';

const reportMoment = errorsFrom(ErrorDomain.Domain);

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

/** A node of the tree; the list's metaroot is the one node without a definition. */
export interface SnapshotNode {
  def: SnapshotDef | undefined;
  parent: SnapshotNode | undefined;
  /** Newest first: libvirt links a new child in front of its siblings. */
  children: SnapshotObj[];
}

export interface SnapshotObj extends SnapshotNode {
  def: SnapshotDef;
}

export class SnapshotList {
  /** Insertion order stands in for libvirt's hash order where no order is promised. */
  readonly #objs = new Map<string, SnapshotObj>();
  /** The parent of every root snapshot. */
  readonly metaroot: SnapshotNode = { def: undefined, parent: undefined, children: [] };
  current: SnapshotObj | undefined;

  get size(): number {
    return this.#objs.size;
  }

  all(): IterableIterator<SnapshotObj> {
    return this.#objs.values();
  }

  findByName(name: string | undefined): SnapshotObj | undefined {
    return name === undefined ? undefined : this.#objs.get(name);
  }

  /** virDomainMomentAssignDef: add a definition, unlinked (see linkParent). */
  assignDef(def: SnapshotDef): SnapshotObj {
    if (this.#objs.has(def.name)) throw reportMoment(ErrorCode.OperationFailed, `domain moment ${def.name} already exists`);
    const obj: SnapshotObj = { def, parent: undefined, children: [] };
    this.#objs.set(def.name, obj);
    return obj;
  }

  /** virDomainMomentObjListRemove: forget the object (its links are the caller's business); true when it was current. */
  remove(obj: SnapshotObj): boolean {
    const wasCurrent = this.current === obj;
    this.#objs.delete(obj.def.name);
    if (wasCurrent) this.current = undefined;
    return wasCurrent;
  }

  /** virDomainMomentSetParent */
  static setParent(obj: SnapshotObj, parent: SnapshotNode): void {
    obj.parent = parent;
    parent.children.unshift(obj);
  }

  /** virDomainMomentDropParent */
  static dropParent(obj: SnapshotObj): void {
    const p = obj.parent;
    if (p) {
      const i = p.children.indexOf(obj);
      if (i >= 0) p.children.splice(i, 1);
    }
    obj.parent = undefined;
  }

  /** virDomainMomentMoveChildren: `from`'s children go in front of `to`'s, in their order. */
  static moveChildren(from: SnapshotNode, to: SnapshotNode): void {
    if (from.children.length === 0) return;
    for (const c of from.children) c.parent = to;
    to.children = [...from.children, ...to.children];
    from.children = [];
  }

  /** virDomainMomentLinkParent: under the named parent, or at the root when it is missing. */
  linkParent(obj: SnapshotObj): void {
    SnapshotList.setParent(obj, this.findByName(obj.def.parentName) ?? this.metaroot);
  }

  /** virDomainMomentUpdateRelations: rebuild every link from the parent names; false on a missing parent or a cycle. */
  updateRelations(): boolean {
    let ok = true;
    this.metaroot.children = [];
    for (const obj of this.#objs.values()) obj.children = [];
    for (const obj of this.#objs.values()) {
      let parent: SnapshotNode | undefined = this.findByName(obj.def.parentName);
      if (!parent) {
        parent = this.metaroot;
        if (obj.def.parentName !== undefined) ok = false;
      } else {
        for (let t: SnapshotNode | undefined = parent; t?.def; t = t.parent) {
          if (t === obj) {
            ok = false;
            parent = this.metaroot;
            break;
          }
        }
      }
      SnapshotList.setParent(obj, parent);
    }
    if (!ok) this.current = undefined;
    return ok;
  }

  /** virDomainMomentCheckCycles: would `def` fit into the tree (its parent exists, no loop)? */
  checkCycles(def: SnapshotDef): void {
    if (def.parentName === undefined) return;
    if (def.name === def.parentName) throw reportMoment(ErrorCode.InvalidArg, `cannot set moment ${def.name} as its own parent`);
    let other = this.findByName(def.parentName);
    if (!other) throw reportMoment(ErrorCode.InvalidArg, `parent ${def.parentName} for moment ${def.name} not found`);
    while (other?.def.parentName !== undefined) {
      if (other.def.parentName === def.name) throw reportMoment(ErrorCode.InvalidArg, `parent ${other.def.name} would create cycle to ${def.name}`);
      other = this.findByName(other.def.parentName);
    }
  }

  /** Every descendant of `node`, parents before children (virDomainMomentForEachDescendant's order). */
  static descendants(node: SnapshotNode): SnapshotObj[] {
    const out: SnapshotObj[] = [];
    const visit = (n: SnapshotNode) => {
      for (const c of [...n.children]) {
        out.push(c);
        visit(c);
      }
    };
    visit(node);
    return out;
  }

  /**
   * virDomainSnapshotObjListGetNames: the names under `from` (the whole list when undefined)
   * that pass the snapshot list flags.
   */
  names(from: SnapshotObj | undefined, flags: number): string[] {
    let momentFlags = flags & (F.ROOTS | F.TOPOLOGICAL | F.LEAVES | F.NO_LEAVES | F.METADATA | F.NO_METADATA);
    let filter = flags & ~momentFlags;
    // A filter group with all its bits set filters nothing.
    if ((filter & FILTERS_STATUS) === FILTERS_STATUS) filter &= ~FILTERS_STATUS;
    if ((filter & FILTERS_LOCATION) === FILTERS_LOCATION) filter &= ~FILTERS_LOCATION;

    let node: SnapshotNode | undefined = from;
    if (!node) {
      // At the metaroot the shared bit means the opposite: no ROOTS flag lists everything.
      momentFlags ^= F.ROOTS;
      node = this.metaroot;
    }
    // Every snapshot here has metadata, so NO_METADATA alone matches none of them.
    if ((momentFlags & (F.METADATA | F.NO_METADATA)) === F.NO_METADATA) return [];

    let candidates: SnapshotObj[];
    if (momentFlags & F.DESCENDANTS) {
      candidates = node.def || momentFlags & F.TOPOLOGICAL ? SnapshotList.descendants(node) : [...this.#objs.values()];
    } else {
      candidates = [...node.children];
    }
    return candidates.filter((o) => matches(o, momentFlags, filter)).map((o) => o.def.name);
  }
}

function matches(obj: SnapshotObj, momentFlags: number, filter: number): boolean {
  if (momentFlags & F.LEAVES && obj.children.length) return false;
  if (momentFlags & F.NO_LEAVES && !obj.children.length) return false;
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
