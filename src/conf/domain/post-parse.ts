// What libvirt fills in after parsing a domain (virDomainDefPostParse and the test driver's
// callbacks): controller indexes, disk buses and drive addresses, implicit controllers, console
// and video, boot device, memory defaults, MAC addresses. Also the validation libvirt runs on
// define (virDomainDefValidate) for the cases the test driver meets.
import { ErrorCode } from '../../util/error.js';
import type { ChrDef, ControllerDef, DiskDef, DomainDef } from './domain-def.js';
import { diskNameToIndex } from './disk-order.js';
import { internal, report, unsupported, xmlErr } from './parse-util.js';

/** virDomainControllerInsertPreAlloced: keep controllers of a type together, ordered by index. */
export function insertController(def: DomainDef, c: DomainDef['devices']['controllers'][number]): void {
  const list = def.devices.controllers;
  let at = -1;
  for (let i = list.length - 1; i >= 0; i--) {
    const cur = list[i];
    if (cur.type !== c.type) continue;
    if (c.index === -1) {
      at = i + 1;
      break;
    }
    if (cur.index > c.index) at = i;
    else if (at === -1) at = i + 1;
  }
  if (at === -1) list.push(c);
  else list.splice(at, 0, c);
}

export function postParseDomain(def: DomainDef): void {
  assignControllerIndexes(def);
  // Per-device post-parse.
  for (const disk of def.devices.disks) postParseDisk(disk, def);
  for (const net of def.devices.nets) net.mac ??= generateMac();
  for (const list of [def.devices.serials, def.devices.parallels, def.devices.consoles]) {
    for (const chr of list) postParseChr(chr, list);
  }
  for (const v of def.devices.videos) postParseVideo(v, def);
  if (def.devices.rngs) for (const r of def.devices.rngs) if (r.backendModel === 'random') r.backendDevice ??= '/dev/random';

  // Common post-parse.
  if (def.os.type === 'exe' && !def.os.init) throw xmlErr('init binary must be specified');
  postParseMemory(def);
  rejectDuplicateControllers(def);
  if (def.os.type === 'hvm') bootOrderPostParse(def);
  addConsoleCompat(def);
  addImplicitControllers(def);
  if (def.devices.graphics.length > 0 && def.devices.videos.length === 0) {
    const v = { type: 'default', info: {} };
    def.devices.videos.push(v);
  }
  const first = def.devices.videos[0];
  if (first) {
    if (first.type === 'none') def.devices.videos[0] = { type: 'none', info: first.info.alias ? { alias: first.info.alias } : {} };
    else {
      first.primary = true;
      postParseVideo(first, def);
    }
  }
  if (def.devices.serials.length) postParseChr(def.devices.serials[0], def.devices.serials);
  validateDomain(def);
}

function postParseMemory(def: DomainDef): void {
  if (def.memoryKiB === 0n && def.cpu?.numa?.length) {
    def.memoryKiB = def.cpu.numa.reduce((a, c) => a + c.memoryKiB, 0n);
  }
  if (def.memoryKiB === 0n) throw xmlErr('Memory size must be specified via <memory> or in the <numa> configuration');
  if (def.currentMemoryKiB > def.memoryKiB || def.currentMemoryKiB === 0n) def.currentMemoryKiB = def.memoryKiB;
  if (def.maxMemory) {
    if (!def.maxMemory.kib || !def.maxMemory.slots) throw xmlErr('both maximum memory size and memory slot count must be specified');
    if (def.maxMemory.kib < def.memoryKiB) throw xmlErr('maximum memory size must be equal or greater than the actual memory size');
  }
}

/** virDomainAssignControllerIndexes: an unindexed controller takes the lowest free index of its type. */
function assignControllerIndexes(def: DomainDef): void {
  const list = def.devices.controllers;
  for (const c of list) {
    if (c.index !== -1) continue;
    const used = new Set(list.filter((o) => o.type === c.type && o !== c).map((o) => o.index));
    let i = 0;
    while (used.has(i)) i++;
    c.index = i;
  }
}

function rejectDuplicateControllers(def: DomainDef): void {
  const seen = new Set<string>();
  for (const c of def.devices.controllers) {
    // USB2 companion controllers legitimately share an index.
    if (c.type === 'usb' && c.model && /^ich9-(ehci1|uhci[123])$/.test(c.model)) continue;
    const key = `${c.type}/${c.index}`;
    if (seen.has(key)) throw unsupported(`Multiple '${c.type}' controllers with index '${c.index}'`);
    seen.add(key);
  }
}

function bootOrderPostParse(def: DomainDef): void {
  const orders = new Set<number>();
  const infos = [...def.devices.disks, ...def.devices.nets, ...def.devices.hostdevs].map((d) => d.info);
  for (const info of infos) {
    if (!info.bootOrder) continue;
    if (orders.has(info.bootOrder)) throw unsupported(`boot order '${info.bootOrder}' used for more than one device`);
    orders.add(info.bootOrder);
  }
  if (def.os.boot.length > 0 && orders.size > 0) throw unsupported('per-device boot elements cannot be used together with os/boot elements');
  if (def.os.boot.length === 0 && orders.size === 0) def.os.boot = ['hd'];
}

function postParseDisk(disk: DiskDef, def: DomainDef): void {
  if (disk.target.dev.startsWith('ioemu:')) disk.target.dev = disk.target.dev.slice(6);
  if (disk.device === 'cdrom') disk.readonly = true;
  if (!disk.target.bus) {
    const d = disk.target.dev;
    let bus = 'ide';
    if (disk.device === 'floppy') bus = 'fdc';
    else if (d.startsWith('hd')) bus = 'ide';
    else if (d.startsWith('sd')) bus = 'scsi';
    else if (d.startsWith('vd')) bus = 'virtio';
    else if (d.startsWith('xvd')) bus = 'xen';
    else if (d.startsWith('ubd')) bus = 'uml';
    disk.target.bus = bus;
  }
  if (!disk.info.address) assignDiskAddress(disk, def);
}

function assignDiskAddress(disk: DiskDef, _def: DomainDef): void {
  const idx = diskNameToIndex(disk.target.dev);
  if (idx < 0) throw xmlErr(`Unknown disk name '${disk.target.dev}' and no address specified`);
  const drive = (controller: number, bus: number, unit: number) => {
    disk.info.address = { type: 'drive', controller, bus, target: 0, unit };
  };
  switch (disk.target.bus) {
    case 'scsi':
      drive(Math.floor(idx / 7), 0, idx % 7);
      break;
    case 'ide':
      drive(Math.floor(idx / 4), Math.floor((idx % 4) / 2), idx % 2);
      break;
    case 'sata':
      drive(Math.floor(idx / 6), 0, idx % 6);
      break;
    case 'fdc':
      drive(Math.floor(idx / 2), 0, idx % 2);
      break;
    default:
      break;
  }
}

function postParseChr(chr: ChrDef, list: ChrDef[]): void {
  if (chr.deviceType === 'console' && chr.targetType === '') chr.targetType = 'serial';
  if (chr.targetPort === -1 && chr.deviceType !== 'channel') {
    chr.targetPort = Math.max(-1, ...list.map((c) => c.targetPort)) + 1;
  }
}

/** The test driver's video default (testDomainDevicesDefPostParse) and libvirt's memory sizes. */
function postParseVideo(v: DomainDef['devices']['videos'][number], def: DomainDef): void {
  if (v.type === 'default') {
    if (def.os.type === 'xen' || def.os.type === 'linux') v.type = 'xen';
    else if (def.os.arch.startsWith('ppc64')) v.type = 'vga';
    else v.type = 'cirrus';
  }
  if (!v.ram && v.type === 'qxl') v.ram = 64 * 1024;
  if (!v.vram) v.vram = defaultVideoRam(v.type, def.virtType);
  if (v.ram) v.ram = roundUpPowerOfTwo(v.ram);
  if (v.vram) v.vram = roundUpPowerOfTwo(v.vram);
  if (v.type === 'none') return;
  if (!v.heads) v.heads = 1;
}

function defaultVideoRam(type: string, virtType: string): number {
  switch (type) {
    case 'vga':
    case 'cirrus':
    case 'vmvga':
      if (virtType === 'vbox') return 8 * 1024;
      if (virtType === 'vmware') return 4 * 1024;
      return 16 * 1024;
    case 'bochs':
      return 16 * 1024;
    case 'xen':
      return 4 * 1024;
    case 'qxl':
      return 64 * 1024;
    default:
      return 0;
  }
}

function roundUpPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** virDomainDefAddConsoleCompat: an HVM guest's first console and first serial port stand for each other. */
function addConsoleCompat(def: DomainDef): void {
  const d = def.devices;
  for (let i = 1; i < d.consoles.length; i++) {
    if (d.consoles[i].targetType === 'serial') throw unsupported('Only the first console can be a serial port');
  }
  const stub = (): ChrDef => ({ deviceType: 'console', type: 'pty', targetType: 'serial', targetPort: 0, info: {} });
  if (d.consoles.length > 0 && def.os.type === 'hvm' && (d.consoles[0].targetType === 'serial' || d.consoles[0].targetType === '')) {
    if (d.serials.length === 0) {
      const serial: ChrDef = { ...d.consoles[0], deviceType: 'serial', targetType: '', targetPort: 0 };
      d.serials.push(serial);
      d.consoles[0] = stub();
    } else if (!sameChrSource(d.serials[0], d.consoles[0])) {
      d.consoles[0] = stub();
    }
  } else if (def.os.type === 'hvm' && d.serials.length > 0) {
    const t = d.serials[0].targetType;
    if (['', 'isa-serial', 'spapr-vio-serial', 'system-serial', 'sclp-serial'].includes(t)) {
      if (d.consoles.length === 0 || (d.consoles[0].targetType !== 'serial' && d.consoles[0].targetType !== '')) {
        d.consoles.unshift(stub());
        d.consoles.forEach((c, i) => (c.targetPort = i));
      }
    }
  }
}

function sameChrSource(a: ChrDef, b: ChrDef): boolean {
  return a.type === b.type && a.path === b.path && a.host === b.host && a.service === b.service && a.mode === b.mode && a.channel === b.channel;
}

function addImplicitControllers(def: DomainDef): void {
  const addFor = (ctype: string, bus: string) => {
    let max = -1;
    for (const disk of def.devices.disks) {
      if (disk.target.bus !== bus || disk.info.address?.type !== 'drive') continue;
      max = Math.max(max, disk.info.address.controller);
    }
    for (let i = 0; i <= max; i++) maybeAddController(def, ctype, i);
  };
  addFor('scsi', 'scsi');
  addFor('fdc', 'fdc');
  addFor('ide', 'ide');
  addFor('sata', 'sata');
  for (const c of [...def.devices.channels, ...def.devices.consoles]) {
    if (c.targetType !== 'virtio') continue;
    const idx = c.info.address?.type === 'virtio-serial' ? c.info.address.controller : 0;
    maybeAddController(def, 'virtio-serial', idx);
  }
}

function maybeAddController(def: DomainDef, type: string, index: number): void {
  if (def.devices.controllers.some((c) => c.type === type && c.index === index)) return;
  const c: ControllerDef = { type, index, info: {} };
  insertController(def, c);
}

/** The checks of virDomainDefValidate that a test-driver define can hit. */
function validateDomain(def: DomainDef): void {
  const d = def.devices;
  for (const disk of d.disks) {
    if (!disk.source && disk.device !== 'cdrom' && disk.device !== 'floppy') {
      throw report(ErrorCode.NoSource, disk.target.dev);
    }
  }
  for (let i = 0; i < d.disks.length; i++) {
    for (let j = 0; j < i; j++) {
      if (d.disks[i].target.dev === d.disks[j].target.dev) {
        throw xmlErr(`target '${d.disks[i].target.dev}' duplicated for disk sources '${d.disks[j].source?.path ?? '<null>'}' and '${d.disks[i].source?.path ?? '<null>'}'`);
      }
    }
  }
  if (def.name.includes('/')) throw xmlErr(`name ${def.name} cannot contain '/'`);
  if (def.vcpu.max > 4096) throw internal('');
}

/** virDomainNetGenerateMAC: QEMU's 52:54:00 prefix and three random bytes. */
export function generateMac(): string {
  const b = crypto.getRandomValues(new Uint8Array(3));
  return ['52', '54', '00', ...[...b].map((x) => x.toString(16).padStart(2, '0'))].join(':');
}
