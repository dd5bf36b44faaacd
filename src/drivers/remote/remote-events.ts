// Event callbacks over the remote driver (remote_driver.c's remoteConnect*Event*Register* and
// remoteDomainBuildEvent*): callbacks are kept on the client, in the connection's own callback
// list. Only the first callback for an event (and object) registers with the daemon; later ones
// share the daemon's callback ID, and the last one to go deregisters it there. Each event message
// carries the daemon's callback ID and is queued for the callbacks that share it.
import { EventBus, EventCallbackList, eventObjectKey, lifecycleArgs, type EventFamily, type ObjectEventCallback } from '../../driver/events.js';
import type { NodeDeviceEventCallback } from '../../driver/node-device.js';
import type { DomainRef, NetworkRef, NodeDeviceRef, SecretRef, StoragePoolRef } from '../../driver/refs.js';
import type { SecretEventCallback } from '../../driver/secret.js';
import type { ProcDef } from '../../protocol/procedure.js';
import { remoteProcs } from '../../protocol/remote/procedures.generated.js';
import type { RemoteConnection } from './remote-open.js';
import { decodeEvent, eventOfProc } from './wire-events.js';
import { uuidBytes, type DriverKind } from './wire-map.js';

/** One remote connection's callbacks and its listeners on the event messages. */
export class RemoteEventState {
  /** Every event the daemon sends, for listeners of the connection's bus (a daemon proxying them). */
  readonly bus = new EventBus();
  readonly list = new EventCallbackList();
  readonly rc: RemoteConnection;
  readonly owner = {};
  readonly #off: (() => void)[] = [];
  #serial: Promise<unknown> = Promise.resolve();

  constructor(rc: RemoteConnection) {
    this.rc = rc;
    for (const p of Object.values(remoteProcs as Record<string, ProcDef>)) {
      if (!p.event || !eventOfProc(p.id)) continue;
      this.#off.push(
        rc.client.onEvent(rc.remote.program, p, (msg) => {
          const d = decodeEvent(p, msg);
          if (!d) return;
          const ev = d.event;
          this.bus.emit(ev.family, ev.eventID, ev.obj as never, ev.data as Record<string, unknown>);
          this.list.queue(ev, d.callbackID);
        }),
      );
    }
  }

  /** The daemon tells events apart by callback ID (VIR_DRV_FEATURE_REMOTE_EVENT_CALLBACK). */
  get serverFilter(): boolean {
    return this.rc.features.eventCallback;
  }

  /** Registrations run one at a time, as under libvirt's driver lock: the first one's daemon ID is known to the next. */
  serialize<T>(f: () => Promise<T>): Promise<T> {
    const run = this.#serial.then(f, f);
    this.#serial = run.catch(() => undefined);
    return run;
  }

  close(): void {
    for (const off of this.#off) off();
    this.list.dropOwner(this.owner);
  }
}

export const REMOTE_EVENTS = Symbol('remote event state');

interface WithEvents {
  [REMOTE_EVENTS]: RemoteEventState;
}

type Call = (proc: keyof typeof remoteProcs, args: unknown) => Promise<{ callbackID?: number } | undefined>;

function callOf(st: RemoteEventState): Call {
  return (proc, args) => st.rc.remote.call(proc, args as never) as Promise<{ callbackID?: number } | undefined>;
}

interface FamilyProcs {
  register: keyof typeof remoteProcs;
  deregister: keyof typeof remoteProcs;
  /** The object in the registration's arguments, in wire form. */
  objArg: (obj: object) => Record<string, unknown>;
  objField: string;
}

const FAMILY_PROCS: Record<EventFamily, FamilyProcs> = {
  domain: {
    register: 'connectDomainEventCallbackRegisterAny',
    deregister: 'connectDomainEventCallbackDeregisterAny',
    objField: 'dom',
    objArg: (o) => {
      const d = o as DomainRef;
      return { name: d.name, uuid: uuidBytes(d.uuid), id: d.id };
    },
  },
  network: {
    register: 'connectNetworkEventRegisterAny',
    deregister: 'connectNetworkEventDeregisterAny',
    objField: 'net',
    objArg: (o) => ({ name: (o as NetworkRef).name, uuid: uuidBytes((o as NetworkRef).uuid) }),
  },
  storagePool: {
    register: 'connectStoragePoolEventRegisterAny',
    deregister: 'connectStoragePoolEventDeregisterAny',
    objField: 'pool',
    objArg: (o) => ({ name: (o as StoragePoolRef).name, uuid: uuidBytes((o as StoragePoolRef).uuid) }),
  },
  nodeDevice: {
    register: 'connectNodeDeviceEventRegisterAny',
    deregister: 'connectNodeDeviceEventDeregisterAny',
    objField: 'dev',
    objArg: (o) => ({ name: (o as NodeDeviceRef).name }),
  },
  secret: {
    register: 'connectSecretEventRegisterAny',
    deregister: 'connectSecretEventDeregisterAny',
    objField: 'secret',
    objArg: (o) => {
      const s = o as SecretRef;
      return { uuid: uuidBytes(s.uuid), usageType: s.usageType, usageID: s.usageID };
    },
  },
};

/** remoteConnect*EventRegisterAny: the local callback ID. */
async function register(
  st: RemoteEventState,
  family: EventFamily,
  obj: object | null,
  eventID: number,
  fn: object,
  deliver: ObjectEventCallback,
  legacy = false,
): Promise<number> {
  return st.serialize(() => registerNow(st, family, obj, eventID, fn, deliver, legacy));
}

async function registerNow(
  st: RemoteEventState,
  family: EventFamily,
  obj: object | null,
  eventID: number,
  fn: object,
  deliver: ObjectEventCallback,
  legacy: boolean,
): Promise<number> {
  const p = FAMILY_PROCS[family];
  const key = obj ? eventObjectKey(family, obj) : null;
  const { id, remoteID } = st.list.add(st.owner, { family, eventID, key, fn, deliver, legacy });
  const call = callOf(st);
  try {
    if (family === 'domain' && !st.serverFilter) {
      // An old daemon: one registration per event ID feeds every local callback of that ID.
      if (st.list.count(st.owner, family, eventID) === 1) await call(eventID === 0 && legacy ? 'connectDomainEventRegister' : 'connectDomainEventRegisterAny', legacy ? undefined : { eventID });
    } else if (remoteID < 0) {
      const ret = await call(p.register, { eventID, [p.objField]: obj ? p.objArg(obj) : null });
      st.list.setRemote(st.owner, id, ret!.callbackID!);
    }
  } catch (e) {
    st.list.remove(st.owner, id);
    throw e;
  }
  return id;
}

/** remoteConnect*EventDeregisterAny */
function deregister(st: RemoteEventState, family: EventFamily, callbackID: number): Promise<void> {
  return st.serialize(() => deregisterNow(st, family, callbackID));
}

async function deregisterNow(st: RemoteEventState, family: EventFamily, callbackID: number): Promise<void> {
  const { eventID, remoteID } = st.list.lookup(st.owner, callbackID);
  const left = st.list.remove(st.owner, callbackID);
  const call = callOf(st);
  if (family === 'domain' && !st.serverFilter) {
    if (st.list.count(st.owner, family, eventID) === 0) await call('connectDomainEventDeregisterAny', { eventID });
  } else if (left === 0) {
    await call(FAMILY_PROCS[family].deregister, { callbackID: remoteID });
  }
}

/** Node device and secret callbacks take libvirt's integer arguments after the object. */
function positional(cb: NodeDeviceEventCallback | SecretEventCallback): ObjectEventCallback {
  return (ev) => (cb as (obj: unknown, ...args: number[]) => void)(ev.obj, ...lifecycleArgs(ev));
}

/** The registration methods of each driver kind. */
export const REMOTE_EVENT_METHODS: Partial<Record<DriverKind, object>> = {
  hypervisor: {
    async connectDomainEventRegisterAny(this: WithEvents, dom: DomainRef | null, eventID: number, cb: ObjectEventCallback): Promise<number> {
      return register(this[REMOTE_EVENTS], 'domain', dom, eventID, cb, cb);
    },
    async connectDomainEventDeregisterAny(this: WithEvents, callbackID: number): Promise<void> {
      await deregister(this[REMOTE_EVENTS], 'domain', callbackID);
    },
    // remoteConnectDomainEventRegister: a lifecycle callback for every domain, found again by function.
    async connectDomainEventRegister(this: WithEvents, cb: ObjectEventCallback): Promise<void> {
      await register(this[REMOTE_EVENTS], 'domain', null, 0, cb, cb, true);
    },
    async connectDomainEventDeregister(this: WithEvents, cb: ObjectEventCallback): Promise<void> {
      const st = this[REMOTE_EVENTS];
      await st.serialize(() => deregisterNow(st, 'domain', st.list.legacyID(st.owner, 'domain', 0, cb).id));
    },
  },
  network: {
    async connectNetworkEventRegisterAny(this: WithEvents, net: NetworkRef | null, eventID: number, cb: ObjectEventCallback): Promise<number> {
      return register(this[REMOTE_EVENTS], 'network', net, eventID, cb, cb);
    },
    async connectNetworkEventDeregisterAny(this: WithEvents, callbackID: number): Promise<void> {
      await deregister(this[REMOTE_EVENTS], 'network', callbackID);
    },
  },
  storage: {
    async connectStoragePoolEventRegisterAny(this: WithEvents, pool: StoragePoolRef | null, eventID: number, cb: ObjectEventCallback): Promise<number> {
      return register(this[REMOTE_EVENTS], 'storagePool', pool, eventID, cb, cb);
    },
    async connectStoragePoolEventDeregisterAny(this: WithEvents, callbackID: number): Promise<void> {
      await deregister(this[REMOTE_EVENTS], 'storagePool', callbackID);
    },
  },
  nodeDevice: {
    async connectNodeDeviceEventRegisterAny(this: WithEvents, dev: NodeDeviceRef | null, eventID: number, cb: NodeDeviceEventCallback): Promise<number> {
      return register(this[REMOTE_EVENTS], 'nodeDevice', dev, eventID, cb, positional(cb));
    },
    async connectNodeDeviceEventDeregisterAny(this: WithEvents, callbackID: number): Promise<void> {
      await deregister(this[REMOTE_EVENTS], 'nodeDevice', callbackID);
    },
  },
  secret: {
    async connectSecretEventRegisterAny(this: WithEvents, secret: SecretRef | null, eventID: number, cb: SecretEventCallback): Promise<number> {
      return register(this[REMOTE_EVENTS], 'secret', secret, eventID, cb, positional(cb));
    },
    async connectSecretEventDeregisterAny(this: WithEvents, callbackID: number): Promise<void> {
      await deregister(this[REMOTE_EVENTS], 'secret', callbackID);
    },
  },
};
