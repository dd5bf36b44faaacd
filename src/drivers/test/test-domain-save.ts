import type { HypervisorDriver } from '../../driver/hypervisor.js';
import type { TestState } from './test-state.js';
export function savePart(_state: TestState): Partial<HypervisorDriver> {
  return {};
}
