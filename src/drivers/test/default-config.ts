// test:///default: libvirt's built-in objects, built directly as typed definitions (no XML is
// parsed, so opening it stays cheap). The secondary areas' objects come when each area first
// loads (test-areas.ts).
import { loadDefaultDomain } from './test-domain.js';
import type { TestState } from './test-state.js';

export function populateDefault(state: TestState): void {
  state.cells = [0, 1].map((i) => ({ numCpus: 8, mem: BigInt((i + 1) * 2048 * 1024), freeMem: BigInt((i + 1) * 1024 * 1024) }));
  state.builtIn = true;
  loadDefaultDomain(state);
}
