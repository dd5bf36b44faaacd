// Test driver: virConnectBaselineCPU (testConnectBaselineCPU). Real computation over libvirt's CPU
// map, like the C test driver, which calls straight into libvirt's CPU drivers.
import { isKnownArch } from '../../conf/capabilities.js';
import { cpuBaseline, cpuExpandFeatures } from '../../conf/cpu/cpu-baseline.js';
import { formatGuestCpu, parseHostCpuList } from '../../conf/cpu/cpu-def.js';
import { checkFlags } from './test-host.js';

/** VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES; the migratable flag is not accepted here. */
const EXPAND_FEATURES = 1 << 0;

export async function testBaselineCPU(xmlCPUs: string[], flags: number): Promise<string> {
  checkFlags(flags, EXPAND_FEATURES, 'testConnectBaselineCPU');
  const cpus = await parseHostCpuList(xmlCPUs, isKnownArch);
  const cpu = await cpuBaseline(cpus);
  if (flags & EXPAND_FEATURES) await cpuExpandFeatures(cpus[0].arch, cpu);
  return formatGuestCpu(cpu);
}
