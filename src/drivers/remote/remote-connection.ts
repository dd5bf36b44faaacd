// The remote driver's connection (libvirt's remote_driver.c behind remoteConnectOpen): every
// driver interface served by RPC over one open connection to a daemon.
//
// The driver objects are not written per method: at load, each procedure of the wire map whose
// driver method is its own key becomes a method of its kind's prototype (call → argument struct,
// reply → the driver's answer). The few libvirt writes by hand on the client side are below:
// security and liveness answered with the transport's facts, the URI the client opened, event
// callbacks, and the screenshot's stream.
import type { DriverConnection } from '../../driver/registry.js';
import { EventBus, EVENT_ID_LAST, type EventFamily } from '../../driver/events.js';
import type { NodeDeviceEventCallback } from '../../driver/node-device.js';
import type { SecretEventCallback } from '../../driver/secret.js';
import type { NodeDeviceRef, SecretRef } from '../../driver/refs.js';
import type { ProcDef } from '../../protocol/procedure.js';
import { remoteProcs } from '../../protocol/remote/procedures.generated.js';
import { ErrorCode, ErrorDomain, errorsFrom } from '../../util/error.js';
import type { RemoteConnection } from './remote-open.js';
import { decodeEvent, eventOfProc } from './wire-events.js';
import { apiProcedureKeys, streamMapping, uuidBytes, wireMapping, type DriverKind, type WireMapping } from './wire-map.js';

const RC = Symbol('remote connection');

interface Bound {
  [RC]: RemoteConnection;
}

/** The methods of each driver kind, built once from the table and the wire map. */
function buildPrototypes(): Record<DriverKind, Record<string, unknown>> {
  const protos: Record<DriverKind, Record<string, unknown>> = {
    hypervisor: {},
    network: {},
    storage: {},
    interface: {},
    nodeDevice: {},
    secret: {},
    nwfilter: {},
  };
  for (const key of apiProcedureKeys()) {
    const m = wireMapping(key);
    // Procedures routed to another method (flag-less twins) are the daemon's concern only.
    if (!m || m.method !== key) continue;
    protos[m.kind][m.method] = stub(m);
  }
  return protos;
}

function stub(m: WireMapping) {
  const key = m.key as keyof typeof remoteProcs;
  return async function (this: Bound, ...args: unknown[]): Promise<unknown> {
    const ret = await this[RC].remote.call(key, m.toWireArgs(args) as never);
    return m.fromWireRet(ret, args);
  };
}

let protos: Record<DriverKind, Record<string, unknown>> | undefined;

/** Methods libvirt's remote driver answers by hand (remoteConnectIsSecure, …). */
const HAND_HYPERVISOR = {
  async connectIsSecure(this: Bound): Promise<boolean> {
    const r = await this[RC].remote.call('connectIsSecure', undefined);
    return this[RC].secure && r.secure !== 0;
  },
  async connectIsEncrypted(this: Bound): Promise<boolean> {
    // Encrypted only over TLS (not built yet); the daemon's answer is asked all the same.
    await this[RC].remote.call('connectIsSecure', undefined);
    return false;
  },
  async connectIsAlive(this: Bound): Promise<boolean> {
    return this[RC].client.isOpen;
  },
  async connectSupportsFeature(this: Bound, feature: number): Promise<boolean> {
    const r = await this[RC].remote.call('connectSupportsFeature', { feature });
    return r.supported !== 0;
  },
  async domainScreenshot(this: Bound, ...args: unknown[]): Promise<{ mime: string; data: Uint8Array }> {
    const m = streamMapping('domainScreenshot');
    const { ret, stream } = await this[RC].remote.openStream('domainScreenshot', m.toWireArgs(args) as never);
    const parts: Buffer[] = [];
    for await (const b of stream) parts.push(b);
    await stream.finish();
    return { mime: ret.mime ?? '', data: Buffer.concat(parts) };
  },
};

type AnyCallback = (obj: never, ...args: number[]) => void;

/** Client-side event callbacks: the daemon's callback ID → ours. */
class RemoteEvents {
  readonly bus = new EventBus();
  readonly #callbacks = new Map<number, { family: EventFamily; cb: AnyCallback }>();
  readonly #off: (() => void)[] = [];

  constructor(rc: RemoteConnection) {
    for (const p of Object.values(remoteProcs as Record<string, ProcDef>)) {
      if (!p.event || !eventOfProc(p.id)) continue;
      this.#off.push(
        rc.client.onEvent(rc.remote.program, p, (msg) => {
          const d = decodeEvent(p, msg);
          if (!d) return;
          const ev = d.event;
          this.bus.emit(ev.family, ev.eventID, ev.obj as never, ev.data as Record<string, unknown>);
          const c = this.#callbacks.get(d.callbackID);
          if (!c || c.family !== ev.family) return;
          const nums = Object.values(ev.data).filter((x): x is number => typeof x === 'number');
          c.cb(ev.obj as never, ...nums);
        }),
      );
    }
  }

  add(family: EventFamily, remoteID: number, cb: AnyCallback): void {
    this.#callbacks.set(remoteID, { family, cb });
  }

  remove(remoteID: number): void {
    this.#callbacks.delete(remoteID);
  }

  close(): void {
    for (const off of this.#off) off();
  }
}

const EVENTS = Symbol('remote events');

interface BoundWithEvents extends Bound {
  [EVENTS]: RemoteEvents;
}

const report = errorsFrom(ErrorDomain.Remote);

function checkEventID(family: EventFamily, eventID: number): void {
  if (eventID < 0 || eventID >= EVENT_ID_LAST[family]) throw report(ErrorCode.InvalidArg, `unsupported event ID ${eventID}`);
}

const HAND_NODEDEV = {
  async connectNodeDeviceEventRegisterAny(this: BoundWithEvents, dev: NodeDeviceRef | null, eventID: number, cb: NodeDeviceEventCallback): Promise<number> {
    checkEventID('nodeDevice', eventID);
    const r = await this[RC].remote.call('connectNodeDeviceEventRegisterAny', { eventID, dev: dev ? { name: dev.name } : null });
    this[EVENTS].add('nodeDevice', r.callbackID, cb as AnyCallback);
    return r.callbackID;
  },
  async connectNodeDeviceEventDeregisterAny(this: BoundWithEvents, callbackID: number): Promise<void> {
    await this[RC].remote.call('connectNodeDeviceEventDeregisterAny', { callbackID });
    this[EVENTS].remove(callbackID);
  },
};

const HAND_SECRET = {
  async connectSecretEventRegisterAny(this: BoundWithEvents, secret: SecretRef | null, eventID: number, cb: SecretEventCallback): Promise<number> {
    checkEventID('secret', eventID);
    const wire = secret ? { uuid: uuidBytes(secret.uuid), usageType: secret.usageType, usageID: secret.usageID } : null;
    const r = await this[RC].remote.call('connectSecretEventRegisterAny', { eventID, secret: wire });
    this[EVENTS].add('secret', r.callbackID, cb as AnyCallback);
    return r.callbackID;
  },
  async connectSecretEventDeregisterAny(this: BoundWithEvents, callbackID: number): Promise<void> {
    await this[RC].remote.call('connectSecretEventDeregisterAny', { callbackID });
    this[EVENTS].remove(callbackID);
  },
};

const HAND: Partial<Record<DriverKind, object>> = { hypervisor: HAND_HYPERVISOR, nodeDevice: HAND_NODEDEV, secret: HAND_SECRET };

/** A driver object of one kind over an open remote connection (or, for the support matrix, none). */
export function remoteDriverObject(kind: DriverKind, rc: RemoteConnection | null, events: RemoteEvents | null = null): any {
  // Built on first use: reading ~340 procedure layouts is work a local-only program never needs.
  protos ??= buildPrototypes();
  const o = Object.create(protos[kind]) as Record<string | symbol, unknown>;
  Object.assign(o, HAND[kind] ?? {});
  o.name = 'remote';
  o[RC] = rc;
  o[EVENTS] = events;
  return o;
}

/** The connection a remote driver open hands to the public API. */
export function remoteDriverConnection(rc: RemoteConnection): DriverConnection {
  const events = new RemoteEvents(rc);
  const obj = (k: DriverKind) => remoteDriverObject(k, rc, events);
  let closed = false;
  return {
    hypervisor: obj('hypervisor'),
    network: obj('network'),
    storage: obj('storage'),
    interface: obj('interface'),
    nodeDevice: obj('nodeDevice'),
    secret: obj('secret'),
    nwfilter: obj('nwfilter'),
    uri: rc.uri,
    events: events.bus,
    async close() {
      if (closed) return;
      closed = true;
      events.close();
      await rc.close();
    },
  };
}

