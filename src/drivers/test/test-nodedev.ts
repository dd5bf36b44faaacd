// Test driver: the nodedev area. Its objects live in NodeDeviceStore; nodedevPart() is its share of the
// driver tables; the loaders fill it from test:///default's built-in data or from a custom file.
import type { NodeDeviceDriver } from '../../driver/node-device.js';
import type { XmlEl } from '../../conf/xml/parse.js';
import type { TestState } from './test-state.js';

export class NodeDeviceStore {
  readonly state: TestState;
  constructor(state: TestState) {
    this.state = state;
  }
}

export function nodedevPart(state: TestState): NodeDeviceDriver {
  return { name: 'Test', };
}

/** test:///default's nodedev objects. */
export function loadDefaultNodedev(state: TestState): void {}

/** The nodedev objects of a custom test:///path.xml file (`root` is its <node> element). */
export async function loadNodedevFromConfig(state: TestState, root: XmlEl, baseDir: string): Promise<void> {}
