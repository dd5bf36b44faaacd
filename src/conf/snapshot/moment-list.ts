// The tree of one domain's moments (libvirt's virDomainMomentObjList, shared by snapshots and
// checkpoints): lookup by name, the current moment, parent/child links, and the listing walk
// behind virDomainListAllSnapshots / virDomainListAllCheckpoints and their children variants.
// Each kind adds its own flags and filters on top (snapshot-list.ts, the checkpoint driver).
import { ErrorCode, ErrorDomain, errorsFrom } from '../../util/error.js';

const reportMoment = errorsFrom(ErrorDomain.Domain);

/** What the list needs of a definition. */
export interface MomentDef {
  name: string;
  parentName?: string;
}

/**
 * virDomainMomentListFlags: the common flag bits. Checkpoints use these numbers publicly;
 * snapshots have their own and convert.
 */
export const MomentListFlags = {
  ROOTS: 1 << 0,
  DESCENDANTS: 1 << 0,
  TOPOLOGICAL: 1 << 1,
  LEAVES: 1 << 2,
  NO_LEAVES: 1 << 3,
  METADATA: 1 << 4,
  NO_METADATA: 1 << 5,
} as const;
const M = MomentListFlags;

/** A node of the tree; the list's metaroot is the one node without a definition. */
export interface MomentNode<D extends MomentDef> {
  def: D | undefined;
  parent: MomentNode<D> | undefined;
  /** Newest first: libvirt links a new child in front of its siblings. */
  children: MomentObj<D>[];
}

export interface MomentObj<D extends MomentDef> extends MomentNode<D> {
  def: D;
}

export class MomentList<D extends MomentDef> {
  /** Insertion order stands in for libvirt's hash order where no order is promised. */
  readonly #objs = new Map<string, MomentObj<D>>();
  /** The parent of every root moment. */
  readonly metaroot: MomentNode<D> = { def: undefined, parent: undefined, children: [] };
  current: MomentObj<D> | undefined;

  get size(): number {
    return this.#objs.size;
  }

  all(): IterableIterator<MomentObj<D>> {
    return this.#objs.values();
  }

  findByName(name: string | undefined): MomentObj<D> | undefined {
    return name === undefined ? undefined : this.#objs.get(name);
  }

  /** virDomainMomentAssignDef: add a definition, unlinked (see linkParent). */
  assignDef(def: D): MomentObj<D> {
    if (this.#objs.has(def.name)) throw reportMoment(ErrorCode.OperationFailed, `domain moment ${def.name} already exists`);
    const obj: MomentObj<D> = { def, parent: undefined, children: [] };
    this.#objs.set(def.name, obj);
    return obj;
  }

  /** virDomainMomentObjListRemove: forget the object (its links are the caller's business); true when it was current. */
  remove(obj: MomentObj<D>): boolean {
    const wasCurrent = this.current === obj;
    this.#objs.delete(obj.def.name);
    if (wasCurrent) this.current = undefined;
    return wasCurrent;
  }

  /** virDomainMomentSetParent */
  static setParent<D extends MomentDef>(obj: MomentObj<D>, parent: MomentNode<D>): void {
    obj.parent = parent;
    parent.children.unshift(obj);
  }

  /** virDomainMomentDropParent */
  static dropParent<D extends MomentDef>(obj: MomentObj<D>): void {
    const p = obj.parent;
    if (p) {
      const i = p.children.indexOf(obj);
      if (i >= 0) p.children.splice(i, 1);
    }
    obj.parent = undefined;
  }

  /** virDomainMomentMoveChildren: `from`'s children go in front of `to`'s, in their order. */
  static moveChildren<D extends MomentDef>(from: MomentNode<D>, to: MomentNode<D>): void {
    if (from.children.length === 0) return;
    for (const c of from.children) c.parent = to;
    to.children = [...from.children, ...to.children];
    from.children = [];
  }

  /** virDomainMomentLinkParent: under the named parent, or at the root when it is missing. */
  linkParent(obj: MomentObj<D>): void {
    MomentList.setParent(obj, this.findByName(obj.def.parentName) ?? this.metaroot);
  }

  /** virDomainMomentUpdateRelations: rebuild every link from the parent names; false on a missing parent or a cycle. */
  updateRelations(): boolean {
    let ok = true;
    this.metaroot.children = [];
    for (const obj of this.#objs.values()) obj.children = [];
    for (const obj of this.#objs.values()) {
      let parent: MomentNode<D> | undefined = this.findByName(obj.def.parentName);
      if (!parent) {
        parent = this.metaroot;
        if (obj.def.parentName !== undefined) ok = false;
      } else {
        for (let t: MomentNode<D> | undefined = parent; t?.def; t = t.parent) {
          if (t === obj) {
            ok = false;
            parent = this.metaroot;
            break;
          }
        }
      }
      MomentList.setParent(obj, parent);
    }
    if (!ok) this.current = undefined;
    return ok;
  }

  /** virDomainMomentCheckCycles: would `def` fit into the tree (its parent exists, no loop)? */
  checkCycles(def: D): void {
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
  static descendants<D extends MomentDef>(node: MomentNode<D>): MomentObj<D>[] {
    const out: MomentObj<D>[] = [];
    const visit = (n: MomentNode<D>) => {
      for (const c of [...n.children]) {
        out.push(c);
        visit(c);
      }
    };
    visit(node);
    return out;
  }

  /**
   * virDomainMomentObjListGetNames: the names under `from` (the whole list when undefined) that
   * pass the common moment flags (MomentListFlags) and the kind's own `filter`.
   */
  momentNames(from: MomentObj<D> | undefined, flags: number, filter: (obj: MomentObj<D>) => boolean = () => true): string[] {
    let node: MomentNode<D> | undefined = from;
    if (!node) {
      // At the metaroot the shared bit means the opposite: no ROOTS flag lists everything.
      flags ^= M.ROOTS;
      node = this.metaroot;
    }
    // Every moment here has metadata, so NO_METADATA alone matches none of them.
    if ((flags & (M.METADATA | M.NO_METADATA)) === M.NO_METADATA) return [];

    let candidates: MomentObj<D>[];
    if (flags & M.DESCENDANTS) {
      candidates = node.def || flags & M.TOPOLOGICAL ? MomentList.descendants(node) : [...this.#objs.values()];
    } else {
      candidates = [...node.children];
    }
    return candidates
      .filter((o) => {
        if (flags & M.LEAVES && o.children.length) return false;
        if (flags & M.NO_LEAVES && !o.children.length) return false;
        return filter(o);
      })
      .map((o) => o.def.name);
  }
}
