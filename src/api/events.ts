// Event registration in the public API (virConnectDomainEventRegisterAny and its kin in
// libvirt-domain.c, libvirt-network.c, libvirt-storage.c, libvirt-nodedev.c, libvirt-secret.c):
// argument checks with libvirt's texts, then the driver's registration. Drivers hand callbacks the
// event as their bus carries it (wire field names); here it becomes the typed payload of its event
// ID, with the object wrapped in its API class.
//
// Callbacks run later than the call that caused the event, from the event loop, in the order the
// events were raised; never inside that call. A closed connection drops its callbacks.
import type { ObjectEvent, ObjectEventCallback } from '../driver/events.js';
import type { DomainRef, NetworkRef, NodeDeviceRef, SecretRef, StoragePoolRef } from '../driver/refs.js';
import type { TypedParam } from '../driver/types.js';
import { ErrorDomain } from '../util/error.js';
import { checkNonNegative, checkNonNull, rawInvalidArg } from './arg-checks.js';
import { driverMethod } from './call.js';
import type { Connect } from './connect.js';
import { Domain } from './domain.js';
import {
  DOMAIN_EVENT_ID_LAST,
  DomainEventID,
  NETWORK_EVENT_ID_LAST,
  NODE_DEVICE_EVENT_ID_LAST,
  SECRET_EVENT_ID_LAST,
  STORAGE_POOL_EVENT_ID_LAST,
  type DomainEventIDValue,
} from './enums.js';
import { Network } from './network.js';
import { NodeDevice } from './node-device.js';
import { Secret } from './secret.js';
import { StoragePool } from './storage-pool.js';

// ------------------------------------------------------------------------------------------------
// Payloads

/** virDomainEventGraphicsAddress */
export interface GraphicsAddress {
  /** DomainEventGraphicsAddressType */
  family: number;
  node: string;
  service: string;
}

/** virDomainEventGraphicsSubjectIdentity */
export interface GraphicsIdentity {
  type: string;
  name: string;
}

/** What each domain event carries, by event ID (the arguments of libvirt's callback for it). */
export interface DomainEventPayloads {
  [DomainEventID.LIFECYCLE]: { event: number; detail: number };
  [DomainEventID.REBOOT]: {};
  [DomainEventID.RTC_CHANGE]: { utcoffset: bigint };
  [DomainEventID.WATCHDOG]: { action: number };
  [DomainEventID.IO_ERROR]: { srcPath: string; devAlias: string; action: number };
  [DomainEventID.GRAPHICS]: { phase: number; local: GraphicsAddress; remote: GraphicsAddress; authScheme: string; subject: GraphicsIdentity[] };
  [DomainEventID.IO_ERROR_REASON]: { srcPath: string; devAlias: string; action: number; reason: string };
  [DomainEventID.CONTROL_ERROR]: {};
  [DomainEventID.BLOCK_JOB]: { disk: string; type: number; status: number };
  [DomainEventID.DISK_CHANGE]: { oldSrcPath: string | null; newSrcPath: string | null; devAlias: string; reason: number };
  [DomainEventID.TRAY_CHANGE]: { devAlias: string; reason: number };
  [DomainEventID.PMWAKEUP]: { reason: number };
  [DomainEventID.PMSUSPEND]: { reason: number };
  [DomainEventID.BALLOON_CHANGE]: { actual: bigint };
  [DomainEventID.PMSUSPEND_DISK]: { reason: number };
  [DomainEventID.DEVICE_REMOVED]: { devAlias: string };
  [DomainEventID.BLOCK_JOB_2]: { disk: string; type: number; status: number };
  [DomainEventID.TUNABLE]: { params: TypedParam[] };
  [DomainEventID.AGENT_LIFECYCLE]: { state: number; reason: number };
  [DomainEventID.DEVICE_ADDED]: { devAlias: string };
  [DomainEventID.MIGRATION_ITERATION]: { iteration: number };
  [DomainEventID.JOB_COMPLETED]: { params: TypedParam[] };
  [DomainEventID.DEVICE_REMOVAL_FAILED]: { devAlias: string };
  [DomainEventID.METADATA_CHANGE]: { type: number; nsuri: string | null };
  [DomainEventID.BLOCK_THRESHOLD]: { dev: string; path: string | null; threshold: bigint; excess: bigint };
  [DomainEventID.MEMORY_FAILURE]: { recipient: number; action: number; flags: number };
  [DomainEventID.MEMORY_DEVICE_SIZE_CHANGE]: { alias: string; size: bigint };
}

/** A domain event: its ID and what it carries (a union over IDs, narrowed by `eventID`). */
export type DomainEvent<E extends DomainEventIDValue = DomainEventIDValue> = { [K in E]: { eventID: K } & DomainEventPayloads[K] }[E];
export type DomainEventCallback<E extends DomainEventIDValue = DomainEventIDValue> = (dom: Domain, event: DomainEvent<E>) => void;

export interface LifecycleEvent<ID extends number = 0> {
  eventID: ID;
  /** The family's lifecycle type (DomainEventType, NetworkEventLifecycle, …) */
  event: number;
  detail: number;
}
export type NetworkEvent = LifecycleEvent;
export type StoragePoolEvent = LifecycleEvent | { eventID: 1 }; // lifecycle | refresh
export type NodeDeviceEvent = LifecycleEvent | { eventID: 1 }; // lifecycle | update
export type SecretEvent = LifecycleEvent | { eventID: 1 }; // lifecycle | value changed

export type NetworkEventCallback = (net: Network, event: NetworkEvent) => void;
export type StoragePoolEventCallback = (pool: StoragePool, event: StoragePoolEvent) => void;
export type NodeDeviceEventCallback = (dev: NodeDevice, event: NodeDeviceEvent) => void;
export type SecretEventCallback = (secret: Secret, event: SecretEvent) => void;

const str = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? ''));
const optStr = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const int = (v: unknown): number => Number(v ?? 0);
const big = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt(Number(v ?? 0)));

function address(v: unknown): GraphicsAddress {
  const a = (v ?? {}) as Record<string, unknown>;
  return { family: int(a.family), node: str(a.node), service: str(a.service) };
}

/** The payload of a domain event from the fields its message carries (remote_protocol.x names). */
export function domainEventPayload(ev: ObjectEvent): DomainEvent {
  const d = ev.data as Record<string, unknown>;
  const id = ev.eventID as DomainEventIDValue;
  const p = ((): Record<string, unknown> => {
    switch (id) {
      case DomainEventID.LIFECYCLE:
        return { event: int(d.event), detail: int(d.detail) };
      case DomainEventID.REBOOT:
      case DomainEventID.CONTROL_ERROR:
        return {};
      case DomainEventID.RTC_CHANGE:
        return { utcoffset: big(d.offset) };
      case DomainEventID.WATCHDOG:
        return { action: int(d.action) };
      case DomainEventID.IO_ERROR:
        return { srcPath: str(d.srcPath), devAlias: str(d.devAlias), action: int(d.action) };
      case DomainEventID.IO_ERROR_REASON:
        return { srcPath: str(d.srcPath), devAlias: str(d.devAlias), action: int(d.action), reason: str(d.reason) };
      case DomainEventID.GRAPHICS:
        return {
          phase: int(d.phase),
          local: address(d.local),
          remote: address(d.remote),
          authScheme: str(d.authScheme),
          subject: ((d.subject ?? []) as Record<string, unknown>[]).map((s) => ({ type: str(s.type), name: str(s.name) })),
        };
      case DomainEventID.BLOCK_JOB:
        return { disk: str(d.path), type: int(d.type), status: int(d.status) };
      case DomainEventID.BLOCK_JOB_2:
        return { disk: str(d.dst), type: int(d.type), status: int(d.status) };
      case DomainEventID.DISK_CHANGE:
        return { oldSrcPath: optStr(d.oldSrcPath), newSrcPath: optStr(d.newSrcPath), devAlias: str(d.devAlias), reason: int(d.reason) };
      case DomainEventID.TRAY_CHANGE:
        return { devAlias: str(d.devAlias), reason: int(d.reason) };
      case DomainEventID.PMWAKEUP:
      case DomainEventID.PMSUSPEND:
      case DomainEventID.PMSUSPEND_DISK:
        return { reason: int(d.reason) };
      case DomainEventID.BALLOON_CHANGE:
        return { actual: big(d.actual) };
      case DomainEventID.DEVICE_REMOVED:
      case DomainEventID.DEVICE_ADDED:
      case DomainEventID.DEVICE_REMOVAL_FAILED:
        return { devAlias: str(d.devAlias) };
      case DomainEventID.TUNABLE:
      case DomainEventID.JOB_COMPLETED:
        return { params: (d.params ?? []) as TypedParam[] };
      case DomainEventID.AGENT_LIFECYCLE:
        return { state: int(d.state), reason: int(d.reason) };
      case DomainEventID.MIGRATION_ITERATION:
        return { iteration: int(d.iteration) };
      case DomainEventID.METADATA_CHANGE:
        return { type: int(d.type), nsuri: optStr(d.nsuri) };
      case DomainEventID.BLOCK_THRESHOLD:
        return { dev: str(d.dev), path: optStr(d.path), threshold: big(d.threshold), excess: big(d.excess) };
      case DomainEventID.MEMORY_FAILURE:
        return { recipient: int(d.recipient), action: int(d.action), flags: int(d.flags) };
      case DomainEventID.MEMORY_DEVICE_SIZE_CHANGE:
        return { alias: str(d.alias), size: big(d.size) };
      default:
        return { ...d };
    }
  })();
  return { eventID: id, ...p } as DomainEvent;
}

function familyPayload(eventID: number, args: readonly number[]): LifecycleEvent | { eventID: 1 } {
  return eventID === 0 ? { eventID: 0, event: args[0] ?? 0, detail: args[1] ?? 0 } : { eventID: 1 };
}

// ------------------------------------------------------------------------------------------------
// The callbacks handed to drivers: one per user function and connection (and event ID for the
// positional kinds), so that registering the same function twice is "already tracked" and the
// legacy deregistration finds it, as libvirt matches callbacks by function pointer.

const wrappers = new WeakMap<Connect, WeakMap<object, Map<number, unknown>>>();

function wrapperFor<T>(conn: Connect, fn: object, eventID: number, make: () => T): T {
  let byFn = wrappers.get(conn);
  if (!byFn) wrappers.set(conn, (byFn = new WeakMap()));
  let byID = byFn.get(fn);
  if (!byID) byFn.set(fn, (byID = new Map()));
  let w = byID.get(eventID) as T | undefined;
  if (!w) byID.set(eventID, (w = make()));
  return w;
}

// libvirt-domain.c and libvirt-host.c report in VIR_FROM_DOMAIN; the others in their own domains.
const FROM_DOMAIN = ErrorDomain.Domain;
const FROM_NETWORK = ErrorDomain.Network;
const FROM_STORAGE = ErrorDomain.Storage;
const FROM_NODEDEV = ErrorDomain.Nodedev;
const FROM_SECRET = ErrorDomain.Secret;

/** The event ID checks every *EventRegisterAny makes, in libvirt's order. */
function checkEventID(eventID: number, last: number, api: string, domain: ErrorDomain, withApi: boolean): void {
  checkNonNegative(eventID, 'eventID', api, domain);
  if (eventID >= last) {
    throw rawInvalidArg(api, 'eventID', withApi ? `eventID in ${api} must be less than ${last}` : `eventID must be less than ${last}`, domain);
  }
}

function checkCallback(cb: unknown, api: string, domain: ErrorDomain): void {
  checkNonNull(cb, 'cb', api, domain);
  if (typeof cb !== 'function') throw rawInvalidArg(api, 'cb', `cb in ${api} must not be NULL`, domain);
}

export const eventApi = {
  // --- domains (libvirt-domain.c) ---
  async domainRegisterAny<E extends DomainEventIDValue>(conn: Connect, dom: Domain | null, eventID: E, cb: DomainEventCallback<E>): Promise<number> {
    const api = 'virConnectDomainEventRegisterAny';
    if (dom && dom.conn !== conn) throw rawInvalidArg(api, 'dom', `domain '${dom.name}' must match connection`, FROM_DOMAIN);
    checkCallback(cb, api, FROM_DOMAIN);
    checkEventID(eventID, DOMAIN_EVENT_ID_LAST, api, FROM_DOMAIN, false);
    const register = driverMethod(conn.drivers.hypervisor, 'connectDomainEventRegisterAny', api, FROM_DOMAIN);
    const w = wrapperFor<ObjectEventCallback>(conn, cb, -1, () => (ev) => (cb as DomainEventCallback)(new Domain(conn, ev.obj as DomainRef), domainEventPayload(ev)));
    return register(dom?.ref ?? null, eventID, w);
  },
  async domainDeregisterAny(conn: Connect, callbackID: number): Promise<void> {
    const api = 'virConnectDomainEventDeregisterAny';
    checkNonNegative(callbackID, 'callbackID', api, FROM_DOMAIN);
    await driverMethod(conn.drivers.hypervisor, 'connectDomainEventDeregisterAny', api, FROM_DOMAIN)(callbackID);
  },
  /** virConnectDomainEventRegister: lifecycle events of every domain, registered by function. */
  async domainRegister(conn: Connect, cb: DomainEventCallback<0>): Promise<void> {
    const api = 'virConnectDomainEventRegister';
    checkCallback(cb, api, FROM_DOMAIN);
    const register = driverMethod(conn.drivers.hypervisor, 'connectDomainEventRegister', api, FROM_DOMAIN);
    await register(legacyWrapper(conn, cb));
  },
  async domainDeregister(conn: Connect, cb: DomainEventCallback<0>): Promise<void> {
    const api = 'virConnectDomainEventDeregister';
    checkCallback(cb, api, FROM_DOMAIN);
    await driverMethod(conn.drivers.hypervisor, 'connectDomainEventDeregister', api, FROM_DOMAIN)(legacyWrapper(conn, cb));
  },

  // --- networks (libvirt-network.c) ---
  async networkRegisterAny(conn: Connect, net: Network | null, eventID: number, cb: NetworkEventCallback): Promise<number> {
    const api = 'virConnectNetworkEventRegisterAny';
    if (net && net.conn !== conn) throw rawInvalidArg(api, 'net', `network '${net.name}' in ${api} must match connection`, FROM_NETWORK);
    checkCallback(cb, api, FROM_NETWORK);
    checkEventID(eventID, NETWORK_EVENT_ID_LAST, api, FROM_NETWORK, true);
    const register = driverMethod(conn.drivers.network, 'connectNetworkEventRegisterAny', api, FROM_NETWORK);
    const w = wrapperFor<ObjectEventCallback>(conn, cb, -1, () => (ev) => cb(new Network(conn, ev.obj as NetworkRef), lifecycle(ev) as NetworkEvent));
    return register(net?.ref ?? null, eventID, w);
  },
  async networkDeregisterAny(conn: Connect, callbackID: number): Promise<void> {
    const api = 'virConnectNetworkEventDeregisterAny';
    checkNonNegative(callbackID, 'callbackID', api, FROM_NETWORK);
    await driverMethod(conn.drivers.network, 'connectNetworkEventDeregisterAny', api, FROM_NETWORK)(callbackID);
  },

  // --- storage pools (libvirt-storage.c) ---
  async storagePoolRegisterAny(conn: Connect, pool: StoragePool | null, eventID: number, cb: StoragePoolEventCallback): Promise<number> {
    const api = 'virConnectStoragePoolEventRegisterAny';
    if (pool && pool.conn !== conn) throw rawInvalidArg(api, 'pool', `storage pool '${pool.name}' in ${api} must match connection`, FROM_STORAGE);
    checkCallback(cb, api, FROM_STORAGE);
    checkEventID(eventID, STORAGE_POOL_EVENT_ID_LAST, api, FROM_STORAGE, true);
    const register = driverMethod(conn.drivers.storage, 'connectStoragePoolEventRegisterAny', api, FROM_STORAGE);
    const w = wrapperFor<ObjectEventCallback>(conn, cb, -1, () => (ev) => cb(new StoragePool(conn, ev.obj as StoragePoolRef), lifecycle(ev)));
    return register(pool?.ref ?? null, eventID, w);
  },
  async storagePoolDeregisterAny(conn: Connect, callbackID: number): Promise<void> {
    const api = 'virConnectStoragePoolEventDeregisterAny';
    checkNonNegative(callbackID, 'callbackID', api, FROM_STORAGE);
    await driverMethod(conn.drivers.storage, 'connectStoragePoolEventDeregisterAny', api, FROM_STORAGE)(callbackID);
  },

  // --- node devices (libvirt-nodedev.c); their driver callbacks take libvirt's integer arguments ---
  async nodeDeviceRegisterAny(conn: Connect, dev: NodeDevice | null, eventID: number, cb: NodeDeviceEventCallback): Promise<number> {
    const api = 'virConnectNodeDeviceEventRegisterAny';
    if (dev && dev.conn !== conn) throw rawInvalidArg(api, 'dev', `node device '${dev.name}' in ${api} must match connection`, FROM_NODEDEV);
    checkCallback(cb, api, FROM_NODEDEV);
    checkEventID(eventID, NODE_DEVICE_EVENT_ID_LAST, api, FROM_NODEDEV, true);
    const register = driverMethod(conn.drivers.nodeDevice, 'connectNodeDeviceEventRegisterAny', api, FROM_NODEDEV);
    const w = wrapperFor(conn, cb, eventID, () => (ref: NodeDeviceRef, ...args: number[]) => cb(new NodeDevice(conn, ref), familyPayload(eventID, args)));
    return register(dev?.ref ?? null, eventID, w);
  },
  async nodeDeviceDeregisterAny(conn: Connect, callbackID: number): Promise<void> {
    const api = 'virConnectNodeDeviceEventDeregisterAny';
    checkNonNegative(callbackID, 'callbackID', api, FROM_NODEDEV);
    await driverMethod(conn.drivers.nodeDevice, 'connectNodeDeviceEventDeregisterAny', api, FROM_NODEDEV)(callbackID);
  },

  // --- secrets (libvirt-secret.c) ---
  async secretRegisterAny(conn: Connect, secret: Secret | null, eventID: number, cb: SecretEventCallback): Promise<number> {
    const api = 'virConnectSecretEventRegisterAny';
    if (secret && secret.conn !== conn) throw rawInvalidArg(api, 'secret', `secret '${secret.uuid}' in ${api} must match connection`, FROM_SECRET);
    checkCallback(cb, api, FROM_SECRET);
    checkEventID(eventID, SECRET_EVENT_ID_LAST, api, FROM_SECRET, true);
    const register = driverMethod(conn.drivers.secret, 'connectSecretEventRegisterAny', api, FROM_SECRET);
    const w = wrapperFor(conn, cb, eventID, () => (ref: SecretRef, ...args: number[]) => cb(new Secret(conn, ref), familyPayload(eventID, args)));
    return register(secret?.ref ?? null, eventID, w);
  },
  async secretDeregisterAny(conn: Connect, callbackID: number): Promise<void> {
    const api = 'virConnectSecretEventDeregisterAny';
    checkNonNegative(callbackID, 'callbackID', api, FROM_SECRET);
    await driverMethod(conn.drivers.secret, 'connectSecretEventDeregisterAny', api, FROM_SECRET)(callbackID);
  },
};

function lifecycle(ev: ObjectEvent): LifecycleEvent | { eventID: 1 } {
  return ev.eventID === 0 ? { eventID: 0, event: int(ev.data.event), detail: int(ev.data.detail) } : { eventID: 1 };
}

/** The legacy form's driver callback: kept apart from RegisterAny's, as libvirt keeps the two registrations apart. */
function legacyWrapper(conn: Connect, cb: DomainEventCallback<0>): ObjectEventCallback {
  return wrapperFor<ObjectEventCallback>(conn, cb, -2, () => (ev) => cb(new Domain(conn, ev.obj as DomainRef), domainEventPayload(ev) as DomainEvent<0>));
}
