// The qemu and lxc programs (qemu_protocol.x, lxc_protocol.x): libvirtd serves them beside the
// remote program, each procedure by calling its public API (libvirt-qemu.c, libvirt-lxc.c) on the
// client's connection. Their procedures follow the remote program's naming rules, so they are
// served by the same generic handler over the wire map; only monitor-event deregistration is
// answered by the daemon itself, from the callbacks it holds for the client.
import type { ProcDef, Program } from '../../protocol/procedure.js';
import { programMapping } from '../../drivers/remote/wire-map.js';
import { qemuProgram, type qemuProcs } from '../../protocol/qemu/procedures.generated.js';
import { lxcProgram } from '../../protocol/lxc/procedures.generated.js';
import { callDriver } from '../../api/invoke.js';
import type { CallContext } from '../../rpc/server-program.js';
import { rpcError } from '../../rpc/server-message.js';
import { ErrorCode } from '../../util/error.js';
import { clientState, type RemoteClientState } from './client-state.js';
import { genericHandler } from './dispatch.js';
import type { HandlerFn } from './registry.js';

type QemuHandlers = { [K in keyof typeof qemuProcs]?: HandlerFn };

/**
 * A handler for every procedure of `program` that stands for a public API, except those in
 * `except`; each mapping is built on the procedure's first call.
 */
export function programHandlers(program: Program, except: readonly string[] = []): Record<string, HandlerFn> {
  const out: Record<string, HandlerFn> = {};
  for (const [key, proc] of Object.entries(program.procs as Record<string, ProcDef>)) {
    if (!proc.api || proc.event || except.includes(key)) continue;
    let h: HandlerFn | undefined;
    out[key] = (ctx, args) => (h ??= genericHandler(programMapping(key, proc)))(ctx, args);
  }
  return out;
}

/** The qemu monitor-event callback IDs a client holds (libvirt's priv->qemuEventCallbacks). */
const monitorCallbacks = new WeakMap<RemoteClientState, Set<number>>();

function callbacksOf(st: RemoteClientState): Set<number> {
  let s = monitorCallbacks.get(st);
  if (!s) monitorCallbacks.set(st, (s = new Set()));
  return s;
}

/**
 * Registration goes to the driver (no driver of ours has qemu monitor events, so it answers
 * "not supported" as libvirt's test driver does); the daemon remembers the IDs it handed out, and
 * deregistration of any other ID is refused before the driver is asked, as libvirtd refuses it.
 */
export function qemuHandlers(): QemuHandlers {
  const key = 'connectDomainQemuMonitorEventRegister';
  let register: HandlerFn | undefined;
  return {
    ...programHandlers(qemuProgram, [key, 'connectDomainQemuMonitorEventDeregister']),
    async [key](ctx: CallContext, args: unknown) {
      register ??= genericHandler(programMapping(key, qemuProgram.procs[key]));
      const ret = (await register(ctx, args)) as { callbackID: number };
      callbacksOf(clientState(ctx.client)).add(ret.callbackID);
      return ret;
    },
    async connectDomainQemuMonitorEventDeregister(ctx, args: { callbackID: number }) {
      const st = clientState(ctx.client);
      const conn = st.connFor('hypervisor');
      const held = callbacksOf(st);
      if (!held.has(args.callbackID)) throw rpcError(ErrorCode.InternalError, `qemu monitor event callback ${args.callbackID} not registered`);
      const api = 'virConnectDomainQemuMonitorEventDeregister';
      await callDriver(conn, 'hypervisor', 'connectDomainQemuMonitorEventDeregister', api, [args.callbackID]);
      held.delete(args.callbackID);
      return undefined;
    },
  };
}

/** The lxc program: its one procedure (virDomainLxcOpenNamespace) by the rules. */
export function lxcHandlers(): Record<string, HandlerFn> {
  return programHandlers(lxcProgram);
}
