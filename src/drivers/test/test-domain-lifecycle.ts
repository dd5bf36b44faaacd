// Test driver domains: lookups, listing, define/undefine, start/stop and the state queries
// (testConnectListAllDomains, testDomainCreateXML, testDomainDefineXMLFlags, testDomainShutdownFlags,
// testDomainGetInfo, … in test_driver.c).
import type { HypervisorDriver } from '../../driver/hypervisor.js';
import type { DomainRef } from '../../driver/refs.js';
import { ErrorCode } from '../../util/error.js';
import { checkActive, checkFlags, DomainObj, generateIfnames, generateIOThreadInfos, report, reportConf, State } from './test-domain.js';
import type { DomainStore } from './test-domain.js';
import type { TestState } from './test-state.js';
import { DomainEvent, DomainEventDetail } from '../../driver/events.js';

/** virConnectListAllDomainsFlags */
const L = {
  ACTIVE: 1 << 0,
  INACTIVE: 1 << 1,
  PERSISTENT: 1 << 2,
  TRANSIENT: 1 << 3,
  RUNNING: 1 << 4,
  PAUSED: 1 << 5,
  SHUTOFF: 1 << 6,
  OTHER: 1 << 7,
  MANAGEDSAVE: 1 << 8,
  NO_MANAGEDSAVE: 1 << 9,
  AUTOSTART: 1 << 10,
  NO_AUTOSTART: 1 << 11,
  HAS_SNAPSHOT: 1 << 12,
  NO_SNAPSHOT: 1 << 13,
  HAS_CHECKPOINT: 1 << 14,
  NO_CHECKPOINT: 1 << 15,
};
const LIST_ALL = (1 << 16) - 1;

/**
 * The domain XML parser, imported on first use (it loads libxml2) and then kept: a dynamic
 * import() per define costs a module-map resolution each time.
 */
let parserModule: Promise<typeof import('../../conf/domain/domain-parse.js')> | undefined;
function domainParser(): Promise<typeof import('../../conf/domain/domain-parse.js')> {
  return (parserModule ??= import('../../conf/domain/domain-parse.js'));
}

/** Lifecycle action names in the order of virDomainLifecycleAction. */
const STOP_REASON = { Shutdown: 1, Destroyed: 2, Crashed: 3, Saved: 5 };

/**
 * Whether a domain has snapshots / checkpoints. The snapshot and checkpoint areas replace these
 * hooks (store.snapshotCount = obj => …) when they load.
 */
export const momentHooks = {
  snapshotCount: (_obj: DomainObj): number => 0,
  checkpointCount: (_obj: DomainObj): number => 0,
};

/** virDomainObjListFilter */
export function matchesListFlags(obj: DomainObj, flags: number): boolean {
  const has = (f: number) => (flags & f) !== 0;
  const active = obj.isActive();
  if (has(L.ACTIVE | L.INACTIVE) && !((has(L.ACTIVE) && active) || (has(L.INACTIVE) && !active))) return false;
  if (has(L.PERSISTENT | L.TRANSIENT) && !((has(L.PERSISTENT) && obj.persistent) || (has(L.TRANSIENT) && !obj.persistent))) return false;
  if (has(L.RUNNING | L.PAUSED | L.SHUTOFF | L.OTHER)) {
    const st = obj.state;
    const ok =
      (has(L.RUNNING) && st === State.Running) ||
      (has(L.PAUSED) && st === State.Paused) ||
      (has(L.SHUTOFF) && st === State.Shutoff) ||
      (has(L.OTHER) && st !== State.Running && st !== State.Paused && st !== State.Shutoff);
    if (!ok) return false;
  }
  if (has(L.MANAGEDSAVE | L.NO_MANAGEDSAVE) && !((has(L.MANAGEDSAVE) && obj.hasManagedSave) || (has(L.NO_MANAGEDSAVE) && !obj.hasManagedSave))) return false;
  if (has(L.AUTOSTART | L.NO_AUTOSTART) && !((has(L.AUTOSTART) && obj.autostart) || (has(L.NO_AUTOSTART) && !obj.autostart))) return false;
  if (has(L.HAS_SNAPSHOT | L.NO_SNAPSHOT)) {
    const n = momentHooks.snapshotCount(obj);
    if (!((has(L.HAS_SNAPSHOT) && n > 0) || (has(L.NO_SNAPSHOT) && n === 0))) return false;
  }
  if (has(L.HAS_CHECKPOINT | L.NO_CHECKPOINT)) {
    const n = momentHooks.checkpointCount(obj);
    if (!((has(L.HAS_CHECKPOINT) && n > 0) || (has(L.NO_CHECKPOINT) && n === 0))) return false;
  }
  return true;
}

function stop(store: DomainStore, obj: DomainObj, ref: DomainRef, reason: number): void {
  store.shutdownState(obj, reason);
  store.state.events.domainLifecycle(obj.ref(), DomainEvent.Stopped, reason - 1); // STOPPED_* detail = shutoff reason - 1
  ref.id = -1;
  store.dropIfTransient(obj);
}

/** testDomainActionSetState: what a guest-initiated power-off or reboot turns into. */
function applyLifecycleAction(obj: DomainObj, action: string): void {
  if (action === 'restart' || action === 'rename-restart') obj.setState(State.Running, 1);
  else obj.setState(State.Shutoff, STOP_REASON.Shutdown);
}

export function lifecyclePart(state: TestState): Partial<HypervisorDriver> {
  const store = state.domains;
  return {
    async connectNumOfDomains() {
      return store.all().filter((o) => o.isActive()).length;
    },
    async connectListDomains(maxids) {
      return store
        .all()
        .filter((o) => o.isActive())
        .map((o) => o.def.id)
        .slice(0, maxids);
    },
    async connectNumOfDefinedDomains() {
      return store.all().filter((o) => !o.isActive()).length;
    },
    async connectListDefinedDomains(maxnames) {
      return store
        .all()
        .filter((o) => !o.isActive())
        .map((o) => o.name)
        .slice(0, maxnames);
    },
    async connectListAllDomains(flags) {
      checkFlags(flags, LIST_ALL, 'testConnectListAllDomains');
      return store
        .all()
        .filter((o) => matchesListFlags(o, flags))
        .map((o) => o.ref());
    },
    async domainLookupByID(id) {
      const o = store.findById(id);
      if (!o) throw report(ErrorCode.NoDomain);
      return o.ref();
    },
    async domainLookupByUUID(uuid) {
      const o = store.findByUuid(uuid);
      if (!o) throw report(ErrorCode.NoDomain);
      return o.ref();
    },
    async domainLookupByName(name) {
      const o = store.findByName(name);
      if (!o) throw report(ErrorCode.NoDomain);
      return o.ref();
    },
    async domainCreateXML(xml, flags) {
      checkFlags(flags, 1 << 4, 'testDomainCreateXML');
      const { parseDomainXml } = await domainParser();
      const def = await parseDomainXml(xml);
      generateIfnames(def);
      const { obj } = store.add(def, { live: true, checkLive: true });
      store.startState(obj, 1);
      state.events.domainLifecycle(obj.ref(), DomainEvent.Started, DomainEventDetail.StartedBooted);
      return obj.ref();
    },
    // libvirt's test driver takes the descriptors and ignores them: it has no process to hand them to.
    async domainCreateXMLWithFiles(xml, _files, flags) {
      return this.domainCreateXML!(xml, flags);
    },
    async domainDefineXMLFlags(xml, flags) {
      checkFlags(flags, 1, 'testDomainDefineXMLFlags');
      const { parseDomainXml } = await domainParser();
      const def = await parseDomainXml(xml);
      if (def.name.includes('\n')) throw reportConf(ErrorCode.XmlDetail, `invalid char in name: \n`);
      generateIfnames(def);
      const { obj, oldDef } = store.add(def);
      state.events.domainLifecycle(obj.ref(), DomainEvent.Defined, oldDef ? DomainEventDetail.DefinedUpdated : DomainEventDetail.DefinedAdded);
      obj.persistent = true;
      if (!obj.isActive() && obj.state !== State.Shutoff) obj.setState(State.Shutoff, 0);
      if (obj.iothreads.length === 0) generateIOThreadInfos(obj);
      return obj.ref();
    },
    // The flag-less twins are the Flags forms with no flags, as test_driver.c's are.
    async domainDefineXML(xml) {
      return this.domainDefineXMLFlags!(xml, 0);
    },
    async domainUndefine(dom) {
      return this.domainUndefineFlags!(dom, 0);
    },
    async domainCreate(dom) {
      return this.domainCreateWithFlags!(dom, 0);
    },
    async domainShutdown(dom) {
      return this.domainShutdownFlags!(dom, 0);
    },
    async domainDestroy(dom) {
      return this.domainDestroyFlags!(dom, 0);
    },
    async domainUndefineFlags(dom, flags) {
      checkFlags(flags, 1 | 2, 'testDomainUndefineFlags');
      const obj = store.require(dom);
      if (obj.hasManagedSave && !(flags & 1)) {
        throw report(ErrorCode.OperationInvalid, 'Refusing to undefine while domain managed save image exists');
      }
      if (!obj.isActive()) {
        const n = momentHooks.snapshotCount(obj);
        if (n > 0 && !(flags & 2)) throw report(ErrorCode.OperationInvalid, `cannot delete inactive domain with ${n} snapshots`);
      }
      state.events.domainLifecycle(obj.ref(), DomainEvent.Undefined, DomainEventDetail.UndefinedRemoved);
      obj.hasManagedSave = false;
      if (obj.isActive()) {
        obj.persistent = false;
        obj.newDef = undefined;
      } else store.remove(obj);
    },
    async domainCreateWithFlags(dom, flags) {
      checkFlags(flags, 0, 'testDomainCreateWithFlags');
      const obj = store.require(dom);
      if (obj.state !== State.Shutoff) throw report(ErrorCode.InternalError, `Domain '${dom.name}' is already running`);
      store.startState(obj, 1);
      state.events.domainLifecycle(obj.ref(), DomainEvent.Started, DomainEventDetail.StartedBooted);
      return obj.ref();
    },
    async domainCreateWithFiles(dom, _files, flags) {
      return this.domainCreateWithFlags!(dom, flags);
    },
    async domainShutdownFlags(dom, flags) {
      checkFlags(flags, 0, 'testDomainShutdownFlags');
      const obj = store.require(dom);
      if (obj.state === State.Shutoff) throw report(ErrorCode.InternalError, `domain '${dom.name}' not running`);
      applyLifecycleAction(obj, obj.def.onPoweroff);
      if (obj.state === State.Shutoff) stop(store, obj, dom, STOP_REASON.Shutdown);
    },
    async domainReboot(dom, flags) {
      checkFlags(flags, 0x1f, 'testDomainReboot');
      const obj = store.require(dom);
      checkActive(obj);
      applyLifecycleAction(obj, obj.def.onReboot);
      if (obj.state === State.Shutoff) stop(store, obj, dom, STOP_REASON.Shutdown);
    },
    async domainReset(dom, flags) {
      checkFlags(flags, 0, 'testDomainReset');
      checkActive(store.require(dom));
    },
    async domainDestroyFlags(dom, flags) {
      checkFlags(flags, 1, 'testDomainDestroyFlags');
      const obj = store.require(dom);
      checkActive(obj);
      stop(store, obj, dom, STOP_REASON.Destroyed);
    },
    async domainSuspend(dom) {
      const obj = store.require(dom);
      if (obj.state === State.Shutoff || obj.state === State.Paused) throw report(ErrorCode.InternalError, `domain '${dom.name}' not running`);
      obj.setState(State.Paused, 1);
      state.events.domainLifecycle(obj.ref(), DomainEvent.Suspended, DomainEventDetail.SuspendedPaused);
    },
    async domainResume(dom) {
      const obj = store.require(dom);
      if (obj.state !== State.Paused) throw report(ErrorCode.InternalError, `domain '${dom.name}' not paused`);
      obj.setState(State.Running, 5);
      state.events.domainLifecycle(obj.ref(), DomainEvent.Resumed, DomainEventDetail.ResumedUnpaused);
    },
    async domainGetInfo(dom) {
      const obj = store.require(dom);
      return {
        state: obj.state,
        maxMem: obj.def.memoryKiB,
        memory: obj.def.currentMemoryKiB,
        nrVirtCpu: obj.def.vcpu.current,
        // The test driver reports the wall clock (in ns) as CPU time.
        cpuTime: BigInt(Date.now()) * 1000000n,
      };
    },
    async domainGetState(dom, flags) {
      checkFlags(flags, 0, 'testDomainGetState');
      const obj = store.require(dom);
      return { state: obj.state, reason: obj.reason };
    },
    async domainGetXMLDesc(dom, flags) {
      checkFlags(flags, 1 | 2 | 4 | 8, 'testDomainGetXMLDesc');
      const obj = store.require(dom);
      const def = flags & 2 && obj.newDef ? obj.newDef : obj.def;
      const { formatDomainXml, formatFlagsFromXMLFlags } = await import('../../conf/domain/domain-format.js');
      return formatDomainXml(def, formatFlagsFromXMLFlags(flags));
    },
    async domainGetOSType() {
      return 'linux';
    },
    async domainGetMaxMemory(dom) {
      return store.require(dom).def.memoryKiB;
    },
    async domainIsActive(dom) {
      return store.require(dom).isActive();
    },
    async domainIsPersistent(dom) {
      return store.require(dom).persistent;
    },
    async domainIsUpdated() {
      return false;
    },
    async domainGetAutostart(dom) {
      return store.require(dom).autostart;
    },
    async domainSetAutostart(dom, autostart) {
      store.require(dom).autostart = autostart;
    },
    async domainGetSecurityLabel(dom) {
      const obj = store.require(dom);
      return obj.isActive() ? { label: 'libvirt-test', enforcing: true } : { label: '', enforcing: false };
    },
    async domainHasManagedSaveImage(dom, flags) {
      checkFlags(flags, 0, 'testDomainHasManagedSaveImage');
      return store.require(dom).hasManagedSave;
    },
    async domainManagedSave(dom, flags) {
      checkFlags(flags, 1 | 2 | 4, 'testDomainManagedSave');
      const obj = store.require(dom);
      checkActive(obj);
      if (!obj.persistent) throw report(ErrorCode.OperationInvalid, 'cannot do managed save for transient domain');
      store.shutdownState(obj, STOP_REASON.Saved);
      state.events.domainLifecycle(obj.ref(), DomainEvent.Stopped, DomainEventDetail.StoppedSaved);
      dom.id = -1;
      obj.hasManagedSave = true;
    },
    async domainManagedSaveRemove(dom, flags) {
      checkFlags(flags, 0, 'testDomainManagedSaveRemove');
      store.require(dom).hasManagedSave = false;
    },
    async domainRename(dom, newName, flags) {
      checkFlags(flags, 0, 'testDomainRename');
      const obj = store.require(dom);
      if (obj.isActive()) throw report(ErrorCode.OperationInvalid, 'cannot rename active domain');
      if (!obj.persistent) throw report(ErrorCode.OperationInvalid, 'cannot rename a transient domain');
      if (obj.state !== State.Shutoff) throw report(ErrorCode.OperationInvalid, 'domain has to be shutoff before renaming');
      const clash = store.findByName(newName);
      if (clash) throw reportConf(ErrorCode.OperationInvalid, `domain with name '${newName}' already exists`);
      if (newName.includes('/')) throw report(ErrorCode.XmlError, `name ${newName} cannot contain '/'`);
      state.events.domainLifecycle(obj.ref(), DomainEvent.Undefined, DomainEventDetail.UndefinedRenamed);
      store.rename(obj, newName);
      state.events.domainLifecycle(obj.ref(), DomainEvent.Defined, DomainEventDetail.DefinedRenamed);
    },
    async domainGetHostname(dom, flags) {
      checkFlags(flags, 0, 'testDomainGetHostname');
      const obj = store.require(dom);
      checkActive(obj);
      return `${dom.name}host`;
    },
  };
}
