// Stateful drivers' lifecycle in the daemon (libvirt's virStateInitialize / virStateReload /
// virStateStop / virStateCleanup): drivers that own state (QEMU's running domains, networks,
// storage pools…) start when the daemon boots, reload on SIGHUP and clean up at shutdown.
// Registration order is start order (network, storage, node devices before the domain drivers,
// whose autostarted guests need them); cleanup runs in reverse.
import { ErrorCode, ErrorDomain, VirError, errorsFrom, toVirError } from '../util/error.js';
import { logger } from '../util/log.js';

const log = logger('daemon.state-drivers');
const report = errorsFrom(ErrorDomain.None);

export interface StateContext {
  privileged: boolean;
  /** Root directory for an embedded driver (libvirt's "root" argument), null for the daemon. */
  root: string | null;
  /** Keep the daemon from exiting on its idle timeout while true (running guests, jobs). */
  inhibit(on: boolean): void;
}

export type StateInitResult = 'complete' | 'skipped';

export interface StateDriver {
  readonly name: string;
  initialize(ctx: StateContext): Promise<StateInitResult>;
  reload?(): Promise<void>;
  /** Called when the host is going down (save or stop guests); libvirt's stateStop. */
  stop?(): Promise<void>;
  cleanup?(): Promise<void>;
}

export class StateDrivers {
  readonly #drivers: StateDriver[] = [];
  readonly #started: StateDriver[] = [];
  #initialized = false;

  register(d: StateDriver): void {
    if (this.#initialized) throw report(ErrorCode.InternalError, `state driver ${d.name} registered after initialization`);
    this.#drivers.push(d);
  }

  get names(): string[] {
    return this.#drivers.map((d) => d.name);
  }

  get initialized(): boolean {
    return this.#initialized;
  }

  /** Start every driver in order; the first failure stops the boot with libvirt's message. */
  async initialize(ctx: StateContext): Promise<void> {
    for (const d of this.#drivers) {
      let r: StateInitResult;
      try {
        r = await d.initialize(ctx);
      } catch (e) {
        const err = toVirError(e);
        throw new VirError({
          code: err.code,
          domain: err.domain,
          message: `Initialization of ${d.name} state driver failed: ${err.message}`,
        });
      }
      if (r === 'complete') this.#started.push(d);
      else log.debug(`state driver ${d.name} skipped`);
    }
    this.#initialized = true;
  }

  /** Reload each started driver; a failure is logged and the others still reload. */
  async reload(): Promise<boolean> {
    let ok = true;
    for (const d of this.#started) {
      if (!d.reload) continue;
      try {
        await d.reload();
      } catch (e) {
        ok = false;
        log.error(`Reload of ${d.name} state driver failed: ${toVirError(e).message}`);
      }
    }
    return ok;
  }

  async stop(): Promise<void> {
    for (const d of [...this.#started].reverse()) {
      if (!d.stop) continue;
      try {
        await d.stop();
      } catch (e) {
        log.error(`Stop of ${d.name} state driver failed: ${toVirError(e).message}`);
      }
    }
  }

  /** Clean up in reverse start order; every driver gets its turn even if one fails. */
  async cleanup(): Promise<void> {
    for (const d of this.#started.splice(0).reverse()) {
      if (!d.cleanup) continue;
      try {
        await d.cleanup();
      } catch (e) {
        log.error(`Cleanup of ${d.name} state driver failed: ${toVirError(e).message}`);
      }
    }
    this.#initialized = false;
  }
}
