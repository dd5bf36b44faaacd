// Parsing of <devices> children into typed definitions (virDomainDiskDefParseXML,
// virDomainNetDefParseXML, virDomainChrDefParseXML, … in domain_conf.c). Unknown child elements
// are ignored, as libvirt does; invalid values get libvirt's messages.
import type { XmlEl } from '../xml/parse.js';
import type {
  ChrDef,
  ControllerDef,
  DeviceAddress,
  DeviceInfo,
  DiskDef,
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
import { cloneEl } from './xml-out.js';
import {
  attr,
  attrEnum,
  attrInt,
  attrOnOff,
  attrUInt,
  attrYesNo,
  internal,
  kid,
  kids,
  kidText,
  parseULL,
  report,
  str,
  unsupported,
  xmlErr,
} from './parse-util.js';
import { ErrorCode } from '../../util/error.js';

export const ADDRESS_TYPES = ['none', 'pci', 'drive', 'virtio-serial', 'ccid', 'usb', 'spapr-vio', 'virtio-s390', 'ccw', 'virtio-mmio', 'isa', 'dimm', 'unassigned'] as const;
export const DISK_TYPES = ['none', 'file', 'block', 'dir', 'network', 'volume', 'nvme', 'vhostuser'] as const;
export const DISK_DEVICES = ['disk', 'cdrom', 'floppy', 'lun'] as const;
export const DISK_BUSES = ['none', 'ide', 'fdc', 'scsi', 'virtio', 'xen', 'usb', 'uml', 'sata', 'sd'] as const;
export const CONTROLLER_TYPES = ['ide', 'fdc', 'scsi', 'sata', 'virtio-serial', 'ccid', 'usb', 'pci', 'xenbus', 'isa'] as const;
export const NET_TYPES = ['user', 'ethernet', 'vhostuser', 'server', 'client', 'mcast', 'network', 'bridge', 'internal', 'direct', 'hostdev', 'udp', 'vdpa', 'null', 'vds'] as const;
export const CHR_TYPES = ['null', 'vc', 'pty', 'dev', 'file', 'pipe', 'stdio', 'udp', 'tcp', 'unix', 'spicevmc', 'spiceport', 'nmdm', 'qemu-vdagent', 'dbus'] as const;
const SERIAL_TARGETS = ['none', 'isa-serial', 'usb-serial', 'pci-serial', 'spapr-vio-serial', 'system-serial', 'sclp-serial', 'isa-debug'];
const CHANNEL_TARGETS = ['none', 'guestfwd', 'virtio', 'xen'];
const CONSOLE_TARGETS = ['none', 'serial', 'xen', 'uml', 'virtio', 'lxc', 'openvz', 'sclp', 'sclplm'];
const SERIAL_MODELS = ['none', 'isa-serial', 'usb-serial', 'pci-serial', 'spapr-vty', 'pl011', 'sclpconsole', 'sclplmconsole', '16550a', 'isa-debugcon'];
const INPUT_TYPES = ['mouse', 'tablet', 'keyboard', 'passthrough', 'evdev'];
const INPUT_BUSES = ['ps2', 'usb', 'xen', 'parallels', 'virtio', 'none'];
const GRAPHICS_TYPES = ['sdl', 'vnc', 'rdp', 'desktop', 'spice', 'egl-headless', 'dbus'];
const VIDEO_TYPES = ['default', 'vga', 'cirrus', 'vmvga', 'xen', 'vbox', 'qxl', 'parallels', 'virtio', 'gop', 'none', 'bochs', 'ramfb'];
const SOUND_MODELS = ['sb16', 'es1370', 'pcspk', 'ac97', 'ich6', 'ich9', 'usb', 'ich7'];
const BALLOON_MODELS = ['virtio', 'xen', 'none', 'virtio-transitional', 'virtio-non-transitional'];
const WATCHDOG_MODELS = ['i6300esb', 'ib700', 'diag288'];
const WATCHDOG_ACTIONS = ['reset', 'shutdown', 'poweroff', 'pause', 'dump', 'none', 'inject-nmi'];
const CACHE_MODES = ['default', 'none', 'writethrough', 'writeback', 'directsync', 'unsafe'];
const STORAGE_FORMATS = ['none', 'raw', 'dir', 'bochs', 'cloop', 'dmg', 'iso', 'vpc', 'vdi', 'fat', 'vhd', 'ploop', 'cow', 'qcow', 'qcow2', 'qed', 'vmdk'];

/** Where a device's <boot order> and <rom> may appear (VIR_DOMAIN_DEF_PARSE_ALLOW_BOOT / _ROM). */
interface InfoOpts {
  boot?: boolean;
  rom?: boolean;
}

export function parseAddress(el: XmlEl): DeviceAddress | undefined {
  const type = el.attrs.type;
  if (type === undefined) throw internal('No type specified for device address');
  const idx = (ADDRESS_TYPES as readonly string[]).indexOf(type);
  if (idx <= 0) throw unsupported(`unknown address type '${type}'`);
  const u = (name: string, base = 10) => attrUInt(el, name, { base }) ?? 0;
  switch (type) {
    case 'pci': {
      const a = { type: 'pci' as const, domain: u('domain', 0), bus: u('bus', 0), slot: u('slot', 0), function: u('function', 0), multifunction: attrOnOff(el, 'multifunction') };
      const empty = a.domain === 0 && a.bus === 0 && a.slot === 0 && a.function === 0;
      if (!empty) checkPci(a);
      return { ...a, empty };
    }
    case 'drive':
      return { type: 'drive', controller: u('controller'), bus: u('bus'), target: u('target'), unit: u('unit') };
    case 'virtio-serial':
      return { type: 'virtio-serial', controller: u('controller'), bus: u('bus'), port: u('port') };
    case 'ccid':
      return { type: 'ccid', controller: u('controller'), slot: u('slot') };
    case 'usb':
      return { type: 'usb', bus: u('bus'), port: el.attrs.port };
    case 'isa':
      return { type: 'isa', iobase: attrUInt(el, 'iobase', { base: 16 }), irq: attrUInt(el, 'irq', { base: 16 }) };
    case 'ccw':
      return { type: 'ccw', cssid: u('cssid', 16), ssid: u('ssid', 16), devno: u('devno', 16) };
    case 'spapr-vio': {
      const reg = el.attrs.reg;
      return { type: 'spapr-vio', reg: reg !== undefined ? BigInt(reg.startsWith('0x') ? reg : '0x' + reg) : undefined };
    }
    case 'dimm':
      return { type: 'dimm', slot: u('slot'), base: el.attrs.base !== undefined ? BigInt(el.attrs.base) : undefined };
    case 'virtio-mmio':
      return { type: 'virtio-mmio' };
    case 'virtio-s390':
      throw xmlErr("virtio-s390 bus doesn't have an address");
    case 'unassigned':
      return { type: 'unassigned' };
  }
  return undefined;
}

function checkPci(a: { domain: number; bus: number; slot: number; function: number }): void {
  const text = `${a.domain.toString(16).padStart(4, '0')}:${a.bus.toString(16).padStart(2, '0')}:${a.slot.toString(16).padStart(2, '0')}.${a.function}`;
  const bad = (detail: string) => report(ErrorCode.XmlError, detail);
  if (a.domain > 0xffff) throw bad(`Invalid PCI address ${text}. domain must be <= 0xffff`);
  if (a.bus > 0xff) throw bad(`Invalid PCI address ${text}. bus must be <= 0xff`);
  if (a.slot > 0x1f) throw bad(`Invalid PCI address ${text}. slot must be <= 0x1f`);
  if (a.function > 7) throw bad(`Invalid PCI address ${text}. function must be <= 7`);
}

export function parseDeviceInfo(el: XmlEl, opts: InfoOpts = {}): DeviceInfo {
  const info: DeviceInfo = {};
  const alias = attr(kid(el, 'alias'), 'name');
  // Only user aliases survive an inactive parse (VIR_DOMAIN_DEF_FEATURE_USER_ALIAS in the test driver).
  if (alias && /^ua-[A-Za-z0-9_-]*$/.test(alias)) info.alias = alias;
  const boot = opts.boot ? kid(el, 'boot') : undefined;
  if (boot) {
    const order = attrUInt(boot, 'order', { required: true, nonZero: true });
    info.bootOrder = order;
    if (boot.attrs.loadparm !== undefined) info.loadparm = boot.attrs.loadparm.toUpperCase();
  }
  const rom = opts.rom ? kid(el, 'rom') : undefined;
  if (rom) {
    info.rom = { enabled: attrYesNo(rom, 'enabled'), bar: attrOnOff(rom, 'bar'), file: rom.attrs.file };
    if (info.rom.enabled === 'no' && (info.rom.bar || info.rom.file !== undefined)) throw unsupported('ROM tuning is not supported when ROM is disabled');
  }
  const acpi = kid(el, 'acpi');
  if (acpi) info.acpiIndex = attrUInt(acpi, 'index', { nonZero: true });
  const address = kid(el, 'address');
  if (address) info.address = parseAddress(address);
  return info;
}

export function parseDisk(el: XmlEl): DiskDef {
  const type = attrEnum(el, 'type', DISK_TYPES, { nonZero: true }) ?? 'file';
  const device = attrEnum(el, 'device', DISK_DEVICES) ?? 'disk';
  const disk: DiskDef = {
    type,
    device,
    model: el.attrs.model,
    rawio: attrYesNo(el, 'rawio'),
    sgio: el.attrs.sgio,
    snapshot: el.attrs.snapshot,
    target: { dev: '', bus: '' },
    info: parseDeviceInfo(el, { boot: true }),
  };
  const source = kid(el, 'source');
  if (source) {
    const s: NonNullable<DiskDef['source']> = {};
    if (type === 'file') s.path = source.attrs.file;
    else if (type === 'block') s.path = source.attrs.dev;
    else if (type === 'dir') s.path = source.attrs.dir;
    else if (type === 'volume') {
      s.pool = source.attrs.pool;
      s.volume = source.attrs.volume;
      s.mode = source.attrs.mode;
    } else if (type === 'network') {
      s.protocol = source.attrs.protocol;
      if (s.protocol === undefined) throw xmlErr('missing network source protocol type');
      s.name = source.attrs.name;
      s.hosts = kids(source, 'host').map((h) => ({ name: h.attrs.name, port: h.attrs.port, transport: h.attrs.transport, socket: h.attrs.socket }));
    }
    if (source.attrs.startupPolicy !== undefined) {
      s.startupPolicy = attrEnum(source, 'startupPolicy', ['default', 'mandatory', 'requisite', 'optional'], { nonZero: true });
    }
    // An empty source (e.g. a cdrom with no medium) leaves nothing to format.
    if (s.path !== undefined || s.pool !== undefined || s.protocol !== undefined || s.startupPolicy !== undefined) disk.source = s;
  }
  const driver = kid(el, 'driver');
  if (driver) {
    disk.driver = {
      name: driver.attrs.name,
      type: driver.attrs.type !== undefined ? checkFormat(driver.attrs.type) : undefined,
      cache: attrEnum(driver, 'cache', CACHE_MODES),
      errorPolicy: driver.attrs.error_policy,
      rerrorPolicy: driver.attrs.rerror_policy,
      io: driver.attrs.io,
      ioeventfd: attrOnOff(driver, 'ioeventfd'),
      eventIdx: attrOnOff(driver, 'event_idx'),
      copyOnRead: attrOnOff(driver, 'copy_on_read'),
      discard: driver.attrs.discard,
      iothread: attrUInt(driver, 'iothread'),
      detectZeroes: driver.attrs.detect_zeroes,
      queues: attrUInt(driver, 'queues'),
      queueSize: attrUInt(driver, 'queue_size'),
    };
    if (disk.driver.cache === 'default') disk.driver.cache = undefined;
  }
  const target = kid(el, 'target');
  const dev = target?.attrs.dev;
  if (!dev) {
    const what = disk.source?.path ?? disk.source?.name;
    throw report(ErrorCode.NoTarget, what ?? null);
  }
  disk.target.dev = dev;
  const bus = target?.attrs.bus;
  if (bus !== undefined) {
    if (!(DISK_BUSES as readonly string[]).includes(bus) || bus === 'none') throw unsupported(`unknown disk bus type '${bus}'`);
    disk.target.bus = bus;
  }
  if (target?.attrs.tray !== undefined) disk.target.tray = target.attrs.tray;
  if (target?.attrs.removable !== undefined) disk.target.removable = attrOnOff(target, 'removable');
  if (target?.attrs.rotation_rate !== undefined) disk.target.rotationRate = attrUInt(target, 'rotation_rate');
  const geometry = kid(el, 'geometry');
  if (geometry) {
    disk.geometry = {
      cyls: attrUInt(geometry, 'cyls', { required: true }) ?? 0,
      heads: attrUInt(geometry, 'heads', { required: true }) ?? 0,
      secs: attrUInt(geometry, 'secs', { required: true }) ?? 0,
      trans: geometry.attrs.trans,
    };
  }
  const blockio = kid(el, 'blockio');
  if (blockio) disk.blockio = { logical: attrUInt(blockio, 'logical_block_size'), physical: attrUInt(blockio, 'physical_block_size') };
  const iotune = kid(el, 'iotune');
  if (iotune) {
    disk.iotune = [];
    for (const c of kids(iotune)) {
      if (c.name === 'group_name') {
        const g = str(c);
        if (g !== undefined) disk.iotune.push([c.name, g]);
        continue;
      }
      const v = parseULL(str(c) ?? '');
      if (v !== undefined) disk.iotune.push([c.name, v]);
    }
  }
  if (kid(el, 'readonly')) disk.readonly = true;
  if (kid(el, 'shareable')) disk.shareable = true;
  if (kid(el, 'transient')) disk.transient = true;
  disk.serial = kidText(el, 'serial');
  disk.wwn = kidText(el, 'wwn');
  disk.vendor = kidText(el, 'vendor');
  disk.product = kidText(el, 'product');
  return disk;
}

function checkFormat(v: string): string {
  if (!STORAGE_FORMATS.includes(v) && v !== 'aio') throw unsupported(`unknown driver format value '${v}'`);
  return v;
}

export function parseController(el: XmlEl): ControllerDef {
  const type = attrEnum(el, 'type', CONTROLLER_TYPES) ?? 'ide';
  const index = attrInt(el, 'index') ?? -1;
  const c: ControllerDef = {
    type,
    index,
    model: el.attrs.model,
    info: parseDeviceInfo(el),
  };
  if (index < -1) throw xmlErr(`Invalid value for attribute 'index' in element 'controller': '${el.attrs.index}'. Expected non-negative value`);
  if (type === 'usb' || type === 'virtio-serial') c.ports = attrInt(el, 'ports');
  if (type === 'virtio-serial') c.vectors = attrInt(el, 'vectors');
  if (type === 'xenbus') {
    c.maxGrantFrames = attrInt(el, 'maxGrantFrames');
    c.maxEventChannels = attrInt(el, 'maxEventChannels');
  }
  const model = kid(el, 'model');
  if (model?.attrs.name) c.modelName = model.attrs.name;
  const target = kid(el, 'target');
  if (target) c.target = target.attrOrder.map((k) => [k, target.attrs[k]]);
  const driver = kid(el, 'driver');
  if (driver && driver.attrOrder.length) c.driver = driver.attrOrder.map((k) => [k, driver.attrs[k]]);
  return c;
}

export function parseFilesystem(el: XmlEl): FilesystemDef {
  const type = el.attrs.type ?? 'mount';
  const source = kid(el, 'source');
  const target = attr(kid(el, 'target'), 'dir');
  if (!source) throw report(ErrorCode.NoSource, target ?? null);
  if (!target) throw report(ErrorCode.NoTarget, attr(source, 'dir') ?? null);
  const driver = kid(el, 'driver');
  return {
    type,
    accessmode: el.attrs.accessmode,
    driver: driver ? { type: driver.attrs.type, format: driver.attrs.format, wrpolicy: driver.attrs.wrpolicy } : undefined,
    source: source.attrOrder.map((k) => [k, source.attrs[k]]),
    target,
    readonly: kid(el, 'readonly') ? true : undefined,
    info: parseDeviceInfo(el),
  };
}

const MAC_RE = /^([0-9a-fA-F]{1,2})[:-]([0-9a-fA-F]{1,2})[:-]([0-9a-fA-F]{1,2})[:-]([0-9a-fA-F]{1,2})[:-]([0-9a-fA-F]{1,2})[:-]([0-9a-fA-F]{1,2})$/;

/** virMacAddrParse → canonical lowercase aa:bb:…, or undefined when malformed. */
export function parseMac(s: string): string | undefined {
  const m = MAC_RE.exec(s);
  if (!m) return undefined;
  return m.slice(1).map((x) => x.toLowerCase().padStart(2, '0')).join(':');
}

export function parseNet(el: XmlEl): NetDef {
  const type = attrEnum(el, 'type', NET_TYPES, { required: false }) ?? 'user';
  const net: NetDef = { type, info: parseDeviceInfo(el, { boot: true, rom: true }) };
  const mac = kid(el, 'mac');
  if (mac?.attrs.address !== undefined) {
    const m = parseMac(mac.attrs.address);
    if (!m) throw xmlErr(`unable to parse mac address '${mac.attrs.address}'`);
    if (parseInt(m.slice(0, 2), 16) & 1) throw xmlErr(`expected unicast mac address, found multicast '${mac.attrs.address}'`);
    net.mac = m;
    net.macType = mac.attrs.type;
    net.macCheck = mac.attrs.check !== undefined ? attrYesNo(mac, 'check') : undefined;
  }
  const source = kid(el, 'source');
  switch (type) {
    case 'network':
      if (!source?.attrs.network) throw xmlErr("No <source> 'network' attribute specified with <interface type='network'/>");
      net.source = [['network', source.attrs.network]];
      if (source.attrs.portgroup !== undefined) net.source.push(['portgroup', source.attrs.portgroup]);
      break;
    case 'bridge':
      if (source?.attrs.bridge !== undefined) net.source = [['bridge', source.attrs.bridge]];
      break;
    case 'direct':
      if (!source?.attrs.dev) throw xmlErr("No <source> 'dev' attribute specified with <interface type='direct'/>");
      net.source = [['dev', source.attrs.dev], ['mode', source.attrs.mode ?? 'vepa']];
      break;
    case 'internal':
      if (source?.attrs.name !== undefined) net.source = [['name', source.attrs.name]];
      break;
    case 'server':
    case 'client':
    case 'mcast':
    case 'udp':
      if (source) {
        net.source = [];
        if (source.attrs.address !== undefined) net.source.push(['address', source.attrs.address]);
        net.source.push(['port', source.attrs.port ?? '0']);
      }
      break;
    case 'vdpa':
      if (source?.attrs.dev !== undefined) net.source = [['dev', source.attrs.dev]];
      break;
    default:
      break;
  }
  const target = kid(el, 'target');
  // Names libvirt generates itself (vnetN, macvtapN, macvlanN) are dropped when parsing a config.
  if (target?.attrs.dev !== undefined && !/^(vnet|macvtap|macvlan)/.test(target.attrs.dev)) net.targetDev = target.attrs.dev;
  if (target?.attrs.managed !== undefined) net.targetManaged = attrYesNo(target, 'managed');
  const model = kid(el, 'model');
  if (model?.attrs.type !== undefined) net.model = model.attrs.type;
  const driver = kid(el, 'driver');
  if (driver && driver.attrOrder.length) net.driver = driver.attrOrder.map((k) => [k, driver.attrs[k]]);
  const script = kid(el, 'script');
  if (script?.attrs.path !== undefined) net.script = script.attrs.path;
  const link = kid(el, 'link');
  if (link?.attrs.state !== undefined) net.link = attrEnum(link, 'state', ['default', 'up', 'down'], { nonZero: true });
  const mtu = kid(el, 'mtu');
  if (mtu) net.mtu = attrUInt(mtu, 'size', { required: true, nonZero: true });
  const backend = kid(el, 'backend');
  if (backend) {
    net.backendTap = backend.attrs.tap;
    net.backendVhost = backend.attrs.vhost;
  }
  const bw = kid(el, 'bandwidth');
  if (bw) {
    const attrsOf = (e: XmlEl | undefined) => (e ? (e.attrOrder.map((k) => [k, e.attrs[k]]) as [string, string][]) : undefined);
    net.bandwidth = { inbound: attrsOf(kid(bw, 'inbound')), outbound: attrsOf(kid(bw, 'outbound')) };
    if (!net.bandwidth.inbound && !net.bandwidth.outbound) net.bandwidth = undefined;
  }
  const vlan = kid(el, 'vlan');
  if (vlan) {
    const tags = kids(vlan, 'tag').map((t) => ({ id: attrUInt(t, 'id', { required: true }) ?? 0, nativeMode: t.attrs.nativeMode }));
    if (tags.length === 0) throw xmlErr('missing tag id - each <vlan> must have at least one <tag id=\'n\'/> subelement');
    net.vlan = { trunk: vlan.attrs.trunk, tags };
  }
  const vp = kid(el, 'virtualport');
  if (vp) {
    const p = kid(vp, 'parameters');
    net.virtualport = { type: vp.attrs.type, params: p ? p.attrOrder.map((k) => [k, p.attrs[k]]) : [] };
  }
  const fr = kid(el, 'filterref');
  if (fr?.attrs.filter) {
    net.filterref = { filter: fr.attrs.filter, params: kids(fr, 'parameter').map((p) => [p.attrs.name ?? '', p.attrs.value ?? '']) };
  }
  return net;
}

export function parseChr(el: XmlEl, deviceType: ChrDef['deviceType']): ChrDef {
  const type = el.attrs.type ?? 'null';
  if (!(CHR_TYPES as readonly string[]).includes(type)) throw xmlErr(`unknown type presented to host for character device: ${type}`);
  const chr: ChrDef = { deviceType, type, targetType: '', targetPort: -1, info: parseDeviceInfo(el) };
  const sources = kids(el, 'source');
  const source = sources[0];
  switch (type) {
    case 'pty':
    case 'dev':
    case 'file':
    case 'pipe':
      chr.path = source?.attrs.path;
      if (type === 'file') chr.append = source ? attrOnOff(source, 'append') : undefined;
      if (type !== 'pty' && chr.path === undefined) throw internal('Missing source path attribute for char device');
      break;
    case 'tcp':
      chr.mode = source?.attrs.mode === 'bind' ? 'bind' : 'connect';
      chr.host = source?.attrs.host;
      chr.service = source?.attrs.service;
      chr.tls = source ? attrYesNo(source, 'tls') : undefined;
      chr.protocol = attr(kid(el, 'protocol'), 'type') ?? 'raw';
      if (sources.length > 1) throw xmlErr('only one source element is allowed for character device');
      if (chr.host === undefined) throw internal('Missing source host attribute for char device');
      if (chr.service === undefined) throw internal('Missing source service attribute for char device');
      break;
    case 'udp':
      chr.udp = {};
      for (const s of sources) {
        if (s.attrs.mode === 'bind') {
          chr.udp.bindHost = s.attrs.host;
          chr.udp.bindService = s.attrs.service;
        } else {
          chr.udp.connectHost = s.attrs.host;
          chr.udp.connectService = s.attrs.service;
        }
      }
      if (sources.length > 2) throw xmlErr('only two source elements are allowed for character device');
      if (chr.udp.connectService === undefined) throw internal('Missing source service attribute for char device');
      break;
    case 'unix':
      chr.mode = source?.attrs.mode === 'bind' ? 'bind' : 'connect';
      chr.path = source?.attrs.path;
      break;
    case 'spiceport':
    case 'dbus':
      chr.channel = source?.attrs.channel;
      if (chr.channel === undefined) throw xmlErr('Missing source channel attribute for char device');
      break;
    case 'nmdm':
      chr.master = source?.attrs.master;
      chr.slave = source?.attrs.slave;
      break;
    default:
      break;
  }
  const log = kid(el, 'log');
  if (log?.attrs.file !== undefined) chr.log = { file: log.attrs.file, append: attrOnOff(log, 'append') };
  const target = kid(el, 'target');
  const ttype = target?.attrs.type;
  if (deviceType === 'serial') {
    if (ttype !== undefined) {
      if (!SERIAL_TARGETS.includes(ttype) || ttype === 'none') throw xmlErr(`unknown target type '${ttype}' specified for character device`);
      chr.targetType = ttype;
    }
    const model = attr(kid(target, 'model'), 'name');
    if (model !== undefined) {
      if (!SERIAL_MODELS.includes(model) || model === 'none') throw xmlErr(`Invalid value for attribute 'name' in element 'model': '${model}'.`);
      chr.targetModel = model;
    }
  } else if (deviceType === 'console') {
    if (ttype !== undefined) {
      if (!CONSOLE_TARGETS.includes(ttype) || ttype === 'none') throw xmlErr(`unknown target type '${ttype}' specified for character device`);
      chr.targetType = ttype;
    }
  } else if (deviceType === 'channel') {
    if (ttype === undefined) throw xmlErr(`unknown target type '' specified for character device`);
    if (!CHANNEL_TARGETS.includes(ttype) || ttype === 'none') throw xmlErr(`unknown target type '${ttype}' specified for character device`);
    chr.targetType = ttype;
    if (ttype === 'guestfwd') {
      chr.targetAddress = target?.attrs.address;
      chr.targetAddressPort = target?.attrs.port;
      if (chr.targetAddress === undefined) throw unsupported('guestfwd channel does not define a target address');
      if (chr.targetAddressPort === undefined) throw unsupported('guestfwd channel does not define a target port');
    } else chr.targetName = target?.attrs.name;
  }
  if (deviceType !== 'channel' && target?.attrs.port !== undefined) {
    const port = attrInt(target, 'port') ?? -1;
    chr.targetPort = port;
  }
  return chr;
}

export function parseInput(el: XmlEl, osType: string): InputDef {
  const type = attrEnum(el, 'type', INPUT_TYPES, { required: true })!;
  let bus = attrEnum(el, 'bus', INPUT_BUSES);
  if (bus === undefined) {
    // The default bus depends on the guest: PS/2 for HVM mice and keyboards, Xen for PV guests.
    if (osType === 'hvm') bus = type === 'mouse' || type === 'keyboard' ? 'ps2' : 'usb';
    else if (osType === 'xen' || osType === 'xenpvh') bus = 'xen';
    else bus = 'none';
  }
  if (type === 'passthrough' || type === 'evdev') bus = el.attrs.bus === undefined ? 'none' : bus;
  const source = kid(el, 'source');
  return {
    type,
    bus,
    model: el.attrs.model,
    source: source && source.attrOrder.length ? source.attrOrder.map((k) => [k, source.attrs[k]]) : undefined,
    info: parseDeviceInfo(el),
  };
}

export function parseGraphics(el: XmlEl): GraphicsDef {
  const type = attrEnum(el, 'type', GRAPHICS_TYPES, { required: true })!;
  const g: GraphicsDef = { type, attrs: [], listens: [], children: [] };
  const a = el.attrs;
  const push = (k: string, v: string | undefined) => {
    if (v !== undefined) g.attrs.push([k, v]);
  };
  const listenEls = kids(el, 'listen');
  for (const l of listenEls) {
    const ltype = l.attrs.type ?? 'address';
    g.listens.push({ type: ltype, address: l.attrs.address, network: l.attrs.network, socket: l.attrs.socket });
  }
  if (g.listens.length === 0 && (type === 'vnc' || type === 'spice' || type === 'rdp')) {
    if (type === 'vnc' && a.socket !== undefined) g.listens.push({ type: 'socket', socket: a.socket });
    else if (a.listen !== undefined) g.listens.push({ type: 'address', address: a.listen });
    else if (type !== 'spice' || a.port !== undefined || a.autoport !== undefined || a.tlsPort !== undefined) g.listens.push({ type: 'address' });
    else g.listens.push({ type: 'none' });
  }
  const first = g.listens[0];
  const listenAddr = first?.type === 'address' ? first.address : undefined;
  switch (type) {
    case 'vnc': {
      if (first?.type === 'socket') {
        push('socket', first.socket);
      } else {
        let autoport = a.autoport === 'yes' || a.port === '-1' || (a.port === undefined && a.autoport !== 'no');
        if (a.port !== undefined && a.port !== '-1' && a.autoport !== 'yes') autoport = false;
        const port = a.port !== undefined && a.port !== '-1' && a.port !== '0' && !autoport ? a.port : undefined;
        push('port', port ?? (autoport ? '-1' : undefined));
        push('autoport', autoport ? 'yes' : 'no');
        push('websocket', a.websocket);
        push('listen', listenAddr);
      }
      push('keymap', a.keymap);
      push('sharePolicy', a.sharePolicy);
      push('powerControl', a.powerControl);
      push('passwd', a.passwd);
      push('passwdValidTo', a.passwdValidTo);
      push('connected', a.connected);
      break;
    }
    case 'spice': {
      if (first?.type === 'address' || first?.type === 'network') {
        const autoport = a.autoport === 'yes';
        push('port', a.port !== undefined && a.port !== '0' ? a.port : undefined);
        push('tlsPort', a.tlsPort !== undefined && a.tlsPort !== '0' ? a.tlsPort : undefined);
        push('autoport', autoport ? 'yes' : 'no');
        push('listen', listenAddr);
      }
      push('keymap', a.keymap);
      push('defaultMode', a.defaultMode !== 'any' ? a.defaultMode : undefined);
      push('passwd', a.passwd);
      push('passwdValidTo', a.passwdValidTo);
      push('connected', a.connected);
      break;
    }
    case 'sdl':
      push('display', a.display);
      push('xauth', a.xauth);
      if (a.fullscreen === 'yes') push('fullscreen', 'yes');
      break;
    case 'rdp': {
      const autoport = a.autoport === 'yes';
      push('port', a.port !== undefined && a.port !== '0' ? a.port : autoport ? '0' : undefined);
      if (autoport) push('autoport', 'yes');
      if (a.replaceUser === 'yes') push('replaceUser', 'yes');
      if (a.multiUser === 'yes') push('multiUser', 'yes');
      push('listen', listenAddr);
      break;
    }
    case 'desktop':
      push('display', a.display);
      if (a.fullscreen === 'yes') push('fullscreen', 'yes');
      break;
    default:
      break;
  }
  for (const c of kids(el)) {
    if (c.name === 'listen') continue;
    if (['gl', 'image', 'jpeg', 'zlib', 'playback', 'streaming', 'clipboard', 'filetransfer', 'mouse', 'channel', 'audio'].includes(c.name)) g.children.push(cloneEl(c));
  }
  return g;
}

export function parseVideo(el: XmlEl): VideoDef {
  const model = kid(el, 'model');
  const type = model ? attrEnum(model, 'type', VIDEO_TYPES) ?? 'default' : 'default';
  const v: VideoDef = { type, info: parseDeviceInfo(el) };
  if (model) {
    v.vram = attrUInt(model, 'vram');
    v.ram = attrUInt(model, 'ram');
    v.vgamem = attrUInt(model, 'vgamem');
    v.vram64 = attrUInt(model, 'vram64');
    v.heads = attrUInt(model, 'heads');
    v.primary = attrYesNo(model, 'primary') === 'yes' ? true : undefined;
    const accel = kid(model, 'acceleration');
    if (accel) v.accel = { accel3d: attrYesNo(accel, 'accel3d'), accel2d: attrYesNo(accel, 'accel2d'), rendernode: accel.attrs.rendernode };
  }
  const driver = kid(el, 'driver');
  if (driver?.attrs.name !== undefined) v.driverName = driver.attrs.name;
  return v;
}

export function parseSound(el: XmlEl): SoundDef {
  const model = attrEnum(el, 'model', SOUND_MODELS, { required: true })!;
  return { model, codecs: kids(el, 'codec').map((c) => c.attrs.type ?? ''), info: parseDeviceInfo(el) };
}

export function parseWatchdog(el: XmlEl): WatchdogDef {
  const model = el.attrs.model;
  if (model === undefined) throw xmlErr('watchdog must contain model name');
  if (!WATCHDOG_MODELS.includes(model)) throw xmlErr(`unknown watchdog model '${model}'`);
  const action = el.attrs.action ?? 'reset';
  if (!WATCHDOG_ACTIONS.includes(action)) throw xmlErr(`unknown watchdog action '${action}'`);
  return { model, action, info: parseDeviceInfo(el) };
}

export function parseMemballoon(el: XmlEl): MemballoonDef {
  const model = attrEnum(el, 'model', BALLOON_MODELS, { required: true })!;
  const stats = kid(el, 'stats');
  let period: number | undefined;
  if (stats?.attrs.period !== undefined) {
    period = attrInt(stats, 'period');
    if (period !== undefined && period < 0) period = 0;
  }
  return { model, autodeflate: attrOnOff(el, 'autodeflate'), freePageReporting: attrOnOff(el, 'freePageReporting'), period, info: parseDeviceInfo(el) };
}

export function parseRng(el: XmlEl): RngDef {
  const model = el.attrs.model;
  if (model === undefined) throw xmlErr('missing RNG device model');
  const backend = kid(el, 'backend');
  if (!backend) throw xmlErr('missing RNG device backend');
  const backendModel = backend.attrs.model;
  if (backendModel === undefined) throw xmlErr('missing RNG device backend model');
  const rate = kid(el, 'rate');
  return {
    model,
    backendModel,
    backendType: backend.attrs.type,
    backendDevice: str(backend),
    rate: rate ? { bytes: attrUInt(rate, 'bytes', { required: true }) ?? 0, period: attrUInt(rate, 'period') } : undefined,
    info: parseDeviceInfo(el),
  };
}

export function parsePanic(el: XmlEl): PanicDef {
  return { model: el.attrs.model, info: parseDeviceInfo(el) };
}

export function parseHostdev(el: XmlEl): HostdevDef {
  const mode = el.attrs.mode ?? 'subsystem';
  const type = el.attrs.type;
  if (type === undefined) throw xmlErr('missing type in hostdev');
  const source = kid(el, 'source');
  return { mode, type, managed: el.attrs.managed, source: source ? cloneEl(source) : undefined, info: parseDeviceInfo(el, { boot: true, rom: true }) };
}
