import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SnapshotDef } from '../snapshot-conf.js';
import { SnapshotList, SnapshotListFlags as L } from './snapshot-list.js';

const def = (name: string, parentName?: string, state: SnapshotDef['state'] = 'running'): SnapshotDef => ({ name, parentName, state, creationTime: 1n, memory: 'internal', disks: [] });

/** a ← b ← c and a ← d, linked in that order. */
function tree(): SnapshotList {
  const list = new SnapshotList();
  for (const d of [def('a'), def('b', 'a'), def('c', 'b'), def('d', 'a', 'shutoff')]) list.linkParent(list.assignDef(d));
  return list;
}

test('listing the whole list, roots, leaves and descendants', () => {
  const list = tree();
  assert.deepEqual(list.names(undefined, 0).sort(), ['a', 'b', 'c', 'd']);
  assert.deepEqual(list.names(undefined, L.ROOTS), ['a']);
  assert.deepEqual(list.names(undefined, L.LEAVES).sort(), ['c', 'd']);
  assert.deepEqual(list.names(undefined, L.NO_METADATA), []);
  assert.deepEqual(list.names(undefined, L.LEAVES | L.NO_LEAVES), []);
  const a = list.findByName('a')!;
  // Newest child first, depth first: libvirt's topological order.
  assert.deepEqual(list.names(a, 0), ['d', 'b']);
  assert.deepEqual(list.names(a, L.DESCENDANTS), ['d', 'b', 'c']);
  assert.deepEqual(list.names(undefined, L.TOPOLOGICAL), ['a', 'd', 'b', 'c']);
  assert.deepEqual(list.names(undefined, L.INACTIVE), ['d']);
  assert.deepEqual(list.names(undefined, L.INACTIVE | L.ACTIVE | L.DISK_ONLY).length, 4);
});

test('duplicate names and impossible parents are refused with libvirt messages', () => {
  const list = tree();
  assert.throws(() => list.assignDef(def('a')), /operation failed: domain moment a already exists/);
  assert.throws(() => list.checkCycles(def('x', 'x')), /cannot set moment x as its own parent/);
  assert.throws(() => list.checkCycles(def('x', 'zz')), /parent zz for moment x not found/);
  assert.throws(() => list.checkCycles(def('a', 'c')), /parent b would create cycle to a/);
});

test('updateRelations rebuilds links and reports missing parents', () => {
  const list = new SnapshotList();
  list.assignDef(def('b', 'a'));
  list.assignDef(def('a'));
  assert.equal(list.updateRelations(), true);
  assert.deepEqual(list.names(list.findByName('a'), 0), ['b']);
  list.assignDef(def('orphan', 'gone'));
  list.current = list.findByName('a');
  assert.equal(list.updateRelations(), false);
  assert.equal(list.current, undefined);
});
