// The typed domain definition (libvirt's virDomainDef, src/conf/domain_conf.h), reduced to what
// tsvirt's drivers use. Enumerated values are kept as the strings the XML spells, so the parser
// checks them against a table once and the formatter writes them back unchanged.
//
// Memory sizes are KiB as bigint; absent optional values are `undefined` (never 0-as-unset, except
// where libvirt itself treats 0 as "not set" and we say so).
import type { XmlEl } from '../xml/parse.js';

/** A device address (virDomainDeviceInfo's address part). */
export type DeviceAddress =
  | { type: 'pci'; domain: number; bus: number; slot: number; function: number; multifunction?: string; empty?: boolean }
  | { type: 'drive'; controller: number; bus: number; target: number; unit: number }
  | { type: 'virtio-serial'; controller: number; bus: number; port: number }
  | { type: 'ccid'; controller: number; slot: number }
  | { type: 'usb'; bus: number; port?: string }
  | { type: 'isa'; iobase?: number; irq?: number }
  | { type: 'virtio-mmio' }
  | { type: 'spapr-vio'; reg?: bigint }
  | { type: 'ccw'; cssid: number; ssid: number; devno: number }
  | { type: 'dimm'; slot: number; base?: bigint }
  | { type: 'unassigned' };

/** The parts every device shares (alias, boot order, address). */
export interface DeviceInfo {
  alias?: string;
  bootOrder?: number;
  loadparm?: string;
  address?: DeviceAddress;
  acpiIndex?: number;
  rom?: { enabled?: string; bar?: string; file?: string };
}

export interface DiskDef {
  /** file, block, dir, network, volume, nvme, vhostuser */
  type: string;
  /** disk, cdrom, floppy, lun */
  device: string;
  model?: string;
  rawio?: string;
  sgio?: string;
  snapshot?: string;
  driver?: {
    name?: string;
    type?: string;
    cache?: string;
    errorPolicy?: string;
    rerrorPolicy?: string;
    io?: string;
    ioeventfd?: string;
    eventIdx?: string;
    copyOnRead?: string;
    discard?: string;
    iothread?: number;
    detectZeroes?: string;
    queues?: number;
    queueSize?: number;
  };
  source?: {
    /** file/dev/dir path for the local kinds */
    path?: string;
    /** network: protocol, name, hosts */
    protocol?: string;
    name?: string;
    hosts?: { name?: string; port?: string; transport?: string; socket?: string }[];
    /** volume */
    pool?: string;
    volume?: string;
    mode?: string;
    startupPolicy?: string;
    index?: number;
  };
  target: { dev: string; bus: string; tray?: string; removable?: string; rotationRate?: number };
  readonly?: boolean;
  shareable?: boolean;
  transient?: boolean;
  serial?: string;
  wwn?: string;
  vendor?: string;
  product?: string;
  geometry?: { cyls: number; heads: number; secs: number; trans?: string };
  blockio?: { logical?: number; physical?: number };
  /** <iotune> children in order: limits as numbers, group_name as text. */
  iotune?: [string, bigint | string][];
  info: DeviceInfo;
}

export interface ControllerDef {
  type: string;
  index: number;
  model?: string;
  ports?: number;
  vectors?: number;
  maxGrantFrames?: number;
  maxEventChannels?: number;
  driver?: [string, string][];
  modelName?: string;
  target?: [string, string][];
  info: DeviceInfo;
}

export interface FilesystemDef {
  type: string;
  accessmode?: string;
  driver?: { type?: string; format?: string; wrpolicy?: string };
  source?: [string, string][];
  target: string;
  readonly?: boolean;
  info: DeviceInfo;
}

export interface NetDef {
  type: string;
  mac?: string;
  macType?: string;
  macCheck?: string;
  source?: [string, string][];
  /** ethernet's <ip>/<route> and the rest are not modelled. */
  virtualport?: { type?: string; params: [string, string][] };
  targetDev?: string;
  targetManaged?: string;
  model?: string;
  driver?: [string, string][];
  script?: string;
  backendTap?: string;
  backendVhost?: string;
  link?: string;
  mtu?: number;
  bandwidth?: { inbound?: [string, string][]; outbound?: [string, string][] };
  vlan?: { trunk?: string; tags: { id: number; nativeMode?: string }[] };
  filterref?: { filter: string; params: [string, string][] };
  info: DeviceInfo;
}

/** serial, parallel, console, channel */
export interface ChrDef {
  deviceType: 'serial' | 'parallel' | 'console' | 'channel';
  /** pty, file, dev, pipe, tcp, udp, unix, null, vc, stdio, spicevmc, spiceport, nmdm, qemu-vdagent, dbus */
  type: string;
  tty?: string;
  path?: string;
  append?: string;
  mode?: string;
  host?: string;
  service?: string;
  tls?: string;
  udp?: { bindHost?: string; bindService?: string; connectHost?: string; connectService?: string };
  channel?: string;
  master?: string;
  slave?: string;
  protocol?: string;
  log?: { file: string; append?: string };
  /** Target type as the XML names it ('' when the device has none, e.g. a plain serial). */
  targetType: string;
  targetPort: number;
  targetModel?: string;
  targetName?: string;
  targetAddress?: string;
  targetAddressPort?: string;
  info: DeviceInfo;
}

export interface InputDef {
  type: string;
  bus: string;
  model?: string;
  source?: [string, string][];
  info: DeviceInfo;
}

export interface GraphicsListen {
  type: string;
  address?: string;
  network?: string;
  socket?: string;
}

export interface GraphicsDef {
  type: string;
  attrs: [string, string][];
  listens: GraphicsListen[];
  children: XmlEl[];
}

export interface VideoDef {
  type: string;
  vram?: number;
  ram?: number;
  vgamem?: number;
  vram64?: number;
  heads?: number;
  primary?: boolean;
  accel?: { accel3d?: string; accel2d?: string; rendernode?: string };
  driverName?: string;
  info: DeviceInfo;
}

export interface SoundDef {
  model: string;
  codecs: string[];
  info: DeviceInfo;
}

export interface WatchdogDef {
  model: string;
  action: string;
  info: DeviceInfo;
}

export interface MemballoonDef {
  model: string;
  autodeflate?: string;
  freePageReporting?: string;
  period?: number;
  info: DeviceInfo;
}

export interface RngDef {
  model: string;
  backendModel: string;
  backendType?: string;
  backendDevice?: string;
  rate?: { bytes: number; period?: number };
  info: DeviceInfo;
}

export interface PanicDef {
  model?: string;
  info: DeviceInfo;
}

export interface HostdevDef {
  mode: string;
  type: string;
  managed?: string;
  /** The <source> element, kept as parsed (PCI/USB/SCSI addresses vary too much to model here). */
  source?: XmlEl;
  info: DeviceInfo;
}

export interface Devices {
  emulator?: string;
  disks: DiskDef[];
  controllers: ControllerDef[];
  filesystems: FilesystemDef[];
  nets: NetDef[];
  serials: ChrDef[];
  parallels: ChrDef[];
  consoles: ChrDef[];
  channels: ChrDef[];
  inputs: InputDef[];
  graphics: GraphicsDef[];
  sounds: SoundDef[];
  videos: VideoDef[];
  hostdevs: HostdevDef[];
  watchdogs: WatchdogDef[];
  memballoon?: MemballoonDef;
  rngs: RngDef[];
  panics: PanicDef[];
}

export interface CpuFeature {
  policy?: string;
  name: string;
}

/** virCPUDef for a guest */
export interface CpuDef {
  mode?: string;
  match?: string;
  check?: string;
  migratable?: string;
  model?: { name: string; fallback?: string; vendorId?: string };
  vendor?: string;
  topology?: { sockets: number; dies: number; cores: number; threads: number };
  cache?: { level?: number; mode: string };
  features: CpuFeature[];
  numa?: { id: number; cpus: string; memoryKiB: bigint; memAccess?: string; discard?: string }[];
}

export interface TimerDef {
  name: string;
  present?: string;
  tickpolicy?: string;
  track?: string;
  mode?: string;
  frequency?: bigint;
  catchup?: { threshold?: number; slew?: number; limit?: number };
}

export interface ClockDef {
  offset: string;
  adjustment?: string;
  basis?: string;
  timezone?: string;
  start?: string;
  timers: TimerDef[];
}

export interface OsDef {
  type: string;
  arch: string;
  machine?: string;
  firmware?: string;
  loader?: { path?: string; readonly?: string; secure?: string; type?: string };
  nvram?: { path?: string; template?: string };
  kernel?: string;
  initrd?: string;
  cmdline?: string;
  dtb?: string;
  root?: string;
  init?: string;
  initargs: string[];
  initenv: [string, string][];
  initdir?: string;
  inituser?: string;
  initgroup?: string;
  boot: string[];
  bootmenu?: { enable: string; timeout?: number };
  bios?: { useserial?: string; rebootTimeout?: number };
  smbios?: string;
}

/** One <feature> child: its element name, attributes, and any children kept for formatting. */
export interface FeatureDef {
  name: string;
  attrs: [string, string][];
  children: XmlEl[];
}

export interface SecLabelDef {
  type: string;
  model?: string;
  relabel?: string;
  label?: string;
  imagelabel?: string;
  baselabel?: string;
}

export interface VcpuPin {
  vcpu: number;
  cpuset: string;
}

export interface CpuTune {
  shares?: bigint;
  period?: bigint;
  quota?: bigint;
  globalPeriod?: bigint;
  globalQuota?: bigint;
  emulatorPeriod?: bigint;
  emulatorQuota?: bigint;
  iothreadPeriod?: bigint;
  iothreadQuota?: bigint;
  vcpupins: VcpuPin[];
  emulatorpin?: string;
  iothreadpins: { iothread: number; cpuset: string }[];
}

export interface NumaTune {
  memory?: { mode: string; nodeset?: string; placement?: string };
  memnodes: { cellid: number; mode: string; nodeset: string }[];
}

export interface MemTune {
  hardLimit?: bigint;
  softLimit?: bigint;
  minGuarantee?: bigint;
  swapHardLimit?: bigint;
}

export interface BlkioDevice {
  path: string;
  weight?: number;
  readIops?: number;
  writeIops?: number;
  readBytes?: bigint;
  writeBytes?: bigint;
}

/** The test driver's own XML namespace (http://libvirt.org/schemas/domain/test/1.0). */
export interface TestNamespaceData {
  runstate: number;
  transient: boolean;
  hasManagedSave: boolean;
  snapshots: XmlEl[];
}

export interface DomainDef {
  virtType: string;
  /** -1 when not running */
  id: number;
  name: string;
  uuid: string;
  genid?: string;
  title?: string;
  description?: string;
  /** The children of <metadata>, foreign namespaces kept. */
  metadata: XmlEl[];
  maxMemory?: { slots: number; kib: bigint };
  memoryKiB: bigint;
  dumpCore?: string;
  currentMemoryKiB: bigint;
  blkiotune?: { weight?: number; devices: BlkioDevice[] };
  memtune?: MemTune;
  memoryBacking?: XmlEl;
  vcpu: { max: number; current: number; placement: string; cpuset?: string };
  iothreads: number;
  iothreadids: { id: number; explicit: boolean }[];
  cputune: CpuTune;
  numatune?: NumaTune;
  resource?: { partition?: string };
  bootloader?: string;
  bootloaderArgs?: string;
  os: OsDef;
  features: FeatureDef[];
  cpu?: CpuDef;
  clock: ClockDef;
  onPoweroff: string;
  onReboot: string;
  onCrash: string;
  onLockfailure?: string;
  pm?: { suspendToMem?: string; suspendToDisk?: string };
  perf: [string, string][];
  devices: Devices;
  seclabels: SecLabelDef[];
  testNs?: TestNamespaceData;
}

export function emptyDevices(): Devices {
  return {
    disks: [],
    controllers: [],
    filesystems: [],
    nets: [],
    serials: [],
    parallels: [],
    consoles: [],
    channels: [],
    inputs: [],
    graphics: [],
    sounds: [],
    videos: [],
    hostdevs: [],
    watchdogs: [],
    rngs: [],
    panics: [],
  };
}

/** A deep copy, so the live and persistent definitions of a domain never share objects. */
export function cloneDomainDef(def: DomainDef): DomainDef {
  return structuredClone(def);
}
