// Test driver: domain snapshots (test_driver.c's snapshot APIs), loaded on the first snapshot call
// (see test-snapshot.ts). Each domain keeps its snapshots in a SnapshotList stored in its
// DomainObj's per-area data.
import { statSync } from 'node:fs';
import { cloneDomainDef, type DomainDef } from '../../conf/domain/domain-def.js';
import { FILTERS_ALL, SnapshotList, SnapshotListFlags as L, type SnapshotObj } from '../../conf/snapshot/snapshot-list.js';
import {
  alignSnapshotDisks,
  formatSnapshotXml,
  parseSnapshotRoot,
  parseSnapshotXml,
  snapshotIsExternal,
  type SnapshotDef,
  type SnapshotLocation,
  type SnapshotState,
} from '../../conf/snapshot-conf.js';
import type { XmlEl } from '../../conf/xml/parse.js';
import { DomainEvent, DomainEventDetail } from '../../driver/events.js';
import type { DomainRef, DomainSnapshotRef } from '../../driver/refs.js';
import { ErrorCode, ErrorDomain, checkFlags, errorsFrom } from '../../util/error.js';
import { State, resolveConfigNode, type DomainObj, type DomainStore } from './test-domain.js';
import { momentHooks } from './test-domain-lifecycle.js';
import type { TestState } from './test-state.js';

const report = errorsFrom(ErrorDomain.Test);

/** virDomainSnapshotCreateFlags */
const CREATE = {
  REDEFINE: 1 << 0,
  CURRENT: 1 << 1,
  NO_METADATA: 1 << 2,
  HALT: 1 << 3,
  DISK_ONLY: 1 << 4,
  REUSE_EXT: 1 << 5,
  QUIESCE: 1 << 6,
  ATOMIC: 1 << 7,
  LIVE: 1 << 8,
  VALIDATE: 1 << 9,
};
/** virDomainSnapshotRevertFlags */
const REVERT = { RUNNING: 1 << 0, PAUSED: 1 << 1, FORCE: 1 << 2 };
/** virDomainSnapshotDeleteFlags */
const DELETE = { CHILDREN: 1 << 0, METADATA_ONLY: 1 << 1, CHILDREN_ONLY: 1 << 2 };
const XML_SECURE = 1 << 0;

/** Reasons recorded on the domain when a snapshot changes its state. */
const RUNNING_FROM_SNAPSHOT = 4;
const PAUSED_FROM_SNAPSHOT = 7;
const SHUTOFF_FROM_SNAPSHOT = 7;

/** The list flags the test driver accepts on domain-level and snapshot-level listings. */
const LIST_DOMAIN_FLAGS = L.ROOTS | L.TOPOLOGICAL | FILTERS_ALL;
const LIST_CHILD_FLAGS = L.DESCENDANTS | L.TOPOLOGICAL | FILTERS_ALL;

import { SNAPSHOT_AREA as AREA, type SnapshotMethods } from './test-snapshot.js';

/** The snapshot list of a domain (created empty on first use). */
export function snapshotsOf(obj: DomainObj): SnapshotList {
  let list = obj.extra.get(AREA) as SnapshotList | undefined;
  if (!list) {
    list = new SnapshotList();
    obj.extra.set(AREA, list);
  }
  return list;
}

/** testSnapObjFromName */
function requireSnapshot(list: SnapshotList, name: string): SnapshotObj {
  const snap = list.findByName(name);
  if (!snap) throw report(ErrorCode.NoDomainSnapshot, `no domain snapshot with matching name '${name}'`);
  return snap;
}

/** virDomainDefCopy of a definition for keeping with a snapshot: a deep copy, as inactive config. */
function copyDef(def: DomainDef): DomainDef {
  const copy = cloneDomainDef(def);
  copy.id = -1;
  return copy;
}

/** libvirt stat()s a disk image before naming an external snapshot after it. */
const alignOptions = {
  isRegularFile(path: string): boolean {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  },
};

/** The snapshot state recorded for a domain state (virDomainSnapshotState follows virDomainState). */
const STATE_NAMES: readonly SnapshotState[] = ['nostate', 'running', 'blocked', 'paused', 'shutdown', 'shutoff', 'crashed', 'pmsuspended'];

/** testDomainSnapshotAlignDisks: the snapshot's state and memory follow the domain; disks are aligned. */
function alignNew(obj: DomainObj, def: SnapshotDef): void {
  if (def.disks.some((d) => d.snapshot === 'manual')) {
    throw report(ErrorCode.OperationUnsupported, "'manual' snapshot mode is not supported by the test driver");
  }
  let location: SnapshotLocation = 'internal';
  def.state = STATE_NAMES[obj.state] ?? 'nostate';
  if (def.memory === 'external') {
    location = 'external';
  } else {
    def.memory = def.state === 'shutoff' ? 'no' : 'internal';
  }
  alignSnapshotDisks(def, undefined, location, true, alignOptions);
}

/** virDomainSnapshotRedefinePrep plus the replace-or-add of testDomainSnapshotRedefine. */
function redefine(obj: DomainObj, list: SnapshotList, def: SnapshotDef, flags: number): SnapshotObj {
  list.checkCycles(def);
  const other = list.findByName(def.name);
  if (flags & CREATE.DISK_ONLY && def.state !== 'disk-snapshot') {
    throw report(ErrorCode.InvalidArg, `disk-only flag for snapshot ${def.name} requires disk-snapshot state`);
  }
  if (def.dom && def.dom.uuid !== obj.uuid) {
    throw errorsFrom(ErrorDomain.DomainSnapshot)(ErrorCode.InvalidArg, `definition for snapshot ${def.name} must use uuid ${obj.uuid}`);
  }
  if (other) {
    const online = (s: SnapshotState | undefined) => s === 'running' || s === 'paused';
    if (online(other.def.state) !== online(def.state)) {
      throw errorsFrom(ErrorDomain.DomainSnapshot)(ErrorCode.InvalidArg, `cannot change between online and offline snapshot state in snapshot ${def.name}`);
    }
    if ((other.def.state === 'disk-snapshot') !== (def.state === 'disk-snapshot')) {
      throw errorsFrom(ErrorDomain.DomainSnapshot)(ErrorCode.InvalidArg, `cannot change between disk only and full system in snapshot ${def.name}`);
    }
  }
  const location: SnapshotLocation = def.state === 'disk-snapshot' || snapshotIsExternal(def) ? 'external' : 'internal';
  alignSnapshotDisks(def, other?.def.dom, location, true, alignOptions);
  if (!other) return list.assignDef(def);
  // Redefining keeps the object (and its children); a definition without a domain keeps the old one.
  if (!def.dom) def.dom = other.def.dom;
  SnapshotList.dropParent(other);
  other.def = def;
  return other;
}

function snapRef(dom: DomainRef, name: string): DomainSnapshotRef {
  return { domain: { ...dom }, name };
}

/** The snapshot list and object behind a snapshot ref. */
function resolve(store: DomainStore, ref: DomainSnapshotRef) {
  const obj = store.require(ref.domain);
  const list = snapshotsOf(obj);
  return { obj, list, snap: requireSnapshot(list, ref.name) };
}

/** The snapshot methods of the hypervisor table, for one driver state. */
export function snapshotMethods(state: TestState): SnapshotMethods {
  const store = state.domains;
  return {
    async domainSnapshotNum(dom, flags) {
      checkFlags(flags, LIST_DOMAIN_FLAGS, 'testDomainSnapshotNum', ErrorDomain.Test);
      return snapshotsOf(store.require(dom)).names(undefined, flags).length;
    },
    async domainSnapshotListNames(dom, maxnames, flags) {
      checkFlags(flags, LIST_DOMAIN_FLAGS, 'testDomainSnapshotListNames', ErrorDomain.Test);
      return snapshotsOf(store.require(dom)).names(undefined, flags).slice(0, maxnames);
    },
    async domainListAllSnapshots(dom, flags) {
      checkFlags(flags, LIST_DOMAIN_FLAGS, 'testDomainListAllSnapshots', ErrorDomain.Test);
      return snapshotsOf(store.require(dom)).names(undefined, flags).map((n) => snapRef(dom, n));
    },
    async domainSnapshotNumChildren(ref, flags) {
      checkFlags(flags, LIST_CHILD_FLAGS, 'testDomainSnapshotNumChildren', ErrorDomain.Test);
      const { list, snap } = resolve(store, ref);
      return list.names(snap, flags).length;
    },
    async domainSnapshotListChildrenNames(ref, maxnames, flags) {
      checkFlags(flags, LIST_CHILD_FLAGS, 'testDomainSnapshotListChildrenNames', ErrorDomain.Test);
      const { list, snap } = resolve(store, ref);
      return list.names(snap, flags).slice(0, maxnames);
    },
    async domainSnapshotListAllChildren(ref, flags) {
      checkFlags(flags, LIST_CHILD_FLAGS, 'testDomainSnapshotListAllChildren', ErrorDomain.Test);
      const { list, snap } = resolve(store, ref);
      return list.names(snap, flags).map((n) => snapRef(ref.domain, n));
    },
    async domainSnapshotLookupByName(dom, name, flags) {
      checkFlags(flags, 0, 'testDomainSnapshotLookupByName', ErrorDomain.Test);
      const snap = requireSnapshot(snapshotsOf(store.require(dom)), name);
      return snapRef(dom, snap.def.name);
    },
    async domainHasCurrentSnapshot(dom, flags) {
      checkFlags(flags, 0, 'testDomainHasCurrentSnapshot', ErrorDomain.Test);
      return snapshotsOf(store.require(dom)).current !== undefined;
    },
    async domainSnapshotGetParent(ref, flags) {
      checkFlags(flags, 0, 'testDomainSnapshotGetParent', ErrorDomain.Test);
      const { snap } = resolve(store, ref);
      if (snap.def.parentName === undefined) {
        throw report(ErrorCode.NoDomainSnapshot, `snapshot '${snap.def.name}' does not have a parent`);
      }
      return snapRef(ref.domain, snap.def.parentName);
    },
    async domainSnapshotCurrent(dom, flags) {
      checkFlags(flags, 0, 'testDomainSnapshotCurrent', ErrorDomain.Test);
      const current = snapshotsOf(store.require(dom)).current;
      if (!current) throw report(ErrorCode.NoDomainSnapshot, 'the domain does not have a current snapshot');
      return snapRef(dom, current.def.name);
    },
    async domainSnapshotGetXMLDesc(ref, flags) {
      checkFlags(flags, XML_SECURE, 'testDomainSnapshotGetXMLDesc', ErrorDomain.Test);
      const { snap } = resolve(store, ref);
      return formatSnapshotXml(snap.def, ref.domain.uuid, { secure: (flags & XML_SECURE) !== 0 });
    },
    async domainSnapshotIsCurrent(ref, flags) {
      checkFlags(flags, 0, 'testDomainSnapshotIsCurrent', ErrorDomain.Test);
      const { list, snap } = resolve(store, ref);
      return list.current === snap;
    },
    async domainSnapshotHasMetadata(ref, flags) {
      checkFlags(flags, 0, 'testDomainSnapshotHasMetadata', ErrorDomain.Test);
      resolve(store, ref);
      return true;
    },
    async domainSnapshotCreateXML(dom, xml, flags) {
      // Disk-only, reuse-external and no-metadata snapshots are not implemented by the test
      // driver; quiesce, atomic and live need nothing from it.
      checkFlags(
        flags,
        CREATE.REDEFINE | CREATE.CURRENT | CREATE.HALT | CREATE.QUIESCE | CREATE.ATOMIC | CREATE.LIVE | CREATE.VALIDATE,
        'testDomainSnapshotCreateXML',
        ErrorDomain.Test,
      );
      const isRedefine = (flags & CREATE.REDEFINE) !== 0;
      const updateCurrent = !isRedefine || (flags & CREATE.CURRENT) !== 0;
      const obj = store.require(dom);
      if (momentHooks.checkpointCount(obj) > 0) {
        throw report(ErrorCode.OperationUnsupported, 'cannot create snapshot while checkpoint exists');
      }
      if (!obj.persistent && flags & CREATE.HALT) {
        throw report(ErrorCode.OperationInvalid, 'cannot halt after transient domain snapshot');
      }
      const { def } = await parseSnapshotXml(xml, { redefine: isRedefine });
      const list = snapshotsOf(obj);
      let snap: SnapshotObj;
      if (isRedefine) {
        snap = redefine(obj, list, def, flags);
      } else {
        def.dom = copyDef(obj.def);
        alignNew(obj, def);
        snap = list.assignDef(def);
        def.parentName = list.current?.def.name;
        if (flags & CREATE.HALT && obj.isActive()) {
          store.shutdownState(obj, SHUTOFF_FROM_SNAPSHOT);
          dom.id = -1;
          state.events.domainLifecycle(obj.ref(), DomainEvent.Stopped, DomainEventDetail.StoppedFromSnapshot);
        }
      }
      if (updateCurrent) list.current = snap;
      list.linkParent(snap);
      return snapRef(dom, snap.def.name);
    },
    async domainSnapshotDelete(ref, flags) {
      checkFlags(flags, DELETE.CHILDREN | DELETE.CHILDREN_ONLY, 'testDomainSnapshotDelete', ErrorDomain.Test);
      const { list, snap } = resolve(store, ref);
      if (flags & (DELETE.CHILDREN | DELETE.CHILDREN_ONLY)) {
        let hadCurrent = false;
        for (const d of SnapshotList.descendants(snap)) hadCurrent = list.remove(d) || hadCurrent;
        if (hadCurrent) list.current = snap;
      } else if (snap.children.length) {
        // Children move up to the deleted snapshot's parent.
        const newParent = snap.parent?.def?.name;
        for (const c of snap.children) c.def.parentName = newParent;
        SnapshotList.moveChildren(snap, snap.parent ?? list.metaroot);
      }
      if (flags & DELETE.CHILDREN_ONLY) {
        snap.children = [];
        return;
      }
      SnapshotList.dropParent(snap);
      if (list.current === snap) list.current = list.findByName(snap.def.parentName);
      list.remove(snap);
    },
    async domainRevertToSnapshot(ref, flags) {
      checkFlags(flags, REVERT.RUNNING | REVERT.PAUSED | REVERT.FORCE, 'testDomainRevertToSnapshot', ErrorDomain.Test);
      const { obj, list, snap } = resolve(store, ref);
      const sdef = snap.def;
      const online = sdef.state === 'running' || sdef.state === 'paused';
      if (!obj.persistent && !online && !(flags & (REVERT.RUNNING | REVERT.PAUSED))) {
        throw report(ErrorCode.OperationInvalid, 'transient domain needs to request run or pause to revert to inactive snapshot');
      }
      if (!sdef.dom) {
        throw report(ErrorCode.SnapshotRevertRisky, `snapshot '${sdef.name}' lacks domain '${obj.name}' rollback info`);
      }
      list.current = undefined;
      const config = copyDef(sdef.dom);
      const lifecycle = (event: number, detail: number) => state.events.domainLifecycle(obj.ref(), event, detail);
      if (online) {
        if (obj.isActive()) {
          store.shutdownState(obj, SHUTOFF_FROM_SNAPSHOT);
          lifecycle(DomainEvent.Stopped, DomainEventDetail.StoppedFromSnapshot);
        }
        assignConfig(obj, config);
        store.startState(obj, RUNNING_FROM_SNAPSHOT);
        lifecycle(DomainEvent.Started, DomainEventDetail.StartedFromSnapshot);
        if (!(flags & REVERT.RUNNING) && (sdef.state === 'paused' || flags & REVERT.PAUSED)) {
          obj.setState(State.Paused, PAUSED_FROM_SNAPSHOT);
          lifecycle(DomainEvent.Suspended, DomainEventDetail.SuspendedFromSnapshot);
        }
      } else {
        assignConfig(obj, config);
        if (obj.isActive()) {
          store.shutdownState(obj, SHUTOFF_FROM_SNAPSHOT);
          lifecycle(DomainEvent.Stopped, DomainEventDetail.StoppedFromSnapshot);
        }
        // With RUNNING or PAUSED, test_driver.c only announces a start (and a pause); the domain
        // itself stays off.
        if (flags & (REVERT.RUNNING | REVERT.PAUSED)) {
          lifecycle(DomainEvent.Started, DomainEventDetail.StartedFromSnapshot);
          if (flags & REVERT.PAUSED) lifecycle(DomainEvent.Suspended, DomainEventDetail.SuspendedFromSnapshot);
        }
      }
      list.current = snap;
      ref.domain.id = obj.isActive() ? obj.def.id : -1;
    },
  };
}

/** virDomainObjAssignDef(live=false): the new config replaces the persistent definition. */
function assignConfig(obj: DomainObj, config: DomainDef): void {
  if (obj.isActive()) obj.newDef = config;
  else obj.def = config;
}

/**
 * testParseDomainSnapshots: the <test:domainsnapshot> elements of a domain in a custom config
 * file, in the driver's saved form (with <active> marking the current one).
 */
export async function loadSnapshotsFromConfig(obj: DomainObj, nodes: XmlEl[], baseDir: string): Promise<void> {
  const list = snapshotsOf(obj);
  for (const n of nodes) {
    const node = await resolveConfigNode(n, baseDir);
    const { def, current } = parseSnapshotRoot(node, { redefine: true, internal: true });
    const snap = list.assignDef(def);
    if (current) {
      if (list.current) throw report(ErrorCode.InternalError, 'more than one snapshot claims to be active');
      list.current = snap;
    }
  }
  if (!list.updateRelations()) {
    throw report(ErrorCode.InternalError, `Snapshots have inconsistent relations for domain ${obj.name}`);
  }
}
