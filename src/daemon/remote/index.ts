// Builds the daemon's programs from the dispatch registries. Each area of handlers (domain.ts,
// network.ts, … in this folder, added as they are written) exports a function that registers its
// handlers on the registry it is given, so a daemon, or a test, builds fresh tables with no
// global state.
import { remoteProgram } from '../../protocol/remote/procedures.generated.js';
import { qemuProgram } from '../../protocol/qemu/procedures.generated.js';
import { lxcProgram } from '../../protocol/lxc/procedures.generated.js';
import { adminProgram } from '../../protocol/admin/procedures.generated.js';
import type { ServerProgram } from '../../rpc/server-program.js';
import type { Server } from '../../rpc/server.js';
import { DispatchRegistry } from './registry.js';
import { defaultRegistry } from '../../api/index.js';
import type { DriverRegistry } from '../../driver/registry.js';
import { connectionHandlers, mappedHandlers } from './dispatch.js';
import { eventHandlers } from './events.js';
import { streamHandlers } from './streams.js';
import { lxcHandlers, qemuHandlers } from './qemu-lxc.js';
import { adminHandlers } from '../admin/handlers.js';
import { markInsideDaemon } from '../../drivers/remote/remote-driver.js';

/** What handlers may reach: the daemon's servers (for the admin program) and its settings. */
export interface DispatchContext {
  privileged: boolean;
  /** The servers by name ("libvirtd", "admin"), for virt-admin's server and client procedures. */
  servers: ReadonlyMap<string, Server>;
  /** The driver table clients' connections open on (default: the library's own). */
  registry?: DriverRegistry;
  /** Change the daemon's idle timeout (virt-admin daemon-timeout); absent in tests without a daemon. */
  setDaemonTimeout?: (seconds: number) => void;
}

export interface DispatchRegistries {
  remote: DispatchRegistry<typeof remoteProgram.procs>;
  qemu: DispatchRegistry<typeof qemuProgram.procs>;
  lxc: DispatchRegistry<typeof lxcProgram.procs>;
  admin: DispatchRegistry<typeof adminProgram.procs>;
}

/** One area's handlers: registers them on the registries. */
export type HandlerArea = (reg: DispatchRegistries, ctx: DispatchContext) => void;

/**
 * The remote program: the procedures with a public API through the wire map, and libvirt's
 * hand-written ones (connection, auth, events, streams).
 */
export const remoteArea: HandlerArea = (reg, ctx) => {
  markInsideDaemon();
  reg.remote.register(mappedHandlers());
  reg.remote.register(connectionHandlers({ registry: () => ctx.registry ?? defaultRegistry() }));
  reg.remote.register(eventHandlers());
  reg.remote.register(streamHandlers());
};

/** The qemu and lxc programs: their public APIs on the client's connection, as libvirtd serves them. */
export const qemuLxcArea: HandlerArea = (reg) => {
  reg.qemu.register(qemuHandlers());
  reg.lxc.register(lxcHandlers());
};

/** The admin program: virt-admin's view of the daemon's own servers and clients. */
export const adminArea: HandlerArea = (reg, ctx) => {
  reg.admin.register(adminHandlers(ctx.servers, ctx.setDaemonTimeout));
};

/** The areas in effect. Handler modules are added here as they are written. */
export const handlerAreas: HandlerArea[] = [remoteArea, qemuLxcArea, adminArea];

export interface DaemonPrograms {
  remote: ServerProgram;
  qemu: ServerProgram;
  lxc: ServerProgram;
  admin: ServerProgram;
}

export function buildPrograms(ctx: DispatchContext, areas: readonly HandlerArea[] = handlerAreas): DaemonPrograms {
  const reg: DispatchRegistries = {
    remote: new DispatchRegistry(remoteProgram),
    qemu: new DispatchRegistry(qemuProgram),
    lxc: new DispatchRegistry(lxcProgram),
    admin: new DispatchRegistry(adminProgram),
  };
  for (const area of areas) area(reg, ctx);
  return { remote: reg.remote.build(), qemu: reg.qemu.build(), lxc: reg.lxc.build(), admin: reg.admin.build() };
}
