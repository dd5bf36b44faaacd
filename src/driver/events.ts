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
