// Test driver: event callback registration (testConnect*Event*Register* in libvirt's test driver).
// The driver's parts raise their events on the state's bus; one callback list per state hears
// them and calls the callbacks registered through any connection to that state, numbering them
// from 0 across connections, as libvirt's shared eventState does for test:///default. A closing
// connection takes its callbacks with it.
import { EventCallbackList, eventObjectKey, lifecycleArgs, type EventFamily, type ObjectEventCallback } from '../../driver/events.js';
import type { NodeDeviceEventCallback } from '../../driver/node-device.js';
import type { DriverConnection } from '../../driver/registry.js';
import type { TestState } from './test-state.js';

const lists = new WeakMap<TestState, EventCallbackList>();

function listOf(state: TestState): EventCallbackList {
  let l = lists.get(state);
  if (!l) lists.set(state, (l = new EventCallbackList(state.events)));
  return l;
}

/** Add the event registration methods to a new test driver connection's parts. */
export function withTestEvents(state: TestState, conn: DriverConnection): DriverConnection {
  const list = listOf(state);
  const owner = {}; // this connection
  const register = (family: EventFamily, obj: object | null, eventID: number, fn: object, deliver: ObjectEventCallback, legacy = false): number =>
    list.add(owner, { family, eventID, key: obj ? eventObjectKey(family, obj) : null, fn, deliver, legacy }).id;
  const deregister = async (callbackID: number): Promise<void> => {
    list.remove(owner, callbackID);
  };

  Object.assign(conn.hypervisor, {
    async connectDomainEventRegister(cb: ObjectEventCallback): Promise<void> {
      register('domain', null, 0, cb, cb, true);
    },
    async connectDomainEventDeregister(cb: ObjectEventCallback): Promise<void> {
      list.remove(owner, list.legacyID(owner, 'domain', 0, cb).id);
    },
    async connectDomainEventRegisterAny(dom: object | null, eventID: number, cb: ObjectEventCallback): Promise<number> {
      return register('domain', dom, eventID, cb, cb);
    },
    connectDomainEventDeregisterAny: deregister,
  });
  if (conn.network) {
    Object.assign(conn.network, {
      async connectNetworkEventRegisterAny(net: object | null, eventID: number, cb: ObjectEventCallback): Promise<number> {
        return register('network', net, eventID, cb, cb);
      },
      connectNetworkEventDeregisterAny: deregister,
    });
  }
  if (conn.storage) {
    Object.assign(conn.storage, {
      async connectStoragePoolEventRegisterAny(pool: object | null, eventID: number, cb: ObjectEventCallback): Promise<number> {
        return register('storagePool', pool, eventID, cb, cb);
      },
      connectStoragePoolEventDeregisterAny: deregister,
    });
  }
  if (conn.nodeDevice) {
    // Node device callbacks take libvirt's integer arguments after the device (node-device.ts).
    Object.assign(conn.nodeDevice, {
      async connectNodeDeviceEventRegisterAny(dev: { name: string } | null, eventID: number, cb: NodeDeviceEventCallback): Promise<number> {
        return register('nodeDevice', dev, eventID, cb, (ev) => cb({ name: (ev.obj as { name: string }).name }, ...lifecycleArgs(ev)));
      },
      connectNodeDeviceEventDeregisterAny: deregister,
    });
  }
  // libvirt's test driver has no secret driver, hence no secret events.

  const close = conn.close.bind(conn);
  conn.close = async () => {
    list.dropOwner(owner);
    await close();
  };
  return conn;
}
