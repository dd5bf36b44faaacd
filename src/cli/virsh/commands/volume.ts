// virsh's "Storage Volume" group (virsh-volume.c): volumes of storage pools.
import type { StoragePool } from '../../../api/storage-pool.js';
import type { StorageVol } from '../../../api/storage-vol.js';
import { StorageVolCreateFlags, StorageVolDeleteFlags, StorageVolInfoFlags, StorageVolResizeFlags } from '../../../api/storage-vol.js';
import { ErrorCode, ErrorDomain, noSupport, type VirError } from '../../../util/error.js';
import { scaleInteger } from '../../../conf/storage-conf.js';
import { CommandFailure, defineCommand, type CommandDef, type Ctl, type OptDef, type ParsedCommand } from '../../vsh/command-def.js';
import { Table, printTable } from '../../vsh/table.js';
import { isEl, parseXml, type XmlEl } from '../../../conf/xml/parse.js';
import { infoLine, isCode, orElse, prettyCapacity } from './network.js';
import { BY_NAME, BY_UUID, attempt, fileOpt } from './shared/object-commands.js';
import { dumpXml } from './shared/xml-output.js';
import { strcasecmp } from './shared/virsh-strings.js';
import { poolFromOpt, poolOpt } from './pool.js';

/** VIRSH_COMMON_OPT_VOL_* */
function volOpt(help = 'volume name, key or path'): OptDef {
  return { name: 'vol', type: 'data', required: true, help };
}
const poolOptional = poolOpt('pool name or UUID', false);

/**
 * virshCommandOptVolBy: the volume named by --vol, looked up by name in --pool when one is given,
 * else by key and then by path. The last lookup's error is the one shown.
 */
async function volFromOpt(
  ctl: Ctl,
  cmd: ParsedCommand,
  optname = 'vol',
  pooloptname: string | null = 'pool',
  by = BY_UUID | BY_NAME,
): Promise<{ vol: StorageVol; name: string }> {
  const n = cmd.stringReq(optname)!;
  const p = pooloptname === null ? undefined : cmd.stringReq(pooloptname);
  let pool: StoragePool | undefined;
  if (p !== undefined) {
    pool = (await poolFromOpt(ctl, cmd, pooloptname!, by)).pool;
    if ((await orElse(pool.isActive(), false)) !== true) throw new CommandFailure(`pool '${p}' is not active`);
  }
  const conn = await ctl.conn();
  let vol: StorageVol | undefined;
  let last: unknown;
  if (pool && by & BY_NAME) {
    try {
      vol = await pool.volLookupByName(n);
    } catch (e) {
      last = e;
    }
  }
  if (!vol && by & BY_UUID) {
    try {
      vol = await conn.storageVolLookupByKey(n);
    } catch (e) {
      last = e;
    }
  }
  if (!vol && by & BY_UUID) {
    try {
      vol = await conn.storageVolLookupByPath(n);
    } catch (e) {
      last = e;
    }
  }
  if (!vol) {
    const msg = pool || pooloptname === null ? `failed to get vol '${n}'` : `failed to get vol '${n}', specifying --${pooloptname} might help`;
    throw new CommandFailure(msg, last);
  }
  if (pool) {
    // a volume found by key or path must belong to the pool named
    const volpool = await orElse(conn.storagePoolLookupByVolume(vol), null);
    if (volpool && volpool.name !== pool.name) throw new CommandFailure(`Requested volume '${n}' is not in pool '${pool.name}'`);
  }
  return { vol, name: n };
}


/**
 * virshVolSize: a decimal number with an optional unit suffix (bytes by default). A bad suffix or
 * an overflow comes back as libvirt's error, which virsh prints after its own line.
 */
function volSize(s: string): bigint | VirError | null {
  const m = /^[ \t\n\v\f\r]*\+?([0-9]+)(.*)$/s.exec(s);
  if (!m) return null;
  const v = BigInt(m[1]);
  const max = 0xffffffffffffffffn;
  if (v > max) return null;
  try {
    return scaleInteger(v, m[2], 1n, max);
  } catch (e) {
    return e as VirError;
  }
}

/** The size of option `opt`, or a reported failure. */
function sizeOf(text: string): bigint {
  const v = volSize(text);
  if (typeof v === 'bigint') return v;
  throw new CommandFailure(`Malformed size ${text}`, v ?? undefined);
}

const VOL_TYPES = ['file', 'block', 'dir', 'network', 'netdir', 'ploop'];
const WIPE_ALGORITHMS = ['zero', 'nnsa', 'dod', 'bsi', 'gutmann', 'schneier', 'pfitzner7', 'pfitzner33', 'random', 'trim'];

const volCreateAs = defineCommand({
  name: 'vol-create-as',
  info: { help: 'create a volume described by options', desc: 'Create a volume in a pool from the given name, size and format.' },
  opts: [
    poolOpt('pool name'),
    { name: 'name', type: 'data', required: true, help: 'name for the new volume' },
    { name: 'capacity', type: 'data', required: true, help: 'size of the volume (a number with an optional unit; bytes by default)' },
    { name: 'allocation', type: 'string', help: 'space to allocate at once (a number with an optional unit)' },
    { name: 'format', type: 'string', help: 'file format: raw, bochs, qcow, qcow2, qed, vmdk…' },
    { name: 'backing-vol', type: 'string', help: 'volume to put underneath, for a snapshot' },
    { name: 'backing-vol-format', type: 'string', help: 'format of the backing volume' },
    { name: 'prealloc-metadata', type: 'bool', help: 'allocate only the metadata (qcow2)' },
    { name: 'print-xml', type: 'bool', help: 'only print the XML that would be used' },
  ],
  async run(ctl, cmd) {
    const flags = cmd.has('prealloc-metadata') ? StorageVolCreateFlags.PREALLOC_METADATA : 0;
    const { pool } = await poolFromOpt(ctl, cmd);
    const name = cmd.stringReq('name')!;
    const capacityStr = cmd.stringReq('capacity')!;
    const capacity = sizeOf(capacityStr);
    const allocationStr = cmd.string('allocation');
    const allocation = allocationStr ? sizeOf(allocationStr) : 0n;
    const format = cmd.stringReq('format');
    const backingVol = cmd.stringReq('backing-vol');
    const backingFormat = cmd.stringReq('backing-vol-format');
    let xml = `<volume>\n  <name>${name}</name>\n  <capacity>${capacity}</capacity>\n`;
    if (allocationStr !== undefined) xml += `  <allocation>${allocation}</allocation>\n`;
    if (format) xml += `  <target>\n    <format type='${format}'/>\n  </target>\n`;
    if (backingVol) {
      const conn = await ctl.conn();
      let snap: StorageVol | undefined;
      let last: unknown;
      for (const look of [() => pool.volLookupByName(backingVol), () => conn.storageVolLookupByKey(backingVol), () => conn.storageVolLookupByPath(backingVol)]) {
        try {
          snap = await look();
          break;
        } catch (e) {
          last = e;
        }
      }
      if (!snap) throw new CommandFailure(`failed to get vol '${backingVol}'`, last);
      const path = await snap.getPath();
      xml += `  <backingStore>\n    <path>${path}</path>\n`;
      if (backingFormat) xml += `    <format type='${backingFormat}'/>\n`;
      xml += '  </backingStore>\n';
    }
    xml += '</volume>\n';
    if (cmd.has('print-xml')) {
      ctl.print(xml);
      return;
    }
    await attempt(pool.volCreateXML(xml, flags), `Failed to create vol ${name}`);
    ctl.printExtra(`Vol ${name} created\n`);
  },
});

const volCreate = defineCommand({
  name: 'vol-create',
  info: { help: 'create a volume from an XML file', desc: 'Create a volume in a pool from an XML description.' },
  opts: [
    poolOpt('pool name'),
    fileOpt('XML file describing the volume'),
    { name: 'prealloc-metadata', type: 'bool', help: 'allocate only the metadata (qcow2)' },
    { name: 'validate', type: 'bool', help: 'check the XML against the schema first' },
  ],
  async run(ctl, cmd) {
    let flags = 0;
    if (cmd.has('prealloc-metadata')) flags |= StorageVolCreateFlags.PREALLOC_METADATA;
    if (cmd.has('validate')) flags |= StorageVolCreateFlags.VALIDATE;
    const { pool } = await poolFromOpt(ctl, cmd);
    const from = cmd.stringReq('file')!;
    const xml = await ctl.readFile(from);
    const vol = await attempt(pool.volCreateXML(xml, flags), `Failed to create vol from ${from}`);
    ctl.printExtra(`Vol ${vol.name} created from ${from}\n`);
  },
});

const volCreateFrom = defineCommand({
  name: 'vol-create-from',
  info: { help: 'create a volume from another one', desc: 'Create a volume described by an XML file, filled from an existing volume.' },
  opts: [
    poolOpt(),
    fileOpt('XML file describing the new volume'),
    volOpt(),
    { name: 'inputpool', type: 'string', help: 'pool of the input volume (name or UUID)' },
    { name: 'prealloc-metadata', type: 'bool', help: 'allocate only the metadata (qcow2)' },
    { name: 'reflink', type: 'bool', help: 'make a copy-on-write clone (btrfs)' },
    { name: 'validate', type: 'bool', help: 'check the XML against the schema first' },
  ],
  async run(ctl, cmd) {
    const { pool } = await poolFromOpt(ctl, cmd);
    let flags = 0;
    if (cmd.has('prealloc-metadata')) flags |= StorageVolCreateFlags.PREALLOC_METADATA;
    if (cmd.has('reflink')) flags |= StorageVolCreateFlags.REFLINK;
    if (cmd.has('validate')) flags |= StorageVolCreateFlags.VALIDATE;
    const from = cmd.stringReq('file')!;
    const { vol: input } = await volFromOpt(ctl, cmd, 'vol', 'inputpool');
    const xml = await ctl.readFile(from);
    const vol = await attempt(pool.volCreateXMLFrom(xml, input, flags), `Failed to create vol from ${from}`);
    ctl.printExtra(`Vol ${vol.name} created from input vol ${input.name}\n`);
  },
});

/** virshMakeCloneXML: the volume's XML with the name replaced, written back as libxml2 does. */
async function cloneXml(orig: string, newname: string): Promise<string> {
  const root = await parseXml(orig, '(volume_definition)', ErrorDomain.None);
  const name = root.name === 'volume' ? root.children.find((c): c is XmlEl => isEl(c) && c.name === 'name') : undefined;
  if (!name) throw new CommandFailure('Failed to allocate XML buffer');
  name.children = [{ text: newname }];
  return serialize(root);
}

/** xmlNodeDump of a document read with its blank text kept: the text as it was, attributes in double quotes. */
function serialize(el: XmlEl): string {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
  const attrs = el.attrOrder.map((k) => ` ${k}="${esc(el.attrs[k]).replace(/"/g, '&quot;')}"`).join('');
  const qname = el.prefix ? `${el.prefix}:${el.name}` : el.name;
  if (el.children.length === 0) return `<${qname}${attrs}/>`;
  let body = '';
  for (const c of el.children) {
    if (isEl(c)) body += serialize(c);
    else if ('text' in c) body += esc(c.text);
    else if ('cdata' in c) body += `<![CDATA[${c.cdata}]]>`;
    else body += `<!--${c.comment}-->`;
  }
  return `<${qname}${attrs}>${body}</${qname}>`;
}

const volClone = defineCommand({
  name: 'vol-clone',
  info: { help: 'clone a volume', desc: 'Copy a volume under a new name in the same pool.' },
  opts: [
    volOpt(),
    { name: 'newname', type: 'data', required: true, help: 'name of the copy' },
    poolOptional,
    { name: 'prealloc-metadata', type: 'bool', help: 'allocate only the metadata (qcow2)' },
    { name: 'reflink', type: 'bool', help: 'make a copy-on-write clone (btrfs)' },
    { name: 'print-xml', type: 'bool', help: 'only print the XML of the copy' },
  ],
  async run(ctl, cmd) {
    const { vol } = await volFromOpt(ctl, cmd);
    let flags = 0;
    if (cmd.has('prealloc-metadata')) flags |= StorageVolCreateFlags.PREALLOC_METADATA;
    if (cmd.has('reflink')) flags |= StorageVolCreateFlags.REFLINK;
    const conn = await ctl.conn();
    let origpool: StoragePool;
    try {
      origpool = await conn.storagePoolLookupByVolume(vol);
    } catch (e) {
      throw new CommandFailure('failed to get parent pool', e);
    }
    const name = cmd.stringReq('newname')!;
    const xml = await cloneXml(await vol.getXMLDesc(0), name);
    if (cmd.has('print-xml')) {
      ctl.print(xml);
      return;
    }
    const created = await attempt(origpool.volCreateXMLFrom(xml, vol, flags), `Failed to clone vol from ${vol.name}`);
    ctl.printExtra(`Vol ${created.name} cloned from ${vol.name}\n`);
  },
});

function streamCommand(name: string, info: { help: string; desc: string }, verb: string): CommandDef {
  const upload = name === 'vol-upload';
  return defineCommand({
    name,
    info,
    opts: [
      volOpt(),
      fileOpt('local file'),
      poolOptional,
      { name: 'offset', type: 'int', help: `where in the volume to start` },
      { name: 'length', type: 'int', help: `how much data to ${verb}` },
      { name: 'sparse', type: 'bool', help: 'keep holes in the data' },
    ],
    async run(ctl, cmd) {
      cmd.ulonglong('offset');
      cmd.ulonglongWrap('length');
      const { name: n } = await volFromOpt(ctl, cmd);
      const file = cmd.stringReq('file')!;
      const fs = await import('node:fs');
      if (upload) {
        try {
          fs.closeSync(fs.openSync(file, 'r'));
        } catch {
          ctl.error(`cannot read ${file}`);
          return false;
        }
      }
      // Volume streams are not offered by any driver of ours yet, so the transfer is refused as
      // libvirt refuses it for a driver without them.
      const api = upload ? 'virStorageVolUpload' : 'virStorageVolDownload';
      throw new CommandFailure(upload ? `cannot upload to volume ${n}` : `cannot download from volume ${n}`, noSupport(api, ErrorDomain.Storage));
    },
  });
}

const volUpload = streamCommand('vol-upload', { help: 'copy a file into a volume', desc: 'Write the contents of a local file into a volume.' }, 'upload');
const volDownload = streamCommand('vol-download', { help: 'copy a volume into a file', desc: 'Write the contents of a volume into a local file.' }, 'download');

const volDelete = defineCommand({
  name: 'vol-delete',
  info: { help: 'delete a volume', desc: 'Remove a volume and its data.' },
  opts: [volOpt(), poolOptional, { name: 'delete-snapshots', type: 'bool', help: "also delete the volume's snapshots (where the storage driver can)" }],
  async run(ctl, cmd) {
    const { vol, name } = await volFromOpt(ctl, cmd);
    const flags = cmd.has('delete-snapshots') ? StorageVolDeleteFlags.WITH_SNAPSHOTS : 0;
    await attempt(vol.delete(flags), `Failed to delete vol ${name}`);
    ctl.printExtra(`Vol ${name} deleted\n`);
  },
});

const volWipe = defineCommand({
  name: 'vol-wipe',
  info: { help: 'wipe a volume', desc: 'Overwrite the data of a volume so that it cannot be read back.' },
  opts: [volOpt(), poolOptional, { name: 'algorithm', type: 'string', help: 'the wiping pattern to use' }],
  async run(ctl, cmd) {
    const { vol, name } = await volFromOpt(ctl, cmd);
    const alg = cmd.stringReq('algorithm');
    let algorithm = 0;
    if (alg !== undefined) {
      algorithm = WIPE_ALGORITHMS.indexOf(alg);
      if (algorithm < 0) {
        ctl.error(`Unsupported algorithm '${alg}'`);
        return false;
      }
    }
    try {
      await vol.wipePattern(algorithm, 0);
    } catch (e) {
      // an older driver without patterns still knows the plain zero wipe
      if (!(isCode(e, ErrorCode.NoSupport) && algorithm === 0)) throw new CommandFailure(`Failed to wipe vol ${name}`, e);
      await attempt(vol.wipe(0), `Failed to wipe vol ${name}`);
    }
    ctl.printExtra(`Vol ${name} wiped\n`);
  },
});

const volInfo = defineCommand({
  name: 'vol-info',
  info: { help: 'show volume information', desc: 'Print the type and sizes of a storage volume.' },
  opts: [
    volOpt(),
    poolOptional,
    { name: 'bytes', type: 'bool', help: 'show sizes in bytes' },
    { name: 'physical', type: 'bool', help: 'show the physical size instead of the allocation' },
  ],
  async run(ctl, cmd) {
    const bytes = cmd.has('bytes');
    const physical = cmd.has('physical');
    const { vol } = await volFromOpt(ctl, cmd);
    ctl.print(infoLine('Name:', vol.name));
    const info = physical ? await vol.getInfoFlags(StorageVolInfoFlags.GET_PHYSICAL) : await vol.getInfo();
    let out = infoLine('Type:', VOL_TYPES[info.type] ?? 'unknown');
    const second = physical ? 'Physical:' : 'Allocation:';
    if (bytes) out += infoLine('Capacity:', `${info.capacity} bytes`) + infoLine(second, `${info.allocation} bytes`);
    else out += infoLine('Capacity:', prettyCapacity(info.capacity)) + infoLine(second, prettyCapacity(info.allocation));
    ctl.print(out);
  },
});

const volResize = defineCommand({
  name: 'vol-resize',
  info: { help: 'resize a volume', desc: 'Change the capacity of a storage volume. Only safe when no running guest uses it;\nuse blockresize for a disk in use.' },
  opts: [
    volOpt(),
    { name: 'capacity', type: 'data', required: true, help: 'new capacity (a number with an optional unit; bytes by default)' },
    poolOptional,
    { name: 'allocate', type: 'bool', help: 'allocate the new space at once' },
    { name: 'delta', type: 'bool', help: 'change the size by the capacity given' },
    { name: 'shrink', type: 'bool', help: 'allow making the volume smaller' },
  ],
  async run(ctl, cmd) {
    let flags = 0;
    let delta = cmd.has('delta');
    if (cmd.has('allocate')) flags |= StorageVolResizeFlags.ALLOCATE;
    if (cmd.has('shrink')) flags |= StorageVolResizeFlags.SHRINK;
    const { vol } = await volFromOpt(ctl, cmd);
    let capacityStr = cmd.stringReq('capacity')!.replace(/^[ \t\n\v\f\r]+/, '');
    if (capacityStr.startsWith('-')) {
      if (!cmd.has('shrink')) {
        ctl.error('negative size requires --shrink');
        return false;
      }
      capacityStr = capacityStr.slice(1);
      delta = true;
    }
    if (delta) flags |= StorageVolResizeFlags.DELTA;
    const capacity = sizeOf(capacityStr);
    const how = delta ? 'by' : 'to';
    await attempt(vol.resize(capacity, flags), `Failed to change size of volume '${vol.name}' ${how} ${capacityStr}`);
    ctl.printExtra(`Size of volume '${vol.name}' successfully changed ${how} ${capacityStr}\n`);
  },
});

const volDumpxml = defineCommand({
  name: 'vol-dumpxml',
  info: { help: 'show a volume as XML', desc: 'Print the XML description of a storage volume on standard output.' },
  opts: [
    volOpt(),
    poolOptional,
    { name: 'xpath', type: 'string', reqOpt: true, help: 'print only what this XPath expression selects' },
    { name: 'wrap', type: 'bool', help: 'put the XPath results inside one <nodes> element' },
  ],
  async run(ctl, cmd) {
    const { vol } = await volFromOpt(ctl, cmd);
    const xml = await vol.getXMLDesc(0);
    return dumpXml(ctl, xml, 'volume', cmd.string('xpath'), cmd.has('wrap'));
  },
});

const volList = defineCommand({
  name: 'vol-list',
  info: { help: 'list volumes', desc: 'List the volumes of a storage pool.' },
  opts: [poolOpt(), { name: 'details', type: 'bool', help: 'show types and sizes too' }],
  async run(ctl, cmd) {
    const details = cmd.has('details');
    const { pool } = await poolFromOpt(ctl, cmd);
    let vols: StorageVol[];
    try {
      vols = await pool.listAllVolumes(0);
    } catch (e) {
      throw new CommandFailure('Failed to list volumes', e);
    }
    vols.sort((a, b) => strcasecmp(a.name, b.name));
    const table = new Table(details ? ['Name', 'Path', 'Type', 'Capacity', 'Allocation'] : ['Name', 'Path']);
    for (const v of vols) {
      const path = await orElse(v.getPath(), 'unknown');
      if (!details) {
        table.addRow([v.name, path]);
        continue;
      }
      const info = await orElse(v.getInfo(), null);
      if (!info) table.addRow([v.name, path, 'unknown', 'unknown', 'unknown']);
      else table.addRow([v.name, path, VOL_TYPES[info.type] ?? 'unknown', prettyCapacity(info.capacity), prettyCapacity(info.allocation)]);
    }
    printTable(ctl, table);
  },
});

const volName = defineCommand({
  name: 'vol-name',
  info: { help: 'print the name of a volume given its key or path', desc: '' },
  opts: [volOpt('volume key or path')],
  async run(ctl, cmd) {
    const { vol } = await volFromOpt(ctl, cmd, 'vol', null, BY_UUID);
    ctl.print(`${vol.name}\n`);
  },
});

const volPool = defineCommand({
  name: 'vol-pool',
  info: { help: 'print the pool of a volume given its key or path', desc: '' },
  opts: [volOpt('volume key or path'), { name: 'uuid', type: 'bool', help: "print the pool's UUID instead of its name" }],
  async run(ctl, cmd) {
    const { vol } = await volFromOpt(ctl, cmd, 'vol', null, BY_UUID);
    const conn = await ctl.conn();
    let pool: StoragePool;
    try {
      pool = await conn.storagePoolLookupByVolume(vol);
    } catch (e) {
      throw new CommandFailure('failed to get parent pool', e);
    }
    ctl.print(`${cmd.has('uuid') ? pool.uuid : pool.name}\n`);
  },
});

const volKey = defineCommand({
  name: 'vol-key',
  info: { help: 'print the key of a volume given its name or path', desc: '' },
  opts: [volOpt('volume name or path'), poolOptional],
  async run(ctl, cmd) {
    const { vol } = await volFromOpt(ctl, cmd);
    ctl.print(`${vol.key}\n`);
  },
});

const volPath = defineCommand({
  name: 'vol-path',
  info: { help: 'print the path of a volume given its name or key', desc: '' },
  opts: [volOpt('volume name or key'), poolOptional],
  async run(ctl, cmd) {
    const { vol } = await volFromOpt(ctl, cmd);
    ctl.print(`${await vol.getPath()}\n`);
  },
});

export const commands: CommandDef[] = [
  volClone,
  volCreateAs,
  volCreate,
  volCreateFrom,
  volDelete,
  volDownload,
  volDumpxml,
  volInfo,
  volKey,
  volList,
  volName,
  volPath,
  volPool,
  volResize,
  volUpload,
  volWipe,
];
