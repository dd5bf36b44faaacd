// virsh's "Domain Management" group (virsh-domain.c): defining, starting and stopping domains,
// their XML, memory and vCPUs, save images. Messages and outputs are virsh's; help texts ours.
import type { Domain } from '../../../api/domain.js';
import { TypedParamType, type TypedParam } from '../../../driver/types.js';
import { ErrorCode, VirError } from '../../../util/error.js';
import { CommandFailure, defineCommand, type CommandDef, type Ctl, type OptDef, type ParsedCommand } from '../../vsh/command-def.js';
import { domainDescription, exclusive, optConfig, optCurrent, optLive, orFail } from './domain-monitor.js';
import { commandDomain, domainOpt } from './lookup.js';
import { jobDone, saveCommands } from './domain-save.js';
import { cpuCommands } from './domain-cpu.js';
import { tuneCommands } from './domain-tune.js';
import { guestCommands } from './domain-guest.js';
import { deviceCommands } from './domain-devices.js';
import { miscCommands } from './domain-misc.js';

const AFFECT_LIVE = 1;
const AFFECT_CONFIG = 2;

const fileOpt = (help: string): OptDef => ({ name: 'file', type: 'data', required: true, help });

/** VSH_REQUIRE_OPTION: "Option --a is required by option --b". */
function requireOpt(cmd: ParsedCommand, needed: string, by: string): void {
  if (cmd.has(by) && !cmd.has(needed)) throw new CommandFailure(`Option --${needed} is required by option --${by}`);
}

/** --config / --live / --current → virDomainModificationImpact, with virsh's exclusivity checks. */
function impactFlags(cmd: ParsedCommand): number {
  exclusive(cmd, 'current', 'live');
  exclusive(cmd, 'current', 'config');
  let flags = 0;
  if (cmd.has('config')) flags |= AFFECT_CONFIG;
  if (cmd.has('live')) flags |= AFFECT_LIVE;
  return flags;
}

async function readXmlFile(ctl: Ctl, cmd: ParsedCommand): Promise<{ from: string; xml: string }> {
  const from = cmd.stringReq('file') ?? '';
  return { from, xml: await ctl.readFile(from) };
}

// --- define / create / undefine ---
const define = defineCommand({
  name: 'define',
  info: { help: 'define (but don\'t start) a domain from an XML file', desc: 'Makes a domain persistent from its XML description, without starting it.' },
  opts: [fileOpt('the XML description of the domain'), { name: 'validate', type: 'bool', help: 'check the XML against the schema first' }],
  async run(ctl, cmd) {
    const { from, xml } = await readXmlFile(ctl, cmd);
    const flags = cmd.has('validate') ? 1 : 0;
    const conn = await ctl.conn();
    const dom = await orFail(`Failed to define domain from ${from}`, () => conn.domainDefineXML(xml, flags));
    ctl.printExtra(`Domain '${dom.name}' defined from ${from}\n`);
    return true;
  },
});

const create = defineCommand({
  name: 'create',
  info: { help: 'create a domain from an XML file', desc: 'Starts a transient domain from its XML description.' },
  opts: [
    fileOpt('the XML description of the domain'),
    { name: 'console', type: 'bool', help: 'attach to the console once started' },
    { name: 'paused', type: 'bool', help: 'leave the domain paused after starting it' },
    { name: 'autodestroy', type: 'bool', help: 'destroy the domain when this connection closes' },
    { name: 'pass-fds', type: 'string', help: 'file descriptors (comma-separated) to hand to the guest' },
    { name: 'validate', type: 'bool', help: 'check the XML against the schema first' },
    { name: 'reset-nvram', type: 'bool', help: 'start from a fresh copy of the NVRAM template' },
  ],
  async run(ctl, cmd) {
    const { from, xml } = await readXmlFile(ctl, cmd);
    let flags = 0;
    if (cmd.has('paused')) flags |= 1;
    if (cmd.has('autodestroy')) flags |= 2;
    if (cmd.has('validate')) flags |= 16;
    if (cmd.has('reset-nvram')) flags |= 32;
    const conn = await ctl.conn();
    const dom = await orFail(`Failed to create domain from ${from}`, () => conn.domainCreateXML(xml, flags));
    ctl.printExtra(`Domain '${dom.name}' created from ${from}\n`);
    if (cmd.has('console')) throw new CommandFailure('Cannot run interactive console without a controlling TTY');
    return true;
  },
});

const undefine = defineCommand({
  name: 'undefine',
  info: { help: 'undefine a domain', desc: "Removes a domain's persistent configuration; a running domain becomes transient." },
  opts: [
    domainOpt(),
    { name: 'managed-save', type: 'bool', help: 'also remove its managed save image' },
    { name: 'storage', type: 'string', help: 'volumes to remove with it (comma-separated targets or sources)' },
    { name: 'remove-all-storage', type: 'bool', help: 'remove every volume the domain uses' },
    { name: 'delete-snapshots', type: 'alias', help: 'delete-storage-volume-snapshots' },
    { name: 'delete-storage-volume-snapshots', type: 'bool', help: 'remove the volumes with their snapshots' },
    { name: 'wipe-storage', type: 'bool', help: 'wipe the data of removed volumes' },
    { name: 'snapshots-metadata', type: 'bool', help: 'also remove its snapshot metadata' },
    { name: 'checkpoints-metadata', type: 'bool', help: 'also remove its checkpoint metadata' },
    { name: 'nvram', type: 'bool', help: 'also remove its NVRAM file' },
    { name: 'keep-nvram', type: 'bool', help: 'keep its NVRAM file' },
    { name: 'tpm', type: 'bool', help: 'also remove its TPM state' },
    { name: 'keep-tpm', type: 'bool', help: 'keep its TPM state' },
  ],
  async run(ctl, cmd) {
    requireOpt(cmd, 'remove-all-storage', 'delete-storage-volume-snapshots');
    exclusive(cmd, 'nvram', 'keep-nvram');
    exclusive(cmd, 'tpm', 'keep-tpm');
    const storage = cmd.string('storage');
    const removeAll = cmd.has('remove-all-storage');
    if (storage === undefined && !removeAll && cmd.has('wipe-storage')) {
      throw new CommandFailure("'--wipe-storage' requires '--storage <string>' or '--remove-all-storage'");
    }
    let flags = 0;
    if (cmd.has('managed-save')) flags |= 1;
    if (cmd.has('snapshots-metadata')) flags |= 2;
    if (cmd.has('nvram')) flags |= 4;
    if (cmd.has('keep-nvram')) flags |= 8;
    if (cmd.has('checkpoints-metadata')) flags |= 16;
    if (cmd.has('tpm')) flags |= 32;
    if (cmd.has('keep-tpm')) flags |= 64;
    const { dom, name } = await commandDomain(ctl, cmd);
    const managedSave = cmd.has('managed-save');
    const snapshotsMetadata = cmd.has('snapshots-metadata');
    // Whether undefining cannot strand a save image or snapshot metadata (so the flags API may be used).
    let managedSaveSafe = managedSave;
    let snapshotsSafe = snapshotsMetadata;
    const running = await dom.isActive();
    let hasManagedSave = false;
    let hasSnapshots = 0;
    let hasSnapshotsMetadata = 0;
    if (!running) {
      try {
        hasManagedSave = await dom.hasManagedSaveImage(0);
      } catch (e) {
        if (!VirError.is(e, ErrorCode.NoSupport)) throw e;
      }
      try {
        hasSnapshots = await dom.snapshotNum(0);
      } catch (e) {
        if (!VirError.is(e, ErrorCode.NoSupport)) throw e;
      }
      if (hasSnapshots) {
        try {
          hasSnapshotsMetadata = await dom.snapshotNum(2);
          managedSaveSafe = snapshotsSafe = true;
        } catch {
          hasSnapshotsMetadata = hasSnapshots;
        }
      }
    }
    // Flags for things the domain does not have are dropped, so older servers are not asked to know them.
    if (!hasManagedSave) {
      flags &= ~1;
      managedSaveSafe = true;
    }
    if (hasSnapshots === 0) snapshotsSafe = true;
    if (hasSnapshotsMetadata === 0) {
      flags &= ~2;
      snapshotsSafe = true;
    }
    if (storage !== undefined || removeAll) {
      if (running) throw new CommandFailure('Storage volume deletion is supported only on stopped domains');
      if (storage !== undefined && removeAll) throw new CommandFailure('Specified both --storage and --remove-all-storage');
    }
    const failed = (e?: unknown) => new CommandFailure(`Failed to undefine domain '${name}'`, e);
    let done = false;
    if ((managedSaveSafe && snapshotsSafe) || cmd.has('nvram')) {
      try {
        await dom.undefineFlags(flags);
        done = true;
      } catch (e) {
        if (cmd.has('nvram') || (!VirError.is(e, ErrorCode.NoSupport) && !VirError.is(e, ErrorCode.InvalidArg))) throw failed(e);
      }
    }
    if (!done) {
      // The flags API is missing or unsafe: do it piece by piece.
      if (hasManagedSave) {
        if (!managedSave) throw new CommandFailure('Refusing to undefine while domain managed save image exists');
        await dom.managedSaveRemove(0);
      }
      if (hasSnapshotsMetadata) {
        throw new CommandFailure(
          snapshotsMetadata ? `Unable to remove metadata of ${hasSnapshotsMetadata} snapshots` : `Refusing to undefine while ${hasSnapshotsMetadata} snapshots exist`,
        );
      }
      try {
        await dom.undefine(0);
      } catch (e) {
        throw failed(e);
      }
    }
    ctl.printExtra(`Domain '${name}' has been undefined\n`);
    return true;
  },
});

// --- lifecycle ---
const start = defineCommand({
  name: 'start',
  info: { help: 'start a (previously defined) inactive domain', desc: 'Boots a defined domain that is not running, or resumes it from its managed save image.' },
  opts: [
    { name: 'domain', type: 'data', required: true, help: 'the stopped domain (name or UUID)' },
    { name: 'console', type: 'bool', help: 'attach to the console once started' },
    { name: 'paused', type: 'bool', help: 'leave the domain paused after starting it' },
    { name: 'autodestroy', type: 'bool', help: 'destroy the domain when this connection closes' },
    { name: 'bypass-cache', type: 'bool', help: 'read a save image without the host page cache' },
    { name: 'force-boot', type: 'bool', help: 'boot afresh, discarding any managed save image' },
    { name: 'pass-fds', type: 'string', help: 'file descriptors (comma-separated) to hand to the guest' },
    { name: 'reset-nvram', type: 'bool', help: 'start from a fresh copy of the NVRAM template' },
  ],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd, { byName: true, byUuid: true });
    if (dom.id !== -1) throw new CommandFailure('Domain is already active');
    let flags = 0;
    if (cmd.has('paused')) flags |= 1;
    if (cmd.has('autodestroy')) flags |= 2;
    if (cmd.has('bypass-cache')) flags |= 4;
    if (cmd.has('force-boot')) flags |= 8;
    if (cmd.has('reset-nvram')) flags |= 32;
    let started = false;
    if (flags & 8) {
      try {
        await dom.create(flags);
        started = true;
      } catch (e) {
        if (!VirError.is(e, ErrorCode.NoSupport) && !VirError.is(e, ErrorCode.InvalidArg)) throw e;
        const has = await dom.hasManagedSaveImage(0).catch(() => false);
        if (has) await dom.managedSaveRemove(0);
        flags &= ~8;
      }
    }
    if (!started) await orFail(`Failed to start domain '${dom.name}'`, () => dom.create(flags));
    ctl.printExtra(`Domain '${dom.name}' started\n`);
    if (cmd.has('console')) throw new CommandFailure('Cannot run interactive console without a controlling TTY');
    return true;
  },
});

/** The --mode list of shutdown and reboot: names → VIR_DOMAIN_{SHUTDOWN,REBOOT}_* bits. */
const POWER_MODES: Record<string, number> = { acpi: 1, agent: 2, initctl: 4, signal: 8, paravirt: 16 };

function powerModeFlags(cmd: ParsedCommand): number {
  const mode = cmd.stringReq('mode');
  if (mode === undefined) return 0;
  let flags = 0;
  for (const m of mode.split(',')) {
    if (m === '') continue;
    const f = POWER_MODES[m];
    if (f === undefined) throw new CommandFailure(`Unknown mode ${m} value, expecting 'acpi', 'agent', 'initctl', 'signal', or 'paravirt'`);
    flags |= f;
  }
  return flags;
}

const modeOpt: OptDef = { name: 'mode', type: 'string', help: 'how to ask the guest: acpi, agent, initctl, signal or paravirt' };

const shutdown = defineCommand({
  name: 'shutdown',
  info: { help: 'gracefully shutdown a domain', desc: 'Asks a running domain to shut itself down.' },
  opts: [domainOpt(), modeOpt],
  async run(ctl, cmd) {
    const flags = powerModeFlags(cmd);
    const { dom, name } = await commandDomain(ctl, cmd);
    await orFail(`Failed to shutdown domain '${name}'`, () => dom.shutdown(flags));
    ctl.printExtra(`Domain '${name}' is being shutdown\n`);
    return true;
  },
});

const reboot = defineCommand({
  name: 'reboot',
  info: { help: 'reboot a domain', desc: 'Asks a running domain to restart.' },
  opts: [domainOpt(), modeOpt],
  async run(ctl, cmd) {
    const flags = powerModeFlags(cmd);
    const { dom, name } = await commandDomain(ctl, cmd);
    await orFail(`Failed to reboot domain '${name}'`, () => dom.reboot(flags));
    ctl.printExtra(`Domain '${name}' is being rebooted\n`);
    return true;
  },
});

const reset = defineCommand({
  name: 'reset',
  info: { help: 'reset a domain', desc: 'Resets a running domain at once, like a hardware reset button.' },
  opts: [domainOpt()],
  async run(ctl, cmd) {
    const { dom, name } = await commandDomain(ctl, cmd);
    await orFail(`Failed to reset domain '${name}'`, () => dom.reset(0));
    ctl.printExtra(`Domain '${name}' was reset\n`);
    return true;
  },
});

const destroy = defineCommand({
  name: 'destroy',
  info: { help: 'destroy (stop) a domain', desc: 'Stops a running domain at once, as pulling its power cord would.' },
  opts: [domainOpt(), { name: 'graceful', type: 'bool', help: 'give the guest a chance to stop cleanly first' }, { name: 'remove-logs', type: 'bool', help: 'also remove the domain logs' }],
  async run(ctl, cmd) {
    const { dom, name } = await commandDomain(ctl, cmd);
    let flags = 0;
    if (cmd.has('graceful')) flags |= 1;
    if (cmd.has('remove-logs')) flags |= 2;
    await orFail(`Failed to destroy domain '${name}'`, () => dom.destroy(flags));
    ctl.printExtra(`Domain '${name}' destroyed\n`);
    return true;
  },
});

const suspend = defineCommand({
  name: 'suspend',
  info: { help: 'suspend a domain', desc: 'Pauses a running domain, keeping it in memory.' },
  opts: [domainOpt()],
  async run(ctl, cmd) {
    const { dom, name } = await commandDomain(ctl, cmd);
    await orFail(`Failed to suspend domain '${name}'`, () => dom.suspend());
    ctl.printExtra(`Domain '${name}' suspended\n`);
    return true;
  },
});

const resume = defineCommand({
  name: 'resume',
  info: { help: 'resume a domain', desc: 'Lets a paused domain run again.' },
  opts: [domainOpt()],
  async run(ctl, cmd) {
    const { dom, name } = await commandDomain(ctl, cmd);
    await orFail(`Failed to resume domain '${name}'`, () => dom.resume());
    ctl.printExtra(`Domain '${name}' resumed\n`);
    return true;
  },
});

const autostart = defineCommand({
  name: 'autostart',
  info: { help: 'autostart a domain', desc: 'Sets whether a domain starts when the host does.' },
  opts: [domainOpt(), { name: 'disable', type: 'bool', help: 'turn autostart off' }],
  async run(ctl, cmd) {
    const { dom, name } = await commandDomain(ctl, cmd);
    const enable = !cmd.has('disable');
    try {
      await dom.setAutostart(enable);
    } catch (e) {
      throw new CommandFailure(enable ? `Failed to mark domain '${name}' as autostarted` : `Failed to unmark domain '${name}' as autostarted`, e);
    }
    ctl.printExtra(enable ? `Domain '${name}' marked as autostarted\n` : `Domain '${name}' unmarked as autostarted\n`);
    return true;
  },
});

// --- identity ---
const domid = defineCommand({
  name: 'domid',
  info: { help: 'convert a domain name or UUID to domain id', desc: "Prints a domain's id, or '-' when it is not running." },
  opts: [{ name: 'domain', type: 'data', required: true, help: 'the domain (name or UUID)' }],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd, { byName: true, byUuid: true });
    ctl.print(dom.id === -1 ? '-\n' : `${dom.id}\n`);
    return true;
  },
});

const domname = defineCommand({
  name: 'domname',
  info: { help: 'convert a domain id or UUID to domain name', desc: "Prints a domain's name." },
  opts: [{ name: 'domain', type: 'data', required: true, help: 'the domain (id or UUID)' }],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd, { byId: true, byUuid: true });
    ctl.print(`${dom.name}\n`);
    return true;
  },
});

const domuuid = defineCommand({
  name: 'domuuid',
  info: { help: 'convert a domain name or id to domain UUID', desc: "Prints a domain's UUID." },
  opts: [{ name: 'domain', type: 'data', required: true, help: 'the domain (id or name)' }],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd, { byId: true, byName: true });
    ctl.print(`${dom.uuid}\n`);
    return true;
  },
});

const domrename = defineCommand({
  name: 'domrename',
  info: { help: 'rename a domain', desc: 'Gives a stopped, persistent domain a new name.' },
  opts: [{ name: 'domain', type: 'data', required: true, help: 'the domain (name or UUID)' }, { name: 'new-name', type: 'data', required: true, help: 'its new name' }],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd, { byName: true, byUuid: true });
    const newName = cmd.stringReq('new-name') ?? '';
    await dom.rename(newName, 0);
    ctl.printExtra('Domain successfully renamed\n');
    return true;
  },
});

const domhostname = defineCommand({
  name: 'domhostname',
  info: { help: 'print the domain\'s hostname', desc: 'Prints the host name the guest reports.' },
  opts: [domainOpt(), { name: 'source', type: 'string', help: 'where to ask: agent or lease' }],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const source = cmd.stringReq('source');
    let flags = 0;
    if (source !== undefined) {
      if (source === 'agent') flags = 1;
      else if (source === 'lease') flags = 2;
      else throw new CommandFailure(`Unknown data source '${source}'`);
    }
    let name: string;
    try {
      name = await dom.getHostname(flags);
    } catch (e) {
      throw new CommandFailure('failed to get hostname', e);
    }
    ctl.print(`${name}\n`);
    return true;
  },
});

// --- XML ---
const dumpxml = defineCommand({
  name: 'dumpxml',
  info: { help: 'domain information in XML', desc: 'Prints the XML description of a domain.' },
  opts: [
    domainOpt(),
    { name: 'inactive', type: 'bool', help: 'the persistent configuration rather than the running one' },
    { name: 'security-info', type: 'bool', help: 'include secrets such as passwords' },
    { name: 'update-cpu', type: 'bool', help: 'refresh the guest CPU from the host CPU' },
    { name: 'migratable', type: 'bool', help: 'the form suitable for migrating the domain' },
    { name: 'xpath', type: 'string', reqOpt: true, help: 'print only what this XPath expression selects' },
    { name: 'wrap', type: 'bool', help: 'wrap the XPath results in one root element' },
  ],
  async run(ctl, cmd) {
    let flags = 0;
    if (cmd.has('inactive')) flags |= 2;
    if (cmd.has('security-info')) flags |= 1;
    if (cmd.has('update-cpu')) flags |= 4;
    if (cmd.has('migratable')) flags |= 8;
    const { dom } = await commandDomain(ctl, cmd);
    const xpath = cmd.string('xpath');
    const xml = await dom.getXMLDescChecked(flags);
    if (xpath === undefined) {
      ctl.print(xml);
      return true;
    }
    // The XPath filter needs libxml2, which only this path loads.
    const { dumpXml } = await import('./network.js');
    return dumpXml(ctl, xml, 'domain', xpath, cmd.has('wrap'));
  },
});

// --- managed save ---
const managedsave = defineCommand({
  name: 'managedsave',
  info: { help: 'managed save of a domain state', desc: 'Saves a running domain to a file libvirt manages; the next start restores it.' },
  opts: [
    domainOpt(),
    { name: 'bypass-cache', type: 'bool', help: 'write without the host page cache' },
    { name: 'running', type: 'bool', help: 'have the domain running when restored' },
    { name: 'paused', type: 'bool', help: 'have the domain paused when restored' },
    { name: 'verbose', type: 'bool', help: 'show progress' },
  ],
  async run(ctl, cmd) {
    exclusive(cmd, 'running', 'paused');
    let flags = 0;
    if (cmd.has('bypass-cache')) flags |= 1;
    if (cmd.has('running')) flags |= 2;
    if (cmd.has('paused')) flags |= 4;
    const { dom, name } = await commandDomain(ctl, cmd);
    await orFail(`Failed to save domain '${name}' state`, () => dom.managedSave(flags));
    jobDone(cmd, 'Managedsave');
    ctl.printExtra(`\nDomain '${name}' state saved by libvirt\n`);
    return true;
  },
});

const managedsaveRemove = defineCommand({
  name: 'managedsave-remove',
  info: { help: 'Remove managed save of a domain', desc: "Discards a domain's managed save image, so its next start boots afresh." },
  opts: [domainOpt()],
  async run(ctl, cmd) {
    const { dom, name } = await commandDomain(ctl, cmd);
    let has: boolean;
    try {
      has = await dom.hasManagedSaveImage(0);
    } catch (e) {
      throw new CommandFailure('Failed to check for domain managed save image', e);
    }
    if (!has) {
      ctl.printExtra(`Domain '${name}' has no manage save image; removal skipped`);
      return true;
    }
    await orFail(`Failed to remove managed save image for domain '${name}'`, () => dom.managedSaveRemove(0));
    ctl.printExtra(`Removed managedsave image for domain '${name}'`);
    return true;
  },
});

// --- memory and vCPUs ---
const ULONG_MAX = 0xffffffffffffffffn;

const sizeOpts = (help: string): OptDef[] => [
  domainOpt(),
  { name: 'kilobytes', type: 'alias', help: 'size' },
  { name: 'size', type: 'int', required: true, help },
  optConfig('change the persistent configuration'),
  optLive('change the running domain'),
  optCurrent('change the running domain, or the configuration if it is stopped'),
];

const setmem = defineCommand({
  name: 'setmem',
  info: { help: 'change memory allocation', desc: "Changes a domain's current memory (its balloon size)." },
  opts: sizeOpts('the new size (KiB unless a unit is given)'),
  async run(ctl, cmd) {
    exclusive(cmd, 'current', 'live');
    exclusive(cmd, 'current', 'config');
    let flags = AFFECT_LIVE;
    if (cmd.has('config') || cmd.has('live') || cmd.has('current')) {
      flags = 0;
      if (cmd.has('config')) flags |= AFFECT_CONFIG;
      if (cmd.has('live')) flags |= AFFECT_LIVE;
    }
    const { dom } = await commandDomain(ctl, cmd);
    const bytes = cmd.scaled('size', 1024, ULONG_MAX) ?? 0n;
    const kib = (bytes + 1023n) / 1024n;
    await dom.setMemory(kib, flags);
    return true;
  },
});

const setmaxmem = defineCommand({
  name: 'setmaxmem',
  info: { help: 'change maximum memory limit', desc: "Changes the most memory a domain may be given." },
  opts: sizeOpts('the new maximum (KiB unless a unit is given)'),
  async run(ctl, cmd) {
    const flags = impactFlags(cmd);
    const { dom } = await commandDomain(ctl, cmd);
    const bytes = cmd.scaled('size', 1024, ULONG_MAX) ?? 0n;
    const kib = (bytes + 1023n) / 1024n;
    await orFail('Unable to change MaxMemorySize', () => dom.setMemory(kib, flags | 4));
    return true;
  },
});

/** virshCPUCountCollect: the count, -1 when the domain is not in the asked state, -2 on failure. */
async function cpuCount(dom: Domain, flags: number, checkState: boolean, ctl: Ctl): Promise<number> {
  if (checkState) {
    if (flags & AFFECT_LIVE && !(await dom.isActive().catch(() => false))) return -1;
    if (flags & AFFECT_CONFIG && !(await dom.isPersistent().catch(() => false))) return -1;
  }
  try {
    return await dom.getVcpusFlags(flags);
  } catch (e) {
    ctl.error((e as Error).message);
    return -2;
  }
}

const vcpucount = defineCommand({
  name: 'vcpucount',
  info: { help: 'domain vcpu counts', desc: 'Prints how many vCPUs a domain has and may have, live and in its configuration.' },
  opts: [
    domainOpt(),
    { name: 'maximum', type: 'bool', help: 'the most vCPUs the domain may have' },
    { name: 'active', type: 'bool', help: 'the vCPUs the domain has now' },
    optLive('of the running domain'),
    optConfig('of the persistent configuration'),
    optCurrent('of the running domain, or of the configuration if it is stopped'),
    { name: 'guest', type: 'bool', help: 'as the guest agent reports them' },
  ],
  async run(ctl, cmd) {
    const maximum = cmd.has('maximum');
    const active = cmd.has('active');
    const config = cmd.has('config');
    const live = cmd.has('live');
    let current = cmd.has('current');
    const guest = cmd.has('guest');
    const all = !maximum && !active && !current && !config && !live && !guest;
    if (!maximum && !active && current) current = false;
    const both = (a: boolean, an: string, b: boolean, bn: string) => {
      if (a && b) throw new CommandFailure(`Options --${an} and --${bn} are mutually exclusive`);
    };
    both(live, 'live', config, 'config');
    both(current, 'current', live, 'live');
    both(current, 'current', config, 'config');
    both(active, 'active', maximum, 'maximum');
    both(guest, 'guest', config, 'config');
    let flags = 0;
    if (live) flags |= AFFECT_LIVE;
    if (config) flags |= AFFECT_CONFIG;
    if (maximum) flags |= 4;
    if (guest) flags |= 8;
    const { dom } = await commandDomain(ctl, cmd);
    if (all) {
      const confMax = await cpuCount(dom, AFFECT_CONFIG | 4, true, ctl);
      const confCur = await cpuCount(dom, AFFECT_CONFIG, true, ctl);
      const liveMax = await cpuCount(dom, AFFECT_LIVE | 4, true, ctl);
      const liveCur = await cpuCount(dom, AFFECT_LIVE, true, ctl);
      if ([confMax, confCur, liveMax, liveCur].includes(-2)) return false;
      const row = (v: number, which: string, st: string) => {
        if (v > 0) ctl.print(`${which.padEnd(12)} ${st.padEnd(12)} ${String(v).padStart(3)}\n`);
      };
      row(confMax, 'maximum', 'config');
      row(liveMax, 'maximum', 'live');
      row(confCur, 'current', 'config');
      row(liveCur, 'current', 'live');
      return true;
    }
    const n = await cpuCount(dom, flags, false, ctl);
    if (n < 0) return false;
    ctl.print(`${n}\n`);
    return true;
  },
});

const setvcpus = defineCommand({
  name: 'setvcpus',
  info: { help: 'change number of virtual CPUs', desc: 'Changes how many vCPUs a domain has, or may have with --maximum.' },
  opts: [
    domainOpt(),
    { name: 'count', type: 'int', required: true, help: 'the number of vCPUs' },
    { name: 'maximum', type: 'bool', help: 'change the most vCPUs the domain may have (needs --config)' },
    optConfig('change the persistent configuration'),
    optLive('change the running domain'),
    optCurrent('change the running domain, or the configuration if it is stopped'),
    { name: 'guest', type: 'bool', help: 'change the vCPUs the guest agent enables' },
    { name: 'hotpluggable', type: 'bool', help: 'make the added vCPUs hot-unpluggable' },
  ],
  async run(ctl, cmd) {
    exclusive(cmd, 'current', 'live');
    exclusive(cmd, 'current', 'config');
    exclusive(cmd, 'guest', 'config');
    requireOpt(cmd, 'config', 'maximum');
    let flags = 0;
    if (cmd.has('config')) flags |= AFFECT_CONFIG;
    if (cmd.has('live')) flags |= AFFECT_LIVE;
    if (cmd.has('guest')) flags |= 8;
    if (cmd.has('maximum')) flags |= 4;
    if (cmd.has('hotpluggable')) flags |= 16;
    const { dom } = await commandDomain(ctl, cmd);
    const count = cmd.uint('count') ?? 0;
    if (count === 0) throw new CommandFailure("Can't set 0 processors for a VM");
    // With no option at all virsh calls the flag-less virDomainSetVcpus; --current alone, the Flags one with 0.
    await dom.setVcpus(count, flags === 0 && !cmd.has('current') ? null : flags);
    return true;
  },
});

// --- scheduler ---
function paramValue(p: TypedParam): string {
  if (p.type === TypedParamType.Boolean) return p.value ? 'yes' : 'no';
  if (p.type === TypedParamType.Double) return (p.value as number).toFixed(6);
  return String(p.value);
}

const schedinfo = defineCommand({
  name: 'schedinfo',
  info: { help: 'show/set scheduler parameters', desc: "Prints a domain's CPU scheduler and its parameters, or changes them with --set." },
  opts: [
    domainOpt(),
    { name: 'weight', type: 'int', reqOpt: true, help: 'the weight (Xen credit scheduler)' },
    { name: 'cap', type: 'int', reqOpt: true, help: 'the cap (Xen credit scheduler)' },
    optCurrent('the running domain, or the configuration if it is stopped'),
    optConfig('the persistent configuration'),
    optLive('the running domain'),
    { name: 'set', type: 'argv', help: 'parameter=value pairs to set' },
  ],
  async run(ctl, cmd) {
    const flags = impactFlags(cmd);
    const current = cmd.has('current');
    const queryFlags = cmd.has('config') && cmd.has('live') ? 0 : flags;
    const { dom } = await commandDomain(ctl, cmd);
    let sched: { type: string; nparams: number };
    try {
      sched = await dom.getSchedulerType();
    } catch {
      ctl.print(`${'Scheduler'.padEnd(15)}: Unknown\n`);
      return false;
    }
    ctl.print(`${'Scheduler'.padEnd(15)}: ${sched.type}\n`);
    if (!sched.nparams) return false;
    const useFlags = flags !== 0 || current;
    const query = () => (useFlags ? dom.getSchedulerParametersFlags(queryFlags) : dom.getSchedulerParameters());
    let params = await query();
    const updates = schedUpdates(cmd, params);
    if (updates.length > 0) {
      if (useFlags) await dom.setSchedulerParametersFlags(updates, flags);
      else await dom.setSchedulerParameters(updates);
      params = await query();
    } else if (cmd.has('live') && cmd.has('config')) {
      throw new CommandFailure('cannot query both live and config at once');
    }
    for (const p of params) ctl.print(`${p.field.padEnd(15)}: ${paramValue(p)}\n`);
    return true;
  },
});

/** cmdSchedInfoUpdate: the --set pairs and --weight/--cap, typed as the current parameters are. */
function schedUpdates(cmd: ParsedCommand, params: TypedParam[]): TypedParam[] {
  const pairs: [string, string][] = [];
  for (const s of cmd.argv('set')) {
    const eq = s.indexOf('=');
    if (eq < 0) throw new CommandFailure(`Invalid syntax for --set, expecting name=value`);
    pairs.push([s.slice(0, eq), s.slice(eq + 1)]);
  }
  const w = cmd.string('weight');
  if (w !== undefined) pairs.push(['weight', w]);
  const c = cmd.string('cap');
  if (c !== undefined) pairs.push(['cap', c]);
  const out: TypedParam[] = [];
  for (const [field, val] of pairs) {
    const p = params.find((x) => x.field === field);
    if (!p) throw new CommandFailure(`invalid scheduler option: ${field}`);
    let value: number | bigint | boolean | string;
    if (p.type === TypedParamType.Int || p.type === TypedParamType.UInt) {
      if (!/^\s*[+-]?\d+$/.test(val)) throw new CommandFailure(`Invalid value for parameter, expecting an integer`);
      value = Number(val);
    } else if (p.type === TypedParamType.LLong || p.type === TypedParamType.ULLong) value = BigInt(val);
    else value = val;
    out.push({ field, type: p.type, value });
  }
  return out;
}

// --- title / description ---
const desc = defineCommand({
  name: 'desc',
  info: { help: 'show or set domain\'s description or title', desc: "Prints a domain's description (or title), or replaces it with the given text." },
  opts: [
    domainOpt(),
    optLive('the running domain'),
    optConfig('the persistent configuration'),
    optCurrent('the running domain, or the configuration if it is stopped'),
    { name: 'title', type: 'bool', help: 'the title rather than the description' },
    { name: 'edit', type: 'bool', help: 'edit the text in $EDITOR' },
    { name: 'new-desc', type: 'argv', help: 'the new text' },
  ],
  async run(ctl, cmd) {
    const flags = impactFlags(cmd);
    const queryFlags = cmd.has('config') ? 2 : 0;
    const title = cmd.has('title');
    const { dom } = await commandDomain(ctl, cmd);
    await dom.getState(0);
    const words = cmd.argv('new-desc');
    const text = words.length ? words.join(' ') : undefined;
    if (cmd.has('edit')) throw new CommandFailure('Cannot run an editor without a controlling TTY');
    if (text !== undefined) {
      try {
        await dom.setMetadata(title ? 1 : 0, text, null, null, flags);
      } catch (e) {
        throw new CommandFailure(title ? 'Failed to set new domain title' : 'Failed to set new domain description', e);
      }
      ctl.printExtra(title ? 'Domain title updated successfully' : 'Domain description updated successfully');
      return true;
    }
    const d = await domainDescription(dom, title, queryFlags);
    if (d.length > 0) ctl.print(d);
    else ctl.printExtra(title ? `No title for domain: ${dom.name}` : `No description for domain: ${dom.name}`);
    return true;
  },
});

// --- commands the test driver does not offer: virsh reports libvirt's "not supported" ---
const console_ = defineCommand({
  name: 'console',
  info: { help: 'connect to the guest console', desc: "Attaches this terminal to a domain's console (or another character device)." },
  opts: [
    domainOpt(),
    { name: 'devname', type: 'string', help: 'the console, serial or parallel device to use' },
    { name: 'force', type: 'bool', help: 'take the console from another session' },
    { name: 'safe', type: 'bool', help: 'only connect if the driver can do so safely' },
    { name: 'resume', type: 'bool', help: 'resume a paused domain after connecting' },
  ],
  async run(ctl, cmd) {
    await commandDomain(ctl, cmd);
    throw new CommandFailure('Cannot run interactive console without a controlling TTY');
  },
});

/** The group's commands in virsh's order (domManagementCmds), which `help` follows. */
const ORDER = [
  'attach-device', 'attach-disk', 'attach-interface', 'autostart', 'blkdeviotune', 'blkiotune', 'blockcommit', 'blockcopy', 'blockjob',
  'blockpull', 'blockresize', 'change-media', 'console', 'cpu-stats', 'create', 'define', 'desc', 'destroy', 'detach-device',
  'detach-device-alias', 'detach-disk', 'detach-interface', 'domdisplay', 'domfsfreeze', 'domfsthaw', 'domfsinfo', 'domfstrim',
  'domhostname', 'domid', 'domif-setlink', 'domiftune', 'domjobabort', 'domjobinfo', 'domlaunchsecinfo', 'domsetlaunchsecstate',
  'domname', 'domrename', 'dompmsuspend', 'dompmwakeup', 'domuuid', 'domxml-from-native', 'domxml-to-native', 'dump', 'dumpxml',
  'edit', 'get-user-sshkeys', 'inject-nmi', 'iothreadinfo', 'iothreadpin', 'iothreadadd', 'iothreadset', 'iothreaddel', 'send-key',
  'send-process-signal', 'lxc-enter-namespace', 'managedsave', 'managedsave-remove', 'managedsave-edit', 'managedsave-dumpxml',
  'managedsave-define', 'memtune', 'perf', 'metadata', 'migrate', 'migrate-setmaxdowntime', 'migrate-getmaxdowntime',
  'migrate-compcache', 'migrate-setspeed', 'migrate-getspeed', 'migrate-postcopy', 'numatune', 'qemu-attach', 'qemu-monitor-command',
  'qemu-monitor-event', 'qemu-agent-command', 'guest-agent-timeout', 'reboot', 'reset', 'restore', 'resume', 'save',
  'save-image-define', 'save-image-dumpxml', 'save-image-edit', 'schedinfo', 'screenshot', 'set-lifecycle-action',
  'set-user-sshkeys', 'set-user-password', 'setmaxmem', 'setmem', 'setvcpus', 'shutdown', 'start', 'suspend', 'ttyconsole',
  'undefine', 'update-device', 'update-memory-device', 'vcpucount', 'vcpuinfo', 'vcpupin', 'emulatorpin', 'vncdisplay',
  'guestvcpus', 'setvcpu', 'domblkthreshold', 'guestinfo', 'domdirtyrate-calc', 'dom-fd-associate',
];

const defined: CommandDef[] = [
  autostart,
  console_,
  create,
  define,
  desc,
  destroy,
  domhostname,
  domid,
  domname,
  domrename,
  domuuid,
  dumpxml,
  managedsave,
  managedsaveRemove,
  reboot,
  reset,
  resume,
  schedinfo,
  setmaxmem,
  setmem,
  setvcpus,
  shutdown,
  start,
  suspend,
  undefine,
  vcpucount,
  ...Object.values(saveCommands),
  ...Object.values(cpuCommands),
  ...Object.values(tuneCommands),
  ...Object.values(guestCommands),
  ...Object.values(deviceCommands),
  ...Object.values(miscCommands),
];

const byName = new Map(defined.map((c) => [c.name, c]));
export const commands: CommandDef[] = ORDER.flatMap((n) => byName.get(n) ?? []);
