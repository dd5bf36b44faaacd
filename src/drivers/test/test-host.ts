// Test driver: connection and host queries (type, version, hostname, node info, capabilities…),
// with test_driver.c's fixed answers.
import { readFile } from 'node:fs/promises';
import { hostname as osHostname } from 'node:os';
import type { HypervisorDriver } from '../../driver/hypervisor.js';
import type { NodeStat } from '../../driver/types.js';
import { ErrorCode, ErrorDomain, checkFlags, errorsFrom } from '../../util/error.js';
import type { TestState } from './test-state.js';

const report = errorsFrom(ErrorDomain.Test);

/**
 * util/error.ts's checkFlags in the test driver's domain, for callers not yet switched to it
 * (test-checkpoint-impl.ts); the finished areas call checkFlags(…, ErrorDomain.Test) directly.
 */
export function checkTestFlags(flags: number, supported: number, fn: string): void {
  checkFlags(flags, supported, fn, ErrorDomain.Test);
}
export { checkTestFlags as checkFlags };

/**
 * virGetHostname: a short name is canonicalised through the resolver, as getaddrinfo with
 * AI_CANONNAME does. Node exposes no canonical name, so the hosts file is consulted the way glibc's
 * "files" source answers (the first name on the line that lists ours); otherwise the short name stays.
 */
export async function canonicalHostname(): Promise<string> {
  const name = osHostname();
  if (name.startsWith('localhost') || name.includes('.')) return name;
  let hosts = '';
  try {
    hosts = await readFile('/etc/hosts', 'utf8');
  } catch {
    return name;
  }
  for (const raw of hosts.split('\n')) {
    const fields = raw.replace(/#.*/, '').trim().split(/\s+/);
    if (fields.length < 2) continue;
    const names = fields.slice(1);
    if (!names.includes(name)) continue;
    return names[0].startsWith('localhost') ? name : names[0];
  }
  return name;
}

const SYSINFO = `<sysinfo type='smbios'>
  <bios>
    <entry name='vendor'>LENOVO</entry>
    <entry name='version'>G4ETA1WW (2.61 )</entry>
    <entry name='date'>05/07/2014</entry>
    <entry name='release'>2.61</entry>
  </bios>
</sysinfo>
`;

/** testNodeGetCPUStats's fixed counters, in the order it reports them. */
const CPU_STATS: NodeStat[] = [
  { field: 'user', value: 9797400000n },
  { field: 'kernel', value: 34678723400000n },
  { field: 'idle', value: 87264900000n },
  { field: 'iowait', value: 763600000n },
];

/**
 * virDrvFeature numbers the test driver supports: those every local driver must report
 * (virDriverFeatureIsGlobal: typed-param strings, the corrected network-update order, fd passing);
 * everything else, migration included, is unsupported.
 */
const SUPPORTED_FEATURES = new Set([9, 16, 8]);

export function hostPart(state: TestState, uri: string): Partial<HypervisorDriver> {
  return {
    async connectGetType() {
      return 'TEST';
    },
    async connectGetVersion() {
      return 2;
    },
    async connectGetURI() {
      return uri;
    },
    async connectGetHostname() {
      return canonicalHostname();
    },
    async connectGetSysinfo(flags: number) {
      checkFlags(flags, 0, 'testConnectGetSysinfo', ErrorDomain.Test);
      return SYSINFO;
    },
    async connectGetMaxVcpus() {
      return 32;
    },
    async connectGetCapabilities() {
      // Loaded on demand: most connections never ask for capabilities.
      const { testCapabilitiesXml } = await import('./test-host-caps.js');
      return testCapabilitiesXml(state);
    },
    async connectIsAlive() {
      return true;
    },
    async connectIsEncrypted() {
      return false;
    },
    async connectIsSecure() {
      return true;
    },
    async connectSupportsFeature(feature: number) {
      return SUPPORTED_FEATURES.has(feature);
    },
    async nodeGetInfo() {
      return { ...state.nodeInfo };
    },
    async nodeGetCellsFreeMemory(startCell: number, maxCells: number) {
      if (startCell >= state.cells.length) throw report(ErrorCode.InvalidArg, 'Range exceeds available cells');
      // The test driver reports each cell's total as its free memory.
      return state.cells.slice(startCell, startCell + maxCells).map((c) => c.mem);
    },
    async nodeGetFreeMemory() {
      let free = 0n;
      for (const c of state.cells) free += c.freeMem;
      // libvirt sums into a 32-bit unsigned integer.
      return free & 0xffffffffn;
    },
    async nodeGetCPUStats(_cpuNum: number, nparams: number, flags: number) {
      checkFlags(flags, 0, 'testNodeGetCPUStats', ErrorDomain.Test);
      if (nparams === 0) return { params: [], nparams: CPU_STATS.length };
      const params = CPU_STATS.slice(0, nparams).map((p) => ({ ...p }));
      return { params, nparams: params.length };
    },
    async nodeGetFreePages(pages: number[], _startCell: number, cellCount: number, flags: number) {
      checkFlags(flags, 0, 'testNodeGetFreePages', ErrorDomain.Test);
      // A made-up but deterministic series, restarted on every call, as test_driver.c does.
      const counts: bigint[] = [];
      let x = 6n;
      for (let i = 0; i < cellCount; i++) {
        for (let j = 0; j < pages.length; j++) {
          x = x * 2n + 7n;
          counts.push(x);
        }
      }
      return counts;
    },
    async nodeGetCPUMap(flags: number) {
      checkFlags(flags, 0, 'testNodeGetCPUMap', ErrorDomain.Test);
      return { cpumap: Uint8Array.of(0x15), online: 3, cpus: 8 };
    },
    async nodeGetSecurityModel() {
      return { model: 'testSecurity', doi: '' };
    },
    async connectGetCPUModelNames(arch: string, flags: number) {
      checkFlags(flags, 0, 'testConnectGetCPUModelNames', ErrorDomain.Test);
      const [{ isKnownArch }, { cpuModelsForArch }] = await Promise.all([import('../../conf/capabilities.js'), import('../../conf/cpu-map.js')]);
      if (!isKnownArch(arch)) throw report(ErrorCode.InvalidArg, `cannot find architecture ${arch}`);
      return cpuModelsForArch(arch);
    },
    // (cpu baseline) computed over libvirt's CPU map, loaded on first call only
    async connectBaselineCPU(xmlCPUs: string[], flags: number) {
      const { testBaselineCPU } = await import('./test-cpu-baseline.js');
      return testBaselineCPU(xmlCPUs, flags);
    },
  };
}
