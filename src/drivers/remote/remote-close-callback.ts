// The remote connection's close callback (libvirt's virConnectCloseCallbackData behind
// remoteConnectRegisterCloseCallback): one callback, told once why the link went away.
//
// The reason is the RPC client's (end of file when the daemon closed, an I/O error, a keepalive
// timeout), or the one a daemon forwards in REMOTE_PROC_CONNECT_EVENT_CONNECTION_CLOSED when its
// own connection behind ours closed. Closing the connection ourselves detaches the callback first
// (doRemoteClose), so a local close is never reported.
//
// As in libvirt, firing does not forget the callback: a second registration is still refused and
// unregistering the same callback still works (virsh unregisters before it reconnects).
import type { ConnectCloseCallback } from '../../driver/hypervisor.js';
import { ErrorCode, ErrorDomain, errorsFrom } from '../../util/error.js';
import type { RemoteConnection } from './remote-open.js';

const report = errorsFrom(ErrorDomain.Remote);

export class RemoteCloseCallback {
  readonly #rc: RemoteConnection;
  #cb: ConnectCloseCallback | null = null;
  /** Registered and not yet called. */
  #armed = false;

  constructor(rc: RemoteConnection) {
    this.#rc = rc;
    rc.client.on('close', (info) => this.#fire(info.reason));
    rc.remote.onEvent('connectEventConnectionClosed', (msg) => this.#fire(msg.reason));
  }

  async register(cb: ConnectCloseCallback): Promise<void> {
    if (this.#cb) throw report(ErrorCode.OperationInvalid, 'A close callback is already registered');
    // A daemon that knows the procedure tells us when its own connection closes.
    if (this.#rc.features.closeCallback) await this.#rc.remote.call('connectRegisterCloseCallback', undefined);
    this.#cb = cb;
    this.#armed = true;
  }

  async unregister(cb: ConnectCloseCallback): Promise<void> {
    if (this.#cb !== cb) throw report(ErrorCode.OperationInvalid, 'A different callback was requested');
    if (this.#rc.features.closeCallback) await this.#rc.remote.call('connectUnregisterCloseCallback', undefined);
    this.#cb = null;
    this.#armed = false;
  }

  /** Forget the callback without calling it: the connection is being closed by its owner. */
  detach(): void {
    this.#cb = null;
    this.#armed = false;
  }

  #fire(reason: number): void {
    if (!this.#armed || !this.#cb) return;
    this.#armed = false;
    this.#cb(reason);
  }
}

const slots = new WeakMap<RemoteConnection, RemoteCloseCallback>();

/** The connection's close callback slot, made on first registration. */
export function closeCallbackOf(rc: RemoteConnection): RemoteCloseCallback {
  let s = slots.get(rc);
  if (!s) slots.set(rc, (s = new RemoteCloseCallback(rc)));
  return s;
}

/** Before closing the connection ourselves: its callback is not told (doRemoteClose). */
export function detachCloseCallback(rc: RemoteConnection): void {
  slots.get(rc)?.detach();
}
