// One program (remote, qemu, lxc, admin…) seen through a client: calls by procedure name, typed
// from the generated table (libvirt's virNetClientProgram). The table entry carries the number
// and the codecs, so nothing here knows any procedure.
//
//   const remote = new ClientProgram(client, remoteProgram);
//   const { lib_ver } = await remote.call('connectGetLibVersion', undefined);
//   remote.onEvent('domainEventLifecycle', (msg) => …);
import type { ProcDef, Program } from '../protocol/procedure.js';
import type { CallOptions, RpcClient } from './client.js';
import type { RpcStream, RpcStreamOptions } from './client-stream.js';

type ArgsOf<D> = D extends ProcDef<infer A, any> ? A : never;
type RetOf<D> = D extends ProcDef<any, infer R> ? R : never;

export class ClientProgram<P extends Record<string, ProcDef>> {
  readonly client: RpcClient;
  readonly program: Program<P>;

  constructor(client: RpcClient, program: Program<P>) {
    this.client = client;
    this.program = program;
  }

  get procs(): P {
    return this.program.procs;
  }

  call<K extends keyof P & string>(name: K, args: ArgsOf<P[K]>, opts?: CallOptions): Promise<RetOf<P[K]>> {
    return this.client.call(this.program, this.program.procs[name] as ProcDef<ArgsOf<P[K]>, RetOf<P[K]>>, args, opts);
  }

  openStream<K extends keyof P & string>(
    name: K,
    args: ArgsOf<P[K]>,
    opts?: CallOptions & RpcStreamOptions,
  ): Promise<{ ret: RetOf<P[K]>; stream: RpcStream }> {
    return this.client.openStream(this.program, this.program.procs[name] as ProcDef<ArgsOf<P[K]>, RetOf<P[K]>>, args, opts);
  }

  /** Events are declared in the table with their message type as `args`. */
  onEvent<K extends keyof P & string>(name: K, handler: (msg: ArgsOf<P[K]>) => void): () => void {
    return this.client.onEvent(this.program, this.program.procs[name] as ProcDef<ArgsOf<P[K]>, any>, handler);
  }
}
