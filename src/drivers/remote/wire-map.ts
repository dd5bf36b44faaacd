// The one mapping between remote procedures and driver methods, used in both directions: the
// daemon turns a call's argument struct into a driver call and the driver's answer into the
// reply struct; the remote driver turns a driver call into an argument struct and the reply back
// into the driver's answer. Like libvirt's gendispatch.pl, it follows naming rules over the
// generated table, and one table — QUIRKS — holds every procedure that breaks them.
//
// The rules:
// - Driver kind: from the method name (network*, storagePool*/storageVol*, interface*,
//   nodeDevice* and nodeNumOf/ListDevices, secret*, nwfilter*, and the connect* methods naming
//   those objects); everything else is the hypervisor driver's.
// - Method: the table key (already libvirt's driver-table field name).
// - Arguments: the argument struct's fields in order, one positional argument each, except
//   needResults (a wire-only "send me the list" switch). Object structs become refs with the UUID
//   as canonical text; optional values become null; opaque data is copied out of the frame;
//   rpcgen's char arrays (security labels) become strings without their NUL.
// - Result: no ret struct → nothing; one field → that value; a list and its count ("ret") → the
//   list; otherwise an object with the wire's field names (DomainInfo ↔ remote_domain_get_info_ret).
// - Predicates (virXxxIsYyy, virXxxHasYyy, autostart, supportsFeature) travel as ints and are
//   booleans to drivers.
import type { ProcDef } from '../../protocol/procedure.js';
import { ErrorDomain, noSupport } from '../../util/error.js';
import { remoteProcs } from '../../protocol/remote/procedures.generated.js';
import { REMOTE_DOMAIN_DISK_ERRORS_MAX, REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX, REMOTE_NETWORK_PORT_PARAMETERS_MAX, REMOTE_NODE_SEV_INFO_MAX } from '../../protocol/remote/types.generated.js';
import type { SecondaryKind } from '../../driver/registry.js';
import type { TypedParam } from '../../driver/types.js';
import { structShape, type Shape, type StructShape } from './wire-shape.js';

export type DriverKind = 'hypervisor' | SecondaryKind;
export type RemoteProcKey = keyof typeof remoteProcs;

/** How one procedure meets one driver method. */
export interface WireMapping {
  readonly key: string;
  readonly proc: ProcDef;
  /** The public API the call stands for (read-only check, "not supported" text). */
  readonly api: string;
  readonly kind: DriverKind;
  readonly method: string;
  /** Why this procedure is in QUIRKS, or null when the rules derive it. */
  readonly quirk: string | null;
  /** Daemon: argument struct → the driver method's positional arguments. */
  toDriverArgs(wire: unknown): unknown[];
  /** Remote driver: positional arguments → argument struct. */
  toWireArgs(args: readonly unknown[]): unknown;
  /** Daemon: the driver's answer → reply struct (wire args given for needResults). */
  toWireRet(value: unknown, wire: unknown): unknown;
  /** Remote driver: reply struct → the driver's answer. */
  fromWireRet(ret: unknown, args: readonly unknown[]): unknown;
}

// ---------------------------------------------------------------------------------------------
// Values: wire form ⇄ driver form, by shape.

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function uuidText(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
    s += HEX[b[i]!];
  }
  return s;
}

/** Value of each hex digit by char code, -1 for anything else. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i;
}
const DASH = 0x2d;

/** 32 hex digits, dashes anywhere ignored (canonical text or bare hex) → the 16 bytes. */
export function uuidBytes(text: string): Buffer {
  // By hand rather than replace() + Buffer.from(hex): every listed object passes through here,
  // and a 10,000-domain list paid more for the regex and the native hex decoder than for its
  // encoding.
  const b = Buffer.allocUnsafe(16);
  let n = 0;
  let hi = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === DASH) continue;
    const v = c < 128 ? HEX_VALUE[c]! : -1;
    if (v < 0 || n === 16) throw new TypeError(`not a UUID: ${text}`);
    if (hi < 0) hi = v;
    else {
      b[n++] = (hi << 4) | v;
      hi = -1;
    }
  }
  if (n !== 16 || hi >= 0) throw new TypeError(`not a UUID: ${text}`);
  return b;
}

/**
 * UUID bytes by canonical text, kept for the next reply: a 10,000-domain list converts 10,000
 * UUIDs, the same strings every time. The buffers are shared, so they are only ever read (by
 * encoders). Bounded; emptied when full.
 */
const UUID_CACHE_MAX = 16384;
const uuidCache = new Map<string, Buffer>();
function cachedUuidBytes(text: string): Buffer {
  let b = uuidCache.get(text);
  if (b === undefined) {
    if (uuidCache.size >= UUID_CACHE_MAX) uuidCache.clear();
    b = uuidBytes(text);
    uuidCache.set(text, b);
  }
  return b;
}

/**
 * Object structs whose ref type names a field differently (refs.ts chose the longer names), by
 * the struct's field list.
 */
const REF_FIELD_NAMES: Record<string, Record<string, string>> = {
  // remote_nonnull_network_port ↔ NetworkPortRef
  'net,uuid': { net: 'network' },
  // remote_nonnull_domain_snapshot / _checkpoint ↔ DomainSnapshotRef / DomainCheckpointRef
  'name,dom': { dom: 'domain' },
};

/** Struct fields sent as int that drivers see as booleans, by the struct's field list. */
const STRUCT_BOOLEANS: Record<string, readonly string[]> = {
  // remote_domain_get_security_label_ret and its list twin ↔ SecurityLabel
  'label,enforcing': ['enforcing'],
};

interface Conv {
  toDriver(v: any): unknown;
  toWire(v: any): unknown;
}

const IDENTITY: Conv = { toDriver: (v) => v, toWire: (v) => v };

const BOOL_INT: Conv = {
  toDriver: (v: number) => v !== 0,
  toWire: (v: boolean | number) => (typeof v === 'boolean' ? (v ? 1 : 0) : v),
};

/**
 * Unsigned ints: flags built with JS bit operators (1 << 31) are negative 32-bit numbers; the wire
 * takes their unsigned value, as C's unsigned int parameters do.
 */
const UINT: Conv = {
  toDriver: (v) => v,
  toWire: (v: boolean | number) => (typeof v === 'boolean' ? (v ? 1 : 0) : v < 0 && v >= -0x80000000 && Number.isInteger(v) ? v >>> 0 : v),
};

function conv(s: Shape, name: string): Conv {
  switch (s.k) {
    case 'int':
      // A boolean handed to an int field is 1 or 0 (drivers answer predicates with booleans).
      return { toDriver: (v) => v, toWire: BOOL_INT.toWire };
    case 'uint':
      return { toDriver: (v) => v, toWire: UINT.toWire };
    case 'hyper':
    case 'uhyper':
      return { toDriver: (v) => v, toWire: (v: bigint | number) => (typeof v === 'number' ? BigInt(v) : v) };
    case 'bool':
    case 'double':
    case 'string':
    case 'charArray':
    case 'typedParam':
      return IDENTITY;
    case 'opaque':
      if (s.fixed === 16 && name === 'uuid') return { toDriver: uuidText, toWire: cachedUuidBytes };
      // Decoded opaques are views into the received frame: copy what the driver may keep.
      return { toDriver: (v: Buffer) => new Uint8Array(v), toWire: asBuffer };
    case 'charBytes':
      // Security labels and models travel with their C string's NUL counted.
      return {
        toDriver: (v: Buffer) => v.toString('utf8', 0, v.length > 0 && v[v.length - 1] === 0 ? v.length - 1 : v.length),
        toWire: (v: string) => Buffer.from(`${v}\0`, 'utf8'),
      };
    case 'optional': {
      const c = conv(s.of, name);
      return {
        toDriver: (v) => (v === null ? null : c.toDriver(v)),
        toWire: (v) => (v === null || v === undefined ? null : c.toWire(v)),
      };
    }
    case 'array': {
      const c = conv(s.of, name);
      if (c === IDENTITY) return { toDriver: (v: unknown[]) => v, toWire: (v: unknown[]) => v };
      return { toDriver: (v: unknown[]) => v.map((x) => c.toDriver(x)), toWire: (v: unknown[]) => v.map((x) => c.toWire(x)) };
    }
    case 'struct':
      return structConv(s);
  }
}

function asBuffer(v: Uint8Array): Buffer {
  return Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

function structConv(s: StructShape): Conv {
  const sig = s.fields.map(([n]) => n).join(',');
  const renames = REF_FIELD_NAMES[sig] ?? {};
  const bools = new Set(STRUCT_BOOLEANS[sig] ?? []);
  const parts = s.fields.map(([wire, fs]) => ({ wire, ts: renames[wire] ?? wire, c: bools.has(wire) ? BOOL_INT : conv(fs, wire) }));
  // Built as straight-line code: refs pass through here on every call and every listed object.
  const toDriver = new Function('p', `return function (v) { return { ${parts.map((p, i) => `${JSON.stringify(p.ts)}: p[${i}].c.toDriver(v[${JSON.stringify(p.wire)}])`).join(', ')} }; };`)(parts);
  const toWire = new Function('p', `return function (v) { return { ${parts.map((p, i) => `${JSON.stringify(p.wire)}: p[${i}].c.toWire(v[${JSON.stringify(p.ts)}])`).join(', ')} }; };`)(parts);
  return { toDriver, toWire };
}

const structConvs = new WeakMap<object, Conv>();

/** A whole struct of a codec, driver form → wire form (events and hand-written handlers). */
export function structToWire(codec: import('../../protocol/xdr/types.js').Codec<any>, v: unknown): unknown {
  return convOf(codec).toWire(v);
}

/** A whole struct of a codec, wire form → driver form. */
export function structToDriver(codec: import('../../protocol/xdr/types.js').Codec<any>, v: unknown): any {
  return convOf(codec).toDriver(v);
}

function convOf(codec: import('../../protocol/xdr/types.js').Codec<any>): Conv {
  let c = structConvs.get(codec);
  if (!c) {
    c = structConv(structShape(codec));
    structConvs.set(codec, c);
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// Naming rules.

/** The driver kind a method belongs to, from its name (libvirt's driver-*.h tables). */
export function kindOf(method: string): DriverKind {
  if (/^(network|connect\w*Networks?(?![A-Za-z]*Filter))/.test(method) && !/NWFilter/.test(method)) return 'network';
  if (/^(storage(Pool|Vol)|connect\w*StoragePool)/.test(method)) return 'storage';
  if (/^(interface|connect\w*Interface)/.test(method)) return 'interface';
  if (/^(nodeDevice|connect\w*NodeDevice|node(NumOf|List)Devices$)/.test(method)) return 'nodeDevice';
  if (/^(secret|connect\w*Secret)/.test(method)) return 'secret';
  if (/^(nwfilter|connect\w*NWFilter)/.test(method)) return 'nwfilter';
  return 'hypervisor';
}

/** libvirt's predicates: their single int answer (or autostart argument) is a boolean to drivers. */
function isPredicate(method: string): boolean {
  return /^[a-z]\w*?(Is|Has)[A-Z]|(Get|Set)Autostart$|^connectSupportsFeature$/.test(method);
}

// ---------------------------------------------------------------------------------------------
// The exceptions.

export interface Quirk {
  /** Why the rules do not fit (kept in the mapping, shown by tests and the support matrix). */
  readonly why: string;
  readonly kind?: DriverKind;
  /** The driver method actually called. */
  readonly method?: string;
  /** Constant arguments appended after the wire's (flag-less calls reaching a Flags method). */
  readonly append?: readonly unknown[];
  /** Whole replacements for the rules' conversions (wire values are already in driver form). */
  readonly toDriverArgs?: (wire: any) => unknown[];
  readonly toWireArgs?: (args: readonly any[]) => unknown;
  readonly toWireRet?: (value: any, wire: any) => unknown;
  readonly fromWireRet?: (ret: any, args: readonly any[]) => unknown;
}

const NO_FDS =
  'file descriptors travel beside the message (CALL_WITH_FDS, SCM_RIGHTS), which Node sockets can neither send nor receive: ' +
  'the remote driver answers "not supported" when asked to pass any, and drivers behind the daemon are handed none';

/** The argument struct of a call whose descriptors cannot go with it: only when there are none. */
function withoutFds(api: string, fds: readonly number[], args: object): object {
  if (fds.length > 0) throw noSupport(api, ErrorDomain.Domain);
  return args;
}

/** Every procedure the rules do not map as they are, with the reason. */
export const QUIRKS: Readonly<Partial<Record<RemoteProcKey, Quirk>>> = {
  domainGetSchedulerParameters: {
    why: 'nparams is the reply\'s limit, not a driver argument',
    toDriverArgs: (w) => [w.dom],
    toWireArgs: ([dom]) => ({ dom, nparams: REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX }),
    toWireRet: (v, w) => ({ params: v.slice(0, w.nparams) }),
  },
  domainGetSchedulerParametersFlags: {
    why: 'nparams is the reply\'s limit, not a driver argument',
    toDriverArgs: (w) => [w.dom, w.flags],
    toWireArgs: ([dom, flags]) => ({ dom, nparams: REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX, flags }),
    toWireRet: (v, w) => ({ params: v.slice(0, w.nparams) }),
  },
  nodeGetMemoryStats: {
    why: 'the wire struct puts nparams before cellNum; the driver takes them in the API\'s order (cellNum first)',
    toDriverArgs: (w) => [w.cellNum, w.nparams, w.flags],
    toWireArgs: ([cellNum, nparams, flags]) => ({ nparams, cellNum, flags }),
  },
  nodeDeviceDettach: { why: 'libvirt keeps device detach/re-attach/reset in the hypervisor table (they act for guests)', kind: 'hypervisor' },
  nodeDeviceDetachFlags: { why: 'libvirt keeps device detach/re-attach/reset in the hypervisor table (they act for guests)', kind: 'hypervisor' },
  nodeDeviceReAttach: { why: 'libvirt keeps device detach/re-attach/reset in the hypervisor table (they act for guests)', kind: 'hypervisor' },
  nodeDeviceReset: { why: 'libvirt keeps device detach/re-attach/reset in the hypervisor table (they act for guests)', kind: 'hypervisor' },
  nodeGetSEVInfo: {
    why: 'nparams is the reply\'s limit, not a driver argument',
    toDriverArgs: (w) => [w.flags],
    toWireArgs: ([flags]) => ({ nparams: REMOTE_NODE_SEV_INFO_MAX, flags }),
    toWireRet: (v) => ({ params: v, nparams: v.length }),
    fromWireRet: (r) => r.params,
  },
  networkPortGetParameters: {
    why: 'nparams is the reply\'s limit, not a driver argument',
    toDriverArgs: (w) => [w.port, w.flags],
    toWireArgs: ([port, flags]) => ({ port, nparams: REMOTE_NETWORK_PORT_PARAMETERS_MAX, flags }),
    toWireRet: (v) => ({ params: v, nparams: v.length }),
    fromWireRet: (r) => r.params,
  },
  connectGetVersion: { why: 'versions travel as unsigned hyper; drivers give numbers', fromWireRet: (r) => Number(r.hvVer) },
  connectGetLibVersion: { why: 'versions travel as unsigned hyper; drivers give numbers', fromWireRet: (r) => Number(r.libVer) },
  domainGetEmulatorPinInfo: {
    why: 'the map travels with a "filled" count (1, or 0 when there is no map)',
    toWireRet: (v) => ({ cpumaps: v, ret: 1 }),
    fromWireRet: (r) => r.cpumaps,
  },
  domainRename: { why: 'the reply carries a status word (0) that drivers do not give', toWireRet: () => ({ retcode: 0 }), fromWireRet: () => undefined },
  nodeGetCPUMap: {
    why: 'the wire asks separately for the map and the online count, and names the CPU count "ret"',
    toDriverArgs: (w) => [w.flags],
    toWireArgs: ([flags]) => ({ needMap: 1, needOnline: 1, flags }),
    toWireRet: (v, w) => ({ cpumap: w.needMap ? asBuffer(v.cpumap) : Buffer.alloc(0), online: w.needOnline ? v.online : 0, ret: v.cpus }),
    fromWireRet: (r) => ({ cpumap: r.cpumap, online: r.online, cpus: r.ret }),
  },
  domainGetVcpus: {
    why: 'the CPU maps travel as one opaque of maxinfo × maplen bytes',
    toWireRet: (v, w) => ({ info: v.info, cpumaps: Buffer.concat(v.cpumaps.map((m: Uint8Array) => padTo(m, w.maplen))) }),
    fromWireRet: (r, [, , maplen]) => ({ info: r.info, cpumaps: r.info.map((_: unknown, i: number) => r.cpumaps.slice(i * maplen, (i + 1) * maplen)) }),
  },
  domainGetVcpuPinInfo: {
    why: 'the CPU maps travel as one opaque of ncpumaps × maplen bytes, with the count in "num"',
    toWireRet: (v, w) => ({ cpumaps: Buffer.concat(v.map((m: Uint8Array) => padTo(m, w.maplen))), num: v.length }),
    fromWireRet: (r, [, , maplen]) => Array.from({ length: r.num }, (_, i) => r.cpumaps.slice(i * maplen, (i + 1) * maplen)),
  },
  domainGetDiskErrors: {
    why: 'maxerrors 0 asks for the number of errors (nerrors) with none listed; the driver gives the list',
    toDriverArgs: (w) => [w.dom, REMOTE_DOMAIN_DISK_ERRORS_MAX, w.flags],
    toWireRet: (v, w) => ({ errors: v.slice(0, w.maxerrors), nerrors: w.maxerrors ? Math.min(v.length, w.maxerrors) : v.length }),
    fromWireRet: (r) => r.errors,
  },

  domainAgentSetResponseTimeout: {
    why: 'the reply carries a status word (0) that drivers do not give',
    toWireRet: () => ({ result: 0 }),
    fromWireRet: () => undefined,
  },
  domainGetBlockJobInfo: {
    why: 'the reply says with "found" whether a job exists (the rest is then zeros); drivers answer null for none',
    toWireRet: (v) => (v ? { found: 1, ...v } : { found: 0, type: 0, bandwidth: 0n, cur: 0n, end: 0n }),
    fromWireRet: (r) => (r.found ? { type: r.type, bandwidth: r.bandwidth, cur: r.cur, end: r.end } : null),
  },
  domainGetJobInfo: {
    why: 'the reply has all of virDomainJobInfo\'s counters, the driver interface declares only the job type: counters a driver leaves out travel as 0, and a daemon\'s are all kept',
    toWireRet: (v) => ({ ...JOB_INFO_ZEROS, ...v }),
    fromWireRet: (r) => r,
  },

  domainCreateWithFiles: {
    why: NO_FDS,
    toDriverArgs: (w) => [w.dom, [], w.flags],
    toWireArgs: ([dom, files, flags]) => withoutFds('virDomainCreateWithFiles', files, { dom, flags }),
  },
  domainCreateXMLWithFiles: {
    why: NO_FDS,
    toDriverArgs: (w) => [w.xmlDesc, [], w.flags],
    toWireArgs: ([xml, files, flags]) => withoutFds('virDomainCreateXMLWithFiles', files, { xmlDesc: xml, flags }),
  },
  domainFDAssociate: {
    why: NO_FDS,
    toDriverArgs: (w) => [w.dom, w.name, [], w.flags],
    toWireArgs: ([dom, name, fds, flags]) => withoutFds('virDomainFDAssociate', fds, { dom, name, flags }),
  },

  connectGetAllDomainStats: {
    why: 'the domain list is optional on the wire only as an empty array',
    toDriverArgs: (w) => [w.doms.length ? w.doms : null, w.stats, w.flags],
    toWireArgs: ([doms, stats, flags]) => ({ doms: doms ?? [], stats, flags }),
  },
};

/** remote_domain_get_job_info_ret's counters, for drivers that give fewer. */
const JOB_INFO_ZEROS = {
  type: 0,
  timeElapsed: 0n,
  timeRemaining: 0n,
  dataTotal: 0n,
  dataProcessed: 0n,
  dataRemaining: 0n,
  memTotal: 0n,
  memProcessed: 0n,
  memRemaining: 0n,
  fileTotal: 0n,
  fileProcessed: 0n,
  fileRemaining: 0n,
};

/** Procedures with a public API that no driver method stands behind, with the reason. */
export const UNSUPPORTED: Readonly<Partial<Record<RemoteProcKey, string>>> = {};

const EVENTS = 'event registration: the daemon keeps the callback and forwards events as messages (src/daemon/remote/events.ts)';

/**
 * Procedures served by hand on both sides, as libvirt's are (remote_daemon_dispatch.c's
 * hand-written handlers, remote_driver.c's hand-written stubs).
 */
export const HAND_WRITTEN: Readonly<Partial<Record<RemoteProcKey, string>>> = {
  connectOpen: 'opens the client\'s connection through the public API',
  connectClose: 'closes the client\'s connection',
  connectSupportsFeature: 'the remote protocol\'s own features are answered by the daemon, the rest by the driver',
  connectGetURI: 'answers the URI the client opened, not the daemon\'s',
  connectDomainEventRegister: EVENTS,
  connectDomainEventDeregister: EVENTS,
  connectDomainEventRegisterAny: EVENTS,
  connectDomainEventDeregisterAny: EVENTS,
  connectDomainEventCallbackRegisterAny: EVENTS,
  connectDomainEventCallbackDeregisterAny: EVENTS,
  connectNetworkEventRegisterAny: EVENTS,
  connectNetworkEventDeregisterAny: EVENTS,
  connectStoragePoolEventRegisterAny: EVENTS,
  connectStoragePoolEventDeregisterAny: EVENTS,
  connectNodeDeviceEventRegisterAny: EVENTS,
  connectNodeDeviceEventDeregisterAny: EVENTS,
  connectSecretEventRegisterAny: EVENTS,
  connectSecretEventDeregisterAny: EVENTS,
  connectRegisterCloseCallback: 'close callbacks are the client library\'s own',
  connectUnregisterCloseCallback: 'close callbacks are the client library\'s own',
  domainScreenshot: 'a stream: the image follows the reply as stream packets (src/daemon/remote/streams.ts)',
};

function padTo(m: Uint8Array, n: number): Buffer {
  if (m.length === n) return asBuffer(m);
  const b = Buffer.alloc(n);
  b.set(m.subarray(0, n));
  return b;
}

// ---------------------------------------------------------------------------------------------
// Building the mappings.

/** Node devices travel by name: the name leading a node device call's arguments is its ref. */
const DEVICE_BY_NAME: Conv = {
  toDriver: (name: string) => ({ name }),
  toWire: (dev: { name: string }) => dev.name,
};

function argConv(n: string, s: Shape, i: number, predicate: boolean, byName: boolean): Conv {
  if (predicate && n === 'autostart') return BOOL_INT;
  if (byName && i === 0 && n === 'name' && s.k === 'string') return DEVICE_BY_NAME;
  return conv(s, n);
}

const NO_FIELDS: StructShape = { k: 'struct', fields: [] };

/** Where a procedure's calls go: the driver kind and method. */
export interface WireRoute {
  readonly kind: DriverKind;
  readonly method: string;
}

function routeOf(key: string): WireRoute {
  const q = (QUIRKS as Record<string, Quirk | undefined>)[key];
  const method = q?.method ?? key;
  return { kind: q?.kind ?? kindOf(method), method };
}

function build(key: string, proc: ProcDef): WireMapping {
  const q = (QUIRKS as Record<string, Quirk | undefined>)[key];
  const { method, kind } = routeOf(key);
  const api = proc.api!;
  const argShape = proc.args ? structShape(proc.args) : NO_FIELDS;
  const retShape = proc.ret ? structShape(proc.ret) : null;
  const predicate = isPredicate(method);

  // Arguments.
  // Calls on a device (not lookups or creations, which take a plain name or XML).
  const byName = /^nodeDevice/.test(method) && !/LookupBy|CreateXML|DefineXML/.test(method);
  const argFields = argShape.fields
    .filter(([n]) => n !== 'needResults')
    .map(([n, s], i) => ({ n, c: argConv(n, s, i, predicate, byName) }));
  const hasNeedResults = argShape.fields.some(([n]) => n === 'needResults');
  const append = q?.append ?? [];
  const ruleToDriverArgs = (w: any): unknown[] => {
    const out = argFields.map((f) => f.c.toDriver(w[f.n]));
    return append.length ? out.concat(append) : out;
  };
  const ruleToWireArgs = (args: readonly unknown[]): unknown => {
    const w: Record<string, unknown> = {};
    if (hasNeedResults) w.needResults = 1;
    argFields.forEach((f, i) => (w[f.n] = f.c.toWire(args[i])));
    return proc.args ? w : undefined;
  };
  // Whole-struct conversions are compiled code (structConv): built only for the quirks that use them.
  const wireArgsConv = q?.toDriverArgs || q?.toWireArgs ? structConv(argShape) : IDENTITY;
  const toDriverArgs = q?.toDriverArgs ? (w: any) => q.toDriverArgs!(wireArgsConv.toDriver(w)) : ruleToDriverArgs;
  const toWireArgs = q?.toWireArgs ? (a: readonly unknown[]) => wireArgsConv.toWire(q.toWireArgs!(a)) : ruleToWireArgs;

  // Result.
  let toWireRet: (v: any, w: any) => unknown = () => undefined;
  let fromWireRet: (r: any, a: readonly unknown[]) => unknown = () => undefined;
  if (retShape) {
    const f = retShape.fields;
    let retConvBuilt: Conv | undefined;
    const retConv = (): Conv => (retConvBuilt ??= structConv(retShape));
    if (f.length === 1) {
      const [n, s] = f[0]!;
      const c = predicate ? BOOL_INT : conv(s, n);
      toWireRet = (v) => ({ [n]: c.toWire(v) });
      fromWireRet = (r) => c.toDriver(r[n]);
    } else if (f.length === 2 && f[0]![1].k === 'array' && f[1]![0] === 'ret') {
      const [n, s] = f[0]!;
      const c = conv(s, n);
      toWireRet = (v: unknown[], w) => ({ [n]: hasNeedResults && w && !w.needResults ? [] : c.toWire(v), ret: v.length });
      fromWireRet = (r) => c.toDriver(r[n]);
    } else {
      const c = retConv();
      toWireRet = (v) => c.toWire(v);
      fromWireRet = (r) => c.toDriver(r);
    }
    if (q?.toWireRet) {
      const c = retConv();
      toWireRet = (v, w) => c.toWire(q.toWireRet!(v, w));
    }
    if (q?.fromWireRet) {
      const c = retConv();
      fromWireRet = (r, a) => q.fromWireRet!(c.toDriver(r), a);
    }
  }
  // A quirk's replacements see values in driver form: the table's own conversions run around it.
  return { key, proc, api, kind, method, quirk: q?.why ?? null, toDriverArgs, toWireArgs, toWireRet, fromWireRet };
}

const cache = new Map<string, WireMapping | null>();

/**
 * The mapping of a remote procedure, by table key; null for procedures without a public API
 * (events, auth, migration steps) and those in UNSUPPORTED. Built on first use.
 */
export function wireMapping(key: string): WireMapping | null {
  let m = cache.get(key);
  if (m !== undefined) return m;
  m = isMapped(key) ? build(key, (remoteProcs as Record<string, ProcDef>)[key]!) : null;
  cache.set(key, m);
  return m;
}

/**
 * The mapping of a procedure of another program (qemu, lxc: their tables share the remote
 * program's types) by the same rules; the daemon builds it on the procedure's first call.
 */
export function programMapping(key: string, proc: ProcDef): WireMapping {
  return build(key, proc);
}

/**
 * Where a mapped procedure's calls go, from the naming rules and QUIRKS alone: the remote driver
 * lays out its methods with this and builds each one's mapping (its struct layouts and compiled
 * conversions) on the method's first call. A virsh run makes a handful of calls; building all
 * ~390 mappings up front cost it more CPU than everything else it did.
 */
export function wireRoute(key: string): WireRoute | null {
  return isMapped(key) ? routeOf(key) : null;
}

/** Whether wireMapping(key) has a mapping, without building it (the daemon builds on first call). */
export function isMapped(key: string): boolean {
  const proc = (remoteProcs as Record<string, ProcDef | undefined>)[key];
  return !!proc && !!proc.api && !proc.event && !(key in UNSUPPORTED) && !(key in HAND_WRITTEN);
}

/**
 * The argument mapping of a stream procedure (hand-written for its data, by the rules for its
 * arguments): the daemon's and the remote driver's stream code use it.
 */
export function streamMapping(key: RemoteProcKey): WireMapping {
  const proc = (remoteProcs as Record<string, ProcDef>)[key];
  if (!proc?.stream || !proc.api) throw new Error(`${key} is not a stream procedure`);
  return build(key, proc);
}

/** Every table key with a public API, for tests and the support matrix. */
export function apiProcedureKeys(): string[] {
  return Object.entries(remoteProcs as Record<string, ProcDef>)
    .filter(([, p]) => p.api && !p.event)
    .map(([k]) => k);
}

export type { TypedParam };
