// virCPUBaseline and virCPUExpandFeatures (libvirt's src/cpu/cpu.c): pick the CPU driver for the
// first CPU's architecture and let it compute the CPU every input can provide.
import { ErrorCode } from '../../util/error.js';
import { kids } from '../domain/parse-util.js';
import { newGuestCpu, reportCpu, type CpuDef } from './cpu-def.js';
import { loadCpuMap } from './cpu-map-load.js';

interface ArchDriver {
  archs: readonly string[];
  baseline?: (cpus: CpuDef[]) => Promise<CpuDef>;
  expandFeatures?: (cpu: CpuDef) => Promise<void>;
}

const DRIVERS: ArchDriver[] = [
  {
    archs: ['i686', 'x86_64'],
    baseline: async (cpus) => (await import('./cpu-x86.js')).x86Baseline(cpus),
    expandFeatures: async (cpu) => (await import('./cpu-x86.js')).x86ExpandFeatures(cpu),
  },
  { archs: ['ppc64', 'ppc64le'], baseline: ppc64Baseline },
  // libvirt's s390 driver has no baseline.
  { archs: ['s390', 's390x'] },
  { archs: ['armv6l', 'armv7b', 'armv7l', 'aarch64'], baseline: armBaseline },
];

/** cpuGetSubDriver */
function driverFor(arch: string | undefined): ArchDriver {
  if (arch === undefined) throw reportCpu(ErrorCode.InternalError, 'undefined hardware architecture');
  const d = DRIVERS.find((x) => x.archs.includes(arch));
  if (!d) throw reportCpu(ErrorCode.NoSupport, `'${arch}' architecture is not supported by CPU driver`);
  return d;
}

/** virCPUBaseline with the architecture taken from the first CPU (VIR_ARCH_NONE). */
export async function cpuBaseline(cpus: CpuDef[]): Promise<CpuDef> {
  if (cpus.length < 1) throw reportCpu(ErrorCode.InvalidArg, 'no CPUs given');
  cpus.forEach((c, i) => {
    if (c.model === undefined) throw reportCpu(ErrorCode.InvalidArg, `no CPU model specified at index ${i}`);
  });
  const arch = cpus[0].arch;
  const driver = driverFor(arch);
  if (!driver.baseline) throw reportCpu(ErrorCode.NoSupport, `cannot compute baseline CPU of ${arch} architecture`);
  return driver.baseline(cpus);
}

/** virCPUExpandFeatures: the driver lists the model's features, then all are sorted by name. */
export async function cpuExpandFeatures(arch: string | undefined, cpu: CpuDef): Promise<void> {
  const driver = driverFor(arch);
  await driver.expandFeatures?.(cpu);
  cpu.features.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * virCPUppc64Baseline: POWER CPUs are compared by model name only, so every input must name the
 * same model; a vendor is reported only when the model itself has none.
 */
async function ppc64Baseline(cpus: CpuDef[]): Promise<CpuDef> {
  const entries = await loadCpuMap('ppc64');
  const vendors = entries.vendors.map((v) => v.name);
  const models = entries.models.map(({ name, el }) => ({ name, vendor: kids(el, 'vendor')[0]?.attrs.name }));
  const model = models.find((m) => m.name === cpus[0].model);
  if (!model) throw reportCpu(ErrorCode.InternalError, `Unknown CPU model ${cpus[0].model}`);
  let vendor: string | undefined;
  for (const c of cpus) {
    if (c.model !== model.name) throw reportCpu(ErrorCode.OperationFailed, 'CPUs are incompatible');
    if (c.vendor === undefined) continue;
    if (!vendors.includes(c.vendor)) throw reportCpu(ErrorCode.OperationFailed, `Unknown CPU vendor ${c.vendor}`);
    if (model.vendor !== undefined) {
      if (model.vendor !== c.vendor) {
        throw reportCpu(ErrorCode.OperationFailed, `CPU vendor ${model.vendor} of model ${model.name} differs from vendor ${c.vendor}`);
      }
    } else if (vendor !== undefined) {
      if (vendor !== c.vendor) throw reportCpu(ErrorCode.OperationFailed, 'CPU vendors do not match');
    } else {
      vendor = c.vendor;
    }
  }
  const cpu = newGuestCpu();
  cpu.model = model.name;
  if (vendor !== undefined) cpu.vendor = vendor;
  cpu.fallback = 'forbid';
  return cpu;
}

/** virCPUarmBaseline: the first CPU's model, nothing more. */
async function armBaseline(cpus: CpuDef[]): Promise<CpuDef> {
  const cpu = newGuestCpu();
  cpu.model = cpus[0].model;
  return cpu;
}
