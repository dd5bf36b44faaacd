// Test driver: the storage area. Its objects live in StorageStore; storagePart() is its share of the
// driver tables; the loaders fill it from test:///default's built-in data or from a custom file.
import type { StorageDriver } from '../../driver/storage.js';
import type { XmlEl } from '../../conf/xml/parse.js';
import type { TestState } from './test-state.js';

export class StorageStore {
  readonly state: TestState;
  constructor(state: TestState) {
    this.state = state;
  }
}

export function storagePart(state: TestState): StorageDriver {
  return { name: 'Test', };
}

/** test:///default's storage objects. */
export function loadDefaultStorage(state: TestState): void {}

/** The storage objects of a custom test:///path.xml file (`root` is its <node> element). */
export async function loadStorageFromConfig(state: TestState, root: XmlEl, baseDir: string): Promise<void> {}
