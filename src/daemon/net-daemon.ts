// The daemon around the servers (libvirt's virNetDaemon): holds the servers, runs until asked to
// quit, handles signals, and implements the -t idle timeout: with no client on any server and
// nothing inhibiting shutdown (running guests, pending jobs) for the given time, it quits.
import { logger } from '../util/log.js';
import type { Server } from '../rpc/server.js';

const log = logger('rpc.netdaemon');

export class NetDaemon {
  readonly servers = new Map<string, Server>();
  #autoShutdownMs = 0;
  #idleTimer: NodeJS.Timeout | null = null;
  #inhibitions = 0;
  #quit: (() => void) | null = null;
  #quitRequested = false;
  #signalHandlers: Array<[NodeJS.Signals, () => void]> = [];

  addServer(srv: Server): void {
    this.servers.set(srv.name, srv);
    srv.on('clients', () => this.#updateIdleTimer());
  }

  get clientCount(): number {
    let n = 0;
    for (const s of this.servers.values()) n += s.clients.size;
    return n;
  }

  /** Quit after this many seconds without clients (0 disables). */
  setAutoShutdown(seconds: number): void {
    this.#autoShutdownMs = seconds * 1000;
    this.#updateIdleTimer();
  }

  /** While inhibited (count > 0) the idle timeout does not fire. */
  inhibit(on: boolean): void {
    this.#inhibitions += on ? 1 : -1;
    if (this.#inhibitions < 0) this.#inhibitions = 0;
    this.#updateIdleTimer();
  }

  #updateIdleTimer(): void {
    const idle = this.#autoShutdownMs > 0 && this.clientCount === 0 && this.#inhibitions === 0 && !this.#quitRequested;
    if (idle && !this.#idleTimer) {
      log.debug(() => `no clients: shutting down in ${this.#autoShutdownMs / 1000} s unless one connects`);
      this.#idleTimer = setTimeout(() => {
        this.#idleTimer = null;
        log.info('Automatic shutdown triggered');
        this.quit();
      }, this.#autoShutdownMs);
    } else if (!idle && this.#idleTimer) {
      clearTimeout(this.#idleTimer);
      this.#idleTimer = null;
    }
  }

  onSignal(sig: NodeJS.Signals, handler: () => void): void {
    process.on(sig, handler);
    this.#signalHandlers.push([sig, handler]);
  }

  /** Ask run() to return. Safe to call more than once, from signal handlers too. */
  quit(): void {
    this.#quitRequested = true;
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    this.#quit?.();
  }

  /** Resolves when quit() is called. */
  run(): Promise<void> {
    if (this.#quitRequested) return Promise.resolve();
    this.#updateIdleTimer();
    return new Promise<void>((resolve) => {
      this.#quit = resolve;
    });
  }

  /** Close every server (listeners first, then clients) and drop the signal handlers. */
  async close(): Promise<void> {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    await Promise.all([...this.servers.values()].map((s) => s.close()));
    for (const [sig, h] of this.#signalHandlers.splice(0)) process.off(sig, h);
  }
}
