// Test driver: domain checkpoints (test_driver.c's checkpoint APIs), loaded on the first
// checkpoint call (see test-checkpoint.ts). Each domain keeps its checkpoints in a moment list
// stored in its DomainObj's per-area data. The test driver tracks no real bitmaps: creating a
// checkpoint records its metadata only.
import { alignCheckpointDisks, assignBitmapNames, formatCheckpointXml, parseCheckpointXml, type CheckpointDef } from '../../conf/checkpoint-conf.js';
import { cloneDomainDef, type DomainDef } from '../../conf/domain/domain-def.js';
import { MomentList, MomentListFlags as L, type MomentObj } from '../../conf/snapshot/moment-list.js';
import type { DomainCheckpointRef, DomainRef } from '../../driver/refs.js';
import { ErrorCode, ErrorDomain, errorsFrom } from '../../util/error.js';
import { checkFlags } from './test-host.js';
import { checkActive, type DomainObj, type DomainStore } from './test-domain.js';
import { momentHooks } from './test-domain-lifecycle.js';
import { CHECKPOINT_AREA as AREA, type CheckpointMethods } from './test-checkpoint.js';
import type { TestState } from './test-state.js';

const report = errorsFrom(ErrorDomain.Test);

/** virDomainCheckpointCreateFlags */
const CREATE = { REDEFINE: 1 << 0, QUIESCE: 1 << 1, REDEFINE_VALIDATE: 1 << 2 };
/** virDomainCheckpointXMLFlags */
const XML = { SECURE: 1 << 0, NO_DOMAIN: 1 << 1, SIZE: 1 << 2 };
/** virDomainCheckpointDeleteFlags */
const DELETE = { CHILDREN: 1 << 0, METADATA_ONLY: 1 << 1, CHILDREN_ONLY: 1 << 2 };

/** VIR_DOMAIN_CHECKPOINT_FILTERS_ALL: the checkpoint list flags are the common moment flags. */
const FILTERS_ALL = L.LEAVES | L.NO_LEAVES;

export type CheckpointList = MomentList<CheckpointDef>;
type CheckpointObj = MomentObj<CheckpointDef>;

/** The checkpoint list of a domain (created empty on first use). */
export function checkpointsOf(obj: DomainObj): CheckpointList {
  let list = obj.extra.get(AREA) as CheckpointList | undefined;
  if (!list) {
    list = new MomentList<CheckpointDef>();
    obj.extra.set(AREA, list);
  }
  return list;
}

/** testCheckpointObjFromName */
function requireCheckpoint(list: CheckpointList, name: string): CheckpointObj {
  const chk = list.findByName(name);
  if (!chk) throw report(ErrorCode.NoDomainCheckpoint, `no domain checkpoint with matching name '${name}'`);
  return chk;
}

/** virDomainDefCopy of the running definition, kept with the checkpoint as inactive config. */
function copyDef(def: DomainDef): DomainDef {
  const copy = cloneDomainDef(def);
  copy.id = -1;
  return copy;
}

function chkRef(dom: DomainRef, name: string): DomainCheckpointRef {
  return { domain: { ...dom }, name };
}

/** The checkpoint list and object behind a checkpoint ref. */
function resolve(store: DomainStore, ref: DomainCheckpointRef) {
  const obj = store.require(ref.domain);
  const list = checkpointsOf(obj);
  return { obj, list, chk: requireCheckpoint(list, ref.name) };
}

/**
 * virDomainCheckpointRedefinePrep: the redefinition must fit the tree and the domain; returns
 * whether it becomes the current checkpoint (it does when its parent is current, or when there
 * is no current one yet).
 */
function redefinePrep(obj: DomainObj, list: CheckpointList, def: CheckpointDef): boolean {
  list.checkCycles(def);
  if (def.dom) {
    if (def.dom.uuid !== obj.uuid) {
      throw errorsFrom(ErrorDomain.DomainCheckpoint)(ErrorCode.InvalidArg, `definition for checkpoint ${def.name} must use uuid ${obj.uuid}`);
    }
    alignCheckpointDisks(def);
  } else {
    assignBitmapNames(def);
  }
  const parent = list.findByName(def.parentName);
  return (parent !== undefined && parent === list.current) || list.current === undefined;
}

/** virDomainCheckpointRedefineCommit: replace an existing checkpoint's definition (keeping its children) or add it. */
function redefineCommit(list: CheckpointList, def: CheckpointDef): CheckpointObj {
  const other = list.findByName(def.name);
  if (!other) return list.assignDef(def);
  MomentList.dropParent(other);
  other.def = def;
  return other;
}

/** The checkpoint methods of the hypervisor table, for one driver state. */
export function checkpointMethods(state: TestState): CheckpointMethods {
  const store = state.domains;
  return {
    async domainCheckpointCreateXML(dom, xmlDesc, flags) {
      checkFlags(flags, CREATE.REDEFINE | CREATE.QUIESCE, 'testDomainCheckpointCreateXML');
      const redefine = (flags & CREATE.REDEFINE) !== 0;
      let updateCurrent = !redefine;
      const obj = store.require(dom);
      if (momentHooks.snapshotCount(obj) > 0) {
        throw report(ErrorCode.OperationUnsupported, 'cannot create checkpoint while snapshot exists');
      }
      if (!obj.isActive()) throw report(ErrorCode.OperationUnsupported, 'cannot create checkpoint for inactive domain');
      const def = await parseCheckpointXml(xmlDesc, { redefine });
      const list = checkpointsOf(obj);
      let chk: CheckpointObj;
      if (redefine) {
        if (redefinePrep(obj, list, def)) updateCurrent = true;
        chk = redefineCommit(list, def);
      } else {
        def.dom = copyDef(obj.def);
        alignCheckpointDisks(def);
        chk = list.assignDef(def);
      }
      const current = list.current;
      if (current) {
        if (!redefine) chk.def.parentName = current.def.name;
        if (updateCurrent) list.current = undefined;
      }
      if (updateCurrent) list.current = chk;
      list.linkParent(chk);
      return chkRef(dom, chk.def.name);
    },
    async domainCheckpointGetXMLDesc(ref, flags) {
      checkFlags(flags, XML.SECURE | XML.NO_DOMAIN | XML.SIZE, 'testDomainCheckpointGetXMLDesc');
      const { obj, chk } = resolve(store, ref);
      // libvirt's test driver checks the domain runs before estimating sizes, but never marks its
      // made-up estimate as valid, so no size is ever shown.
      if (flags & XML.SIZE) checkActive(obj);
      return formatCheckpointXml(chk.def, {
        secure: (flags & XML.SECURE) !== 0,
        noDomain: (flags & XML.NO_DOMAIN) !== 0,
        size: (flags & XML.SIZE) !== 0,
      });
    },
    async domainListAllCheckpoints(dom, flags) {
      checkFlags(flags, L.ROOTS | L.TOPOLOGICAL | FILTERS_ALL, 'testDomainListAllCheckpoints');
      return checkpointsOf(store.require(dom))
        .momentNames(undefined, flags)
        .map((n) => chkRef(dom, n));
    },
    async domainCheckpointListAllChildren(ref, flags) {
      checkFlags(flags, L.DESCENDANTS | L.TOPOLOGICAL | FILTERS_ALL, 'testDomainCheckpointListAllChildren');
      const { list, chk } = resolve(store, ref);
      return list.momentNames(chk, flags).map((n) => chkRef(ref.domain, n));
    },
    async domainCheckpointLookupByName(dom, name, flags) {
      checkFlags(flags, 0, 'testDomainCheckpointLookupByName');
      const chk = requireCheckpoint(checkpointsOf(store.require(dom)), name);
      return chkRef(dom, chk.def.name);
    },
    async domainCheckpointGetParent(ref, flags) {
      checkFlags(flags, 0, 'testDomainCheckpointGetParent');
      const { chk } = resolve(store, ref);
      if (chk.def.parentName === undefined) {
        throw report(ErrorCode.NoDomainCheckpoint, `checkpoint '${chk.def.name}' does not have a parent`);
      }
      return chkRef(ref.domain, chk.def.parentName);
    },
    async domainCheckpointDelete(ref, flags) {
      checkFlags(flags, DELETE.CHILDREN | DELETE.METADATA_ONLY | DELETE.CHILDREN_ONLY, 'testDomainCheckpointDelete');
      const { list, chk } = resolve(store, ref);
      if (flags & (DELETE.CHILDREN | DELETE.CHILDREN_ONLY)) {
        let hadCurrent = false;
        for (const d of MomentList.descendants(chk)) hadCurrent = list.remove(d) || hadCurrent;
        if (hadCurrent) list.current = chk;
      } else if (chk.children.length) {
        // Children move up to the deleted checkpoint's parent.
        const newParent = chk.parent?.def?.name;
        for (const c of chk.children) c.def.parentName = newParent;
        MomentList.moveChildren(chk, chk.parent ?? list.metaroot);
      }
      if (flags & DELETE.CHILDREN_ONLY) {
        chk.children = [];
        return;
      }
      MomentList.dropParent(chk);
      if (list.current === chk) list.current = list.findByName(chk.def.parentName);
      list.remove(chk);
    },
  };
}
