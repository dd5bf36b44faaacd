// Object events (libvirt's virObjectEventState): a driver raises an event on its bus; whoever
// listens — the daemon forwarding events to its clients, the public API's callbacks — hears it.
// Like libvirt's event queue, delivery is deferred past the call that raised the event and keeps
// the order events were raised in.
//
// An event carries its family, libvirt's event ID (VIR_DOMAIN_EVENT_ID_*, VIR_NETWORK_EVENT_ID_*,
// …), the object's ref, and its details under the remote protocol's message field names
// (lifecycle: event and detail; metadata change: type and nsuri; tunable: params…), so a daemon
// forwards them with no per-event code.
import type { DomainRef, NetworkRef, NodeDeviceRef, SecretRef, StoragePoolRef } from './refs.js';
import { ErrorCode, ErrorDomain, errorsFrom } from '../util/error.js';

export type EventFamily = 'domain' | 'network' | 'storagePool' | 'nodeDevice' | 'secret';

export interface EventRefs {
  domain: DomainRef;
  network: NetworkRef;
  storagePool: StoragePoolRef;
  nodeDevice: NodeDeviceRef;
  secret: SecretRef;
}

export interface ObjectEvent<F extends EventFamily = EventFamily> {
  readonly family: F;
  readonly eventID: number;
  readonly obj: EventRefs[F];
  readonly data: Readonly<Record<string, unknown>>;
}

export type EventListener = (ev: ObjectEvent) => void;

/** VIR_DOMAIN_EVENT_ID_* */
export const DomainEventID = {
  Lifecycle: 0,
  Reboot: 1,
  RtcChange: 2,
  Watchdog: 3,
  IoError: 4,
  Graphics: 5,
  IoErrorReason: 6,
  ControlError: 7,
  BlockJob: 8,
  DiskChange: 9,
  TrayChange: 10,
  PMwakeup: 11,
  PMsuspend: 12,
  BalloonChange: 13,
  PMsuspendDisk: 14,
  DeviceRemoved: 15,
  BlockJob2: 16,
  Tunable: 17,
  AgentLifecycle: 18,
  DeviceAdded: 19,
  MigrationIteration: 20,
  JobCompleted: 21,
  DeviceRemovalFailed: 22,
  MetadataChange: 23,
  BlockThreshold: 24,
  MemoryFailure: 25,
  MemoryDeviceSizeChange: 26,
} as const;
export const DOMAIN_EVENT_ID_LAST = 27;

/** VIR_NETWORK_EVENT_ID_*, VIR_STORAGE_POOL_EVENT_ID_*, VIR_NODE_DEVICE_EVENT_ID_*, VIR_SECRET_EVENT_ID_* */
export const NetworkEventID = { Lifecycle: 0 } as const;
export const StoragePoolEventID = { Lifecycle: 0, Refresh: 1 } as const;
export const NodeDeviceEventID = { Lifecycle: 0, Update: 1 } as const;
export const SecretEventID = { Lifecycle: 0, ValueChanged: 1 } as const;

/** How many event IDs each family has (registration refuses others). */
export const EVENT_ID_LAST: Record<EventFamily, number> = {
  domain: DOMAIN_EVENT_ID_LAST,
  network: 1,
  storagePool: 2,
  nodeDevice: 2,
  secret: 2,
};

export class EventBus {
  #listeners: EventListener[] = [];
  #queue: ObjectEvent[] = [];
  #scheduled = false;

  /** Listen to every event; returns the function that stops listening. */
  listen(l: EventListener): () => void {
    this.#listeners = [...this.#listeners, l];
    return () => {
      this.#listeners = this.#listeners.filter((x) => x !== l);
    };
  }

  get listening(): boolean {
    return this.#listeners.length > 0;
  }

  emit<F extends EventFamily>(family: F, eventID: number, obj: EventRefs[F], data: Record<string, unknown> = {}): void {
    if (this.#listeners.length === 0) return;
    // Refs are copied: drivers update theirs in place (a stopped domain's id becomes -1).
    this.#queue.push({ family, eventID, obj: { ...obj }, data });
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = false;
    const q = this.#queue;
    this.#queue = [];
    for (const ev of q) {
      for (const l of this.#listeners) {
        try {
          l(ev);
        } catch {
          // One failing listener must not keep the event from the others.
        }
      }
    }
  }

  // Shorthands for the events drivers raise most.
  domainLifecycle(dom: DomainRef, event: number, detail: number): void {
    this.emit('domain', DomainEventID.Lifecycle, dom, { event, detail });
  }
  networkLifecycle(net: NetworkRef, event: number, detail = 0): void {
    this.emit('network', NetworkEventID.Lifecycle, net, { event, detail });
  }
  storagePoolLifecycle(pool: StoragePoolRef, event: number, detail = 0): void {
    this.emit('storagePool', StoragePoolEventID.Lifecycle, pool, { event, detail });
  }
  storagePoolRefresh(pool: StoragePoolRef): void {
    this.emit('storagePool', StoragePoolEventID.Refresh, pool);
  }
  nodeDeviceLifecycle(dev: NodeDeviceRef, event: number, detail = 0): void {
    this.emit('nodeDevice', NodeDeviceEventID.Lifecycle, { name: dev.name }, { event, detail });
  }
  secretLifecycle(secret: SecretRef, event: number, detail = 0): void {
    this.emit('secret', SecretEventID.Lifecycle, secret, { event, detail });
  }
}

/** virDomainEventType and the details the test driver raises (libvirt-domain.h). */
export const DomainEvent = {
  Defined: 0,
  Undefined: 1,
  Started: 2,
  Suspended: 3,
  Resumed: 4,
  Stopped: 5,
  Shutdown: 6,
  PMSuspended: 7,
  Crashed: 8,
} as const;
export const DomainEventDetail = {
  DefinedAdded: 0,
  DefinedUpdated: 1,
  DefinedRenamed: 2,
  DefinedFromSnapshot: 3,
  UndefinedRemoved: 0,
  UndefinedRenamed: 1,
  StartedBooted: 0,
  StartedRestored: 2,
  StartedFromSnapshot: 3,
  SuspendedPaused: 0,
  SuspendedFromSnapshot: 5,
  ResumedUnpaused: 0,
  ResumedFromSnapshot: 2,
  StoppedShutdown: 0,
  StoppedDestroyed: 1,
  StoppedCrashed: 2,
  StoppedSaved: 4,
  StoppedFromSnapshot: 6,
} as const;

/** virNetworkEventLifecycleType, virStoragePoolEventLifecycleType, virNodeDeviceEventLifecycleType */
export const NetworkEvent = { Defined: 0, Undefined: 1, Started: 2, Stopped: 3 } as const;
export const StoragePoolEvent = { Defined: 0, Undefined: 1, Started: 2, Stopped: 3, Created: 4, Deleted: 5 } as const;
export const NodeDeviceEvent = { Created: 0, Deleted: 1, Defined: 2, Undefined: 3 } as const;

// --- event callbacks (events area) ---
// libvirt's virObjectEventCallbackList: the callbacks registered through a driver's connections,
// numbered from 0 by the driver (all connections of one driver share the numbering), each tied to
// the connection it was registered on, optionally to one object (by key), and, in the remote
// driver, to the callback ID the daemon gave it.

/** What a driver hands a registered callback: the event as the bus carries it. */
export type ObjectEventCallback = (ev: ObjectEvent) => void;

/** The key per-object registrations are matched on: a node device's name, otherwise the UUID. */
export function eventObjectKey(family: EventFamily, obj: object): string {
  const o = obj as { name?: unknown; uuid?: unknown };
  return String(family === 'nodeDevice' ? o.name : o.uuid);
}

/** The integer arguments of a lifecycle event (event, detail); none for the other events. */
export function lifecycleArgs(ev: ObjectEvent): number[] {
  return ev.eventID === 0 ? [Number(ev.data.event ?? 0), Number(ev.data.detail ?? 0)] : [];
}

export interface CallbackSpec {
  family: EventFamily;
  eventID: number;
  /** Only events of the object with this key (eventObjectKey), or every object. */
  key: string | null;
  /** The caller's function: its identity tells a callback "already tracked". */
  fn: object;
  /** How an event reaches it. */
  deliver: ObjectEventCallback;
  /** Registered by function (virConnectDomainEventRegister) rather than by ID. */
  legacy?: boolean;
}

interface Registered extends Required<CallbackSpec> {
  id: number;
  owner: object;
  /** The daemon's callback ID serving it (remote driver), -1 for local events. */
  remoteID: number;
  deleted: boolean;
}

const report = errorsFrom(ErrorDomain.None);

/** libvirt prints the function's address; we print a stable number per function instead. */
const fnNumbers = new WeakMap<object, number>();
let nextFnNumber = 0x1000;
function fnAddress(fn: object): string {
  let n = fnNumbers.get(fn);
  if (n === undefined) fnNumbers.set(fn, (n = nextFnNumber += 0x10));
  return `0x${n.toString(16)}`;
}

export class EventCallbackList {
  #list: Registered[] = [];
  #nextID = 0;
  #queue: { ev: ObjectEvent; remoteID: number }[] = [];
  #scheduled = false;
  #bus: EventBus | null;
  #stopListening: (() => void) | null = null;

  /** With a bus, the list hears the driver's local events while it holds callbacks. */
  constructor(bus: EventBus | null = null) {
    this.#bus = bus;
  }

  get size(): number {
    return this.#list.length;
  }

  #matches(r: Registered, owner: object, family: EventFamily, eventID: number, key: string | null): boolean {
    return !r.deleted && r.owner === owner && r.family === family && r.eventID === eventID && r.key === key;
  }

  /**
   * virObjectEventCallbackListAddID: returns the new callback's ID and the daemon's callback ID an
   * earlier registration of the same event and object already holds (-1 if none: the remote
   * driver must then register with the daemon and record the answer with setRemote).
   */
  add(owner: object, spec: CallbackSpec): { id: number; remoteID: number } {
    let remoteID = -1;
    const legacy = spec.legacy ?? false;
    for (const r of this.#list) {
      if (!this.#matches(r, owner, spec.family, spec.eventID, spec.key)) continue;
      if (r.remoteID >= 0) remoteID = r.remoteID;
      if (r.legacy === legacy && r.fn === spec.fn) throw report(ErrorCode.InvalidArg, 'event callback already tracked');
    }
    const id = this.#nextID++;
    this.#list.push({ ...spec, legacy, id, owner, remoteID, deleted: false });
    this.#listen();
    return { id, remoteID };
  }

  setRemote(owner: object, id: number, remoteID: number): void {
    const r = this.#list.find((x) => x.id === id && x.owner === owner && !x.deleted);
    if (r) r.remoteID = remoteID;
  }

  /** virObjectEventStateEventID: the registration behind `id`, or libvirt's error. */
  lookup(owner: object, id: number): { family: EventFamily; eventID: number; remoteID: number } {
    const r = this.#list.find((x) => x.id === id && x.owner === owner && !x.deleted);
    if (!r) throw report(ErrorCode.InvalidArg, `event callback id ${id} not registered`);
    return r;
  }

  /** virObjectEventStateCallbackID: the legacy registration of `fn`, or libvirt's error. */
  legacyID(owner: object, family: EventFamily, eventID: number, fn: object): { id: number; remoteID: number } {
    const r = this.#list.find((x) => this.#matches(x, owner, family, eventID, null) && x.legacy && x.fn === fn);
    if (!r) throw report(ErrorCode.InvalidArg, `event callback function ${fnAddress(fn)} not registered`);
    return r;
  }

  /**
   * virObjectEventStateDeregisterID: removes the callback (whatever its family, as libvirt does)
   * and returns how many callbacks the daemon's registration still serves (0: drop it there).
   */
  remove(owner: object, id: number): number {
    const at = this.#list.findIndex((x) => x.id === id && x.owner === owner && !x.deleted);
    if (at < 0) throw report(ErrorCode.InvalidArg, `could not find event callback ${id} for deletion`);
    const [r] = this.#list.splice(at, 1) as [Registered];
    r.deleted = true; // an event being dispatched right now no longer reaches it
    if (this.#list.length === 0) this.#unlisten();
    return this.#list.filter((x) => this.#matches(x, owner, r.family, r.eventID, r.key) && x.remoteID >= 0).length;
  }

  /** How many callbacks of `owner` wait for this event, whatever their object (a daemon without per-object registrations). */
  count(owner: object, family: EventFamily, eventID: number): number {
    return this.#list.filter((x) => !x.deleted && x.owner === owner && x.family === family && x.eventID === eventID).length;
  }

  /** Forget every callback of a closing connection. */
  dropOwner(owner: object): void {
    for (const r of this.#list) if (r.owner === owner) r.deleted = true;
    this.#list = this.#list.filter((r) => !r.deleted);
    if (this.#list.length === 0) this.#unlisten();
  }

  /** The daemon registrations (family and remote ID) a closing remote connection still holds. */
  remoteIDs(owner: object): { family: EventFamily; remoteID: number }[] {
    const seen = new Set<string>();
    const out: { family: EventFamily; remoteID: number }[] = [];
    for (const r of this.#list) {
      if (r.owner !== owner || r.remoteID < 0 || seen.has(`${r.family}:${r.remoteID}`)) continue;
      seen.add(`${r.family}:${r.remoteID}`);
      out.push({ family: r.family, remoteID: r.remoteID });
    }
    return out;
  }

  /**
   * Queue an event for the callbacks (virObjectEventStateQueueRemote): they are called later, from
   * the event loop, in the order events were queued; `remoteID` is the daemon's callback ID the
   * event came for, -1 for a local driver's event.
   */
  queue(ev: ObjectEvent, remoteID = -1): void {
    if (this.#list.length === 0) return;
    this.#queue.push({ ev, remoteID });
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#flush());
  }

  /** virObjectEventStateDispatchCallbacks for one event, now. */
  dispatch(ev: ObjectEvent, remoteID = -1): void {
    let key: string | undefined;
    for (const r of [...this.#list]) {
      if (r.deleted || r.family !== ev.family || r.eventID !== ev.eventID || r.remoteID !== remoteID) continue;
      if (r.key !== null && r.key !== (key ??= eventObjectKey(ev.family, ev.obj))) continue;
      try {
        r.deliver(ev);
      } catch (e) {
        // A throwing callback must not keep the event from the others; its error is not lost.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }

  #flush(): void {
    this.#scheduled = false;
    const q = this.#queue;
    this.#queue = [];
    for (const { ev, remoteID } of q) this.dispatch(ev, remoteID);
  }

  #listen(): void {
    if (this.#bus && !this.#stopListening) this.#stopListening = this.#bus.listen((ev) => this.dispatch(ev));
  }

  #unlisten(): void {
    this.#stopListening?.();
    this.#stopListening = null;
  }
}
