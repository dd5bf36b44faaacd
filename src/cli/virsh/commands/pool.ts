// virsh's "Storage Pool" group (virsh-pool.c): pools, their life cycle, and source discovery.
import type { Connect } from '../../../api/connect.js';
import type { StoragePool } from '../../../api/storage-pool.js';
import { ListStoragePoolsFlags, StoragePoolBuildFlags, StoragePoolCreateFlags, StoragePoolState, StorageXMLFlags } from '../../../api/storage-pool.js';
import { ErrorCode } from '../../../util/error.js';
import { defineCommand, type CommandDef, type Ctl, type OptDef, type ParsedCommand } from '../../vsh/command-def.js';
import { Table, printTable } from '../../vsh/table.js';
import { infoLine, isCode, orElse, prettyCapacity } from './network.js';
import { exclusive } from './shared/exclusive-options.js';
import {
  BY_NAME,
  BY_UUID,
  actionCommand,
  attempt,
  autostartCommand,
  collectByState,
  dumpxmlCommand,
  editCommand,
  fromFileCommand,
  lookupByUuidOrName,
  propertyCommand,
  stateListFlags,
  validateOpt,
  type ObjectKind,
} from './shared/object-commands.js';
import { stringToArray } from './shared/virsh-strings.js';
import { chooseEvent, filterOrEveryObject, waitForEvents, waitOptions } from './domain-events.js'; // events area

/** VIRSH_COMMON_OPT_POOL */
export function poolOpt(help = 'pool name or UUID', required = true): OptDef {
  return required ? { name: 'pool', type: 'data', required: true, help } : { name: 'pool', type: 'string', help };
}

/**
 * virshCommandOptPoolBy: by UUID when the text has a UUID's length, else (or then) by name;
 * a miss is "failed to get pool" followed by libvirt's reason.
 */
export async function poolFromOpt(ctl: Ctl, cmd: ParsedCommand, optname = 'pool', by = BY_UUID | BY_NAME): Promise<{ pool: StoragePool; name: string }> {
  const n = cmd.stringReq(optname)!;
  const conn = await ctl.conn();
  const pool = await lookupByUuidOrName(n, by, 'pool', { byUuid: (u) => conn.storagePoolLookupByUUIDString(u), byName: (m) => conn.storagePoolLookupByName(m) });
  return { pool, name: n };
}

const POOL: ObjectKind<StoragePool> = {
  noun: 'pool',
  label: 'Pool',
  opt: (help) => poolOpt(help),
  find: async (ctl, cmd, by) => {
    const { pool, name } = await poolFromOpt(ctl, cmd, 'pool', by);
    return { obj: pool, name };
  },
};

const buildOpts: OptDef[] = [
  { name: 'build', type: 'bool', help: 'build the pool first' },
  { name: 'no-overwrite', type: 'bool', help: 'keep any data already there' },
  { name: 'overwrite', type: 'bool', help: 'overwrite any data already there' },
];

/** --build/--overwrite/--no-overwrite as virStoragePoolCreateFlags; null after a reported clash. */
function createFlags(ctl: Ctl, cmd: ParsedCommand): number | null {
  if (exclusive(ctl, cmd, 'overwrite', 'no-overwrite')) return null;
  let flags = 0;
  if (cmd.has('build')) flags |= StoragePoolCreateFlags.WITH_BUILD;
  if (cmd.has('overwrite')) flags |= StoragePoolCreateFlags.WITH_BUILD_OVERWRITE;
  if (cmd.has('no-overwrite')) flags |= StoragePoolCreateFlags.WITH_BUILD_NO_OVERWRITE;
  return flags;
}

/** VIRSH_COMMON_OPT_POOL_X_AS */
const xAsOpts: OptDef[] = [
  { name: 'name', type: 'data', required: true, help: 'name for the new pool' },
  { name: 'type', type: 'data', required: true, help: 'pool type' },
  { name: 'print-xml', type: 'bool', help: 'only print the XML that would be used' },
  { name: 'source-host', type: 'string', help: 'host of the source storage' },
  { name: 'source-path', type: 'string', help: 'path of the source storage' },
  { name: 'source-dev', type: 'string', help: 'device of the source storage' },
  { name: 'source-name', type: 'string', help: 'name of the source storage' },
  { name: 'target', type: 'string', help: 'target path of the pool' },
  { name: 'source-format', type: 'string', help: 'format of the source storage' },
  { name: 'auth-type', type: 'string', help: 'authentication type for the source storage' },
  { name: 'auth-username', type: 'string', help: 'user name for authenticating to the source storage' },
  { name: 'secret-usage', type: 'string', help: 'usage of the secret holding the credentials' },
  { name: 'secret-uuid', type: 'string', help: 'UUID of the secret holding the credentials' },
  { name: 'adapter-name', type: 'string', help: 'name of the SCSI adapter' },
  { name: 'adapter-wwnn', type: 'string', help: 'WWNN of the fibre channel adapter' },
  { name: 'adapter-wwpn', type: 'string', help: 'WWPN of the fibre channel adapter' },
  { name: 'adapter-parent', type: 'string', help: 'parent scsi_hostN of the vHBA' },
  { name: 'adapter-parent-wwnn', type: 'string', help: 'WWNN of the parent scsi_hostN of the vHBA' },
  { name: 'adapter-parent-wwpn', type: 'string', help: 'WWPN of the parent scsi_hostN of the vHBA' },
  { name: 'adapter-parent-fabric-wwn', type: 'string', help: 'fabric WWN of the parent scsi_hostN of the vHBA' },
  { name: 'source-protocol-ver', type: 'string', help: 'NFS protocol version to mount with' },
  { name: 'source-initiator', type: 'string', help: 'iSCSI initiator IQN of the source storage' },
];

/**
 * virshBuildPoolXML: the pool document the *-as commands define or create. Values go in as
 * typed, unescaped, as virsh writes them.
 */
function buildPoolXml(ctl: Ctl, cmd: ParsedCommand): { name: string; xml: string } | null {
  if (exclusive(ctl, cmd, 'secret-usage', 'secret-uuid')) return null;
  const o = (n: string) => cmd.stringReq(n);
  const name = o('name')!;
  const type = o('type')!;
  const srcHost = o('source-host');
  const srcPath = o('source-path');
  const srcDev = o('source-dev');
  const srcName = o('source-name');
  const srcFormat = o('source-format');
  const target = o('target');
  const authType = o('auth-type');
  const authUsername = o('auth-username');
  const secretUsage = o('secret-usage');
  const secretUuid = o('secret-uuid');
  const adapterName = o('adapter-name');
  const adapterWwnn = o('adapter-wwnn');
  const adapterWwpn = o('adapter-wwpn');
  const adapterParent = o('adapter-parent');
  const adapterParentWwnn = o('adapter-parent-wwnn');
  const adapterParentWwpn = o('adapter-parent-wwpn');
  const adapterParentFabricWwn = o('adapter-parent-fabric-wwn');
  const protoVer = o('source-protocol-ver');
  const srcInitiator = o('source-initiator');
  let xml = `<pool type='${type}'>\n  <name>${name}</name>\n`;
  if (srcHost || srcPath || srcDev || srcInitiator || srcFormat || srcName || (adapterWwnn && adapterWwpn) || adapterName) {
    xml += '  <source>\n';
    if (srcHost) xml += `    <host name='${srcHost}'/>\n`;
    if (srcPath) xml += `    <dir path='${srcPath}'/>\n`;
    if (srcDev) xml += `    <device path='${srcDev}'/>\n`;
    if (srcInitiator) xml += `    <initiator>\n      <iqn name='${srcInitiator}'/>\n    </initiator>\n`;
    if (adapterWwnn && adapterWwpn) {
      xml += "    <adapter type='fc_host'";
      if (adapterParent) xml += ` parent='${adapterParent}'`;
      else if (adapterParentWwnn && adapterParentWwpn) xml += ` parent_wwnn='${adapterParentWwnn}' parent_wwpn='${adapterParentWwpn}'`;
      else if (adapterParentFabricWwn) xml += ` parent_fabric_wwn='${adapterParentFabricWwn}'`;
      xml += ` wwnn='${adapterWwnn}' wwpn='${adapterWwpn}'/>\n`;
    } else if (adapterName) {
      xml += `    <adapter type='scsi_host' name='${adapterName}'/>\n`;
    }
    if (authType && authUsername && (secretUsage || secretUuid)) {
      xml += `    <auth type='${authType}' username='${authUsername}'>\n`;
      xml += secretUsage ? `      <secret usage='${secretUsage}'/>\n` : `      <secret uuid='${secretUuid}'/>\n`;
      xml += '    </auth>\n';
    }
    if (srcFormat) xml += `    <format type='${srcFormat}'/>\n`;
    if (srcName) xml += `    <name>${srcName}</name>\n`;
    if (protoVer) xml += `    <protocol ver='${protoVer}'/>\n`;
    xml += '  </source>\n';
  }
  if (target) xml += `  <target>\n    <path>${target}</path>\n  </target>\n`;
  xml += '</pool>\n';
  return { name, xml };
}

const poolAutostart = autostartCommand(POOL, 'pool-autostart', {
  help: 'set a pool to start on boot',
  desc: 'Mark a pool to be started automatically when the host boots, or clear that mark.',
});

const poolCreate = fromFileCommand(POOL, {
  name: 'pool-create',
  info: { help: 'start a pool from an XML file', desc: 'Start a transient pool described by an XML file.' },
  verb: 'create',
  fileHelp: 'XML file describing the pool',
  opts: buildOpts,
  flags: createFlags,
  call: (conn, xml, flags) => conn.storagePoolCreateXML(xml, flags),
});

/** pool-create-as / pool-define-as: a pool document built from options, printed or handed to `call`. */
function fromOptionsCommand(spec: {
  name: string;
  info: { help: string; desc: string };
  opts: OptDef[];
  verb: 'create' | 'define';
  flags: (ctl: Ctl, cmd: ParsedCommand) => number | null;
  call: (conn: Connect, xml: string, flags: number) => Promise<unknown>;
}): CommandDef {
  return defineCommand({
    name: spec.name,
    info: spec.info,
    opts: spec.opts,
    async run(ctl, cmd) {
      const flags = spec.flags(ctl, cmd);
      if (flags === null) return false;
      const built = buildPoolXml(ctl, cmd);
      if (!built) return false;
      if (cmd.has('print-xml')) {
        ctl.print(built.xml);
        return;
      }
      const conn = await ctl.conn();
      await attempt(spec.call(conn, built.xml, flags), `Failed to ${spec.verb} pool ${built.name}`);
      ctl.printExtra(`Pool ${built.name} ${spec.verb}d\n`);
    },
  });
}

const poolCreateAs = fromOptionsCommand({
  name: 'pool-create-as',
  info: { help: 'start a pool described by options', desc: 'Start a transient pool built from the given options.' },
  opts: [...xAsOpts, ...buildOpts],
  verb: 'create',
  flags: createFlags,
  call: (conn, xml, flags) => conn.storagePoolCreateXML(xml, flags),
});

const poolDefine = fromFileCommand(POOL, {
  name: 'pool-define',
  info: { help: 'define (or redefine) a persistent pool from an XML file', desc: 'Add a persistent pool from an XML description, or replace the definition of an existing one.' },
  verb: 'define',
  fileHelp: 'XML file describing the pool',
  opts: [validateOpt],
  flags: (_ctl, cmd) => (cmd.has('validate') ? 1 : 0),
  call: (conn, xml, flags) => conn.storagePoolDefineXML(xml, flags),
});

const poolDefineAs = fromOptionsCommand({
  name: 'pool-define-as',
  info: { help: 'define a pool described by options', desc: 'Add a persistent pool built from the given options.' },
  opts: xAsOpts,
  verb: 'define',
  flags: () => 0,
  call: (conn, xml, flags) => conn.storagePoolDefineXML(xml, flags),
});

const poolBuild = actionCommand(POOL, {
  name: 'pool-build',
  info: { help: 'build a pool', desc: 'Prepare the underlying storage of a pool.' },
  opts: buildOpts.slice(1),
  verb: 'build',
  done: 'built',
  act: (p, cmd) => {
    let flags = 0;
    if (cmd.has('no-overwrite')) flags |= StoragePoolBuildFlags.NO_OVERWRITE;
    if (cmd.has('overwrite')) flags |= StoragePoolBuildFlags.OVERWRITE;
    return p.build(flags);
  },
});
const poolDestroy = actionCommand(POOL, {
  name: 'pool-destroy',
  info: { help: 'stop a pool', desc: 'Stop a running pool at once; the data in it is left alone.' },
  verb: 'destroy',
  done: 'destroyed',
  act: (p) => p.destroy(),
});
const poolDelete = actionCommand(POOL, {
  name: 'pool-delete',
  info: { help: 'delete a pool', desc: 'Remove the underlying storage of a pool.' },
  verb: 'delete',
  done: 'deleted',
  act: (p) => p.delete(0),
});
const poolRefresh = actionCommand(POOL, {
  name: 'pool-refresh',
  info: { help: 'refresh a pool', desc: 'Rescan the volumes of a pool.' },
  verb: 'refresh',
  done: 'refreshed',
  act: (p) => p.refresh(0),
});
const poolUndefine = actionCommand(POOL, {
  name: 'pool-undefine',
  info: { help: 'remove an inactive pool', desc: 'Remove the persistent definition of a pool that is not running.' },
  verb: 'undefine',
  done: 'has been undefined',
  act: (p) => p.undefine(),
});

const poolStart = defineCommand({
  name: 'pool-start',
  info: { help: 'start a defined, inactive pool', desc: 'Start a pool that has been defined but is not running.' },
  opts: [poolOpt(), ...buildOpts],
  async run(ctl, cmd) {
    const { pool, name } = await poolFromOpt(ctl, cmd);
    const flags = createFlags(ctl, cmd);
    if (flags === null) return false;
    await attempt(pool.create(flags), `Failed to start pool ${name}`);
    ctl.printExtra(`Pool ${name} started\n`);
  },
});

const poolDumpxml = dumpxmlCommand(POOL, {
  name: 'pool-dumpxml',
  info: { help: 'show a pool as XML', desc: 'Print the XML description of a pool on standard output.' },
  url: 'pool',
  inactive: { help: 'show the definition used at the next start', flag: StorageXMLFlags.INACTIVE },
});

const POOL_STATES = ['inactive', 'building', 'running', 'degraded', 'inaccessible'];
const POOL_TYPES = ['dir', 'fs', 'netfs', 'logical', 'disk', 'iscsi', 'iscsi-direct', 'scsi', 'mpath', 'rbd', 'sheepdog', 'gluster', 'zfs', 'vstorage'];
const TYPE_FLAG: Record<string, number> = {
  dir: ListStoragePoolsFlags.DIR,
  fs: ListStoragePoolsFlags.FS,
  netfs: ListStoragePoolsFlags.NETFS,
  logical: ListStoragePoolsFlags.LOGICAL,
  disk: ListStoragePoolsFlags.DISK,
  iscsi: ListStoragePoolsFlags.ISCSI,
  'iscsi-direct': ListStoragePoolsFlags.ISCSI_DIRECT,
  scsi: ListStoragePoolsFlags.SCSI,
  mpath: ListStoragePoolsFlags.MPATH,
  rbd: ListStoragePoolsFlags.RBD,
  sheepdog: ListStoragePoolsFlags.SHEEPDOG,
  gluster: ListStoragePoolsFlags.GLUSTER,
  zfs: ListStoragePoolsFlags.ZFS,
  vstorage: ListStoragePoolsFlags.VSTORAGE,
};

const poolList = defineCommand({
  name: 'pool-list',
  info: { help: 'list pools', desc: 'List the storage pools, running ones by default.' },
  opts: [
    { name: 'inactive', type: 'bool', help: 'only pools that are not running' },
    { name: 'all', type: 'bool', help: 'running and stopped pools' },
    { name: 'transient', type: 'bool', help: 'only transient pools' },
    { name: 'persistent', type: 'bool', help: 'only persistent pools' },
    { name: 'autostart', type: 'bool', help: 'only pools started at boot' },
    { name: 'no-autostart', type: 'bool', help: 'only pools not started at boot' },
    { name: 'type', type: 'string', help: 'only pools of these types (comma separated)' },
    { name: 'details', type: 'bool', help: 'show sizes and more' },
    { name: 'uuid', type: 'bool', help: 'print UUIDs only' },
    { name: 'name', type: 'bool', help: 'print names only' },
  ],
  async run(ctl, cmd) {
    const F = ListStoragePoolsFlags;
    const details = cmd.has('details');
    if (exclusive(ctl, cmd, 'all', 'inactive')) return false;
    let flags = stateListFlags(cmd, F);
    const uuid = cmd.has('uuid');
    const name = cmd.has('name');
    const type = cmd.stringReq('type');
    if (exclusive(ctl, cmd, 'details', 'uuid') || exclusive(ctl, cmd, 'details', 'name')) return false;
    if (type !== undefined) {
      for (const t of stringToArray(type)) {
        if (!POOL_TYPES.includes(t)) {
          ctl.error(`Invalid pool type '${t}'`);
          return false;
        }
        flags |= TYPE_FLAG[t];
      }
    }
    const conn = await ctl.conn();
    const list = await collectByState((f) => conn.listAllStoragePools(f), flags, F, 'Failed to list pools');
    const rows: string[][] = [];
    for (const p of list) {
      const autostart = await orElse(p.getAutostart().then((a) => (a ? 'yes' : 'no')), 'no autostart');
      const persistent = details ? await orElse(p.isPersistent().then((v) => (v ? 'yes' : 'no')), 'unknown') : '';
      let info;
      try {
        info = await p.getInfo();
      } catch {
        ctl.error('Could not retrieve pool information');
      }
      let state: string;
      let sizes = ['unknown', 'unknown', 'unknown'];
      if (!info) state = 'unknown';
      else if (details) {
        state = POOL_STATES[info.state] ?? 'unknown';
        const running = info.state === StoragePoolState.Running || info.state === StoragePoolState.Degraded;
        sizes = running ? [prettyCapacity(info.capacity), prettyCapacity(info.allocation), prettyCapacity(info.available)] : ['-', '-', '-'];
      } else state = (await orElse(p.isActive(), true)) ? 'active' : 'inactive';
      rows.push(details ? [p.name, state, autostart, persistent, ...sizes] : [p.name, state, autostart]);
    }
    if (!details && (uuid || name)) {
      let out = '';
      for (const p of list) {
        if (uuid) out += `${p.uuid.padEnd(36)}${name ? ' ' : '\n'}`;
        if (name) out += `${p.name.padEnd(20)}\n`;
      }
      ctl.print(out);
      return;
    }
    const table = new Table(details ? ['Name', 'State', 'Autostart', 'Persistent', 'Capacity', 'Allocation', 'Available'] : ['Name', 'State', 'Autostart']);
    for (const r of rows) table.addRow(r);
    printTable(ctl, table);
  },
});

const findSourcesAs = defineCommand({
  name: 'find-storage-pool-sources-as',
  info: { help: 'look for storage pool sources', desc: 'Print a <sources> document of the pool sources found for the given type and host.' },
  opts: [
    { name: 'type', type: 'data', required: true, help: 'pool type to look for' },
    { name: 'host', type: 'string', help: 'host to ask' },
    { name: 'port', type: 'string', help: 'port to ask on' },
    { name: 'initiator', type: 'string', help: 'initiator IQN to ask with' },
  ],
  async run(ctl, cmd) {
    const type = cmd.stringReq('type')!;
    const host = cmd.stringReq('host');
    const initiator = cmd.stringReq('initiator');
    let spec: string | null = null;
    if (host !== undefined) {
      const port = cmd.stringReq('port');
      spec = `<source>\n  <host name='${host}'${port !== undefined ? ` port='${port}'` : ''}/>\n`;
      if (initiator !== undefined) spec += `  <initiator>\n    <iqn name='${initiator}'/>\n  </initiator>\n`;
      spec += '</source>\n';
    }
    const conn = await ctl.conn();
    const list = await attempt(conn.findStoragePoolSources(type, spec, 0), `Failed to find any ${type} pool sources`);
    ctl.print(list);
  },
});

const findSources = defineCommand({
  name: 'find-storage-pool-sources',
  info: { help: 'discover storage pool sources', desc: 'Print a <sources> document of the pool sources found for the given type.' },
  opts: [
    { name: 'type', type: 'data', required: true, help: 'pool type to look for' },
    { name: 'srcSpec', type: 'string', help: 'file with a <source> element narrowing the search' },
  ],
  async run(ctl, cmd) {
    const type = cmd.stringReq('type')!;
    const file = cmd.stringReq('srcSpec');
    const spec = file !== undefined ? await ctl.readFile(file) : null;
    const conn = await ctl.conn();
    const list = await attempt(conn.findStoragePoolSources(type, spec, 0), `Failed to find any ${type} pool sources`);
    ctl.print(list);
  },
});

const poolInfo = defineCommand({
  name: 'pool-info',
  info: { help: 'show pool information', desc: 'Print the basic facts about a storage pool.' },
  opts: [poolOpt(), { name: 'bytes', type: 'bool', help: 'show sizes in bytes' }],
  async run(ctl, cmd) {
    const { pool } = await poolFromOpt(ctl, cmd);
    const bytes = cmd.has('bytes');
    ctl.print(infoLine('Name:', pool.name) + infoLine('UUID:', pool.uuid));
    const info = await pool.getInfo();
    let out = infoLine('State:', POOL_STATES[info.state] ?? 'unknown');
    out += infoLine('Persistent:', await orElse(pool.isPersistent().then((v) => (v ? 'yes' : 'no')), 'unknown'));
    out += infoLine('Autostart:', await orElse(pool.getAutostart().then((a) => (a ? 'yes' : 'no')), 'no autostart'));
    if (info.state === StoragePoolState.Running || info.state === StoragePoolState.Degraded) {
      const show = (v: bigint) => (bytes ? String(v) : prettyCapacity(v));
      out += infoLine('Capacity:', show(info.capacity)) + infoLine('Allocation:', show(info.allocation)) + infoLine('Available:', show(info.available));
    }
    ctl.print(out);
  },
});

const poolName = propertyCommand(POOL, {
  name: 'pool-name',
  info: { help: 'print the name of a pool given its UUID', desc: '' },
  by: BY_UUID,
  value: (p) => p.name,
});

const poolUuid = propertyCommand(POOL, {
  name: 'pool-uuid',
  info: { help: 'print the UUID of a pool given its name', desc: '' },
  by: BY_NAME,
  value: (p) => p.uuid,
});

const poolEdit = editCommand(POOL, {
  name: 'pool-edit',
  info: { help: "edit a pool's XML configuration", desc: 'Open the XML definition of a pool in an editor and define the result.' },
  xmlReader: async (pool) => {
    let flags: number = StorageXMLFlags.INACTIVE;
    try {
      await pool.getXMLDesc(flags);
    } catch (e) {
      // a daemon without the inactive flag: ask without it
      if (!isCode(e, ErrorCode.InvalidArg)) throw e;
      flags = 0;
    }
    return () => pool.getXMLDesc(flags);
  },
  define: (conn, xml) => conn.storagePoolDefineXML(xml, 0),
});

/** virshPoolEventCallbacks and virshPoolEvent: the event names, and how the lifecycle events read. */
const POOL_EVENT_NAMES = ['lifecycle', 'refresh'];
const POOL_LIFECYCLE = ['Defined', 'Undefined', 'Started', 'Stopped', 'Created', 'Deleted'];

const poolEvent = defineCommand({
  name: 'pool-event',
  info: { help: 'wait for storage pool events', desc: 'List the storage pool event types, or wait for pool events and print them.' },
  opts: [
    { name: 'pool', type: 'string', help: 'only events of this pool (name or UUID)' },
    { name: 'event', type: 'string', help: 'the event type to wait for' },
    { name: 'loop', type: 'bool', help: 'keep waiting after the first event, until the timeout or Ctrl-C' },
    { name: 'timeout', type: 'int', help: 'give up after this many seconds' },
    { name: 'list', type: 'bool', help: 'list the event types' },
    { name: 'timestamp', type: 'bool', help: 'print the time of each event' },
  ],
  // (events area) on the public event API
  async run(ctl, cmd) {
    const event = chooseEvent(ctl, cmd, POOL_EVENT_NAMES);
    if (event === 'listed') return true;
    if (event === undefined) return false;
    const opts = waitOptions(cmd);
    const pool = cmd.has('pool') ? await filterOrEveryObject(ctl, async () => (await poolFromOpt(ctl, cmd)).pool) : null;
    const conn = await ctl.conn();
    return waitForEvents(ctl, opts, async (sink) => {
      const id = await conn.storagePoolEventRegisterAny(pool, event, (p, ev) => {
        if (ev.eventID === 0) sink.print(`event 'lifecycle' for storage pool ${p.name}: ${POOL_LIFECYCLE[ev.event] ?? 'unknown'}\n`);
        else sink.print(`event '${POOL_EVENT_NAMES[ev.eventID]}' for storage pool ${p.name}\n`);
      });
      return [() => conn.storagePoolEventDeregisterAny(id)];
    });
  },
});

const poolCapabilities = defineCommand({
  name: 'pool-capabilities',
  info: { help: 'show storage pool capabilities', desc: 'Print the pool types the storage driver supports and their formats.' },
  opts: [],
  async run(ctl) {
    const conn = await ctl.conn();
    const caps = await attempt(conn.getStoragePoolCapabilities(0), 'failed to get storage pool capabilities');
    ctl.print(`${caps}\n`);
  },
});

export const commands: CommandDef[] = [
  findSourcesAs,
  findSources,
  poolAutostart,
  poolBuild,
  poolCreateAs,
  poolCreate,
  poolDefineAs,
  poolDefine,
  poolDelete,
  poolDestroy,
  poolDumpxml,
  poolEdit,
  poolInfo,
  poolList,
  poolName,
  poolRefresh,
  poolStart,
  poolUndefine,
  poolUuid,
  poolEvent,
  poolCapabilities,
];
