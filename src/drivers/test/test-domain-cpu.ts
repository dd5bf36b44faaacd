// Test driver domains: vCPU and emulator pinning, IOThreads and CPU statistics
// (testDomainGetVcpus, testDomainPinVcpuFlags, testDomainGetVcpuPinInfo, testDomainPinEmulator,
// testDomainGetEmulatorPinInfo, testDomain*IOThread*, testDomainGetCPUStats in test_driver.c).
// A pin is kept in the definition as a CPU set string, so the XML shows it.
import { bitsFromMap, formatBits, mapFromBits, parseBits } from '../../conf/domain/cpuset.js';
import type { DomainDef } from '../../conf/domain/domain-def.js';
import type { HypervisorDriver } from '../../driver/hypervisor.js';
import { IOThreadParam, TypedParamType, type TypedParam } from '../../driver/types.js';
import { ErrorCode } from '../../util/error.js';
import { AFFECT_CONFIG, AFFECT_LIVE, checkActive, checkFlags, report, reportConf } from './test-domain.js';
import type { DomainObj } from './test-domain.js';
import type { TestState } from './test-state.js';
import { validateParams } from './test-domain-params.js';

/** VIR_VCPU_RUNNING */
const VCPU_RUNNING = 1;
/** The test driver's fixed total CPU time (TEST_TOTAL_CPUTIME), in ns. */
const TOTAL_CPUTIME = 48772617035n;
/** VIR_TYPED_PARAM_STRING_OKAY */
const STRING_OKAY = 4;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** VIR_NODEINFO_MAXCPUS: every host CPU the test driver pretends to have. */
function hostCpus(state: TestState): number[] {
  const n = state.nodeInfo;
  return range(n.nodes * n.sockets * n.cores * n.threads);
}

/** The CPUs vCPU `i` may run on: its pin, else the domain's cpuset, else `fallback`. */
function vcpuMask(def: DomainDef, i: number, fallback: number[]): number[] {
  const pin = def.cputune.vcpupins.find((p) => p.vcpu === i);
  if (pin) return [...parseBits(pin.cpuset)];
  if (def.vcpu.cpuset !== undefined) return [...parseBits(def.vcpu.cpuset)];
  return fallback;
}

/** The domain-wide mask (def->cpumask) or `fallback`. */
function domainMask(def: DomainDef, fallback: number[]): number[] {
  return def.vcpu.cpuset !== undefined ? [...parseBits(def.vcpu.cpuset)] : fallback;
}

/** virBitmapNewData of a caller's map; the pins are stored as set strings. */
function maskString(map: Uint8Array): string {
  return formatBits(bitsFromMap(map));
}

/** virDomainIOThreadIDFind */
function findIOThread(def: DomainDef, id: number) {
  return def.iothreadids.find((t) => t.id === id);
}

export function cpuPart(state: TestState): Partial<HypervisorDriver> {
  const store = state.domains;
  return {
    async domainGetVcpus(dom, maxinfo, maplen) {
      const obj = store.require(dom);
      if (!obj.isActive()) throw report(ErrorCode.OperationInvalid, 'cannot list vcpus for an inactive domain');
      const def = obj.def;
      const all = hostCpus(state);
      // The test driver reports the wall clock (µs) over ten as every vCPU's time.
      const cpuTime = (BigInt(Date.now()) * 1000n) / 10n;
      const n = Math.min(maxinfo, def.vcpu.current);
      const info = [];
      const cpumaps = [];
      for (let i = 0; i < n; i++) {
        const bits = vcpuMask(def, i, all);
        cpumaps.push(mapFromBits(bits, maplen));
        info.push({ number: i, state: VCPU_RUNNING, cpu: Math.max(-1, ...bits), cpuTime });
      }
      return { info, cpumaps };
    },
    async domainPinVcpu(dom, vcpu, cpumap) {
      return this.domainPinVcpuFlags!(dom, vcpu, cpumap, 0);
    },
    async domainPinVcpuFlags(dom, vcpu, cpumap, flags) {
      checkFlags(flags, 0, 'testDomainPinVcpuFlags');
      const obj = store.require(dom);
      if (!obj.isActive()) throw report(ErrorCode.OperationInvalid, 'cannot pin vcpus on an inactive domain');
      const def = obj.def;
      if (vcpu >= def.vcpu.current) throw report(ErrorCode.InvalidArg, `requested vcpu '${vcpu}' is not present in the domain`);
      def.cputune.vcpupins = def.cputune.vcpupins.filter((p) => p.vcpu !== vcpu);
      def.cputune.vcpupins.push({ vcpu, cpuset: maskString(cpumap) });
    },
    async domainGetVcpuPinInfo(dom, ncpumaps, maplen, flags) {
      const { def } = store.require(dom).getOneDef(flags);
      const all = hostCpus(state);
      return range(Math.min(def.vcpu.max, ncpumaps)).map((i) => mapFromBits(vcpuMask(def, i, all), maplen));
    },
    async domainPinEmulator(dom, cpumap, flags) {
      checkFlags(flags, AFFECT_LIVE | AFFECT_CONFIG, 'testDomainPinEmulator');
      const { def } = store.require(dom).getOneDef(flags);
      if (bitsFromMap(cpumap).length === 0) throw report(ErrorCode.InvalidArg, 'Empty cpu list for pinning');
      def.cputune.emulatorpin = maskString(cpumap);
    },
    async domainGetEmulatorPinInfo(dom, maplen, flags) {
      checkFlags(flags, AFFECT_LIVE | AFFECT_CONFIG, 'testDomainGetEmulatorPinInfo');
      const { def } = store.require(dom).getOneDef(flags);
      const bits = def.cputune.emulatorpin !== undefined ? [...parseBits(def.cputune.emulatorpin)] : domainMask(def, hostCpus(state));
      return mapFromBits(bits, maplen);
    },

    // --- IOThreads ---
    async domainGetIOThreadInfo(dom, flags) {
      checkFlags(flags, AFFECT_LIVE | AFFECT_CONFIG, 'testDomainGetIOThreadInfo');
      const { def } = store.require(dom).getOneDef(flags);
      // Unpinned threads report every vCPU (the test driver sizes the map by the vCPU count).
      const fallback = range(def.vcpu.current);
      return def.iothreadids.map((t) => {
        const pin = def.cputune.iothreadpins.find((p) => p.iothread === t.id);
        const bits = pin ? [...parseBits(pin.cpuset)] : domainMask(def, fallback);
        const len = bits.length ? Math.floor(Math.max(...bits) / 8) + 1 : 0;
        return { iothreadId: t.id, cpumap: mapFromBits(bits, len) };
      });
    },
    async domainAddIOThread(dom, id, flags) {
      checkFlags(flags, AFFECT_LIVE | AFFECT_CONFIG, 'testDomainAddIOThread');
      if (id === 0) throw report(ErrorCode.InvalidArg, 'invalid value of 0 for iothread_id');
      const obj = store.require(dom);
      const { def } = obj.getOneDef(flags);
      if (findIOThread(def, id)) throw reportConf(ErrorCode.InvalidArg, `an IOThread is already using iothread_id '${id}'`);
      def.iothreadids.push({ id, explicit: true });
      def.iothreads = def.iothreadids.length;
      obj.iothreads.push({ id, pollMaxNs: 32768n, pollGrow: 0, pollShrink: 0 });
    },
    async domainDelIOThread(dom, id, flags) {
      checkFlags(flags, AFFECT_LIVE | AFFECT_CONFIG, 'testDomainDelIOThread');
      if (id === 0) throw report(ErrorCode.InvalidArg, 'invalid value of 0 for iothread_id');
      const obj = store.require(dom);
      const { def } = obj.getOneDef(flags);
      if (!findIOThread(def, id)) throw reportConf(ErrorCode.InvalidArg, `cannot find IOThread '${id}' in iothreadids list`);
      const disk = def.devices.disks.find((d) => d.driver?.iothread === id);
      if (disk) throw reportConf(ErrorCode.InvalidArg, `cannot remove IOThread ${id} since it is being used by disk '${disk.target.dev}'`);
      const at = def.iothreadids.findIndex((t) => t.id === id);
      // Threads after a removed one lose their "filled in automatically" mark, so the XML lists them.
      for (const t of def.iothreadids.slice(at + 1)) t.explicit = true;
      def.iothreadids.splice(at, 1);
      def.iothreads = def.iothreadids.length;
      def.cputune.iothreadpins = def.cputune.iothreadpins.filter((p) => p.iothread !== id);
      const k = obj.iothreads.findIndex((t) => t.id === id);
      if (k >= 0) obj.iothreads.splice(k, 1);
    },
    async domainPinIOThread(dom, id, cpumap, flags) {
      checkFlags(flags, AFFECT_LIVE | AFFECT_CONFIG, 'testDomainPinIOThread');
      const { def } = store.require(dom).getOneDef(flags);
      if (bitsFromMap(cpumap).length === 0) throw report(ErrorCode.InvalidArg, 'Empty iothread cpumap list for pinning');
      if (!findIOThread(def, id)) throw report(ErrorCode.InvalidArg, `iothreadid ${id} not found`);
      const cpuset = maskString(cpumap);
      const pin = def.cputune.iothreadpins.find((p) => p.iothread === id);
      if (pin) pin.cpuset = cpuset;
      else def.cputune.iothreadpins.push({ iothread: id, cpuset });
    },
    async domainSetIOThreadParams(dom, id, params, flags) {
      checkFlags(flags, AFFECT_LIVE, 'testDomainSetIOThreadParams');
      if (id === 0) throw report(ErrorCode.InvalidArg, 'invalid value of 0 for iothread_id');
      const obj = store.require(dom);
      const { def } = obj.getOneDef(flags);
      if (!findIOThread(def, id)) throw report(ErrorCode.InvalidArg, `cannot find IOThread '${id}' in iothreadids`);
      const t = obj.iothreads.find((x) => x.id === id);
      // A thread the private list does not know about makes the call fail without a message.
      if (!t) throw genericError();
      validateParams(params, {
        [IOThreadParam.POLL_MAX_NS]: TypedParamType.ULLong,
        [IOThreadParam.POLL_GROW]: TypedParamType.UInt,
        [IOThreadParam.POLL_SHRINK]: TypedParamType.UInt,
      });
      for (const p of params) {
        if (p.field === IOThreadParam.POLL_MAX_NS) t.pollMaxNs = BigInt(p.value as bigint);
        else if (p.field === IOThreadParam.POLL_GROW) t.pollGrow = Number(p.value);
        else if (p.field === IOThreadParam.POLL_SHRINK) t.pollShrink = Number(p.value);
      }
    },

    // --- CPU statistics ---
    async domainGetCPUStats(dom, nparams, startCpu, ncpus, flags) {
      checkFlags(flags, STRING_OKAY, 'testDomainGetCPUStats');
      const obj = store.require(dom);
      checkActive(obj);
      if (startCpu === -1) return totalStats(nparams);
      return perCpuStats(nparams, startCpu, ncpus, state.nodeInfo.cores);
    },
  };
}

function genericError() {
  return report(ErrorCode.InternalError, 'An error occurred, but the cause is unknown');
}

const ull = (field: string, value: bigint): TypedParam => ({ field, type: TypedParamType.ULLong, value });

/** testDomainGetDomainTotalCpuStats */
function totalStats(nparams: number): { params: TypedParam[]; nparams: number } {
  if (nparams === 0) return { params: [], nparams: 3 };
  const all = [ull('cpu_time', TOTAL_CPUTIME), ull('user_time', 5540000000n), ull('system_time', 6460000000n)];
  const params = all.slice(0, Math.min(nparams, 3));
  return { params, nparams: params.length };
}

/**
 * testDomainGetPercpuStats: `params` is cpu-major, nparams slots per CPU; the host's core count
 * stands for its CPUs. Slots the driver leaves empty are absent (type 0 in C).
 */
function perCpuStats(nparams: number, startCpu: number, ncpus: number, totalCpus: number): { params: TypedParam[]; nparams: number } {
  if (nparams === 0 && ncpus !== 0) return { params: [], nparams: 2 };
  if (ncpus === 0) return { params: [], nparams: totalCpus };
  if (startCpu >= totalCpus) throw report(ErrorCode.InvalidArg, `start_cpu ${startCpu} larger than maximum of ${totalCpus - 1}`);
  const perCpu = TOTAL_CPUTIME / BigInt(totalCpus);
  const need = Math.min(totalCpus, startCpu + ncpus);
  const params: TypedParam[] = [];
  for (let i = startCpu; i < need; i++) {
    params.push(ull('cpu_time', perCpu + BigInt(i)));
    if (nparams > 1) params.push(ull('vcpu_time', perCpu + BigInt(i) - 1234567890n));
  }
  return { params, nparams: nparams > 1 ? 2 : 1 };
}

