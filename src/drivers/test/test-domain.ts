// Test driver: the domain area. Its objects live in DomainStore (libvirt's virDomainObjList plus
// the test driver's private data per domain); domainPart() is its share of the driver table;
// the loaders fill it from test:///default's built-in domain or from a custom config file.
//
// Other areas (snapshots) use the store through its documented methods: find/require a DomainObj
// by ref, name, UUID or id, then read obj.def (the live definition while running, else the
// persistent one), obj.persistentDef(), obj.state/obj.reason and obj.isActive().
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { DomainDef } from '../../conf/domain/domain-def.js';
import { cloneDomainDef } from '../../conf/domain/domain-def.js';
import { reinsertDisks } from '../../conf/domain/disk-order.js';
import type { HypervisorDriver } from '../../driver/hypervisor.js';
import type { DomainRef } from '../../driver/refs.js';
import type { XmlEl } from '../../conf/xml/parse.js';
import { isEl, parseXml } from '../../conf/xml/parse.js';
import { ErrorCode, ErrorDomain, errorsFrom, VirError } from '../../util/error.js';
import { defaultTestDomain } from './test-domain-default.js';
import { lifecyclePart } from './test-domain-lifecycle.js';
import { savePart } from './test-domain-save.js';
import { tuningPart } from './test-domain-tuning.js';
import { cpuPart } from './test-domain-cpu.js';
import { tunePart } from './test-domain-tune.js';
import { guestPart } from './test-domain-guest.js';
import type { TestState } from './test-state.js';
import { loadDomainSnapshots } from './test-snapshot.js';

export const report = errorsFrom(ErrorDomain.Test);
/** Errors libvirt raises from its shared domain code (domain_conf.c, virdomainobjlist.c) carry the domain-conf domain. */
export const reportConf = errorsFrom(ErrorDomain.Domain);

/** virDomainState numbers. */
export const State = { NoState: 0, Running: 1, Blocked: 2, Paused: 3, Shutdown: 4, Shutoff: 5, Crashed: 6, PMSuspended: 7 } as const;

/** virDomainModificationImpact */
export const AFFECT_LIVE = 1;
export const AFFECT_CONFIG = 2;

/** One domain (virDomainObj with the test driver's private data). */
export class DomainObj {
  /** The live definition while running; the persistent one otherwise. */
  def: DomainDef;
  /** While running: the persistent definition (absent for a transient domain). */
  newDef: DomainDef | undefined;
  persistent = false;
  autostart = false;
  hasManagedSave = false;
  state: number = State.Shutoff;
  reason = 0;
  /** Guest time as the test driver fakes it (testDomainObjPrivate.seconds/nseconds). */
  seconds = 627319920n;
  nseconds = 0;
  /** File systems frozen by domfsfreeze (mountpoints "/" and "/boot"). */
  frozen = [false, false];
  iothreads: { id: number; pollMaxNs: bigint; pollGrow: number; pollShrink: number }[] = [];
  /** Per-area extra data (e.g. the snapshot area's snapshot list), keyed by area name. */
  readonly extra = new Map<string, unknown>();

  constructor(def: DomainDef) {
    this.def = def;
  }

  isActive(): boolean {
    return this.def.id !== -1;
  }

  get name(): string {
    return this.def.name;
  }
  get uuid(): string {
    return this.def.uuid;
  }

  ref(): DomainRef {
    return { name: this.def.name, uuid: this.def.uuid, id: this.def.id };
  }

  /** virDomainObjGetPersistentDef: the config, or undefined for a transient domain. */
  persistentDef(): DomainDef | undefined {
    if (this.isActive() && this.newDef) return this.newDef;
    if (!this.persistent) return undefined;
    return this.def;
  }

  setState(state: number, reason: number): void {
    this.state = state;
    this.reason = reason;
  }

  /** virDomainObjUpdateModificationImpact: resolve AFFECT_CURRENT and check the flags apply. */
  modificationImpact(flags: number): number {
    let f = flags;
    if ((f & (AFFECT_LIVE | AFFECT_CONFIG)) === 0) f |= this.isActive() ? AFFECT_LIVE : AFFECT_CONFIG;
    if (!this.isActive() && f & AFFECT_LIVE) throw reportConf(ErrorCode.OperationInvalid, 'domain is not running');
    if (!this.persistent && f & AFFECT_CONFIG) throw reportConf(ErrorCode.OperationInvalid, 'transient domains do not have any persistent config');
    return f;
  }

  /** virDomainObjGetDefs: the live and/or persistent definition the flags select. */
  getDefs(flags: number): { live?: DomainDef; config?: DomainDef } {
    const f = this.modificationImpact(flags);
    const out: { live?: DomainDef; config?: DomainDef } = {};
    if (f & AFFECT_LIVE) out.live = this.def;
    if (f & AFFECT_CONFIG) out.config = this.isActive() ? this.newDef : this.def;
    return out;
  }

  /** virDomainObjGetOneDefState: exactly one definition; LIVE and CONFIG together are refused. */
  getOneDef(flags: number): { def: DomainDef; live: boolean } {
    if (flags & AFFECT_LIVE && flags & AFFECT_CONFIG) {
      throw invalidArgRaw(ErrorDomain.Domain, 'virDomainObjGetOneDefState', 'flags', "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
    }
    const f = this.modificationImpact(flags);
    const live = (f & AFFECT_LIVE) !== 0;
    if (this.isActive() && f & AFFECT_CONFIG) return { def: this.newDef ?? this.def, live };
    return { def: this.def, live };
  }

  /** virDomainObjSetDefTransient: keep the config aside while the domain runs. */
  setDefTransient(): void {
    if (!this.persistent || this.newDef) return;
    // libvirt copies by formatting and parsing again, which can reorder disks across buses.
    this.newDef = cloneDomainDef(this.def);
    this.newDef.id = -1;
    reinsertDisks(this.newDef);
  }

  /** virDomainObjRemoveTransientDef: back to the config after a stop. */
  removeTransientDef(): void {
    if (!this.newDef) return;
    this.def = this.newDef;
    this.def.id = -1;
    this.newDef = undefined;
  }
}

/** virCheckFlags: "unsupported flags (0x…) in function …". */
export function checkFlags(flags: number, allowed: number, fn: string): void {
  const extra = flags & ~allowed;
  if (extra) throw invalidArgRaw(ErrorDomain.Test, fn, 'flags', `unsupported flags (0x${(extra >>> 0).toString(16)}) in function ${fn}`);
}

/** virReportInvalidArg: the message stands alone, without the generic "invalid argument" text. */
export function invalidArgRaw(domain: ErrorDomain, fn: string, arg: string, message: string): VirError {
  return new VirError({ code: ErrorCode.InvalidArg, domain, message, str1: fn, str2: arg });
}

export function checkActive(obj: DomainObj): void {
  if (!obj.isActive()) throw reportConf(ErrorCode.OperationInvalid, 'domain is not running');
}

export class DomainStore {
  readonly state: TestState;
  /** In insertion order, as libvirt's hash tables list them for the test driver's small sets. */
  readonly #byUuid = new Map<string, DomainObj>();
  /**
   * By name, as libvirt's objsName hash: keyed by the name at define time (or rename), so a
   * lookup or a define's clash check costs one probe, not a walk over every domain.
   */
  readonly #byName = new Map<string, DomainObj>();
  /** libvirt's nextDomID: ids are never reused within one driver instance. */
  nextId = 1;

  constructor(state: TestState) {
    this.state = state;
  }

  all(): DomainObj[] {
    return [...this.#byUuid.values()];
  }

  findByUuid(uuid: string): DomainObj | undefined {
    return this.#byUuid.get(uuid.toLowerCase());
  }
  findByName(name: string): DomainObj | undefined {
    return this.#byName.get(name);
  }
  findById(id: number): DomainObj | undefined {
    for (const o of this.#byUuid.values()) if (o.isActive() && o.def.id === id) return o;
    return undefined;
  }

  /** testDomObjFromDomain: the object behind a ref, or libvirt's "no domain with matching uuid". */
  require(ref: DomainRef): DomainObj {
    const o = this.findByUuid(ref.uuid);
    if (!o) throw report(ErrorCode.NoDomain, `no domain with matching uuid '${ref.uuid}' (${ref.name})`);
    return o;
  }

  remove(obj: DomainObj): void {
    this.#byUuid.delete(obj.uuid);
    if (this.#byName.get(obj.name) === obj) this.#byName.delete(obj.name);
    else for (const [n, o] of this.#byName) if (o === obj) this.#byName.delete(n);
  }

  /** virDomainObjListRename: the new name takes the object's place in the name index. */
  rename(obj: DomainObj, newName: string): void {
    if (this.#byName.get(obj.name) === obj) this.#byName.delete(obj.name);
    obj.def.name = newName;
    this.#byName.set(newName, obj);
  }

  /**
   * virDomainObjListAdd: add a new object or update the one with the same UUID. `live` installs
   * the definition as the running one (create/restore); `checkLive` refuses an active or
   * starting domain. Returns the object and the definition it replaced, if any.
   */
  add(def: DomainDef, opts: { live?: boolean; checkLive?: boolean } = {}): { obj: DomainObj; oldDef?: DomainDef } {
    const existing = this.findByUuid(def.uuid);
    if (existing) {
      if (existing.def.name !== def.name) {
        throw reportConf(ErrorCode.OperationFailed, `domain '${existing.def.name}' is already defined with uuid ${existing.def.uuid}`);
      }
      if (opts.checkLive) {
        if (existing.isActive()) throw reportConf(ErrorCode.OperationInvalid, `domain '${existing.def.name}' is already active`);
        if (!existing.persistent) throw reportConf(ErrorCode.OperationInvalid, `domain '${existing.def.name}' is already being started`);
      }
      // virDomainObjAssignDef
      let oldDef: DomainDef | undefined;
      if (existing.isActive()) {
        oldDef = existing.newDef;
        existing.newDef = def;
      } else if (opts.live) {
        if (!existing.newDef) existing.newDef = existing.def;
        existing.def = def;
      } else {
        oldDef = existing.def;
        existing.def = def;
      }
      return { obj: existing, oldDef };
    }
    const clash = this.findByName(def.name);
    if (clash) throw reportConf(ErrorCode.OperationFailed, `domain '${def.name}' already exists with uuid ${clash.def.uuid}`);
    const obj = new DomainObj(def);
    this.#byUuid.set(def.uuid, obj);
    this.#byName.set(def.name, obj);
    return { obj };
  }

  /** testDomainStartState: running with a fresh id, config kept aside, managed save consumed. */
  startState(obj: DomainObj, reason: number): void {
    obj.setState(State.Running, reason);
    obj.def.id = this.nextId++;
    obj.setDefTransient();
    obj.hasManagedSave = false;
  }

  /** testDomainShutdownState: back to the config, shut off for `reason`. */
  shutdownState(obj: DomainObj, reason: number): void {
    obj.removeTransientDef();
    obj.def.id = -1;
    obj.setState(State.Shutoff, reason);
  }

  /** A stopped transient domain disappears. */
  dropIfTransient(obj: DomainObj): void {
    if (!obj.persistent) this.remove(obj);
  }
}

/** testDomainGenerateIfnames: interfaces without a target device get "testnetN". */
export function generateIfnames(def: DomainDef): void {
  for (const net of def.devices.nets) {
    if (net.targetDev) continue;
    let i = 0;
    while (def.devices.nets.some((n) => n.targetDev === `testnet${i}`)) i++;
    if (i >= 1024) throw report(ErrorCode.InternalError, 'Exceeded max iface limit 1024');
    net.targetDev = `testnet${i}`;
  }
}

/** testDomainGenerateIOThreadInfos */
export function generateIOThreadInfos(obj: DomainObj): void {
  for (const t of obj.def.iothreadids) obj.iothreads.push({ id: t.id, pollMaxNs: 32768n, pollGrow: 0, pollShrink: 0 });
}

export function domainPart(state: TestState): Partial<HypervisorDriver> {
  return { ...lifecyclePart(state), ...tuningPart(state), ...savePart(state), ...cpuPart(state), ...tunePart(state), ...guestPart(state) };
}

/** test:///default's domain: "test", running with id 1. */
export function loadDefaultDomain(state: TestState): void {
  const store = state.domains;
  const { obj } = store.add(defaultTestDomain());
  obj.persistent = true;
  store.startState(obj, 1);
  obj.setState(State.Running, 0);
}

/** libvirt's virXMLParse of a config-referenced file: parse errors name the file. */
async function readConfigDoc(file: string): Promise<XmlEl> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw errorsFrom(ErrorDomain.Xml)(ErrorCode.XmlError, `failed to parse xml document '${file}'`);
  }
  return parseXml(text, file, ErrorDomain.Domain);
}

/** The element itself, or the root of the file its `file` attribute names (testParseXMLDocFromFile). */
export async function resolveConfigNode(node: XmlEl, baseDir: string): Promise<XmlEl> {
  const rel = node.attrs.file;
  if (rel === undefined) return node;
  const abs = isAbsolute(rel) ? rel : join(baseDir, rel);
  const root = await readConfigDoc(abs);
  if (root.name !== node.name) {
    throw errorsFrom(ErrorDomain.Xml)(ErrorCode.XmlError, `expecting root element of '${node.name}', not '${root.name}'`);
  }
  return root;
}

/** The domain objects of a custom test:///path.xml file (`root` is its <node> element). */
export async function loadDomainFromConfig(state: TestState, root: XmlEl, baseDir: string): Promise<void> {
  const store = state.domains;
  for (const c of root.children) {
    if (!isEl(c) || c.name !== 'domain' || c.ns !== '') continue;
    const node = await resolveConfigNode(c, baseDir);
    // The parser is loaded only when a config actually holds domains.
    const { parseDomainRoot } = await import('../../conf/domain/domain-parse.js');
    const def = parseDomainRoot(node);
    generateIfnames(def);
    const { obj } = store.add(def);
    await loadDomainSnapshots(obj, def.testNs?.snapshots ?? [], baseDir); // snapshot area (testParseDomainSnapshots)
    const ns = def.testNs ?? { runstate: State.Running, transient: false, hasManagedSave: false, snapshots: [] };
    obj.persistent = !ns.transient;
    obj.hasManagedSave = ns.hasManagedSave;
    if (ns.runstate !== State.Shutoff) store.startState(obj, 1);
    else store.shutdownState(obj, 0);
    obj.setState(ns.runstate, 0);
    generateIOThreadInfos(obj);
  }
}

