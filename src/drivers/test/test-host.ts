// Test driver: connection and host queries (type, version, hostname, node info, capabilities…).
import type { HypervisorDriver } from '../../driver/hypervisor.js';
import type { TestState } from './test-state.js';

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
    async connectIsAlive() {
      return true;
    },
    async connectIsEncrypted() {
      return false;
    },
    async connectIsSecure() {
      return true;
    },
    async nodeGetInfo() {
      return { ...state.nodeInfo };
    },
  };
}
