import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MomentList, MomentListFlags as M, type MomentDef } from './moment-list.js';

/** a ← b ← c and a ← d, linked in that order (d is a's newest child). */
function tree(): MomentList<MomentDef> {
  const list = new MomentList<MomentDef>();
  for (const d of [{ name: 'a' }, { name: 'b', parentName: 'a' }, { name: 'c', parentName: 'b' }, { name: 'd', parentName: 'a' }]) list.linkParent(list.assignDef(d));
  return list;
}

test('the common moment flags: roots, leaves, descendants, topological order', () => {
  const list = tree();
  assert.deepEqual(list.momentNames(undefined, 0), ['a', 'b', 'c', 'd']);
  assert.deepEqual(list.momentNames(undefined, M.ROOTS), ['a']);
  assert.deepEqual(list.momentNames(undefined, M.LEAVES), ['c', 'd']);
  assert.deepEqual(list.momentNames(undefined, M.NO_LEAVES), ['a', 'b']);
  assert.deepEqual(list.momentNames(undefined, M.TOPOLOGICAL), ['a', 'd', 'b', 'c']);
  assert.deepEqual(list.momentNames(undefined, M.NO_METADATA), []);
  const a = list.findByName('a');
  assert.deepEqual(list.momentNames(a, 0), ['d', 'b']);
  assert.deepEqual(list.momentNames(a, M.DESCENDANTS), ['d', 'b', 'c']);
  assert.deepEqual(list.momentNames(a, M.DESCENDANTS | M.LEAVES), ['d', 'c']);
  // The kind's own filter applies after the common ones.
  assert.deepEqual(list.momentNames(undefined, 0, (o) => o.def.name !== 'b'), ['a', 'c', 'd']);
});

test('moving children up keeps their order in front of the new siblings', () => {
  const list = tree();
  const b = list.findByName('b')!;
  MomentList.moveChildren(b, b.parent!);
  MomentList.dropParent(b);
  list.remove(b);
  assert.deepEqual(list.momentNames(list.findByName('a'), 0), ['c', 'd']);
  assert.equal(list.findByName('c')!.parent, list.findByName('a'));
  assert.equal(list.size, 3);
});
