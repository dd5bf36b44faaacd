// Test driver domains: resources and statistics (vCPUs, memory, scheduler, block and interface
// counters, guest time, metadata…), as test_driver.c fakes them: counters come from the wall
// clock, memory statistics from the balloon size.
import type { HypervisorDriver } from '../../driver/hypervisor.js';
import type { DomainRef } from '../../driver/refs.js';
import { TypedParamType, type TypedParam } from '../../driver/types.js';
import { ErrorCode } from '../../util/error.js';
import { AFFECT_CONFIG, AFFECT_LIVE, checkActive, checkFlags, report, reportConf, State } from './test-domain.js';
import type { TestState } from './test-state.js';
import { DomainEventID } from '../../driver/events.js';

const VCPU_MAXIMUM = 4;
const MEM_MAXIMUM = 4;
/** testConnectGetMaxVcpus */
const MAX_VCPUS = 32;

/** Microseconds since the epoch, as g_get_real_time(). */
const realTimeUs = () => BigInt(Date.now()) * 1000n;

export function tuningPart(state: TestState): Partial<HypervisorDriver> {
  const store = state.domains;
  function getSchedulerParameters(dom: DomainRef, flags: number): TypedParam[] {
    checkFlags(flags, 0, 'testDomainGetSchedulerParametersFlags');
    store.require(dom);
    return [{ field: 'weight', type: TypedParamType.UInt, value: 50 }];
  }
  function setSchedulerParameters(dom: DomainRef, params: TypedParam[], flags: number): void {
    checkFlags(flags, 0, 'testDomainSetSchedulerParametersFlags');
    for (const p of params) {
      if (p.field !== 'weight') throw report(ErrorCode.InvalidArg, `parameter '${p.field}' not supported`);
      if (p.type !== TypedParamType.UInt) throw report(ErrorCode.InvalidArg, `invalid type '${typeName(p.type)}' for parameter '${p.field}', expected 'uint'`);
    }
    store.require(dom);
  }
  return {
    async domainGetVcpusFlags(dom, flags) {
      checkFlags(flags, AFFECT_LIVE | AFFECT_CONFIG | VCPU_MAXIMUM, 'testDomainGetVcpusFlags');
      const { def } = store.require(dom).getOneDef(flags);
      return flags & VCPU_MAXIMUM ? def.vcpu.max : def.vcpu.current;
    },
    async domainGetMaxVcpus(dom) {
      const { def } = store.require(dom).getOneDef(AFFECT_LIVE);
      return def.vcpu.max;
    },
    async domainSetVcpusFlags(dom, n, flags) {
      checkFlags(flags, AFFECT_LIVE | AFFECT_CONFIG | VCPU_MAXIMUM, 'testDomainSetVcpusFlags');
      if (n > MAX_VCPUS) throw report(ErrorCode.InvalidArg, `requested cpu amount exceeds maximum supported amount (${n} > ${MAX_VCPUS})`);
      const obj = store.require(dom);
      const { live, config } = obj.getDefs(flags);
      if (live && live.vcpu.max < n) throw report(ErrorCode.InvalidArg, `requested cpu amount exceeds maximum (${n} > ${live.vcpu.max})`);
      if (config && !(flags & VCPU_MAXIMUM) && config.vcpu.max < n) {
        throw report(ErrorCode.InvalidArg, `requested cpu amount exceeds maximum (${n} > ${config.vcpu.max})`);
      }
      if (live) {
        if (n === 0) throw reportConf(ErrorCode.InvalidArg, 'Invalid number of vCPUs');
        live.vcpu.current = n;
      }
      if (config) {
        if (flags & VCPU_MAXIMUM) {
          config.vcpu.max = n;
          if (config.vcpu.current > n) config.vcpu.current = n;
        } else {
          if (n === 0) throw reportConf(ErrorCode.InvalidArg, 'Invalid number of vCPUs');
          config.vcpu.current = n;
        }
      }
    },
    async domainSetMemoryFlags(dom, memory, flags) {
      checkFlags(flags, AFFECT_LIVE | AFFECT_CONFIG | MEM_MAXIMUM, 'testDomainSetMemoryFlags');
      const obj = store.require(dom);
      const { def, live } = obj.getOneDef(flags & ~MEM_MAXIMUM);
      if (flags & MEM_MAXIMUM) {
        if (live) throw report(ErrorCode.OperationInvalid, 'cannot resize the maximum memory on an active domain');
        if (def.maxMemory && def.maxMemory.kib < memory) {
          throw report(ErrorCode.OperationInvalid, 'cannot set initial memory size greater than the maximum memory size');
        }
        def.memoryKiB = memory;
        if (def.currentMemoryKiB > memory) def.currentMemoryKiB = memory;
      } else {
        if (memory > def.memoryKiB) throw report(ErrorCode.InvalidArg, 'cannot set memory higher than max memory');
        def.currentMemoryKiB = memory;
      }
    },
    // test_driver.c's flag-less twins act on the live domain (VIR_DOMAIN_AFFECT_LIVE), not the
    // current one: on a shut-off domain they fail where the Flags forms with 0 would not.
    async domainSetVcpus(dom, n) {
      return this.domainSetVcpusFlags!(dom, n, AFFECT_LIVE);
    },
    async domainSetMemory(dom, memory) {
      return this.domainSetMemoryFlags!(dom, memory, AFFECT_LIVE);
    },
    async domainSetMaxMemory(dom, memory) {
      const obj = store.require(dom);
      const { def, live } = obj.getOneDef(0);
      if (live) throw report(ErrorCode.OperationInvalid, 'cannot resize the maximum memory on an active domain');
      def.memoryKiB = memory;
      if (def.currentMemoryKiB > memory) def.currentMemoryKiB = memory;
    },
    async domainSetMemoryStatsPeriod(dom, period, flags) {
      checkFlags(flags, AFFECT_LIVE | AFFECT_CONFIG, 'testDomainSetMemoryStatsPeriod');
      const { def } = store.require(dom).getOneDef(flags);
      const b = def.devices.memballoon;
      if (!b || b.model === 'none') throw report(ErrorCode.InternalError, 'No memory balloon device configured, can not set the collection period');
      b.period = period;
    },
    async domainMemoryStats(dom, nrStats, flags) {
      checkFlags(flags, 0, 'testDomainMemoryStats');
      const obj = store.require(dom);
      checkActive(obj);
      const cur = obj.def.currentMemoryKiB;
      const b = obj.def.devices.memballoon;
      if (!b || b.model === 'none') return [];
      // VIR_DOMAIN_MEMORY_STAT_* tags in the order the test driver fills them.
      const all: [number, bigint][] = [
        [6, cur],
        [0, 0n],
        [1, 0n],
        [2, 0n],
        [3, 0n],
        [4, cur / 2n],
        [5, cur],
        [8, cur / 2n],
        [9, 627319920n],
        [10, cur / 8n],
        [11, 0n],
        [12, 0n],
        [7, cur / 2n],
      ];
      return all.slice(0, nrStats).map(([tag, val]) => ({ tag, val }));
    },
    async domainBlockStats(dom, path) {
      if (path === '') throw report(ErrorCode.OperationUnsupported, 'summary statistics are not supported yet');
      const obj = store.require(dom);
      checkActive(obj);
      if (!obj.def.devices.disks.some((d) => d.target.dev === path || d.source?.path === path)) {
        throw report(ErrorCode.InvalidArg, `invalid path: ${path}`);
      }
      const base = realTimeUs();
      return { rdReq: base / 10n, rdBytes: base / 20n, wrReq: base / 30n, wrBytes: base / 40n, errs: base / 2000000n };
    },
    async domainInterfaceStats(dom, device) {
      const obj = store.require(dom);
      checkActive(obj);
      const mac = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(device) ? device.toLowerCase() : undefined;
      const matches = obj.def.devices.nets.filter((n) => (mac ? n.mac === mac : n.targetDev === device));
      if (matches.length === 0) {
        throw reportConf(ErrorCode.InvalidArg, mac ? `no interface with matching mac '${device}'` : `'${device}' is not a known interface`);
      }
      if (mac && matches.length > 1) throw reportConf(ErrorCode.InvalidArg, `multiple devices matching MAC address ${device} found`);
      const base = realTimeUs();
      return {
        rxBytes: base / 10n,
        rxPackets: base / 100n,
        rxErrs: base / 1000000n,
        rxDrop: base / 2000000n,
        txBytes: base / 20n,
        txPackets: base / 110n,
        txErrs: base / 3000000n,
        txDrop: base / 4000000n,
      };
    },
    async domainGetBlockInfo(dom, path, flags) {
      checkFlags(flags, 0, 'testDomainGetBlockInfo');
      const obj = store.require(dom);
      const disk = obj.def.devices.disks.find((d) => d.target.dev === path || (d.source?.path !== undefined && d.source.path === path));
      if (!disk) throw report(ErrorCode.InvalidArg, `invalid path ${path} not assigned to domain`);
      if (!disk.source || (disk.source.path === undefined && disk.type !== 'network' && disk.type !== 'volume')) {
        throw report(ErrorCode.InvalidArg, `disk '${path}' does not currently have a source assigned`);
      }
      return { capacity: 1099506450432n, allocation: 1099511627776n, physical: 1099511627776n };
    },
    async domainGetTime(dom, flags) {
      checkFlags(flags, 0, 'testDomainGetTime');
      const obj = store.require(dom);
      if (obj.state !== State.Running) throw report(ErrorCode.OperationInvalid, 'domain is not running');
      return { seconds: obj.seconds, nseconds: obj.nseconds };
    },
    async domainSetTime(dom, seconds, nseconds, flags) {
      checkFlags(flags, 1, 'testDomainSetTime');
      const obj = store.require(dom);
      checkActive(obj);
      obj.seconds = seconds;
      obj.nseconds = nseconds;
    },
    async domainGetControlInfo(dom, flags) {
      checkFlags(flags, 0, 'testDomainGetControlInfo');
      const obj = store.require(dom);
      checkActive(obj);
      const s = obj.seconds;
      // The test driver encodes a control state in the guest clock's value.
      if (s > 0n && s < 10000n) return { state: 1, details: 0, stateTime: s };
      if (s >= 10000n && s < 30000n) return { state: 2, details: 0, stateTime: s - 10000n };
      if (s >= 30000n && s < 60000n) return { state: 3, details: Number(s % 4n), stateTime: s - 30000n };
      return { state: 0, details: 0, stateTime: 0n };
    },
    async domainGetSchedulerType() {
      return { type: 'fair', nparams: 1 };
    },
    async domainGetSchedulerParametersFlags(dom, flags) {
      return getSchedulerParameters(dom, flags);
    },
    // The flag-less twins are the flags forms with no flags (testDomainGetSchedulerParameters…).
    async domainGetSchedulerParameters(dom) {
      return getSchedulerParameters(dom, 0);
    },
    async domainSetSchedulerParametersFlags(dom, params, flags) {
      setSchedulerParameters(dom, params, flags);
    },
    async domainSetSchedulerParameters(dom, params) {
      setSchedulerParameters(dom, params, 0);
    },
    async domainGetDiskErrors(dom, maxerrors, flags) {
      checkFlags(flags, 0, 'testDomainGetDiskErrors');
      const obj = store.require(dom);
      checkActive(obj);
      // Each disk reports an error, cycling through the error kinds after "none".
      return obj.def.devices.disks.slice(0, maxerrors).map((d, i) => ({ disk: d.target.dev, error: (i % 2) + 1 }));
    },
    async domainGetMessages(dom, flags) {
      checkFlags(flags, 1 | 2, 'testDomainGetMessages');
      store.require(dom);
      return [];
    },
    async domainGetMetadata(dom, type, uri, flags) {
      checkFlags(flags, AFFECT_LIVE | AFFECT_CONFIG, 'testDomainGetMetadata');
      const { def } = store.require(dom).getOneDef(flags);
      let value: string | undefined;
      if (type === 0) value = def.description;
      else if (type === 1) value = def.title;
      else if (type === 2) {
        const { metadataElement } = await import('./test-domain-metadata.js');
        value = metadataElement(def, uri);
      } else throw reportConf(ErrorCode.InvalidArg, `unknown metadata type '${type}'`);
      if (value === undefined) throw reportConf(ErrorCode.NoDomainMetadata, 'Requested metadata element is not present');
      return value;
    },
    async domainSetMetadata(dom, type, metadata, key, uri, flags) {
      checkFlags(flags, AFFECT_LIVE | AFFECT_CONFIG, 'testDomainSetMetadata');
      const obj = store.require(dom);
      const { live, config } = obj.getDefs(flags);
      const { setMetadata } = await import('./test-domain-metadata.js');
      for (const def of [live, config]) if (def) await setMetadata(def, type, metadata, key, uri);
      state.events.emit('domain', DomainEventID.MetadataChange, obj.ref(), { type, nsuri: uri });
    },
  };
}

function typeName(t: TypedParamType): string {
  return ['', 'int', 'uint', 'llong', 'ullong', 'double', 'boolean', 'string'][t] ?? 'unknown';
}
