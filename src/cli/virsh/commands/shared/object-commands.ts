// The commands that networks, storage pools, host interfaces and network filters have alike
// (virsh-network.c, virsh-pool.c, virsh-interface.c and virsh-nwfilter.c repeat them with other
// names): finding the object an option names, defining or creating one from a file, acting on one
// and saying so, printing its name, UUID or XML, editing it, and listing by state. Each group
// describes its object kind once (ObjectKind) and passes in its own API calls.
import type { Connect } from '../../../../api/connect.js';
import { ErrorCode, VirError } from '../../../../util/error.js';
import { CommandFailure, defineCommand, type CommandDef, type CommandInfo, type Ctl, type OptDef, type ParsedCommand } from '../../../vsh/command-def.js';
import { strcasecmp } from './virsh-strings.js';
import { editLoop } from './xml-editor.js';
import { dumpXml, xpathOpts } from './xml-output.js';

/** The ways an object may be looked up (virsh's VIRSH_BYUUID / VIRSH_BYNAME). */
export const BY_UUID = 1;
export const BY_NAME = 2;

/** What the shared commands know of one object kind. */
export interface ObjectKind<T> {
  /** The word in virsh's failure lines: "network", "pool", "interface", "network filter". */
  readonly noun: string;
  /** The word starting virsh's success lines: "Network", "Pool", "Interface", "Network filter". */
  readonly label: string;
  /** The option naming one object (VIRSH_COMMON_OPT_NETWORK…), with an optional other help. */
  opt(help?: string): OptDef;
  /** The object that option names; a miss throws virsh's "failed to get …" with libvirt's reason. */
  find(ctl: Ctl, cmd: ParsedCommand, by?: number): Promise<{ obj: T; name: string }>;
}

/** Run an API call; on failure print virsh's line, then libvirt's reason. */
export async function attempt<T>(p: Promise<T>, failure: string): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw new CommandFailure(failure, e);
  }
}

/**
 * virshCommandOptNetworkBy, virshCommandOptPoolBy, virshCommandOptNWFilter: by UUID when the
 * text has a UUID's length, else (or then) by name; a miss is "failed to get NOUN 'X'" followed
 * by the last lookup's error.
 */
export async function lookupByUuidOrName<T>(
  text: string,
  by: number,
  noun: string,
  lookup: { byUuid(uuid: string): Promise<T>; byName(name: string): Promise<T> },
): Promise<T> {
  let last: unknown;
  if (by & BY_UUID && text.length === 36) {
    try {
      return await lookup.byUuid(text);
    } catch (e) {
      last = e;
    }
  }
  if (by & BY_NAME) {
    try {
      return await lookup.byName(text);
    } catch (e) {
      last = e;
    }
  }
  throw new CommandFailure(`failed to get ${noun} '${text}'`, last);
}

/** VIRSH_COMMON_OPT_FILE */
export function fileOpt(help: string): OptDef {
  return { name: 'file', type: 'data', required: true, help };
}

/** --validate of the commands that read XML from a file. */
export const validateOpt: OptDef = { name: 'validate', type: 'bool', help: 'check the XML against the schema first' };

/**
 * *-define and *-create from an XML file: "KIND NAME defined from FILE", or "Failed to define
 * KIND from FILE" and libvirt's reason. `flags` reads the command's options (null after a
 * reported clash).
 */
export function fromFileCommand<T extends { name: string }>(
  kind: ObjectKind<T>,
  spec: {
    name: string;
    info: CommandInfo;
    verb: 'define' | 'create';
    fileHelp: string;
    opts: OptDef[];
    flags(ctl: Ctl, cmd: ParsedCommand): number | null;
    call(conn: Connect, xml: string, flags: number): Promise<T>;
  },
): CommandDef {
  return defineCommand({
    name: spec.name,
    info: spec.info,
    opts: [fileOpt(spec.fileHelp), ...spec.opts],
    async run(ctl, cmd) {
      const from = cmd.stringReq('file')!;
      const flags = spec.flags(ctl, cmd);
      if (flags === null) return false;
      const xml = await ctl.readFile(from);
      const conn = await ctl.conn();
      const obj = await attempt(spec.call(conn, xml, flags), `Failed to ${spec.verb} ${kind.noun} from ${from}`);
      ctl.printExtra(`${kind.label} ${obj.name} ${spec.verb}d from ${from}\n`);
      return true;
    },
  });
}

/**
 * A command doing one thing to the named object and saying so: "KIND NAME DONE", or "Failed to
 * VERB KIND NAME" and libvirt's reason. `status` is the exit status virsh reports afterwards.
 */
export function actionCommand<T>(
  kind: ObjectKind<T>,
  spec: { name: string; info: CommandInfo; opts?: OptDef[]; verb: string; done: string; act(obj: T, cmd: ParsedCommand): Promise<unknown>; status?: boolean },
): CommandDef {
  return defineCommand({
    name: spec.name,
    info: spec.info,
    opts: [kind.opt(), ...(spec.opts ?? [])],
    async run(ctl, cmd) {
      const { obj, name } = await kind.find(ctl, cmd);
      await attempt(spec.act(obj, cmd), `Failed to ${spec.verb} ${kind.noun} ${name}`);
      ctl.printExtra(`${kind.label} ${name} ${spec.done}\n`);
      return spec.status ?? true;
    },
  });
}

/** *-autostart [--disable] */
export function autostartCommand<T extends { setAutostart(on: boolean): Promise<void> }>(kind: ObjectKind<T>, name: string, info: CommandInfo): CommandDef {
  return defineCommand({
    name,
    info,
    opts: [kind.opt(), { name: 'disable', type: 'bool', help: 'stop starting it automatically' }],
    async run(ctl, cmd) {
      const { obj, name: n } = await kind.find(ctl, cmd);
      const autostart = !cmd.has('disable');
      const un = autostart ? '' : 'un';
      await attempt(obj.setAutostart(autostart), `failed to ${un}mark ${kind.noun} ${n} as autostarted`);
      ctl.printExtra(`${kind.label} ${n} ${un}marked as autostarted\n`);
      return true;
    },
  });
}

/** *-name, *-uuid, iface-mac: one property of the object found the one way `by` allows. */
export function propertyCommand<T>(kind: ObjectKind<T>, spec: { name: string; info: CommandInfo; optHelp?: string; by: number; value(obj: T): string }): CommandDef {
  return defineCommand({
    name: spec.name,
    info: spec.info,
    opts: [kind.opt(spec.optHelp)],
    async run(ctl, cmd) {
      const { obj } = await kind.find(ctl, cmd, spec.by);
      ctl.print(`${spec.value(obj)}\n`);
      return true;
    },
  });
}

/** *-dumpxml: with `inactive`, an --inactive option asking for the next start's definition. */
export function dumpxmlCommand<T extends { getXMLDesc(flags: number): Promise<string> }>(
  kind: ObjectKind<T>,
  spec: { name: string; info: CommandInfo; url: string; inactive?: { help: string; flag: number } },
): CommandDef {
  const { inactive } = spec;
  return defineCommand({
    name: spec.name,
    info: spec.info,
    opts: [kind.opt(), ...(inactive ? [{ name: 'inactive', type: 'bool', help: inactive.help } as const] : []), ...xpathOpts],
    async run(ctl, cmd) {
      const { obj } = await kind.find(ctl, cmd);
      const flags = inactive && cmd.has('inactive') ? inactive.flag : 0;
      const xml = await obj.getXMLDesc(flags);
      return dumpXml(ctl, xml, spec.url, cmd.string('xpath'), cmd.has('wrap'));
    },
  });
}

/**
 * *-edit: the editor round on the object's XML (read by the function `xmlReader` returns, which
 * may first find out what the server accepts), defining the result with `define`.
 */
export function editCommand<T extends { name: string }>(
  kind: ObjectKind<T>,
  spec: { name: string; info: CommandInfo; xmlReader(obj: T): Promise<() => Promise<string>>; define(conn: Connect, xml: string): Promise<{ name: string }> },
): CommandDef {
  return defineCommand({
    name: spec.name,
    info: spec.info,
    opts: [kind.opt()],
    async run(ctl, cmd) {
      const { obj } = await kind.find(ctl, cmd);
      const conn = await ctl.conn();
      return editLoop(ctl, {
        getXml: await spec.xmlReader(obj),
        define: async (xml) => (await spec.define(conn, xml)).name,
        notChanged: `${kind.label} ${obj.name} XML configuration not changed.\n`,
        edited: (name) => `${kind.label} ${name} XML configuration edited.\n`,
      });
    },
  });
}

// --- lists filtered by state, persistence and autostart (networks, pools) ---

/** The list flags networks and pools share (virConnectListAllNetworksFlags, …StoragePoolsFlags). */
export interface StateListFlags {
  readonly INACTIVE: number;
  readonly ACTIVE: number;
  readonly PERSISTENT: number;
  readonly TRANSIENT: number;
  readonly AUTOSTART: number;
  readonly NO_AUTOSTART: number;
}

/** --inactive, --all, --persistent, --transient, --autostart, --no-autostart as list flags. */
export function stateListFlags(cmd: ParsedCommand, F: StateListFlags): number {
  let flags = F.ACTIVE;
  if (cmd.has('inactive')) flags = F.INACTIVE;
  if (cmd.has('all')) flags = F.ACTIVE | F.INACTIVE;
  if (cmd.has('persistent')) flags |= F.PERSISTENT;
  if (cmd.has('transient')) flags |= F.TRANSIENT;
  if (cmd.has('autostart')) flags |= F.AUTOSTART;
  if (cmd.has('no-autostart')) flags |= F.NO_AUTOSTART;
  return flags;
}

/**
 * virshNetworkListCollect, virshStoragePoolListCollect: every object matching `flags`, sorted by
 * name. An older daemon refusing the filters is asked with the state filter only, and the rest
 * is applied here.
 */
export async function collectByState<T extends { name: string; isPersistent(): Promise<boolean>; getAutostart(): Promise<boolean> }>(
  listAll: (flags: number) => Promise<T[]>,
  flags: number,
  F: StateListFlags,
  failure: string,
): Promise<T[]> {
  let list: T[];
  try {
    list = await listAll(flags);
  } catch (e) {
    if (!(e instanceof VirError && e.code === ErrorCode.InvalidArg)) throw new CommandFailure(failure, e);
    list = await attempt(listAll(flags & (F.ACTIVE | F.INACTIVE)), failure);
    const keep: T[] = [];
    for (const obj of list) {
      if (flags & (F.PERSISTENT | F.TRANSIENT)) {
        const p = await obj.isPersistent();
        if (!((flags & F.PERSISTENT && p) || (flags & F.TRANSIENT && !p))) continue;
      }
      if (flags & (F.AUTOSTART | F.NO_AUTOSTART)) {
        const a = await obj.getAutostart();
        if (!((flags & F.AUTOSTART && a) || (flags & F.NO_AUTOSTART && !a))) continue;
      }
      keep.push(obj);
    }
    list = keep;
  }
  return list.sort((a, b) => strcasecmp(a.name, b.name));
}

// --- lists from older daemons ---

/** True for libvirt's "not supported" error: the daemon lacks the list-all call. */
export function isNoSupport(e: unknown): boolean {
  return e instanceof VirError && e.code === ErrorCode.NoSupport;
}

/**
 * The objects behind an older daemon's name (or UUID) list: one that vanished in between is left
 * out, as virsh does.
 */
export async function lookupEach<T>(keys: readonly string[], lookup: (key: string) => Promise<T>): Promise<T[]> {
  const found: T[] = [];
  for (const k of keys) {
    try {
      found.push(await lookup(k));
    } catch {
      // gone in between
    }
  }
  return found;
}
