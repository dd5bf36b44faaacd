// Formatting of <devices> children, in libvirt's order and with its defaults made explicit
// (virDomainDiskDefFormat, virDomainNetDefFormat, virDomainChrDefFormat, … in domain_conf.c).
import type { XmlWriter } from '../xml/writer.js';
import { formatDeviceInfo } from './address-format.js';
import type {
  ChrDef,
  ControllerDef,
  DiskDef,
  DomainDef,
  FilesystemDef,
  GraphicsDef,
  HostdevDef,
  InputDef,
  MemballoonDef,
  NetDef,
  PanicDef,
  RngDef,
  SoundDef,
  VideoDef,
  WatchdogDef,
} from './domain-def.js';
import { dumpElement, textElement } from './xml-out.js';
import type { FormatFlags } from './domain-format.js';

export function formatDevices(w: XmlWriter, def: DomainDef, f: FormatFlags): void {
  const d = def.devices;
  w.element(
    'devices',
    undefined,
    () => {
      textElement(w, 'emulator', d.emulator);
      for (const disk of d.disks) formatDisk(w, disk);
      for (const c of d.controllers) formatController(w, c);
      for (const fs of d.filesystems) formatFilesystem(w, fs);
      for (const n of d.nets) formatNet(w, n, f);
      for (const s of d.serials) formatChr(w, s, f);
      for (const p of d.parallels) formatChr(w, p, f);
      d.consoles.forEach((c, i) => {
        // An HVM guest's first console that stands for a serial port is shown with that port's source.
        if (def.os.type === 'hvm' && (c.targetType === 'serial' || c.targetType === '') && i < d.serials.length) {
          formatChr(w, { ...d.serials[i], deviceType: 'console', targetType: 'serial', targetModel: undefined }, f);
        } else formatChr(w, c, f);
      });
      for (const c of d.channels) formatChr(w, c, f);
      for (const i of d.inputs) formatInput(w, i, f);
      for (const g of d.graphics) formatGraphics(w, g, f);
      for (const s of d.sounds) formatSound(w, s);
      for (const v of d.videos) formatVideo(w, v);
      for (const h of d.hostdevs) formatHostdev(w, h);
      for (const wd of d.watchdogs) formatWatchdog(w, wd);
      if (d.memballoon) formatMemballoon(w, d.memballoon);
      for (const r of d.rngs) formatRng(w, r);
      for (const p of d.panics) formatPanic(w, p);
    },
    { keepEmpty: true },
  );
}

function formatDisk(w: XmlWriter, disk: DiskDef): void {
  w.element('disk', [
    ['type', disk.type],
    ['device', disk.device],
    ['model', disk.model],
    ['rawio', disk.rawio],
    ['sgio', disk.sgio],
    ['snapshot', disk.snapshot],
  ], () => {
    const dr = disk.driver;
    if (dr) {
      w.optional('driver', [
        ['name', dr.name],
        ['type', dr.type],
        ['cache', dr.cache],
        ['error_policy', dr.errorPolicy],
        ['rerror_policy', dr.rerrorPolicy],
        ['io', dr.io],
        ['ioeventfd', dr.ioeventfd],
        ['event_idx', dr.eventIdx],
        ['copy_on_read', dr.copyOnRead],
        ['discard', dr.discard],
        ['iothread', dr.iothread],
        ['detect_zeroes', dr.detectZeroes],
        ['queues', dr.queues],
        ['queue_size', dr.queueSize],
      ], () => {});
    }
    formatDiskSource(w, disk);
    if (disk.geometry) {
      w.empty('geometry', [['cyls', disk.geometry.cyls], ['heads', disk.geometry.heads], ['secs', disk.geometry.secs], ['trans', disk.geometry.trans]]);
    }
    if (disk.blockio) w.optional('blockio', [['logical_block_size', disk.blockio.logical], ['physical_block_size', disk.blockio.physical]], () => {});
    const t = disk.target;
    const removable = disk.target.bus === 'usb' ? t.removable : undefined;
    w.empty('target', [['dev', t.dev], ['bus', t.bus], ['tray', t.tray], ['removable', removable], ['rotation_rate', t.rotationRate]]);
    if (disk.iotune && disk.iotune.length > 0) {
      w.element('iotune', undefined, () => {
        for (const [k, v] of disk.iotune!) textElement(w, k, v);
      });
    }
    if (disk.readonly) w.empty('readonly');
    if (disk.shareable) w.empty('shareable');
    if (disk.transient) w.empty('transient');
    textElement(w, 'serial', disk.serial);
    textElement(w, 'wwn', disk.wwn);
    textElement(w, 'vendor', disk.vendor);
    textElement(w, 'product', disk.product);
    formatDeviceInfo(w, disk.info, { boot: true });
  });
}

function formatDiskSource(w: XmlWriter, disk: DiskDef): void {
  const s = disk.source;
  if (!s) return;
  const tail: [string, string | number | undefined][] = [['startupPolicy', disk.type === 'network' ? undefined : s.startupPolicy], ['index', s.index]];
  switch (disk.type) {
    case 'file':
      w.optional('source', [['file', s.path], ...tail], () => {});
      return;
    case 'block':
      w.optional('source', [['dev', s.path], ...tail], () => {});
      return;
    case 'dir':
      w.optional('source', [['dir', s.path], ...tail], () => {});
      return;
    case 'volume':
      w.optional('source', [['pool', s.pool], ['volume', s.volume], ['mode', s.mode], ...tail], () => {});
      return;
    case 'network':
      w.optional('source', [['protocol', s.protocol], ['name', s.name], ['index', s.index]], () => {
        for (const h of s.hosts ?? []) w.empty('host', [['transport', h.transport], ['name', h.name], ['port', h.port], ['socket', h.socket]]);
      });
      return;
    default:
      w.optional('source', [['file', s.path], ...tail], () => {});
  }
}

function formatController(w: XmlWriter, c: ControllerDef): void {
  w.element('controller', [
    ['type', c.type],
    ['index', c.index],
    ['model', c.model],
    ['ports', c.ports],
    ['vectors', c.vectors],
    ['maxGrantFrames', c.maxGrantFrames],
    ['maxEventChannels', c.maxEventChannels],
  ], () => {
    if (c.modelName) w.empty('model', [['name', c.modelName]]);
    if (c.target) w.empty('target', c.target);
    if (c.driver) w.empty('driver', c.driver);
    formatDeviceInfo(w, c.info);
  });
}

function formatFilesystem(w: XmlWriter, fs: FilesystemDef): void {
  w.element('filesystem', [['type', fs.type], ['accessmode', fs.accessmode]], () => {
    if (fs.driver) w.optional('driver', [['type', fs.driver.type], ['format', fs.driver.format], ['wrpolicy', fs.driver.wrpolicy]], () => {});
    if (fs.source) w.empty('source', fs.source);
    w.empty('target', [['dir', fs.target]]);
    if (fs.readonly) w.empty('readonly');
    formatDeviceInfo(w, fs.info);
  }, { keepEmpty: true });
}

function formatNet(w: XmlWriter, n: NetDef, f: FormatFlags): void {
  w.element('interface', [['type', n.type]], () => {
    w.empty('mac', [['address', n.mac], ['type', n.macType], ['check', n.macCheck]]);
    if (n.source) w.empty('source', n.source);
    if (n.vlan) {
      w.element('vlan', [['trunk', n.vlan.trunk]], () => {
        for (const t of n.vlan!.tags) w.empty('tag', [['id', t.id], ['nativeMode', t.nativeMode]]);
      });
    }
    if (n.virtualport) {
      w.element('virtualport', [['type', n.virtualport.type]], () => {
        if (n.virtualport!.params.length) w.empty('parameters', n.virtualport!.params);
      });
    }
    if (n.bandwidth) {
      w.element('bandwidth', undefined, () => {
        if (n.bandwidth!.inbound) w.empty('inbound', n.bandwidth!.inbound);
        if (n.bandwidth!.outbound) w.empty('outbound', n.bandwidth!.outbound);
      });
    }
    if (n.script !== undefined) w.empty('script', [['path', n.script]]);
    const dev = f.inactive && n.targetDev && /^(vnet|macvtap|macvlan)/.test(n.targetDev) && n.targetManaged !== 'no' ? undefined : n.targetDev;
    w.optional('target', [['dev', dev], ['managed', n.targetManaged]], () => {});
    if (n.model) {
      w.empty('model', [['type', n.model]]);
      if (n.driver && n.model === 'virtio') w.empty('driver', n.driver);
    }
    if (n.backendTap || n.backendVhost) w.empty('backend', [['tap', n.backendTap], ['vhost', n.backendVhost]]);
    if (n.filterref) {
      w.element('filterref', [['filter', n.filterref.filter]], () => {
        for (const [k, v] of n.filterref!.params) w.empty('parameter', [['name', k], ['value', v]]);
      });
    }
    if (n.link) w.empty('link', [['state', n.link]]);
    if (n.mtu) w.empty('mtu', [['size', n.mtu]]);
    formatDeviceInfo(w, n.info, { boot: true, rom: true });
  });
}

function formatChr(w: XmlWriter, c: ChrDef, f: FormatFlags): void {
  const ttyCompat = c.deviceType === 'console' && c.targetPort === 0 && c.type === 'pty' && !f.inactive && c.path;
  w.element(c.deviceType, [['type', c.type], ['tty', ttyCompat ? c.path : undefined]], () => {
    switch (c.type) {
      case 'pty':
      case 'dev':
      case 'file':
      case 'pipe':
        if (c.type !== 'pty' || (c.path && !f.inactive)) {
          w.empty('source', [['path', c.path], ['append', c.type === 'file' ? c.append : undefined]]);
        }
        break;
      case 'tcp':
        w.empty('source', [['mode', c.mode ?? 'connect'], ['host', c.host], ['service', c.service], ['tls', c.tls]]);
        w.empty('protocol', [['type', c.protocol ?? 'raw']]);
        break;
      case 'udp':
        if (c.udp?.bindHost || c.udp?.bindService) w.empty('source', [['mode', 'bind'], ['host', c.udp.bindHost], ['service', c.udp.bindService]]);
        if (c.udp?.connectHost || c.udp?.connectService) w.empty('source', [['mode', 'connect'], ['host', c.udp.connectHost], ['service', c.udp.connectService]]);
        break;
      case 'unix':
        if (c.path) w.empty('source', [['mode', c.mode ?? 'connect'], ['path', c.path]]);
        break;
      case 'spiceport':
      case 'dbus':
        w.empty('source', [['channel', c.channel]]);
        break;
      case 'nmdm':
        w.empty('source', [['master', c.master], ['slave', c.slave]]);
        break;
      default:
        break;
    }
    if (c.log) w.empty('log', [['file', c.log.file], ['append', c.log.append]]);
    formatChrTarget(w, c);
    formatDeviceInfo(w, c.info);
  });
}

function formatChrTarget(w: XmlWriter, c: ChrDef): void {
  switch (c.deviceType) {
    case 'channel':
      if (c.targetType === 'guestfwd') w.empty('target', [['type', c.targetType], ['address', c.targetAddress], ['port', c.targetAddressPort]]);
      else w.empty('target', [['type', c.targetType], ['name', c.targetName]]);
      return;
    case 'console':
      w.empty('target', [['type', c.targetType || 'serial'], ['port', c.targetPort]]);
      return;
    case 'serial': {
      const attrs: [string, string | number | undefined][] = [['type', c.targetType || undefined], ['port', c.targetPort]];
      if (c.targetModel) w.element('target', attrs, () => w.empty('model', [['name', c.targetModel]]));
      else w.empty('target', attrs);
      return;
    }
    case 'parallel':
      w.empty('target', [['port', c.targetPort]]);
      return;
  }
}

function formatInput(w: XmlWriter, i: InputDef, f: FormatFlags): void {
  if (f.migratable && i.type === 'keyboard' && (i.bus === 'ps2' || i.bus === 'xen')) return;
  w.element('input', [['type', i.type], ['bus', i.bus === 'none' ? undefined : i.bus], ['model', i.model]], () => {
    if (i.source) w.empty('source', i.source);
    formatDeviceInfo(w, i.info);
  });
}

function formatGraphics(w: XmlWriter, g: GraphicsDef, f: FormatFlags): void {
  const attrs: [string, string][] = [['type', g.type]];
  for (const [k, v] of g.attrs) {
    if ((k === 'passwd' || k === 'passwdValidTo') && !f.secure) continue;
    attrs.push([k, v]);
  }
  w.element('graphics', attrs, () => {
    for (const l of g.listens) w.empty('listen', [['type', l.type], ['address', l.address], ['network', l.network], ['socket', l.socket]]);
    for (const c of g.children) w.raw(dumpSingleQuoted(c, w.indent));
  });
}

/** Children of graphics we keep as parsed, written with libvirt's single-quoted attributes. */
function dumpSingleQuoted(el: import('../xml/parse.js').XmlEl, indent: number): string {
  return dumpElement(el, indent).replace(/="([^"]*)"/g, "='$1'");
}

function formatSound(w: XmlWriter, s: SoundDef): void {
  w.element('sound', [['model', s.model]], () => {
    for (const c of s.codecs) w.empty('codec', [['type', c]]);
    formatDeviceInfo(w, s.info);
  });
}

function formatVideo(w: XmlWriter, v: VideoDef): void {
  w.element('video', undefined, () => {
    if (v.driverName) w.empty('driver', [['name', v.driverName]]);
    const attrs: [string, string | number | undefined][] = [
      ['type', v.type],
      ['ram', v.ram || undefined],
      ['vram', v.vram || undefined],
      ['vram64', v.vram64 || undefined],
      ['vgamem', v.vgamem || undefined],
      ['heads', v.heads || undefined],
      ['primary', v.primary ? 'yes' : undefined],
    ];
    if (v.accel) {
      w.element('model', attrs, () => w.empty('acceleration', [['accel3d', v.accel!.accel3d], ['accel2d', v.accel!.accel2d], ['rendernode', v.accel!.rendernode]]));
    } else w.empty('model', attrs);
    formatDeviceInfo(w, v.info);
  });
}

function formatHostdev(w: XmlWriter, h: HostdevDef): void {
  w.element('hostdev', [['mode', h.mode], ['type', h.type], ['managed', h.managed]], () => {
    if (h.source) w.raw(dumpSingleQuoted(h.source, w.indent));
    formatDeviceInfo(w, h.info, { boot: true, rom: true });
  });
}

function formatWatchdog(w: XmlWriter, wd: WatchdogDef): void {
  w.element('watchdog', [['model', wd.model], ['action', wd.action]], () => formatDeviceInfo(w, wd.info));
}

function formatMemballoon(w: XmlWriter, m: MemballoonDef): void {
  w.element('memballoon', [['model', m.model], ['autodeflate', m.autodeflate], ['freePageReporting', m.freePageReporting]], () => {
    if (m.period) w.empty('stats', [['period', m.period]]);
    formatDeviceInfo(w, m.info);
  });
}

function formatRng(w: XmlWriter, r: RngDef): void {
  w.element('rng', [['model', r.model]], () => {
    if (r.rate) w.empty('rate', [['bytes', r.rate.bytes], ['period', r.rate.period]]);
    if (r.backendModel === 'random') textElement(w, 'backend', r.backendDevice ?? '/dev/random', ` model='random'`);
    else w.empty('backend', [['model', r.backendModel], ['type', r.backendType]]);
    formatDeviceInfo(w, r.info);
  });
}

function formatPanic(w: XmlWriter, p: PanicDef): void {
  w.element('panic', [['model', p.model]], () => formatDeviceInfo(w, p.info));
}
