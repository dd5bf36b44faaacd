// Test driver domains: what a guest agent would answer, faked as test_driver.c does — file
// systems (two per first disk, "/" and "/boot", which can be frozen and thawed), interface
// addresses (from the attached network's range), keys, signals, NMIs, passwords, memory peeks,
// launch security, and the bulk statistics of virConnectGetAllDomainStats.
import type { HypervisorDriver } from '../../driver/hypervisor.js';
import type { DomainInterfaceAddrs } from '../../driver/types.js';
import { ErrorCode } from '../../util/error.js';
import { checkActive, checkFlags, report, reportConf } from './test-domain.js';
import type { DomainObj } from './test-domain.js';
import type { TestState } from './test-state.js';

/** virKeycodeSet names, in enum order. */
export const KEYCODE_SETS = ['linux', 'xt', 'atset1', 'atset2', 'atset3', 'os_x', 'xt_kbd', 'usb', 'win32', 'qnum'];
/** VIR_DOMAIN_PROCESS_SIGNAL_LAST */
const SIGNAL_LAST = 65;
const MOUNTS = ['/', '/boot'];
/** VIR_IP_ADDR_TYPE_* */
const IPV4 = 0;
const IPV6 = 1;

/**
 * Whether a key code exists in a code set (virKeycodeValueTranslate to the same set). tsvirt does
 * not carry libvirt's key maps; it accepts the contiguous low range every set defines.
 */
function knownKeycode(codeset: number, code: number): boolean {
  return codeset === 0 ? code <= 265 : code <= 255;
}

function mountIndex(mp: string): number {
  const i = MOUNTS.indexOf(mp);
  if (i < 0) throw reportConf(ErrorCode.OperationInvalid, `mount point not found: ${mp}`);
  return i;
}

export function guestPart(state: TestState): Partial<HypervisorDriver> {
  const store = state.domains;
  const active = (ref: Parameters<typeof store.require>[0]): DomainObj => {
    const obj = store.require(ref);
    checkActive(obj);
    return obj;
  };
  return {
    async domainGetFSInfo(dom, flags) {
      checkFlags(flags, 0, 'testDomainGetFSInfo');
      const obj = active(dom);
      const disk = obj.def.devices.disks.find((d) => d.device === 'disk');
      if (!disk) return [];
      const name = disk.target.dev;
      return [
        { mountpoint: '/', name: `${name}1`, fstype: 'ext4', devAliases: [name] },
        { mountpoint: '/boot', name: `${name}2`, fstype: 'ext4', devAliases: [name] },
      ];
    },
    async domainFSFreeze(dom, mountpoints, flags) {
      checkFlags(flags, 0, 'testDomainFSFreeze');
      const obj = active(dom);
      if (mountpoints.length === 0) {
        const n = 2 - obj.frozen.filter(Boolean).length;
        obj.frozen = [true, true];
        return n;
      }
      const next = [...obj.frozen];
      let n = 0;
      for (const mp of mountpoints) {
        const i = mountIndex(mp);
        if (!next[i]) {
          next[i] = true;
          n++;
        }
      }
      obj.frozen = next;
      return n;
    },
    async domainFSThaw(dom, mountpoints, flags) {
      checkFlags(flags, 0, 'testDomainFSThaw');
      const obj = active(dom);
      if (mountpoints.length === 0) {
        const n = obj.frozen.filter(Boolean).length;
        obj.frozen = [false, false];
        return n;
      }
      const next = [...obj.frozen];
      let n = 0;
      for (const mp of mountpoints) {
        const i = mountIndex(mp);
        if (next[i]) {
          next[i] = false;
          n++;
        }
      }
      obj.frozen = next;
      return n;
    },
    async domainFSTrim(dom, mountPoint, _minimum, flags) {
      checkFlags(flags, 0, 'testDomainFSTrim');
      active(dom);
      if (mountPoint !== null) mountIndex(mountPoint);
    },
    async domainInterfaceAddresses(dom, source, flags) {
      checkFlags(flags, 0, 'testDomainInterfaceAddresses');
      if (source >= 3) throw report(ErrorCode.ArgumentUnsupported, `Unknown IP address data source ${source}`);
      const obj = active(dom);
      const out: DomainInterfaceAddrs[] = [];
      for (const [i, net] of obj.def.devices.nets.entries()) {
        const iface: DomainInterfaceAddrs = { name: net.targetDev ?? '', hwaddr: net.mac ?? null, addrs: [] };
        if (net.type === 'network') {
          // A different address per interface and per domain id, from the network's first range.
          const offset = 20 * (obj.def.id - 1) + i + 1;
          iface.addrs.push(await addressFromNetwork(state, net.source?.find(([k]) => k === 'network')?.[1] ?? '', offset));
        } else {
          iface.addrs.push({ type: IPV4, prefix: 24, addr: `192.168.0.${1 + i}` });
        }
        out.push(iface);
      }
      return out;
    },
    async domainSendKey(dom, codeset, _holdtime, keycodes, flags) {
      checkFlags(flags, 0, 'testDomainSendKey');
      active(dom);
      for (const k of keycodes) {
        if (!knownKeycode(codeset, k)) throw report(ErrorCode.InternalError, `invalid keycode ${k} of ${KEYCODE_SETS[codeset]} codeset`);
      }
    },
    async domainInjectNMI(dom, flags) {
      checkFlags(flags, 0, 'testDomainInjectNMI');
      active(dom);
    },
    async domainSendProcessSignal(dom, pid, signum, flags) {
      checkFlags(flags, 0, 'testDomainSendProcessSignal');
      if (pid !== 1n) throw report(ErrorCode.InvalidArg, 'only sending a signal to pid 1 is supported');
      if (signum >= SIGNAL_LAST) throw report(ErrorCode.InvalidArg, `signum value ${signum} is out of range`);
      store.require(dom);
    },
    async domainSetUserPassword(dom, _user, _password, flags) {
      checkFlags(flags, 1, 'testDomainSetUserPassword');
      active(dom);
    },
    async domainMemoryPeek(dom, start, size, flags) {
      checkFlags(flags, 1 | 2, 'testDomainMemoryPeek');
      if (flags !== 1 && flags !== 2) throw report(ErrorCode.InvalidArg, 'flags parameter must be VIR_MEMORY_VIRTUAL or VIR_MEMORY_PHYSICAL');
      active(dom);
      // Bytes count up from the low byte of the start address.
      const out = new Uint8Array(size);
      for (let i = 0; i < size; i++) out[i] = Number((start + BigInt(i)) & 0xffn);
      return out;
    },
    async domainGetLaunchSecurityInfo(_dom, flags) {
      checkFlags(flags, 0, 'testDomainGetLaunchSecurityInfo');
      return [];
    },
    async connectGetAllDomainStats(doms, stats, flags) {
      const { collectStats } = await import('./test-domain-stats.js');
      return collectStats(state, doms, stats, flags);
    },
  };
}

/** testDomainInterfaceAddressFromNet */
async function addressFromNetwork(state: TestState, name: string, offset: number) {
  const { networkArea } = await import('./test-areas.js');
  await networkArea(state);
  const net = state.networks.findByName(name);
  const ip = net.def.ips[0];
  const { formatIp, ipPrefix } = await import('../../conf/network/addr.js');
  const base = ip.ranges.length > 0 ? ip.ranges[0].start : ip.address;
  const bytes = Uint8Array.from(base.bytes);
  if (ip.family === 'ipv6') {
    bytes[15] = (bytes[15] + offset) & 0xff;
    return { type: IPV6, prefix: ipPrefix(ip.address, ip.netmask, ip.prefix), addr: formatIp({ family: 6, bytes }) };
  }
  const v = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  const n = (v + offset) >>> 0;
  const out = Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  return { type: IPV4, prefix: ipPrefix(ip.address, ip.netmask, ip.prefix), addr: formatIp({ family: 4, bytes: out }) };
}

