// libvirt's CPU drivers and the named models each one knows (the cpu_map data shipped with
// libvirt 9.0: src/cpu_map/index.xml). Only names are kept: enough for virConnectGetCPUModelNames.
import { ErrorCode, ErrorDomain, errorsFrom } from '../util/error.js';

const X86_MODELS = [
  '486', 'pentium', 'pentium2', 'pentium3', 'pentiumpro', 'coreduo', 'n270', 'core2duo',
  'qemu32', 'kvm32', 'cpu64-rhel5', 'cpu64-rhel6', 'qemu64', 'kvm64',
  'Conroe', 'Penryn', 'Nehalem', 'Nehalem-IBRS', 'Westmere', 'Westmere-IBRS',
  'SandyBridge', 'SandyBridge-IBRS', 'IvyBridge', 'IvyBridge-IBRS',
  'Haswell-noTSX', 'Haswell-noTSX-IBRS', 'Haswell', 'Haswell-IBRS',
  'Broadwell-noTSX', 'Broadwell-noTSX-IBRS', 'Broadwell', 'Broadwell-IBRS',
  'Skylake-Client', 'Skylake-Client-IBRS', 'Skylake-Client-noTSX-IBRS',
  'Skylake-Server', 'Skylake-Server-IBRS', 'Skylake-Server-noTSX-IBRS',
  'Cascadelake-Server', 'Cascadelake-Server-noTSX',
  'Icelake-Client', 'Icelake-Client-noTSX', 'Icelake-Server', 'Icelake-Server-noTSX',
  'Cooperlake', 'Snowridge',
  'athlon', 'phenom', 'Opteron_G1', 'Opteron_G2', 'Opteron_G3', 'Opteron_G4', 'Opteron_G5',
  'EPYC', 'EPYC-IBPB', 'EPYC-Rome', 'EPYC-Milan', 'Dhyana',
] as const;

const PPC64_MODELS = ['POWER6', 'POWER7', 'POWER8', 'POWER9', 'POWER10', 'POWERPC_e5500', 'POWERPC_e6500'] as const;

/**
 * Each CPU driver, the architectures it serves and its model list. `null` models: the driver
 * accepts any model name (libvirt's ARM and s390 drivers have no model list).
 */
const CPU_DRIVERS: { archs: readonly string[]; models: readonly string[] | null }[] = [
  { archs: ['i686', 'x86_64'], models: X86_MODELS },
  { archs: ['ppc64', 'ppc64le'], models: PPC64_MODELS },
  { archs: ['s390', 's390x'], models: null },
  { archs: ['armv6l', 'armv7b', 'armv7l', 'aarch64'], models: null },
];

/**
 * virCPUGetModels: the model names for a (known) architecture; an empty list means any model is
 * accepted. Architectures without a CPU driver fail as libvirt's cpuGetSubDriver does.
 */
export function cpuModelsForArch(arch: string): string[] {
  const driver = CPU_DRIVERS.find((d) => d.archs.includes(arch));
  if (!driver) {
    throw errorsFrom(ErrorDomain.Cpu)(ErrorCode.NoSupport, `'${arch}' architecture is not supported by CPU driver`);
  }
  return driver.models ? [...driver.models] : [];
}
