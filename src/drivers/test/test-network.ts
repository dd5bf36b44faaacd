// Test driver: the network area. Its objects live in NetworkStore; networkPart() is its share of the
// driver tables; the loaders fill it from test:///default's built-in data or from a custom file.
import type { NetworkDriver } from '../../driver/network.js';
import type { XmlEl } from '../../conf/xml/parse.js';
import type { TestState } from './test-state.js';

export class NetworkStore {
  readonly state: TestState;
  constructor(state: TestState) {
    this.state = state;
  }
}

export function networkPart(state: TestState): NetworkDriver {
  return { name: 'Test', };
}

/** test:///default's network objects. */
export function loadDefaultNetwork(state: TestState): void {}

/** The network objects of a custom test:///path.xml file (`root` is its <node> element). */
export async function loadNetworkFromConfig(state: TestState, root: XmlEl, baseDir: string): Promise<void> {}
