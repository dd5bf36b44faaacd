// Event callbacks of remote clients (remote_daemon_dispatch.c's *EventRegister* handlers and
// remoteRelay*): a client registers for an event family and ID, optionally for one object; the
// daemon listens on its connection's event bus and sends each matching event as a message
// (type MESSAGE, serial 0) of the family's procedure, with the client's callback ID, or in the
// legacy form for clients of virConnectDomainEventRegister.
import type { Connect } from '../../api/connect.js';
import { apiErrorDomain } from '../../api/invoke.js';
import { EVENT_ID_LAST, DomainEventID, type EventFamily, type ObjectEvent } from '../../driver/events.js';
import { encodeEvent, eventProcs } from '../../drivers/remote/wire-events.js';
import { structToDriver } from '../../drivers/remote/wire-map.js';
import type { ProcDef } from '../../protocol/procedure.js';
import { remoteProcs, remoteProgram } from '../../protocol/remote/procedures.generated.js';
import type { ServerClient } from '../../rpc/server-client.js';
import { MessageStatus, MessageType, buildFrame, rpcError } from '../../rpc/server-message.js';
import { ErrorCode, noSupport } from '../../util/error.js';
import { logger } from '../../util/log.js';
import { clientState, type RemoteClientState } from './client-state.js';
import type { HandlerFn } from './registry.js';

const log = logger('daemon.remote.events');

interface Callback {
  family: EventFamily;
  eventID: number;
  /** Our ID for it (sent with each message); -1 for legacy registrations. */
  callbackID: number;
  /** Only events of this object (its name; node devices and secrets by their key), or all. */
  only: string | null;
  legacy: boolean;
}

/** The key an event's object is matched on for per-object registrations. */
function objectKey(family: EventFamily, obj: Record<string, unknown>): string {
  if (family === 'nodeDevice') return String(obj.name);
  return String(obj.uuid);
}

/** The driver each family's registration needs (libvirt calls it on that driver's table). */
const FAMILY_DRIVER: Record<EventFamily, 'hypervisor' | 'network' | 'storage' | 'nodeDevice' | 'secret'> = {
  domain: 'hypervisor',
  network: 'network',
  storagePool: 'storage',
  nodeDevice: 'nodeDevice',
  secret: 'secret',
};

const REGISTER_API: Record<EventFamily, string> = {
  domain: 'virConnectDomainEventRegisterAny',
  network: 'virConnectNetworkEventRegisterAny',
  storagePool: 'virConnectStoragePoolEventRegisterAny',
  nodeDevice: 'virConnectNodeDeviceEventRegisterAny',
  secret: 'virConnectSecretEventRegisterAny',
};

/** "… event callback N not registered": libvirt says "node device" for secrets too. */
const NOT_REGISTERED_NAME: Record<EventFamily, string> = {
  domain: 'domain event callback',
  network: 'network event callback',
  storagePool: 'storage pool event callback',
  nodeDevice: 'node device event callback',
  secret: 'node device event callback',
};

/** One client's registrations and its listener on the connection's bus. */
class ClientEvents {
  readonly #st: RemoteClientState;
  readonly #callbacks = new Map<number, Callback>();
  #nextID = 1;
  #stopListening: (() => void) | null = null;
  #listeningOn: Connect | null = null;

  constructor(st: RemoteClientState) {
    this.#st = st;
    st.onDispose(() => this.#stop());
  }

  get callbacks(): IterableIterator<Callback> {
    return this.#callbacks.values();
  }

  add(conn: Connect, cb: Omit<Callback, 'callbackID'>): number {
    const driver = FAMILY_DRIVER[cb.family];
    const has = driver === 'hypervisor' ? true : conn.drivers[driver] !== undefined;
    if (!conn.drivers.events || !has) throw noSupport(REGISTER_API[cb.family], apiErrorDomain(REGISTER_API[cb.family]));
    const callbackID = cb.legacy ? -1 : this.#nextID++;
    // Legacy registrations are keyed apart (by negative event ID) so they never meet callback IDs.
    this.#callbacks.set(cb.legacy ? -1 - cb.eventID : callbackID, { ...cb, callbackID });
    this.#listen(conn);
    return callbackID;
  }

  remove(key: number): Callback | undefined {
    const cb = this.#callbacks.get(key);
    if (cb) this.#callbacks.delete(key);
    if (this.#callbacks.size === 0) this.#stop();
    return cb;
  }

  findLegacy(eventID: number): Callback | undefined {
    return this.#callbacks.get(-1 - eventID);
  }

  #listen(conn: Connect): void {
    if (this.#listeningOn === conn) return;
    this.#stop();
    this.#listeningOn = conn;
    this.#stopListening = conn.drivers.events!.listen((ev) => this.#deliver(ev));
  }

  #stop(): void {
    this.#stopListening?.();
    this.#stopListening = null;
    this.#listeningOn = null;
  }

  #deliver(ev: ObjectEvent): void {
    const client = this.#st.client;
    if (client.closed) return;
    let key: string | undefined;
    for (const cb of this.#callbacks.values()) {
      if (cb.family !== ev.family || cb.eventID !== ev.eventID) continue;
      if (cb.only !== null) {
        key ??= objectKey(ev.family, ev.obj as unknown as Record<string, unknown>);
        if (cb.only !== key) continue;
      }
      const procs = eventProcs(ev.family, ev.eventID);
      const proc = cb.legacy ? procs?.legacy : procs?.callback;
      if (!proc) continue;
      try {
        sendEvent(client, proc, encodeEvent(proc, ev, cb.legacy ? null : cb.callbackID));
      } catch (e) {
        log.error(() => `cannot send ${proc.name} to client ${client.id}: ${(e as Error).message}`);
      }
    }
  }
}

function sendEvent(client: ServerClient, proc: ProcDef, msg: unknown): void {
  const { program, version } = remoteProgram;
  client.send(
    buildFrame({ prog: program, vers: version, proc: proc.id, type: MessageType.Message, serial: 0, status: MessageStatus.Ok }, (w) => proc.args!.encode(w, msg)),
  );
}

const EVENTS_KEY = 'remote.events';

function eventsOf(st: RemoteClientState): ClientEvents {
  let e = st.client.privateData.get(EVENTS_KEY) as ClientEvents | undefined;
  if (!e) {
    e = new ClientEvents(st);
    st.client.privateData.set(EVENTS_KEY, e);
  }
  return e;
}

function checkEventID(family: EventFamily, eventID: number, last = EVENT_ID_LAST[family]): void {
  if (eventID < 0 || eventID >= last) throw rpcError(ErrorCode.InternalError, `unsupported event ID ${eventID}`);
}

type Procs = typeof remoteProcs;

/** The object a per-object registration names, as the key events are matched on. */
function onlyKey(family: EventFamily, codecProc: ProcDef, args: Record<string, unknown>): string | null {
  const v = structToDriver(codecProc.args!, args) as Record<string, unknown>;
  const obj = Object.entries(v).find(([k, x]) => k !== 'eventID' && typeof x === 'object')?.[1] as Record<string, unknown> | null | undefined;
  return obj ? objectKey(family, obj) : null;
}

function callbackFamily(family: EventFamily, register: keyof Procs): { reg: HandlerFn; dereg: HandlerFn } {
  const proc = remoteProcs[register] as ProcDef;
  return {
    reg: (ctx, args: { eventID: number } & Record<string, unknown>) => {
      const st = clientState(ctx.client);
      const conn = st.connFor(FAMILY_DRIVER[family] === 'hypervisor' ? 'hypervisor' : 'network');
      checkEventID(family, args.eventID);
      const callbackID = eventsOf(st).add(conn, { family, eventID: args.eventID, only: onlyKey(family, proc, args), legacy: false });
      return { callbackID };
    },
    dereg: (ctx, args: { callbackID: number }) => {
      const st = clientState(ctx.client);
      st.connFor(FAMILY_DRIVER[family] === 'hypervisor' ? 'hypervisor' : 'network');
      const cb = eventsOf(st).remove(args.callbackID);
      if (!cb || cb.family !== family) throw rpcError(ErrorCode.InternalError, `${NOT_REGISTERED_NAME[family]} ${args.callbackID} not registered`);
      return undefined;
    },
  };
}

/** The registration procedures. */
export function eventHandlers(): { [K in keyof Procs]?: HandlerFn } {
  const domain = callbackFamily('domain', 'connectDomainEventCallbackRegisterAny');
  const network = callbackFamily('network', 'connectNetworkEventRegisterAny');
  const pool = callbackFamily('storagePool', 'connectStoragePoolEventRegisterAny');
  const nodedev = callbackFamily('nodeDevice', 'connectNodeDeviceEventRegisterAny');
  const secret = callbackFamily('secret', 'connectSecretEventRegisterAny');
  const legacyAdd = (ctx: Parameters<HandlerFn>[0], eventID: number) => {
    const st = clientState(ctx.client);
    eventsOf(st).add(st.connFor('hypervisor'), { family: 'domain', eventID, only: null, legacy: true });
  };
  const legacyRemove = (ctx: Parameters<HandlerFn>[0], eventID: number) => {
    const st = clientState(ctx.client);
    st.connFor('hypervisor');
    if (!eventsOf(st).remove(-1 - eventID)) throw rpcError(ErrorCode.InternalError, `domain event ${eventID} not registered`);
  };
  return {
    connectDomainEventCallbackRegisterAny: domain.reg,
    connectDomainEventCallbackDeregisterAny: domain.dereg,
    connectNetworkEventRegisterAny: network.reg,
    connectNetworkEventDeregisterAny: network.dereg,
    connectStoragePoolEventRegisterAny: pool.reg,
    connectStoragePoolEventDeregisterAny: pool.dereg,
    connectNodeDeviceEventRegisterAny: nodedev.reg,
    connectNodeDeviceEventDeregisterAny: nodedev.dereg,
    connectSecretEventRegisterAny: secret.reg,
    connectSecretEventDeregisterAny: secret.dereg,
    // virConnectDomainEventRegister: lifecycle events in the legacy message form.
    connectDomainEventRegister(ctx) {
      legacyAdd(ctx, DomainEventID.Lifecycle);
      return { cbRegistered: 1 };
    },
    connectDomainEventDeregister(ctx) {
      legacyRemove(ctx, DomainEventID.Lifecycle);
      return { cbRegistered: 0 };
    },
    // Events added after DEVICE_REMOVED exist only in the callback form.
    connectDomainEventRegisterAny(ctx, args: { eventID: number }) {
      clientState(ctx.client).connFor('hypervisor');
      checkEventID('domain', args.eventID, DomainEventID.DeviceRemoved + 1);
      legacyAdd(ctx, args.eventID);
      return undefined;
    },
    connectDomainEventDeregisterAny(ctx, args: { eventID: number }) {
      clientState(ctx.client).connFor('hypervisor');
      checkEventID('domain', args.eventID, DomainEventID.DeviceRemoved + 1);
      legacyRemove(ctx, args.eventID);
      return undefined;
    },
  };
}
