import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { prettyCapacity, printfFixed } from './network.js';
import { strcasecmp } from './shared/virsh-strings.js';

describe('virsh number and order helpers', () => {
  it('prints capacities in the largest binary unit reached, as vshPrettyCapacity', () => {
    assert.equal(prettyCapacity(0n), '0.00 B');
    assert.equal(prettyCapacity(1023n), '1023.00 B');
    assert.equal(prettyCapacity(1024n), '1.00 KiB');
    assert.equal(prettyCapacity(107374182400n), '100.00 GiB');
    assert.equal(prettyCapacity(107364696064n), '99.99 GiB');
  });
  it('rounds exact halves to even, as glibc printf does', () => {
    assert.equal(printfFixed(1.125, 2), '1.12');
    assert.equal(printfFixed(1.375, 2), '1.38');
    assert.equal(printfFixed(0.005, 2), '0.01');
  });
  it('sorts names case-insensitively', () => {
    assert.deepEqual(['b', 'A', 'a2', 'C'].sort(strcasecmp), ['A', 'a2', 'b', 'C']);
  });
});
