// test:///default's one domain, "test", as a typed definition: what libvirt's parser makes of the
// built-in config (so opening the default connection needs no XML parser).
import type { DomainDef } from '../../conf/domain/domain-def.js';
import { emptyDevices } from '../../conf/domain/domain-def.js';

export function defaultTestDomain(): DomainDef {
  const devices = emptyDevices();
  devices.disks.push({
    type: 'file',
    device: 'disk',
    source: { path: '/guest/diskimage1' },
    target: { dev: 'vda', bus: 'virtio' },
    info: { address: { type: 'pci', domain: 0, bus: 1, slot: 0, function: 0 } },
  });
  devices.nets.push({
    type: 'network',
    mac: 'aa:bb:cc:dd:ee:ff',
    source: [['network', 'default']],
    targetDev: 'testnet0',
    info: { address: { type: 'pci', domain: 0, bus: 0, slot: 1, function: 0 } },
  });
  devices.memballoon = { model: 'virtio', info: { address: { type: 'pci', domain: 0, bus: 0, slot: 2, function: 0 } } };
  return {
    virtType: 'test',
    id: -1,
    name: 'test',
    uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f',
    metadata: [],
    memoryKiB: 8388608n,
    currentMemoryKiB: 2097152n,
    vcpu: { max: 2, current: 2, placement: 'static' },
    iothreads: 0,
    iothreadids: [],
    cputune: { vcpupins: [], iothreadpins: [] },
    os: { type: 'hvm', arch: 'i686', initargs: [], initenv: [], boot: ['hd'] },
    features: [],
    clock: { offset: 'utc', timers: [] },
    onPoweroff: 'destroy',
    onReboot: 'restart',
    onCrash: 'destroy',
    perf: [],
    devices,
    seclabels: [],
    testNs: { runstate: 1, transient: false, hasManagedSave: false, snapshots: [] },
  };
}
