// The daemon's dispatch tables: one per program (remote, qemu, lxc, admin), each an array indexed
// by procedure number, built from the generated protocol tables plus the handlers registered
// here. A procedure with no handler answers libvirt's "unknown procedure: N" (which libvirt's
// client turns into "this function is not supported").
//
// Handler files (domain.ts, network.ts… beside this one) call registerHandlers() with a map
// from the table's procedure key to a `run` function; codecs, auth and priority come from the
// table, so a handler is only the work itself.
import type { Program, ProcDef } from '../../protocol/procedure.js';
import type { CallContext, ServerProcedure } from '../../rpc/server-program.js';
import { ServerProgram } from '../../rpc/server-program.js';

export type HandlerFn<A = any, R = any> = (ctx: CallContext, args: A) => R | Promise<R>;

/** Procedures a client may call before it has authenticated (libvirtd clears needAuth for these). */
const NO_AUTH = new Set(['REMOTE_PROC_AUTH_LIST', 'REMOTE_PROC_AUTH_SASL_INIT', 'REMOTE_PROC_AUTH_SASL_START', 'REMOTE_PROC_AUTH_SASL_STEP', 'REMOTE_PROC_AUTH_POLKIT']);

export class DispatchRegistry<P extends Record<string, ProcDef> = Record<string, ProcDef>> {
  readonly #table: Program<P>;
  readonly #handlers = new Map<number, HandlerFn>();

  constructor(table: Program<P>) {
    this.#table = table;
  }

  get table(): Program<P> {
    return this.#table;
  }

  /** Register handlers by the table's keys; the procedure number comes from the table entry. */
  register(handlers: { [K in keyof P]?: HandlerFn<P[K] extends ProcDef<infer A, any> ? A : never, P[K] extends ProcDef<any, infer R> ? R : never> }): void {
    for (const [key, fn] of Object.entries(handlers)) {
      const def = this.#table.procs[key];
      if (!def) throw new Error(`no procedure '${key}' in the ${this.#table.name} program`);
      if (fn) this.#handlers.set(def.id, fn as HandlerFn);
    }
  }

  has(id: number): boolean {
    return this.#handlers.has(id);
  }

  /** The procedures array for the server, indexed by number. */
  build(): ServerProgram {
    const procs: (ServerProcedure | undefined)[] = [];
    for (const [id, run] of this.#handlers) {
      const def = this.#table.byId[id]!;
      const args = def.args;
      const ret = def.ret;
      procs[id] = {
        name: def.name,
        needAuth: !NO_AUTH.has(def.name),
        priority: def.priority === 'high',
        decodeArgs: args ? (r) => args.decode(r) : undefined,
        encodeRet: ret ? (w, v) => ret.encode(w, v) : undefined,
        run,
      };
    }
    return new ServerProgram(this.#table.program, this.#table.version, procs, this.#table.name);
  }
}
