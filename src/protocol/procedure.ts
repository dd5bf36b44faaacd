// The shape of one procedure-table entry, shared by every program's generated table
// (src/protocol/<program>/procedures.generated.ts). The client stubs and the daemon's dispatch
// both read these entries; nothing else declares a procedure.
import type { Codec } from './xdr/types.js';

/**
 * How a read-only connection fares, from the procedure's public API in libvirt's src/libvirt-*.c:
 *  'allowed'  no check;
 *  'refused'  always refused ("read only access prevents virXxx");
 *  { refusedWithFlags } refused only when one of these flag bits is set (virDomainGetXMLDesc
 *             with VIR_DOMAIN_XML_SECURE and the like);
 *  null       no public API behind the procedure (events, auth, internal helpers of the daemon).
 */
export type ReadOnlyRule = 'allowed' | 'refused' | { readonly refusedWithFlags: number } | null;

export interface ProcDef<A = any, R = any> {
  /** The procedure number on the wire. */
  readonly id: number;
  /** libvirt's constant (REMOTE_PROC_DOMAIN_GET_INFO), for logs and errors. */
  readonly name: string;
  /** The public API it serves (virDomainGetInfo), when there is one. */
  readonly api: string | null;
  /** Codec of the call's arguments (or, for an event, of the message); null for void. */
  readonly args: Codec<A> | null;
  /** Codec of the reply; null for void. */
  readonly ret: Codec<R> | null;
  /** Sent by the server as a VIR_NET_MESSAGE (an event), never called. */
  readonly event: boolean;
  /** gendispatch.pl's @generate: which side libvirt generates stubs for (both, server, client, none). */
  readonly generate: 'both' | 'server' | 'client' | 'none' | null;
  /** libvirt's @priority: high-priority calls may run on the daemon's priority workers. */
  readonly priority: 'high' | 'low';
  /** @acl rules as written: 'object:permission', 'object:permission:FLAG', 'object:permission::param:value'. */
  readonly acl: readonly string[];
  /** @aclfilter rules: applied to each object of a returned list. */
  readonly aclFilter?: readonly string[];
  /** Stream direction, seen from the client: 'read' carries data daemon → client. */
  readonly stream: 'read' | 'write' | null;
  /** The flag that turns on sparse (hole-aware) streaming, if any. */
  readonly sparseFlag?: string;
  readonly readonly: ReadOnlyRule;
}

type ValueOf<C> = C extends Codec<infer T> ? T : void;

/** Optional facts most procedures lack. */
export interface ProcExtras {
  event?: boolean;
  stream?: 'read' | 'write';
  aclFilter?: readonly string[];
  sparseFlag?: string;
}

/**
 * Builds one table entry. Positional, so that the generated tables stay short: the remote table
 * has 443 entries and its size is parse time on every client start.
 */
export function proc<AC extends Codec<any> | null, RC extends Codec<any> | null>(
  id: number,
  name: string,
  api: string | null,
  args: AC,
  ret: RC,
  generate: ProcDef['generate'],
  priority: ProcDef['priority'],
  acl: readonly string[],
  readonly: ReadOnlyRule,
  extras?: ProcExtras,
): ProcDef<ValueOf<AC>, ValueOf<RC>> {
  return {
    id,
    name,
    api,
    args: args as Codec<ValueOf<AC>> | null,
    ret: ret as Codec<ValueOf<RC>> | null,
    event: extras?.event ?? false,
    generate,
    priority,
    acl,
    aclFilter: extras?.aclFilter,
    stream: extras?.stream ?? null,
    sparseFlag: extras?.sparseFlag,
    readonly,
  };
}

export interface Program<P extends Record<string, ProcDef> = Record<string, ProcDef>> {
  readonly name: string;
  readonly program: number;
  readonly version: number;
  readonly procs: P;
  /** Entries indexed by procedure number; holes are numbers the program does not define. */
  readonly byId: ReadonlyArray<ProcDef | undefined>;
}

export function program<P extends Record<string, ProcDef>>(name: string, prog: number, version: number, procs: P): Program<P> {
  const byId: (ProcDef | undefined)[] = [];
  for (const p of Object.values(procs)) byId[p.id] = p;
  return { name, program: prog, version, procs, byId };
}

/** Whether a read-only connection may make this call with these flags. */
export function readOnlyAllows(p: ProcDef, flags = 0): boolean {
  const r = p.readonly;
  if (r === 'refused') return false;
  if (r === null || r === 'allowed') return true;
  return (flags & r.refusedWithFlags) === 0;
}
