// test:///default: libvirt's built-in objects, built directly as typed definitions (no XML is
// parsed, so opening it stays cheap).
import { loadDefaultDomain } from './test-domain.js';
import { loadDefaultInterface } from './test-interface.js';
import { loadDefaultNetwork } from './test-network.js';
import { loadDefaultNodedev } from './test-nodedev.js';
import type { TestState } from './test-state.js';
import { loadDefaultStorage } from './test-storage.js';

export function populateDefault(state: TestState): void {
  state.cells = [0, 1].map((i) => ({ numCpus: 8, mem: BigInt((i + 1) * 2048 * 1024), freeMem: BigInt((i + 1) * 1024 * 1024) }));
  loadDefaultDomain(state);
  loadDefaultNetwork(state);
  loadDefaultStorage(state);
  loadDefaultInterface(state);
  loadDefaultNodedev(state);
}
