// An RPC server (libvirt's virNetServer): a set of programs, the services clients arrive on, and
// the clients. libvirtd runs two: "libvirtd" (remote, qemu programs) and "admin".
//
// Client limits follow virnetserver.c: with max_clients connected (or max_anonymous_clients
// still authenticating) libvirtd stops calling accept(), so newcomers wait in the listen queue
// until a slot frees. Node accepts unconditionally, so a newcomer past the limit is parked instead:
// accepted but not read, in a FIFO as long as the service's max_queued_clients, and admitted when
// a client leaves. Beyond that queue, connections are closed at once, as the kernel would refuse
// them once libvirtd's listen backlog is full.
import { EventEmitter } from 'node:events';
import { logger } from '../util/log.js';
import { ServerClient, ClientAuth } from './server-client.js';
import { unknownProgramReply, type ServerProgram } from './server-program.js';
import type { ServerService } from './server-service.js';
import type { IncomingMessage } from './server-message.js';
import type { Transport } from './transport.js';

const log = logger('rpc.server');

export interface ServerLimits {
  maxClients: number;
  /** Clients still authenticating (0 = no separate limit). */
  maxAnonymousClients: number;
  keepaliveInterval: number;
  keepaliveCount: number;
}

export interface ServerEvents {
  /** A client was added or removed (the daemon's idle timer listens). */
  clients: [count: number];
  client: [ServerClient];
}

/** libvirtd's worker-pool settings of a server (min_workers, max_workers, prio_workers). */
export interface WorkerPoolSettings {
  minWorkers: number;
  maxWorkers: number;
  prioWorkers: number;
}

interface Parked {
  transport: Transport;
  service: ServerService;
}

export class Server extends EventEmitter<ServerEvents> {
  readonly name: string;
  readonly #programs: ServerProgram[] = [];
  readonly #services: ServerService[] = [];
  readonly #clients = new Set<ServerClient>();
  #limits: ServerLimits;
  #unauth = 0;
  #nextId = 1;
  #parked: Parked[] = [];
  #closing = false;
  /** Whether services hand new connections to us (false until drivers are up, as in libvirtd). */
  #accepting = true;
  /**
   * The worker pool libvirtd sizes its threads by, kept for virt-admin. Calls here run on the
   * event loop, so these size nothing; they are reported and changed as libvirtd's are.
   */
  workerPool: WorkerPoolSettings = { minWorkers: 5, maxWorkers: 20, prioWorkers: 5 };

  constructor(name: string, limits: ServerLimits) {
    super();
    this.name = name;
    this.#limits = { ...limits };
  }

  get limits(): Readonly<ServerLimits> {
    return this.#limits;
  }

  /** Change the client limits at run time (virt-admin server-update-clients-limits). */
  setLimits(l: Partial<ServerLimits>): void {
    this.#limits = { ...this.#limits, ...l };
    this.#admitParked();
  }

  get clients(): ReadonlySet<ServerClient> {
    return this.#clients;
  }

  /** Calls received and not yet answered, over every client (virt-admin's busy workers). */
  get callsInFlight(): number {
    let n = 0;
    for (const c of this.#clients) n += c.inflight;
    return n;
  }

  /** The client with this ID, if it is still connected. */
  client(id: number): ServerClient | undefined {
    for (const c of this.#clients) if (c.id === id) return c;
    return undefined;
  }

  get services(): readonly ServerService[] {
    return this.#services;
  }

  get programs(): readonly ServerProgram[] {
    return this.#programs;
  }

  addProgram(p: ServerProgram): void {
    this.#programs.push(p);
  }

  addService(svc: ServerService): void {
    this.#services.push(svc);
    svc.onConnection((t, s) => this.#incoming(t, s));
  }

  /** Hold new connections (parked) or let them in. */
  setAccepting(on: boolean): void {
    this.#accepting = on;
    if (on) this.#admitParked();
  }

  #full(): boolean {
    const l = this.#limits;
    return this.#clients.size >= l.maxClients || (l.maxAnonymousClients > 0 && this.#unauth >= l.maxAnonymousClients);
  }

  #incoming(transport: Transport, service: ServerService): void {
    if (this.#closing) {
      transport.destroy();
      return;
    }
    if (this.#accepting && !this.#full() && this.#parked.length === 0) {
      this.addClient(transport, service);
      return;
    }
    const queued = this.#parked.filter((p) => p.service === service).length;
    if (queued >= service.policy.maxQueuedClients) {
      log.warn(`too many clients waiting on ${service.address}; dropping a new connection`);
      transport.destroy();
      return;
    }
    log.info(() => `server ${this.name} is full (${this.#clients.size} clients); holding a new connection`);
    // Not read until admitted; a peer that gives up is noticed then.
    transport.stream.pause();
    this.#parked.push({ transport, service });
  }

  #admitParked(): void {
    while (this.#parked.length > 0 && this.#accepting && !this.#full() && !this.#closing) {
      const p = this.#parked.shift()!;
      if (p.transport.stream.destroyed) continue;
      this.addClient(p.transport, p.service);
    }
  }

  /** Register a connection as a client (also used directly by tests and by socket activation). */
  addClient(transport: Transport, service: Pick<ServerService, 'policy'>): ServerClient {
    const policy = service.policy;
    const client = new ServerClient({
      id: this.#nextId++,
      transport,
      readonly: policy.readonly,
      auth: policy.auth,
      maxRequests: policy.maxClientRequests,
      keepaliveInterval: this.#limits.keepaliveInterval,
      keepaliveCount: this.#limits.keepaliveCount,
    });
    this.#clients.add(client);
    if (policy.auth !== ClientAuth.None) {
      this.#unauth++;
      client.once('authenticated', () => {
        this.#unauth--;
        this.#admitParked();
      });
    }
    client.on('message', (msg) => this.#dispatch(client, msg));
    client.once('close', () => {
      this.#clients.delete(client);
      if (!client.authenticated) this.#unauth--;
      log.debug(() => `server ${this.name}: client ${client.id} gone, ${this.#clients.size} left`);
      this.emit('clients', this.#clients.size);
      this.#admitParked();
    });
    log.debug(() => `server ${this.name}: new client ${client.id} (${transport.peer.kind}${policy.readonly ? ', read-only' : ''})`);
    this.emit('client', client);
    this.emit('clients', this.#clients.size);
    client.start();
    return client;
  }

  #dispatch(client: ServerClient, msg: IncomingMessage): void {
    const h = msg.header;
    for (const p of this.#programs) {
      if (p.matches(h)) {
        p.dispatch(client, msg);
        return;
      }
    }
    unknownProgramReply(client, msg);
  }

  /** Stop listening (removing unix sockets), drop parked connections and close every client. */
  async close(): Promise<void> {
    this.#closing = true;
    // Listening stops at once; the services' promises settle when their connections are gone.
    const closing = this.#services.map((s) => s.close());
    for (const p of this.#parked.splice(0)) p.transport.destroy();
    for (const c of [...this.#clients]) c.close();
    await Promise.all(closing);
  }
}
