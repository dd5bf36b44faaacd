// Formatting of the parts every device shares (virDomainDeviceInfoFormat): boot order, alias,
// ROM settings, ACPI index and the <address> element.
import type { XmlWriter } from '../xml/writer.js';
import type { DeviceAddress, DeviceInfo } from './domain-def.js';

const hex = (n: number, width: number) => '0x' + n.toString(16).padStart(width, '0');

export function addressAttrs(a: DeviceAddress): [string, string | number | undefined][] {
  switch (a.type) {
    case 'pci':
      if (a.empty) return [['type', 'pci'], ['multifunction', a.multifunction]];
      return [
        ['type', 'pci'],
        ['domain', hex(a.domain, 4)],
        ['bus', hex(a.bus, 2)],
        ['slot', hex(a.slot, 2)],
        // libvirt prints the function as "0x" followed by a decimal number.
        ['function', `0x${a.function}`],
        ['multifunction', a.multifunction],
      ];
    case 'drive':
      return [['type', 'drive'], ['controller', a.controller], ['bus', a.bus], ['target', a.target], ['unit', a.unit]];
    case 'virtio-serial':
      return [['type', 'virtio-serial'], ['controller', a.controller], ['bus', a.bus], ['port', a.port]];
    case 'ccid':
      return [['type', 'ccid'], ['controller', a.controller], ['slot', a.slot]];
    case 'usb':
      return [['type', 'usb'], ['bus', a.bus], ['port', a.port]];
    case 'isa':
      return [
        ['type', 'isa'],
        ['iobase', a.iobase ? '0x' + a.iobase.toString(16) : undefined],
        ['irq', a.irq ? '0x' + a.irq.toString(16) : undefined],
      ];
    case 'spapr-vio':
      return [['type', 'spapr-vio'], ['reg', a.reg !== undefined ? '0x' + a.reg.toString(16).padStart(8, '0') : undefined]];
    case 'ccw':
      return [['type', 'ccw'], ['cssid', '0x' + a.cssid.toString(16)], ['ssid', '0x' + a.ssid.toString(16)], ['devno', hex(a.devno, 4)]];
    case 'dimm':
      return [['type', 'dimm'], ['slot', a.slot], ['base', a.base ? '0x' + a.base.toString(16) : undefined]];
    case 'virtio-mmio':
      return [['type', 'virtio-mmio']];
    case 'unassigned':
      return [['type', 'unassigned']];
  }
}

export function formatDeviceInfo(w: XmlWriter, info: DeviceInfo, opts: { boot?: boolean; rom?: boolean } = {}): void {
  if (opts.boot && info.bootOrder) w.empty('boot', [['order', info.bootOrder], ['loadparm', info.loadparm]]);
  if (info.alias) w.empty('alias', [['name', info.alias]]);
  if (opts.rom && info.rom) w.empty('rom', [['enabled', info.rom.enabled], ['bar', info.rom.bar], ['file', info.rom.file]]);
  if (info.acpiIndex) w.empty('acpi', [['index', info.acpiIndex]]);
  if (info.address) w.empty('address', addressAttrs(info.address));
}
