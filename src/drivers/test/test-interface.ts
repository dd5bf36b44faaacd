// Test driver: the interface area. Its objects live in InterfaceStore; interfacePart() is its share of the
// driver tables; the loaders fill it from test:///default's built-in data or from a custom file.
import type { InterfaceDriver } from '../../driver/interface.js';
import type { XmlEl } from '../../conf/xml/parse.js';
import type { TestState } from './test-state.js';

export class InterfaceStore {
  readonly state: TestState;
  constructor(state: TestState) {
    this.state = state;
  }
}

export function interfacePart(state: TestState): InterfaceDriver {
  return { name: 'Test', };
}

/** test:///default's interface objects. */
export function loadDefaultInterface(state: TestState): void {}

/** The interface objects of a custom test:///path.xml file (`root` is its <node> element). */
export async function loadInterfaceFromConfig(state: TestState, root: XmlEl, baseDir: string): Promise<void> {}
