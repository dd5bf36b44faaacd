// Domain definition → XML, in libvirt's canonical layout (virDomainDefFormatInternalSetRootName in
// domain_conf.c): fixed element order, sizes in KiB, defaults written out.
import { XmlWriter } from '../xml/writer.js';
import type { DomainDef } from './domain-def.js';
import { formatDevices } from './devices-format.js';
import { dumpElement, escapeLibvirt, textElement } from './xml-out.js';

/** virDomainDefFormatFlags as tsvirt's formatter understands them. */
export interface FormatFlags {
  /** Include passwords and other secrets (VIR_DOMAIN_XML_SECURE). */
  secure?: boolean;
  /** Format as the persistent config (no id, no runtime-only data). */
  inactive?: boolean;
  /** Leave out what a migration target must not receive. */
  migratable?: boolean;
}

/** virDomainXMLFlags (SECURE=1, INACTIVE=2, UPDATE_CPU=4, MIGRATABLE=8) → formatter flags. */
export function formatFlagsFromXMLFlags(flags: number): FormatFlags {
  return { secure: (flags & 1) !== 0, inactive: (flags & 2) !== 0, migratable: (flags & 8) !== 0 };
}

export function formatDomainXml(def: DomainDef, flags: FormatFlags = {}): string {
  const f: FormatFlags = { ...flags, inactive: flags.inactive || def.id === -1 };
  const w = new XmlWriter();
  const rootAttrs: [string, string | number | undefined][] = [['type', def.virtType], ['id', f.inactive ? undefined : def.id]];
  w.element(
    'domain',
    rootAttrs,
    () => {
      textElement(w, 'name', def.name);
      textElement(w, 'uuid', def.uuid);
      textElement(w, 'genid', def.genid);
      textElement(w, 'title', def.title);
      textElement(w, 'description', def.description);
      if (def.metadata.length > 0) {
        w.raw(dumpElement({ name: 'metadata', ns: '', prefix: '', attrs: {}, attrOrder: [], children: def.metadata, line: 0 }, w.indent));
      }
      if (def.maxMemory) textElement(w, 'maxMemory', def.maxMemory.kib, ` slots='${def.maxMemory.slots}' unit='KiB'`);
      textElement(w, 'memory', def.memoryKiB, `${def.dumpCore ? ` dumpCore='${def.dumpCore}'` : ''} unit='KiB'`);
      textElement(w, 'currentMemory', def.currentMemoryKiB, ` unit='KiB'`);
      formatTunables(w, def);
      formatOs(w, def);
      formatFeatures(w, def);
      formatCpu(w, def);
      formatClock(w, def);
      textElement(w, 'on_poweroff', def.onPoweroff);
      textElement(w, 'on_reboot', def.onReboot);
      textElement(w, 'on_crash', def.onCrash);
      textElement(w, 'on_lockfailure', def.onLockfailure);
      if (def.pm && (def.pm.suspendToMem || def.pm.suspendToDisk)) {
        w.element('pm', undefined, () => {
          if (def.pm!.suspendToMem) w.empty('suspend-to-mem', [['enabled', def.pm!.suspendToMem]]);
          if (def.pm!.suspendToDisk) w.empty('suspend-to-disk', [['enabled', def.pm!.suspendToDisk]]);
        });
      }
      if (def.perf.length > 0) {
        w.element('perf', undefined, () => {
          for (const [name, enabled] of def.perf) w.empty('event', [['name', name], ['enabled', enabled]]);
        });
      }
      formatDevices(w, def, f);
      for (const s of def.seclabels) formatSeclabel(w, s, f);
    },
    { keepEmpty: true },
  );
  return w.toString();
}

function formatTunables(w: XmlWriter, def: DomainDef): void {
  const b = def.blkiotune;
  if (b) {
    w.optional('blkiotune', undefined, () => {
      if (b.weight) textElement(w, 'weight', b.weight);
      for (const d of b.devices) {
        if (!d.weight && !d.readIops && !d.writeIops && !d.readBytes && !d.writeBytes) continue;
        w.element('device', undefined, () => {
          textElement(w, 'path', d.path);
          if (d.weight) textElement(w, 'weight', d.weight);
          if (d.readIops) textElement(w, 'read_iops_sec', d.readIops);
          if (d.writeIops) textElement(w, 'write_iops_sec', d.writeIops);
          if (d.readBytes) textElement(w, 'read_bytes_sec', d.readBytes);
          if (d.writeBytes) textElement(w, 'write_bytes_sec', d.writeBytes);
        });
      }
    });
  }
  const m = def.memtune;
  if (m) {
    w.optional('memtune', undefined, () => {
      textElement(w, 'hard_limit', m.hardLimit, ` unit='KiB'`);
      textElement(w, 'soft_limit', m.softLimit, ` unit='KiB'`);
      if (m.minGuarantee) textElement(w, 'min_guarantee', m.minGuarantee, ` unit='KiB'`);
      textElement(w, 'swap_hard_limit', m.swapHardLimit, ` unit='KiB'`);
    });
  }
  if (def.memoryBacking) w.raw(dumpElement(def.memoryBacking, w.indent).replace(/="([^"]*)"/g, "='$1'"));
  const v = def.vcpu;
  const vattrs = ` placement='${v.placement}'${v.cpuset ? ` cpuset='${v.cpuset}'` : ''}${v.current < v.max ? ` current='${v.current}'` : ''}`;
  textElement(w, 'vcpu', v.max, vattrs);
  if (def.iothreads > 0) textElement(w, 'iothreads', def.iothreads);
  if (def.iothreadids.some((t) => t.explicit)) {
    w.element('iothreadids', undefined, () => {
      for (const t of def.iothreadids) w.empty('iothread', [['id', t.id]]);
    });
  }
  const c = def.cputune;
  w.optional('cputune', undefined, () => {
    textElement(w, 'shares', c.shares);
    if (c.period) textElement(w, 'period', c.period);
    if (c.quota) textElement(w, 'quota', c.quota);
    if (c.globalPeriod) textElement(w, 'global_period', c.globalPeriod);
    if (c.globalQuota) textElement(w, 'global_quota', c.globalQuota);
    if (c.emulatorPeriod) textElement(w, 'emulator_period', c.emulatorPeriod);
    if (c.emulatorQuota) textElement(w, 'emulator_quota', c.emulatorQuota);
    if (c.iothreadPeriod) textElement(w, 'iothread_period', c.iothreadPeriod);
    if (c.iothreadQuota) textElement(w, 'iothread_quota', c.iothreadQuota);
    for (const p of [...c.vcpupins].sort((a, b) => a.vcpu - b.vcpu)) w.empty('vcpupin', [['vcpu', p.vcpu], ['cpuset', p.cpuset]]);
    if (c.emulatorpin) w.empty('emulatorpin', [['cpuset', c.emulatorpin]]);
    for (const p of c.iothreadpins) w.empty('iothreadpin', [['iothread', p.iothread], ['cpuset', p.cpuset]]);
  });
  const n = def.numatune;
  if (n && (n.memory || n.memnodes.length > 0)) {
    w.element('numatune', undefined, () => {
      if (n.memory) {
        const placement = n.memory.placement === 'auto' ? 'auto' : undefined;
        w.empty('memory', [['mode', n.memory.mode], ['nodeset', placement ? undefined : n.memory.nodeset], ['placement', placement]]);
      }
      for (const mn of n.memnodes) w.empty('memnode', [['cellid', mn.cellid], ['mode', mn.mode], ['nodeset', mn.nodeset]]);
    });
  }
  if (def.resource) {
    w.optional('resource', undefined, () => textElement(w, 'partition', def.resource!.partition));
  }
}

function formatOs(w: XmlWriter, def: DomainDef): void {
  const os = def.os;
  if (def.bootloader !== undefined) {
    textElement(w, 'bootloader', def.bootloader);
    textElement(w, 'bootloader_args', def.bootloaderArgs);
  }
  w.element('os', [['firmware', os.firmware]], () => {
    textElement(w, 'type', os.type, `${os.arch ? ` arch='${os.arch}'` : ''}${os.machine ? ` machine='${escapeLibvirt(os.machine)}'` : ''}`);
    textElement(w, 'init', os.init);
    for (const a of os.initargs) textElement(w, 'initarg', a);
    for (const [k, v] of os.initenv) textElement(w, 'initenv', v, ` name='${k}'`);
    textElement(w, 'initdir', os.initdir);
    textElement(w, 'inituser', os.inituser);
    textElement(w, 'initgroup', os.initgroup);
    if (os.loader) {
      const l = os.loader;
      const attrs = `${l.readonly ? ` readonly='${l.readonly}'` : ''}${l.secure ? ` secure='${l.secure}'` : ''}${l.type ? ` type='${l.type}'` : ''}`;
      if (l.path) textElement(w, 'loader', l.path, attrs);
      else w.raw(`${' '.repeat(w.indent)}<loader${attrs}/>\n`);
    }
    if (os.nvram) {
      const attrs = os.nvram.template ? ` template='${escapeLibvirt(os.nvram.template)}'` : '';
      if (os.nvram.path) textElement(w, 'nvram', os.nvram.path, attrs);
      else w.raw(`${' '.repeat(w.indent)}<nvram${attrs}/>\n`);
    }
    textElement(w, 'kernel', os.kernel);
    textElement(w, 'initrd', os.initrd);
    textElement(w, 'cmdline', os.cmdline);
    textElement(w, 'dtb', os.dtb);
    textElement(w, 'root', os.root);
    if (def.bootloader === undefined) {
      for (const b of os.boot) w.empty('boot', [['dev', b]]);
      if (os.bootmenu) w.empty('bootmenu', [['enable', os.bootmenu.enable], ['timeout', os.bootmenu.timeout]]);
      if (os.bios && (os.bios.useserial || os.bios.rebootTimeout !== undefined)) {
        w.empty('bios', [['useserial', os.bios.useserial], ['rebootTimeout', os.bios.rebootTimeout]]);
      }
    }
    if (os.smbios) w.empty('smbios', [['mode', os.smbios]]);
  });
}

function formatFeatures(w: XmlWriter, def: DomainDef): void {
  if (def.features.length === 0) return;
  w.element('features', undefined, () => {
    for (const feat of def.features) {
      w.element(feat.name, feat.attrs, () => {
        for (const c of feat.children) w.raw(dumpElement(c, w.indent).replace(/="([^"]*)"/g, "='$1'"));
      });
    }
  });
}

function formatCpu(w: XmlWriter, def: DomainDef): void {
  const c = def.cpu;
  if (!c) return;
  const attrs: [string, string | undefined][] = [['mode', c.mode], ['match', c.match], ['check', c.check], ['migratable', c.migratable]];
  w.optional('cpu', attrs, () => {
    if (c.model) {
      const a = `${c.model.fallback ? ` fallback='${c.model.fallback}'` : ''}${c.model.vendorId ? ` vendor_id='${c.model.vendorId}'` : ''}`;
      textElement(w, 'model', c.model.name, a);
    }
    textElement(w, 'vendor', c.vendor);
    if (c.topology) {
      const t = c.topology;
      w.empty('topology', [['sockets', t.sockets], ['dies', t.dies], ['cores', t.cores], ['threads', t.threads]]);
    }
    if (c.cache) w.empty('cache', [['level', c.cache.level], ['mode', c.cache.mode]]);
    for (const feat of c.features) w.empty('feature', [['policy', feat.policy], ['name', feat.name]]);
    if (c.numa && c.numa.length > 0) {
      w.element('numa', undefined, () => {
        for (const cell of c.numa!) {
          w.empty('cell', [['id', cell.id], ['cpus', cell.cpus], ['memory', cell.memoryKiB], ['unit', 'KiB'], ['memAccess', cell.memAccess], ['discard', cell.discard]]);
        }
      });
    }
  });
}

function formatClock(w: XmlWriter, def: DomainDef): void {
  const c = def.clock;
  const attrs: [string, string | undefined][] = [['offset', c.offset]];
  if (c.offset === 'utc' || c.offset === 'localtime') attrs.push(['adjustment', c.adjustment === 'reset' ? 'reset' : undefined]);
  else if (c.offset === 'variable') attrs.push(['adjustment', c.adjustment ?? '0'], ['basis', c.basis ?? 'utc']);
  else if (c.offset === 'timezone') attrs.push(['timezone', c.timezone]);
  else if (c.offset === 'absolute') attrs.push(['start', c.start ?? '0']);
  w.element('clock', attrs, () => {
    for (const t of c.timers) {
      const tattrs: [string, string | undefined][] = [
        ['name', t.name],
        ['present', t.present],
        ['tickpolicy', t.tickpolicy],
        ['track', t.track],
        ['frequency', t.frequency !== undefined ? String(t.frequency) : undefined],
        ['mode', t.mode],
      ];
      if (t.catchup) {
        w.element('timer', tattrs, () => w.empty('catchup', [['threshold', t.catchup!.threshold], ['slew', t.catchup!.slew], ['limit', t.catchup!.limit]]));
      } else w.empty('timer', tattrs);
    }
  });
}

function formatSeclabel(w: XmlWriter, s: DomainDef['seclabels'][number], f: FormatFlags): void {
  // A dynamic label is runtime data: it is left out of the persistent config.
  const dynamicInactive = s.type === 'dynamic' && f.inactive;
  const attrs: [string, string | undefined][] = [['type', s.type], ['model', s.model], ['relabel', s.relabel]];
  if (s.type === 'none') {
    w.empty('seclabel', [['type', s.type], ['model', s.model]]);
    return;
  }
  w.element('seclabel', attrs, () => {
    if (!dynamicInactive) textElement(w, 'label', s.label);
    if (!dynamicInactive && s.relabel !== 'no') textElement(w, 'imagelabel', s.imagelabel);
    textElement(w, 'baselabel', s.baselabel);
  });
}
