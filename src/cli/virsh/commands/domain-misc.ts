// The rest of virsh's "Domain Management" group (virsh-domain.c): block jobs, displays and
// consoles, jobs, power management, native config conversion, SSH keys, migration tuning, the
// QEMU/LXC pass-through commands, guest-agent queries, edit and metadata. Most of these reach
// entry points the test driver does not offer; each does virsh's own checks first, so the errors
// come in virsh's order. Messages are virsh's; help texts ours.
import type { Domain } from '../../../api/domain.js';
import type { XmlEl } from '../../../conf/xml/parse.js';
import { CommandFailure, defineCommand, type Ctl, type OptDef, type ParsedCommand } from '../../vsh/command-def.js';
import { exclusive, optConfig, optCurrent, optLive, orFail } from './domain-monitor.js';
import { commandDomain, domainOpt } from './lookup.js';

const bool = (name: string, help: string): OptDef => ({ name, type: 'bool', help });
const str = (name: string, help: string): OptDef => ({ name, type: 'string', help });
const int = (name: string, help: string): OptDef => ({ name, type: 'int', help });
const data = (name: string, help: string): OptDef => ({ name, type: 'data', required: true, help });
const pathOpt = data('path', 'the disk (target or source path)');

function requireOpt(cmd: ParsedCommand, needed: string, by: string): void {
  if (cmd.has(by) && !cmd.has(needed)) throw new CommandFailure(`Option --${needed} is required by option --${by}`);
}

/** vshBlockJobOptionBandwidth: MiB/s (or bytes/s with --bytes), scaled values allowed. */
function bandwidthOpt(cmd: ParsedCommand, bytes: boolean): bigint {
  const raw = cmd.string('bandwidth');
  if (raw === undefined) return 0n;
  const v = cmd.scaled('bandwidth', bytes ? 1 : 1024 * 1024, 0xffffffffffffffffn) ?? 0n;
  return bytes ? v : v / (1024n * 1024n);
}

function needBlocking(what: 'verbose' | 'async', which: string): CommandFailure {
  return new CommandFailure(`--${what} requires at least one of --timeout, --wait, --pivot, or --${which}`);
}

// --- block jobs ---
const blockcommit = defineCommand({
  name: 'blockcommit',
  info: { help: 'Start a block commit operation.', desc: "Merges a disk's overlay images down into a backing image." },
  opts: [
    domainOpt(),
    pathOpt,
    int('bandwidth', 'the speed limit (MiB/s unless --bytes)'),
    str('base', 'the image to commit into'),
    bool('shallow', 'commit only the top image into its backing file'),
    str('top', 'the image to commit from'),
    bool('active', 'commit the active layer too'),
    bool('delete', 'delete the committed images afterwards'),
    bool('wait', 'wait for the job to end'),
    bool('verbose', 'show progress while waiting'),
    int('timeout', 'abort the job after this many seconds'),
    bool('pivot', 'switch the disk to the base image when done'),
    bool('keep-overlay', 'end the job but keep using the overlay'),
    bool('async', 'do not wait for an abort to finish'),
    bool('keep-relative', 'keep backing chain paths relative'),
    bool('bytes', 'the bandwidth is in bytes per second'),
  ],
  async run(ctl, cmd) {
    exclusive(cmd, 'pivot', 'keep-overlay');
    const pivot = cmd.has('pivot');
    const finish = cmd.has('keep-overlay');
    let blocking = cmd.has('wait') || pivot || finish;
    const bytes = cmd.has('bytes');
    const path = cmd.stringReq('path') ?? '';
    const base = cmd.stringReq('base') ?? null;
    const top = cmd.stringReq('top') ?? null;
    const bandwidth = bandwidthOpt(cmd, bytes);
    if (cmd.timeoutMs()) blocking = true;
    if (!blocking) {
      if (cmd.has('verbose')) throw needBlocking('verbose', 'keep-overlay');
      if (cmd.has('async')) throw needBlocking('async', 'keep-overlay');
    }
    const { dom } = await commandDomain(ctl, cmd);
    await dom.blockCommit(path, base, top, bandwidth, 0);
    return true;
  },
});

const blockcopy = defineCommand({
  name: 'blockcopy',
  info: { help: 'Start a block copy operation.', desc: 'Copies a disk (with its backing chain) to a new destination while the domain runs.' },
  opts: [
    domainOpt(),
    pathOpt,
    str('dest', 'the destination file or device'),
    int('bandwidth', 'the speed limit (MiB/s unless --bytes)'),
    bool('shallow', 'copy only the top image'),
    bool('reuse-external', 'reuse an existing destination'),
    { name: 'raw', type: 'alias', help: 'format=raw' },
    bool('blockdev', 'the destination is a block device'),
    bool('wait', 'wait for the job to end'),
    bool('verbose', 'show progress while waiting'),
    int('timeout', 'abort the job after this many seconds'),
    bool('pivot', 'switch the disk to the copy when done'),
    bool('finish', 'end the job and keep using the original'),
    bool('async', 'do not wait for an abort to finish'),
    str('xml', 'a file with the destination disk XML'),
    str('format', 'the destination image format'),
    int('granularity', 'the granularity of the dirty bitmap'),
    int('buf-size', 'the copy buffer size'),
    bool('bytes', 'the bandwidth is in bytes per second'),
    bool('transient-job', 'do not keep the job across restarts'),
    bool('synchronous-writes', 'make guest writes wait for the copy'),
    bool('print-xml', 'print the destination XML instead of copying'),
  ],
  async run(ctl, cmd) {
    const pivot = cmd.has('pivot');
    const finish = cmd.has('finish');
    let blocking = cmd.has('wait') || finish || pivot;
    const bytes = cmd.has('bytes');
    const path = cmd.stringReq('path') ?? '';
    const dest = cmd.stringReq('dest');
    const xmlFile = cmd.stringReq('xml');
    const format = cmd.stringReq('format');
    const bandwidth = bandwidthOpt(cmd, bytes);
    const granularity = cmd.uint('granularity') ?? 0;
    const bufSize = cmd.ulonglong('buf-size') ?? 0n;
    if (cmd.timeoutMs()) blocking = true;
    exclusive(cmd, 'dest', 'xml');
    exclusive(cmd, 'format', 'xml');
    exclusive(cmd, 'blockdev', 'xml');
    if (dest === undefined && xmlFile === undefined) throw new CommandFailure('need either --dest or --xml');
    if (!blocking) {
      if (cmd.has('verbose')) throw needBlocking('verbose', 'finish');
      if (cmd.has('async')) throw needBlocking('async', 'finish');
    }
    const { dom } = await commandDomain(ctl, cmd);
    let xml = xmlFile === undefined ? undefined : await ctl.readFile(xmlFile);
    const advanced = granularity || bufSize || (format !== undefined && format !== 'raw') || xml !== undefined || cmd.has('transient-job') || cmd.has('synchronous-writes') || cmd.has('print-xml');
    if (advanced) {
      if (xml === undefined) {
        const { escapeLibvirt } = await import('../../../conf/domain/xml-out.js');
        const src = cmd.has('blockdev') ? `<source dev='${escapeLibvirt(dest!)}'/>` : `<source file='${escapeLibvirt(dest!)}'/>`;
        const drv = format === undefined ? '' : `  <driver type='${escapeLibvirt(format)}'/>\n`;
        xml = `<disk type='${cmd.has('blockdev') ? 'block' : 'file'}'>\n  ${src}\n${drv}</disk>\n`;
      }
      if (cmd.has('print-xml')) {
        ctl.print(xml);
        return true;
      }
      await dom.blockCopy(path, xml, [], 0);
      return true;
    }
    await dom.blockRebase(path, dest ?? null, bandwidth, 0);
    return true;
  },
});

const blockjob = defineCommand({
  name: 'blockjob',
  info: { help: 'Manage active block operations', desc: "Shows, throttles or ends a disk's running block job." },
  opts: [
    domainOpt(),
    pathOpt,
    bool('abort', 'end the job'),
    bool('async', 'do not wait for the end'),
    bool('pivot', 'end a copy or commit by switching to the new image'),
    bool('info', 'show the job (the default)'),
    bool('bytes', 'show or set the bandwidth in bytes per second'),
    bool('raw', 'print the raw figures'),
    int('bandwidth', 'set the speed limit (MiB/s unless --bytes)'),
  ],
  async run(ctl, cmd) {
    for (const [a, b] of [
      ['raw', 'abort'],
      ['raw', 'pivot'],
      ['raw', 'async'],
      ['raw', 'bandwidth'],
      ['info', 'abort'],
      ['info', 'pivot'],
      ['info', 'async'],
      ['info', 'bandwidth'],
      ['bytes', 'abort'],
      ['bytes', 'pivot'],
      ['bytes', 'async'],
    ]) {
      exclusive(cmd, a, b);
    }
    const { dom } = await commandDomain(ctl, cmd);
    const path = cmd.stringReq('path') ?? '';
    if (cmd.has('bandwidth')) {
      await dom.blockJobSetSpeed(path, bandwidthOpt(cmd, cmd.has('bytes')), 0);
      return true;
    }
    if (cmd.has('abort') || cmd.has('pivot') || cmd.has('async')) {
      await dom.blockJobAbort(path, 0);
      return true;
    }
    await dom.getBlockJobInfo(path, 0);
    return true;
  },
});

const blockpull = defineCommand({
  name: 'blockpull',
  info: { help: 'Populate a disk from its backing image.', desc: "Copies data from a disk's backing images into the disk itself." },
  opts: [
    domainOpt(),
    pathOpt,
    int('bandwidth', 'the speed limit (MiB/s unless --bytes)'),
    str('base', 'pull only the images above this one'),
    bool('wait', 'wait for the job to end'),
    bool('verbose', 'show progress while waiting'),
    int('timeout', 'abort the job after this many seconds'),
    bool('async', 'do not wait for an abort to finish'),
    bool('keep-relative', 'keep backing chain paths relative'),
    bool('bytes', 'the bandwidth is in bytes per second'),
  ],
  async run(ctl, cmd) {
    requireOpt(cmd, 'wait', 'verbose');
    requireOpt(cmd, 'wait', 'async');
    const bytes = cmd.has('bytes');
    const path = cmd.stringReq('path') ?? '';
    const base = cmd.stringReq('base');
    const bandwidth = bandwidthOpt(cmd, bytes);
    cmd.timeoutMs();
    const { dom } = await commandDomain(ctl, cmd);
    if (base !== undefined || cmd.has('keep-relative')) await dom.blockRebase(path, base ?? null, bandwidth, 0);
    else await dom.blockPull(path, bandwidth, 0);
    return true;
  },
});

const blockresize = defineCommand({
  name: 'blockresize',
  info: { help: 'Resize block device of domain.', desc: 'Changes the size of a disk of a running domain.' },
  opts: [domainOpt(), data('path', 'the disk (target or source path)'), { name: 'size', type: 'int', required: true, help: 'the new size (KiB unless a unit is given)' }],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const path = cmd.stringReq('path') ?? '';
    const size = cmd.scaled('size', 1024, 0xffffffffffffffffn) ?? 0n;
    // Sizes in whole KiB go as KiB; anything else in bytes (VIR_DOMAIN_BLOCK_RESIZE_BYTES).
    const flags = size % 1024n ? 1 : 0;
    await orFail(`Failed to resize block device '${path}'`, () => dom.blockResize(path, flags ? size : size / 1024n, flags));
    ctl.printExtra(`Block device '${path}' is resized`);
    return true;
  },
});

const domblkthreshold = defineCommand({
  name: 'domblkthreshold',
  info: { help: 'set the threshold for block-threshold event for a given block device or it\'s backing chain element', desc: 'Asks for an event when a disk (or one of its backing images) is written past a threshold.' },
  opts: [domainOpt(), data('dev', 'the disk or backing image (vda, vda[1]…)'), { name: 'threshold', type: 'int', required: true, help: 'the threshold in bytes, or with a unit' }],
  async run(ctl, cmd) {
    const dev = cmd.stringReq('dev') ?? '';
    const threshold = cmd.scaled('threshold', 1, 0xffffffffffffffffn) ?? 0n;
    const { dom } = await commandDomain(ctl, cmd);
    await dom.setBlockThreshold(dev, threshold, 0);
    return true;
  },
});

// --- displays and consoles ---
async function domainTree(dom: Domain, flags: number): Promise<XmlEl> {
  const { domainXmlTree } = await import('./domain-monitor.js');
  return domainXmlTree(dom, flags);
}

function firstGraphics(root: XmlEl, type: string): XmlEl | undefined {
  const devices = root.children.find((c): c is XmlEl => 'name' in c && c.name === 'devices');
  return devices?.children.find((c): c is XmlEl => 'name' in c && c.name === 'graphics' && c.attrs.type === type);
}

/** virXPathInt: the whole string as a decimal int, or undefined. */
function xpathInt(s: string | undefined): number | undefined {
  if (s === undefined || !/^\s*[+-]?\d+\s*$/.test(s)) return undefined;
  return Number(s);
}

function listenOf(g: XmlEl): XmlEl | undefined {
  return g.children.find((c): c is XmlEl => 'name' in c && c.name === 'listen');
}

/** virshGetOneDisplay */
function oneDisplay(ctl: Ctl, root: XmlEl, scheme: string): string | undefined {
  const g = firstGraphics(root, scheme);
  if (scheme === 'dbus') {
    const addr = g?.attrs.address;
    if (!addr) return undefined;
    if (addr.startsWith('unix:path=')) return `dbus+unix://${addr.slice(10)}`;
    ctl.error(`'${addr}' D-Bus address is not handled`);
    return undefined;
  }
  if (!g) return undefined;
  let port = xpathInt(g.attrs.port) ?? 0;
  const tlsPort = xpathInt(g.attrs.tlsPort) ?? 0;
  let listen: string | undefined = g.attrs.listen;
  const l = listenOf(g);
  const sockpath = l?.attrs.type === 'socket' ? l.attrs.socket : undefined;
  if (!port && !tlsPort && !sockpath) return undefined;
  if (listen === undefined) listen = l?.attrs.address;
  else if (listen === '0.0.0.0' || listen === '::') listen = undefined; // a wildcard: the connection's host, none for test:///
  const passwd = g.attrs.passwd;
  let s = sockpath ? `${scheme}+unix://` : `${scheme}://`;
  if (scheme === 'vnc' && passwd !== undefined) s += `:${passwd}@`;
  if (listen === undefined && !sockpath) s += 'localhost';
  else if (!sockpath && listen!.includes(':')) s += `[${listen}]`;
  else s += sockpath ?? listen;
  if (port) {
    if (scheme === 'vnc') port -= 5900;
    s += `:${port}`;
  }
  s += '?';
  if (tlsPort) s += `tls-port=${tlsPort}&`;
  if (scheme === 'spice' && passwd !== undefined) s += `password=${passwd}&`;
  return s.slice(0, -1);
}

const domdisplay = defineCommand({
  name: 'domdisplay',
  info: { help: 'domain display connection URI', desc: "Prints the URI a viewer connects to for a running domain's graphical display." },
  opts: [domainOpt(), bool('include-password', 'put the display password in the URI'), str('type', 'only this kind of display (vnc, spice, rdp, dbus)'), bool('all', 'every display, not just the first')],
  async run(ctl, cmd) {
    const all = cmd.has('all');
    exclusive(cmd, 'all', 'type');
    const { dom } = await commandDomain(ctl, cmd);
    if (!(await dom.isActive().catch(() => true))) throw new CommandFailure('Domain is not running');
    const flags = cmd.has('include-password') ? 1 : 0;
    const type = cmd.stringReq('type');
    const root = await domainTree(dom, flags);
    let found = false;
    for (const scheme of ['vnc', 'spice', 'rdp', 'dbus']) {
      if (!all && type !== undefined && type !== scheme) continue;
      const d = oneDisplay(ctl, root, scheme);
      if (d === undefined) continue;
      ctl.print(d);
      found = true;
      if (!all) break;
      ctl.print('\n');
    }
    if (!found) throw new CommandFailure(type !== undefined ? `No graphical display with type '${type}' found` : 'No graphical display found');
    return true;
  },
});

const vncdisplay = defineCommand({
  name: 'vncdisplay',
  info: { help: 'vnc display', desc: "Prints the address and display number of a running domain's VNC server." },
  opts: [domainOpt()],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    if (!(await dom.isActive().catch(() => true))) throw new CommandFailure('Domain is not running');
    const root = await domainTree(dom, 0);
    const g = firstGraphics(root, 'vnc');
    const port = xpathInt(g?.attrs.port);
    if (!g || port === undefined) throw new CommandFailure('Failed to get VNC port. Is this domain using VNC?');
    const listen = g.attrs.listen ?? listenOf(g)?.attrs.address;
    ctl.print(listen === undefined || listen === '0.0.0.0' ? `:${port - 5900}\n` : `${listen}:${port - 5900}\n`);
    return true;
  },
});

const ttyconsole = defineCommand({
  name: 'ttyconsole',
  info: { help: 'tty console', desc: "Prints the host terminal device of a domain's console." },
  opts: [domainOpt()],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const root = await domainTree(dom, 0);
    const devices = root.children.find((c): c is XmlEl => 'name' in c && c.name === 'devices');
    const tty = devices?.children.find((c): c is XmlEl => 'name' in c && c.name === 'console')?.attrs.tty;
    // No console with a tty: virsh fails without a word.
    if (tty === undefined) return false;
    ctl.print(`${tty}\n`);
    return true;
  },
});

// --- jobs ---
const domjobinfo = defineCommand({
  name: 'domjobinfo',
  info: { help: 'domain job information', desc: "Prints the progress of a domain's running (or last completed) job." },
  opts: [domainOpt(), bool('completed', 'the last completed job instead'), bool('keep-completed', 'keep the completed job statistics'), bool('anystats', 'print statistics of any job'), bool('rawstats', 'print the raw statistics')],
  async run(ctl, cmd) {
    requireOpt(cmd, 'completed', 'keep-completed');
    const { dom } = await commandDomain(ctl, cmd);
    let flags = 0;
    if (cmd.has('completed')) flags |= 1;
    if (cmd.has('keep-completed')) flags |= 2;
    try {
      await dom.getJobStats(flags);
    } catch (e) {
      const { ErrorCode, VirError } = await import('../../../util/error.js');
      if (!VirError.is(e, ErrorCode.NoSupport)) throw e;
      if (flags !== 0 || cmd.has('rawstats')) throw new CommandFailure('Optional flags or --rawstats are not supported by the daemon', e);
      await dom.getJobInfo();
    }
    return true;
  },
});

const domjobabort = defineCommand({
  name: 'domjobabort',
  info: { help: 'abort active domain job', desc: "Aborts a domain's running job, such as a migration or a save." },
  opts: [domainOpt(), bool('postcopy', 'interrupt a post-copy migration')],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    await dom.abortJob(cmd.has('postcopy') ? 1 : 0);
    return true;
  },
});

// --- power management ---
const PM_TARGETS = ['mem', 'disk', 'hybrid'];

const dompmsuspend = defineCommand({
  name: 'dompmsuspend',
  info: { help: 'suspend a domain gracefully using power management functions', desc: 'Asks the guest to suspend itself to memory, to disk, or both.' },
  opts: [domainOpt(), data('target', 'mem, disk or hybrid'), { name: 'duration', type: 'int', reqOpt: true, help: 'wake up after this many seconds' }],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const duration = cmd.ulonglong('duration') ?? 0n;
    const target = PM_TARGETS.indexOf(cmd.stringReq('target') ?? '');
    if (target < 0) throw new CommandFailure('Invalid target');
    await orFail(`Domain '${dom.name}' could not be suspended`, () => dom.pmSuspendForDuration(target, duration, 0));
    ctl.printExtra(`Domain '${dom.name}' successfully suspended`);
    return true;
  },
});

const dompmwakeup = defineCommand({
  name: 'dompmwakeup',
  info: { help: 'wakeup a domain from pmsuspended state', desc: 'Wakes up a guest its power management suspended.' },
  opts: [domainOpt()],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    await orFail(`Domain '${dom.name}' could not be woken up`, () => dom.pmWakeup(0));
    ctl.printExtra(`Domain '${dom.name}' successfully woken up`);
    return true;
  },
});

// --- native configuration ---
const domxmlFromNative = defineCommand({
  name: 'domxml-from-native',
  info: { help: 'Convert native config to domain XML', desc: "Turns a hypervisor's native configuration (e.g. a QEMU command line) into domain XML." },
  opts: [data('format', 'the native format'), data('config', 'the file with the native configuration')],
  async run(ctl, cmd) {
    const format = cmd.stringReq('format') ?? '';
    const config = await ctl.readFile(cmd.stringReq('config') ?? '');
    const conn = await ctl.conn();
    ctl.print(await conn.domainXMLFromNative(format, config, 0));
    return true;
  },
});

const domxmlToNative = defineCommand({
  name: 'domxml-to-native',
  info: { help: 'Convert domain XML to native config', desc: "Turns domain XML (a file, or a domain's own) into the hypervisor's native configuration." },
  opts: [data('format', 'the native format'), { name: 'domain', type: 'string', reqOpt: true, help: 'the domain whose XML to convert' }, str('xml', 'the file with the domain XML')],
  async run(ctl, cmd) {
    const format = cmd.stringReq('format') ?? '';
    const xmlFile = cmd.stringReq('xml');
    exclusive(cmd, 'domain', 'xml');
    let xml: string;
    if (cmd.has('domain')) {
      const { dom } = await commandDomain(ctl, cmd);
      xml = await dom.getXMLDesc(0);
    } else if (xmlFile !== undefined) xml = await ctl.readFile(xmlFile);
    else throw new CommandFailure('need either domain or domain XML');
    const conn = await ctl.conn();
    ctl.print(await conn.domainXMLToNative(format, xml, 0));
    return true;
  },
});

// --- SSH keys, LXC, QEMU ---
const getUserSshkeys = defineCommand({
  name: 'get-user-sshkeys',
  info: { help: 'list authorized SSH keys for given user (via agent)', desc: "Prints a guest user's authorized SSH keys, read through the guest agent." },
  opts: [domainOpt(), data('user', 'the user name')],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const user = cmd.stringReq('user') ?? '';
    for (const k of await dom.authorizedSSHKeysGet(user, 0)) ctl.print(k);
    return true;
  },
});

const setUserSshkeys = defineCommand({
  name: 'set-user-sshkeys',
  info: { help: 'manipulate authorized SSH keys file for given user (via agent)', desc: "Adds, replaces or removes a guest user's authorized SSH keys through the guest agent." },
  opts: [domainOpt(), data('user', 'the user name'), str('file', 'a file with the keys, one per line'), bool('reset', 'replace the keys instead of adding to them'), bool('remove', 'remove the keys instead of adding them')],
  async run(ctl, cmd) {
    requireOpt(cmd, 'file', 'remove');
    exclusive(cmd, 'reset', 'remove');
    const { dom } = await commandDomain(ctl, cmd);
    const user = cmd.stringReq('user') ?? '';
    const file = cmd.stringReq('file');
    let flags = 0;
    if (cmd.has('remove')) flags |= 2;
    else if (!cmd.has('reset')) {
      flags |= 1;
      if (file === undefined) throw new CommandFailure('Option --file is required');
    }
    let keys: string[] = [];
    // Every line counts, the empty last one too, as g_strsplit leaves it.
    if (file !== undefined) keys = (await ctl.readFile(file)).split('\n');
    await dom.authorizedSSHKeysSet(user, keys, flags);
    return true;
  },
});

const lxcEnterNamespace = defineCommand({
  name: 'lxc-enter-namespace',
  info: { help: 'LXC Guest Enter Namespace', desc: "Runs a command inside an LXC container's namespaces." },
  opts: [domainOpt(), bool('noseclabel', 'do not enter the security label'), { name: 'cmd', type: 'argv', required: true, help: 'the command and its arguments' }],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    await dom.lxcOpenNamespace(0);
    return true;
  },
});

const qemuAttach = defineCommand({
  name: 'qemu-attach',
  info: { help: 'QEMU Attach', desc: 'Takes a QEMU process started outside libvirt under its management.' },
  opts: [data('pid', 'the process id')],
  async run(ctl, cmd) {
    const pid = cmd.uint('pid') ?? 0;
    const conn = await ctl.conn();
    const dom = await orFail(`Failed to attach to pid ${pid}`, () => conn.qemuAttach(pid, 0));
    ctl.print(`Domain '${dom.name}' attached to pid ${pid}\n`);
    return true;
  },
});

const qemuMonitorCommand = defineCommand({
  name: 'qemu-monitor-command',
  info: { help: 'QEMU Monitor Command', desc: "Sends a command to a domain's QEMU monitor and prints the reply." },
  opts: [domainOpt(), bool('hmp', 'the command is in the human monitor language'), bool('pretty', 'pretty-print the JSON reply'), bool('return-value', 'print only the reply\'s return value'), { name: 'pass-fds', type: 'string', reqOpt: true, help: 'file descriptors to pass along' }, { name: 'cmd', type: 'argv', required: true, help: 'the command' }],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    ctl.print(`${await dom.qemuMonitorCommand(cmd.argv('cmd').join(' '), cmd.has('hmp') ? 1 : 0)}\n`);
    return true;
  },
});

const qemuMonitorEvent = defineCommand({
  name: 'qemu-monitor-event',
  info: { help: 'QEMU Monitor Events', desc: 'Waits for QEMU monitor events and prints them.' },
  opts: [
    { name: 'domain', type: 'string', help: 'only events of this domain' },
    str('event', 'only this event'),
    bool('pretty', 'pretty-print the event data'),
    bool('loop', 'keep waiting after the first event'),
    int('timeout', 'stop after this many seconds'),
    bool('regex', 'the event name is a regular expression'),
    bool('no-case', 'match the event name without regard to case'),
    bool('timestamp', 'print a timestamp before each event'),
  ],
  async run(ctl, cmd) {
    cmd.timeoutMs();
    const event = cmd.stringReq('event') ?? null;
    const dom = cmd.has('domain') ? (await commandDomain(ctl, cmd)).dom : null;
    const conn = await ctl.conn();
    await conn.qemuMonitorEventRegister(dom, event, 0);
    return true;
  },
});

const qemuAgentCommand = defineCommand({
  name: 'qemu-agent-command',
  info: { help: 'QEMU Guest Agent Command', desc: "Sends a command to a domain's guest agent and prints the reply." },
  opts: [domainOpt(), { name: 'timeout', type: 'int', reqOpt: true, help: 'seconds to wait for the reply' }, bool('async', 'do not wait for the reply'), bool('block', 'wait for the reply without limit'), bool('pretty', 'pretty-print the JSON reply'), { name: 'cmd', type: 'argv', required: true, help: 'the command' }],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const timeout = cmd.int('timeout') ?? -2;
    ctl.print(`${await dom.qemuAgentCommand(cmd.argv('cmd').join(' '), timeout, 0)}\n`);
    return true;
  },
});

const guestAgentTimeout = defineCommand({
  name: 'guest-agent-timeout',
  info: { help: 'Set the guest agent timeout', desc: 'Sets how long libvirt waits for the guest agent to answer.' },
  opts: [domainOpt(), { name: 'timeout', type: 'int', reqOpt: true, help: 'seconds, or -2 (default), -1 (block) or 0 (no wait)' }],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const timeout = cmd.int('timeout') ?? -2;
    await dom.agentSetResponseTimeout(timeout, 0);
    return true;
  },
});

/** virDomainGuestInfoTypes bits in the order of guestinfo's options. */
const GUEST_INFO_TYPES: [string, number][] = [
  ['user', 1],
  ['os', 2],
  ['timezone', 4],
  ['hostname', 8],
  ['filesystem', 16],
  ['disk', 32],
  ['interface', 64],
];

const guestinfo = defineCommand({
  name: 'guestinfo',
  info: { help: 'query information about the guest (via agent)', desc: 'Prints what the guest agent reports: users, OS, time zone, host name, file systems, disks and interfaces.' },
  opts: [domainOpt(), ...GUEST_INFO_TYPES.map(([n]) => bool(n, `report ${n === 'os' ? 'operating system' : n} information`))],
  async run(ctl, cmd) {
    let types = 0;
    for (const [n, bit] of GUEST_INFO_TYPES) if (cmd.has(n)) types |= bit;
    const { dom } = await commandDomain(ctl, cmd);
    const { typedParamValue } = await import('./typed-param-text.js');
    for (const p of await dom.getGuestInfo(types, 0)) ctl.print(`${p.field.padEnd(20)}: ${typedParamValue(p)}\n`);
    return true;
  },
});

const domdirtyrateCalc = defineCommand({
  name: 'domdirtyrate-calc',
  info: { help: 'Calculate a vm\'s memory dirty rate', desc: 'Starts measuring how fast a domain dirties its memory; domstats --dirtyrate shows the result.' },
  opts: [domainOpt(), int('seconds', 'how long to measure'), str('mode', 'page-sampling, dirty-bitmap or dirty-ring')],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const seconds = cmd.int('seconds') ?? 1;
    const mode = cmd.stringReq('mode');
    let flags = 0;
    if (mode !== undefined) {
      const m = ['page-sampling', 'dirty-bitmap', 'dirty-ring'].indexOf(mode);
      if (m < 0) throw new CommandFailure(`Unknown calculation mode '${mode}'`);
      flags = m === 0 ? 0 : 1 << (m - 1);
    }
    await dom.startDirtyRateCalc(seconds, flags);
    ctl.printExtra('Start to calculate domain\'s memory dirty rate successfully.\n');
    return true;
  },
});

const domFdAssociate = defineCommand({
  name: 'dom-fd-associate',
  info: { help: 'associate a FD with a domain', desc: 'Hands file descriptors to the driver under a name the domain XML can refer to.' },
  opts: [domainOpt(), data('name', 'the name of the FD group'), data('pass-fds', 'file descriptors (comma-separated)'), bool('seclabel-writable', 'label the files writable'), bool('seclabel-restore', 'restore the labels afterwards')],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const name = cmd.stringReq('name') ?? '';
    const fdsStr = cmd.stringReq('pass-fds') ?? '';
    const fds = fdsStr.split(',').map((f) => {
      if (!/^\d+$/.test(f)) throw new CommandFailure(`Unable to parse FD number '${f}'`);
      return Number(f);
    });
    let flags = 0;
    if (cmd.has('seclabel-restore')) flags |= 1;
    if (cmd.has('seclabel-writable')) flags |= 2;
    await dom.fdAssociate(name, fds, flags);
    return true;
  },
});

const domsetlaunchsecstate = defineCommand({
  name: 'domsetlaunchsecstate',
  info: { help: 'Set domain launch security state', desc: "Injects a secret into a confidential guest's memory." },
  opts: [domainOpt(), { name: 'secrethdr', type: 'string', reqOpt: true, help: 'the file with the secret header' }, { name: 'secret', type: 'string', reqOpt: true, help: 'the file with the secret' }, int('set-address', 'the guest physical address for the secret')],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const hdrFile = cmd.stringReq('secrethdr');
    const secFile = cmd.stringReq('secret');
    const address = cmd.ulonglong('set-address');
    if (hdrFile === undefined || secFile === undefined) throw new CommandFailure('Both secret and the secret header are required');
    const hdr = await ctl.readFile(hdrFile);
    const sec = await ctl.readFile(secFile);
    const { TypedParamType } = await import('../../../driver/types.js');
    const params = [
      { field: 'sev-secret-header', type: TypedParamType.String, value: Buffer.from(hdr).toString('base64') },
      { field: 'sev-secret', type: TypedParamType.String, value: Buffer.from(sec).toString('base64') },
    ];
    if (address !== undefined) params.push({ field: 'sev-secret-set-address', type: TypedParamType.ULLong, value: address } as never);
    await orFail('Unable to set launch security state', () => dom.setLaunchSecurityState(params, 0));
    return true;
  },
});

// --- migration tuning ---
const migrateSetmaxdowntime = defineCommand({
  name: 'migrate-setmaxdowntime',
  info: { help: 'set maximum tolerable downtime', desc: 'Sets the longest pause (in ms) a live migration may impose on the domain.' },
  opts: [domainOpt(), { name: 'downtime', type: 'int', required: true, help: 'the downtime in milliseconds' }],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const downtime = cmd.ulonglong('downtime') ?? 0n;
    if (downtime < 1n) throw new CommandFailure(`migrate: Invalid downtime`);
    await dom.migrateSetMaxDowntime(downtime, 0);
    return true;
  },
});

const migrateGetmaxdowntime = defineCommand({
  name: 'migrate-getmaxdowntime',
  info: { help: 'get maximum tolerable downtime', desc: 'Prints the longest pause (in ms) a live migration may impose on the domain.' },
  opts: [domainOpt()],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    ctl.print(`${await dom.migrateGetMaxDowntime(0)}\n`);
    return true;
  },
});

const migrateCompcache = defineCommand({
  name: 'migrate-compcache',
  info: { help: 'get/set compression cache size', desc: 'Prints, or sets with --size, the size of the cache for compressed live migration.' },
  opts: [domainOpt(), { name: 'size', type: 'int', reqOpt: true, help: 'the cache size in bytes, or with a unit' }],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const size = cmd.scaled('size', 1, 0xffffffffffffffffn);
    if (size !== undefined) await dom.migrateSetCompressionCache(size, 0);
    const got = await dom.migrateGetCompressionCache(0);
    ctl.print(`Compression cache: ${got} B\n`);
    return true;
  },
});

const migrateSetspeed = defineCommand({
  name: 'migrate-setspeed',
  info: { help: 'Set the maximum migration bandwidth', desc: 'Sets the most bandwidth (MiB/s) a migration of the domain may use.' },
  opts: [domainOpt(), { name: 'bandwidth', type: 'int', required: true, help: 'the bandwidth in MiB/s' }, bool('postcopy', 'the limit of the post-copy phase')],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const bandwidth = cmd.ulonglongWrap('bandwidth') ?? 0n;
    await dom.migrateSetMaxSpeed(bandwidth, cmd.has('postcopy') ? 1 : 0);
    return true;
  },
});

const migrateGetspeed = defineCommand({
  name: 'migrate-getspeed',
  info: { help: 'Get the maximum migration bandwidth', desc: 'Prints the most bandwidth (MiB/s) a migration of the domain may use.' },
  opts: [domainOpt(), bool('postcopy', 'the limit of the post-copy phase')],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    ctl.print(`${await dom.migrateGetMaxSpeed(cmd.has('postcopy') ? 1 : 0)}\n`);
    return true;
  },
});

const migratePostcopy = defineCommand({
  name: 'migrate-postcopy',
  info: { help: 'Switch running migration from pre-copy to post-copy', desc: 'Moves a running migration into its post-copy phase.' },
  opts: [domainOpt()],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    await dom.migrateStartPostCopy(0);
    return true;
  },
});

// --- migrate ---
const MIGRATE_BOOLS: [string, string][] = [
  ['live', 'migrate without stopping the domain'],
  ['offline', 'migrate only the definition'],
  ['p2p', 'let the source libvirtd talk to the destination itself'],
  ['direct', 'let the hypervisor migrate by itself'],
];
const migrate = defineCommand({
  name: 'migrate',
  info: { help: 'migrate domain to another host', desc: 'Moves a domain to another host, running or not.' },
  opts: [
    domainOpt(),
    data('desturi', 'the destination connection URI'),
    ...MIGRATE_BOOLS.map(([n, h]) => bool(n, h)),
    { name: 'tunneled', type: 'alias', help: 'tunnelled' },
    bool('tunnelled', 'carry the data through the libvirt connection'),
    bool('persistent', 'keep the domain defined on the destination'),
    bool('undefinesource', 'undefine the domain on the source'),
    bool('suspend', 'leave the domain paused on the destination'),
    bool('copy-storage-all', 'copy all disks too'),
    bool('copy-storage-inc', 'copy disks incrementally'),
    bool('copy-storage-synchronous-writes', 'make guest writes wait for the disk copy'),
    bool('change-protection', 'forbid changes to the domain while it migrates'),
    bool('unsafe', 'migrate even when libvirt finds it unsafe'),
    bool('verbose', 'show progress'),
    bool('compressed', 'compress the memory data'),
    bool('auto-converge', 'slow the guest down until the migration converges'),
    bool('rdma-pin-all', 'pin all guest memory for RDMA'),
    bool('abort-on-error', 'abort on I/O errors'),
    bool('postcopy', 'allow switching to post-copy'),
    bool('postcopy-after-precopy', 'switch to post-copy after the first pass'),
    bool('postcopy-resume', 'resume a failed post-copy migration'),
    bool('zerocopy', 'send memory pages without copying them'),
    str('migrateuri', 'the URI for the migration data'),
    str('graphicsuri', 'the graphics URI clients should use afterwards'),
    str('listen-address', 'the address the destination listens on'),
    str('dname', 'a new name for the domain on the destination'),
    int('timeout', 'act when the live migration takes longer than this many seconds'),
    bool('timeout-suspend', 'suspend the guest after the timeout'),
    bool('timeout-postcopy', 'switch to post-copy after the timeout'),
    str('xml', 'a file with the XML for the destination'),
    str('migrate-disks', 'the disks to copy (comma-separated targets)'),
    int('disks-port', 'the port for the disk copy'),
    str('disks-uri', 'the URI for the disk copy'),
    str('comp-methods', 'the compression methods'),
    int('comp-mt-level', 'the multithread compression level'),
    int('comp-mt-threads', 'the number of compression threads'),
    int('comp-mt-dthreads', 'the number of decompression threads'),
    int('comp-xbzrle-cache', 'the XBZRLE cache size'),
    int('auto-converge-initial', 'the initial auto-converge throttle'),
    int('auto-converge-increment', 'the auto-converge throttle step'),
    str('persistent-xml', 'a file with the persistent XML for the destination'),
    bool('tls', 'use TLS for the migration data'),
    int('postcopy-bandwidth', 'the post-copy bandwidth limit (MiB/s)'),
    bool('parallel', 'use several connections'),
    int('parallel-connections', 'how many connections'),
    int('bandwidth', 'the bandwidth limit (MiB/s)'),
    str('tls-destination', 'the host name to check the TLS certificate against'),
  ],
  async run(ctl, cmd) {
    exclusive(cmd, 'live', 'offline');
    exclusive(cmd, 'timeout-suspend', 'timeout-postcopy');
    requireOpt(cmd, 'postcopy', 'postcopy-after-precopy');
    requireOpt(cmd, 'postcopy', 'postcopy-resume');
    requireOpt(cmd, 'postcopy', 'timeout-postcopy');
    requireOpt(cmd, 'persistent', 'persistent-xml');
    requireOpt(cmd, 'tls', 'tls-destination');
    const { dom } = await commandDomain(ctl, cmd);
    const timeout = cmd.uint('timeout') ?? 0;
    if (timeout > 0 && !cmd.has('live')) throw new CommandFailure('migrate: Unexpected timeout for offline migration');
    if (timeout === 0 && (cmd.has('timeout-suspend') || cmd.has('timeout-postcopy'))) throw new CommandFailure('migrate: Unexpected --timeout-* option without --timeout');
    const { ErrorCode, ErrorDomain, errorsFrom, noSupport } = await import('../../../util/error.js');
    // Peer-to-peer and direct migration are features the driver must announce; the test driver announces neither.
    if (cmd.has('p2p')) throw errorsFrom(ErrorDomain.Domain)(ErrorCode.ArgumentUnsupported, 'p2p migration is not supported by the source host');
    if (cmd.has('direct')) throw errorsFrom(ErrorDomain.Domain)(ErrorCode.ArgumentUnsupported, 'direct migration is not supported by the source host');
    const desturi = cmd.stringReq('desturi') ?? '';
    const { open } = await import('../../../api/index.js');
    const dconn = await open(desturi);
    try {
      throw noSupport('virDomainMigrate3', ErrorDomain.Domain);
    } finally {
      await dconn.close();
      void dom;
    }
  },
});

// --- edit, metadata ---
const edit = defineCommand({
  name: 'edit',
  info: { help: 'edit XML configuration for a domain', desc: "Opens a domain's XML in $EDITOR and defines the result." },
  opts: [domainOpt(), bool('skip-validate', 'do not check the XML against the schema')],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const defineFlags = cmd.has('skip-validate') ? 0 : 1;
    const conn = await ctl.conn();
    const { editLoop } = await import('./network.js');
    return editLoop(ctl, {
      getXml: () => dom.getXMLDesc(1 | 2),
      define: async (xml) => (await conn.domainDefineXML(xml, defineFlags)).name,
      notChanged: `Domain '${dom.name}' XML configuration not changed.\n`,
      edited: (name) => `Domain '${name}' XML configuration edited.\n`,
    });
  },
});

const metadata = defineCommand({
  name: 'metadata',
  info: { help: 'show or set domain\'s custom XML metadata', desc: "Prints, sets or removes a domain's metadata element of one XML namespace." },
  opts: [
    domainOpt(),
    data('uri', 'the namespace URI of the element'),
    optLive('the running domain'),
    optConfig('the persistent configuration'),
    optCurrent('the running domain, or the configuration if it is stopped'),
    bool('edit', 'edit the element in $EDITOR'),
    str('key', 'the namespace prefix to use when setting'),
    str('set', 'the new element (XML)'),
    bool('remove', 'remove the element'),
  ],
  async run(ctl, cmd) {
    const config = cmd.has('config');
    const live = cmd.has('live');
    exclusive(cmd, 'current', 'live');
    exclusive(cmd, 'current', 'config');
    exclusive(cmd, 'edit', 'set');
    exclusive(cmd, 'remove', 'set');
    exclusive(cmd, 'remove', 'edit');
    let flags = 0;
    if (config) flags |= 2;
    if (live) flags |= 1;
    const { dom } = await commandDomain(ctl, cmd);
    const uri = cmd.stringReq('uri') ?? '';
    const key = cmd.stringReq('key');
    const set = cmd.stringReq('set');
    if ((set !== undefined || cmd.has('edit')) && key === undefined) throw new CommandFailure('namespace key is required when modifying metadata');
    if (set !== undefined || cmd.has('remove')) {
      await dom.setMetadata(2, set ?? null, key ?? null, uri, flags);
      ctl.printExtra(cmd.has('remove') ? 'Metadata removed\n' : 'Metadata modified\n');
      return true;
    }
    if (cmd.has('edit')) throw new CommandFailure('Cannot run an editor without a controlling TTY');
    ctl.print(`${await dom.getMetadata(2, uri, flags)}\n`);
    return true;
  },
});

export const miscCommands = {
  migrate,
  blockcommit,
  blockcopy,
  blockjob,
  blockpull,
  blockresize,
  domFdAssociate,
  domblkthreshold,
  domdirtyrateCalc,
  domdisplay,
  domjobabort,
  domjobinfo,
  dompmsuspend,
  dompmwakeup,
  domsetlaunchsecstate,
  domxmlFromNative,
  domxmlToNative,
  edit,
  getUserSshkeys,
  guestAgentTimeout,
  guestinfo,
  lxcEnterNamespace,
  metadata,
  migrateCompcache,
  migrateGetmaxdowntime,
  migratePostcopy,
  migrateSetmaxdowntime,
  migrateGetspeed,
  migrateSetspeed,
  qemuAgentCommand,
  qemuAttach,
  qemuMonitorCommand,
  qemuMonitorEvent,
  setUserSshkeys,
  ttyconsole,
  vncdisplay,
};
