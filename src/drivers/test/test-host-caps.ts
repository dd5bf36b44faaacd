// Test driver: the capabilities document (testBuildCapabilities), built on demand.
import { ARCH_WORDSIZE, formatCapabilities, type Capabilities, type CapsNumaCell } from '../../conf/capabilities.js';
import type { TestState } from './test-state.js';

const TEST_EMULATOR = '/usr/bin/test-hv';
/** Host page sizes (KiB) the test driver advertises. */
const PAGE_SIZES = [4, 8, 2048, 1024 * 1024];

/** The NUMA cells of testBuildCapabilities: CPUs numbered across cells, one socket per cell. */
function numaCells(state: TestState): CapsNumaCell[] {
  let nextCpu = 0;
  return state.cells.map((cell, i) => {
    // Cell 1 advertises 8 KiB base pages, the others 4 KiB; the huge page sizes follow.
    const base = i === 1 ? PAGE_SIZES[1] : PAGE_SIZES[0];
    const cpus = [];
    for (let j = 0; j < cell.numCpus; j++) {
      const id = nextCpu++;
      cpus.push({ id, socketId: i, dieId: 0, coreId: j, siblings: String(id) });
    }
    return {
      id: i,
      memory: cell.mem,
      pages: [
        { size: base, avail: cell.mem / BigInt(base) },
        ...PAGE_SIZES.slice(2).map((size) => ({ size, avail: 0n })),
      ],
      cpus,
    };
  });
}

/** testBuildCapabilities */
export function testCapabilities(state: TestState): Capabilities {
  const guest = (osType: string) => ({
    osType,
    arch: 'i686',
    wordsize: ARCH_WORDSIZE.i686,
    emulator: TEST_EMULATOR,
    domains: [{ type: 'test' }],
    features: [{ name: 'pae' as const }, { name: 'nonpae' as const }],
  });
  return {
    host: {
      arch: 'i686',
      features: ['pae', 'nonpae'],
      pageSizes: PAGE_SIZES,
      powerManagement: [],
      iommu: false,
      numa: { cells: numaCells(state) },
      secModels: [{ model: 'testSecurity', doi: '' }],
    },
    guests: [guest('hvm'), guest('xen')],
  };
}

export function testCapabilitiesXml(state: TestState): string {
  return formatCapabilities(testCapabilities(state));
}
