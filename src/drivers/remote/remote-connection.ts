// The remote driver's connection (libvirt's remote_driver.c behind remoteConnectOpen): every
// driver interface served by RPC over one open connection to a daemon.
//
// The driver objects are not written per method: at load, each procedure of the wire map whose
// driver method is its own key becomes a method of its kind's prototype (call → argument struct,
// reply → the driver's answer). The few libvirt writes by hand on the client side are below:
// security, liveness and keepalive answered with the transport's facts, a started domain's id
// looked up after DOMAIN_CREATE, the URI the client opened, event callbacks, and the screenshot's
// stream.
import type { DriverConnection } from '../../driver/registry.js';
import type { DomainRef } from '../../driver/refs.js';
import type { ProcDef } from '../../protocol/procedure.js';
import { remoteProcs } from '../../protocol/remote/procedures.generated.js';
import type { RemoteConnection } from './remote-open.js';
import type { ConnectCloseCallback } from '../../driver/hypervisor.js';
import { closeCallbackOf, detachCloseCallback } from './remote-close-callback.js'; // close area
import { REMOTE_EVENTS, REMOTE_EVENT_METHODS, RemoteEventState } from './remote-events.js'; // events area
import { apiProcedureKeys, streamMapping, wireMapping, wireRoute, type DriverKind, type WireMapping } from './wire-map.js';

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
    const r = wireRoute(key);
    // Procedures routed to another method (flag-less twins) are the daemon's concern only.
    if (!r || r.method !== key) continue;
    protos[r.kind][r.method] = stub(key as keyof typeof remoteProcs);
  }
  return protos;
}

/** A driver method calling `key`; its wire mapping is built on the first call (and kept). */
function stub(key: keyof typeof remoteProcs) {
  let m: WireMapping | undefined;
  return async function (this: Bound, ...args: unknown[]): Promise<unknown> {
    m ??= wireMapping(key)!;
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
  async connectSetKeepAlive(this: Bound, interval: number, count: number): Promise<number> {
    return this[RC].setKeepAlive(interval, count);
  },
  // close callbacks (close area): remote-close-callback.ts
  async connectRegisterCloseCallback(this: Bound, cb: ConnectCloseCallback): Promise<void> {
    return closeCallbackOf(this[RC]).register(cb);
  },
  async connectUnregisterCloseCallback(this: Bound, cb: ConnectCloseCallback): Promise<void> {
    return closeCallbackOf(this[RC]).unregister(cb);
  },
  async connectSupportsFeature(this: Bound, feature: number): Promise<boolean> {
    const r = await this[RC].remote.call('connectSupportsFeature', { feature });
    return r.supported !== 0;
  },
  /**
   * DOMAIN_CREATE answers nothing, not even the id the guest now runs as: as remoteDomainCreate
   * does, a DOMAIN_LOOKUP_BY_UUID follows to learn it.
   */
  async domainCreate(this: Bound, dom: DomainRef): Promise<DomainRef> {
    await this[RC].remote.call('domainCreate', wireMapping('domainCreate')!.toWireArgs([dom]) as never);
    const m = wireMapping('domainLookupByUUID')!;
    return m.fromWireRet(await this[RC].remote.call('domainLookupByUUID', m.toWireArgs([dom.uuid]) as never), [dom.uuid]) as DomainRef;
  },
  async domainScreenshot(this: Bound, ...args: unknown[]): Promise<{ mime: string; data: Uint8Array }> {
    const m = streamMapping('domainScreenshot');
    const { ret, stream } = await this[RC].remote.openStream('domainScreenshot', m.toWireArgs(args) as never);
    const parts: Buffer[] = [];
    // The iterator finishes the stream with the daemon after the last chunk.
    for await (const b of stream) parts.push(b);
    return { mime: ret.mime ?? '', data: Buffer.concat(parts) };
  },
};

// Event registration (events area): remote-events.ts.
const HAND: Partial<Record<DriverKind, object>> = { hypervisor: HAND_HYPERVISOR };

/** A driver object of one kind over an open remote connection (or, for the support matrix, none). */
export function remoteDriverObject(kind: DriverKind, rc: RemoteConnection | null, events: RemoteEventState | null = null): any {
  // Built on first use (method names only; each method's wire mapping on its first call).
  protos ??= buildPrototypes();
  const o = Object.create(protos[kind]) as Record<string | symbol, unknown>;
  Object.assign(o, HAND[kind] ?? {}, REMOTE_EVENT_METHODS[kind] ?? {});
  o.name = 'remote';
  o[RC] = rc;
  o[REMOTE_EVENTS] = events;
  return o;
}

/** The connection a remote driver open hands to the public API. */
export function remoteDriverConnection(rc: RemoteConnection): DriverConnection {
  const events = new RemoteEventState(rc);
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
      detachCloseCallback(rc);
      await rc.close();
    },
  };
}

