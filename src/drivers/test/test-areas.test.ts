import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AREA_METHODS, interfaceArea, networkArea, nodedevArea, storageArea } from './test-areas.js';
import { TestState } from './test-state.js';

test('the lazily loaded parts offer exactly the methods of the real parts', async () => {
  const state = new TestState();
  const real = {
    network: (await networkArea(state)).networkPart(state),
    storage: (await storageArea(state)).storagePart(state),
    interface: (await interfaceArea(state)).interfacePart(state),
    nodeDevice: (await nodedevArea(state)).nodedevPart(state),
  };
  for (const [area, part] of Object.entries(real)) {
    const methods = Object.keys(part).filter((k) => typeof (part as unknown as Record<string, unknown>)[k] === 'function');
    assert.deepEqual(AREA_METHODS[area as keyof typeof AREA_METHODS].split(' ').sort(), methods.sort(), area);
  }
});
