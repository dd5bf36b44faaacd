// Finding the domain a virsh command names (virshLookupDomainInternal in virsh-util.c): a
// non-negative number is tried as an id, a 36-character string as a UUID, and then anything as a
// name; every failure ends in the one message "failed to get domain 'X'", libvirt's own error
// being dropped as virsh does. Other areas' lookups (networks, pools…) live in their own files.
import type { Connect } from '../../../api/connect.js';
import type { Domain } from '../../../api/domain.js';
import { VirError } from '../../../util/error.js';
import { CommandFailure, type Ctl, type OptDef, type ParsedCommand } from '../../vsh/command-def.js';

/** virStrToLong_i accepting the whole string (leading blanks and a sign allowed). */
function asId(s: string): number | undefined {
  if (!/^\s*[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= -0x80000000 && n <= 0x7fffffff ? n : undefined;
}

export interface LookupWays {
  byId?: boolean;
  byUuid?: boolean;
  byName?: boolean;
}

/** virshLookupDomainBy: undefined when not found (virsh has then already printed its error). */
export async function findDomain(conn: Connect, name: string, ways: LookupWays = { byId: true, byUuid: true, byName: true }): Promise<Domain | undefined> {
  const attempt = async (f: () => Promise<Domain>): Promise<Domain | undefined> => {
    try {
      return await f();
    } catch (e) {
      if (e instanceof VirError) return undefined;
      throw e;
    }
  };
  let dom: Domain | undefined;
  const id = asId(name);
  if (ways.byId && id !== undefined && id >= 0) dom = await attempt(() => conn.domainLookupByID(id));
  if (!dom && ways.byUuid && name.length === 36) dom = await attempt(() => conn.domainLookupByUUID(name));
  if (!dom && ways.byName) dom = await attempt(() => conn.domainLookupByName(name));
  return dom;
}

/** virshLookupDomainBy for a name given some other way than the "domain" option. */
export async function lookupDomainBy(ctl: Ctl, name: string, ways?: LookupWays): Promise<Domain> {
  const conn = await ctl.conn();
  const dom = await findDomain(conn, name, ways);
  if (!dom) throw new CommandFailure(`failed to get domain '${name}'`);
  return dom;
}

/** virshCommandOptDomainBy: the domain named by option `opt` ("domain" by default). */
export async function commandDomain(ctl: Ctl, cmd: ParsedCommand, ways?: LookupWays, opt = 'domain'): Promise<{ dom: Domain; name: string }> {
  const name = cmd.stringReq(opt);
  if (name === undefined) throw new CommandFailure(`command '${cmd.def.name}' requires <${opt}> option`);
  return { dom: await lookupDomainBy(ctl, name, ways), name };
}

/** VIRSH_COMMON_OPT_DOMAIN_FULL: the required <domain> argument. */
export function domainOpt(help = 'domain name, id or uuid'): OptDef {
  return { name: 'domain', type: 'data', required: true, help };
}
