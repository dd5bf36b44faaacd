import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatLocalTime, treeLines } from './shared/snapshot-checkpoint.js';
import { stringToArray } from './shared/virsh-strings.js';

test('vshStringToArray: commas split, a doubled comma is a literal one', () => {
  assert.deepEqual(stringToArray('vda,snapshot=external,file=/a,,b'), ['vda', 'snapshot=external', 'file=/a,b']);
  assert.deepEqual(stringToArray('a,'), ['a', '']);
  assert.deepEqual(stringToArray('a,,,b'), ['a,', 'b']);
});

test('vshTreePrint: children under "|" with "+-", a blank line after the last leaf', () => {
  const names = ['a', 'b', 'c', 'd'];
  const parents = [null, 'a', 'b', 'a'];
  assert.equal(treeLines(names, parents, 0), 'a\n  |\n  +- b\n  |   |\n  |   +- c\n  |     \n  +- d\n    \n');
  assert.equal(treeLines(['x'], [null], 0), 'x\n\n');
});

test('creation times print in local time with a numeric zone', () => {
  const saved = process.env.TZ;
  try {
    process.env.TZ = 'UTC';
    assert.equal(formatLocalTime(1500000000n), '2017-07-14 02:40:00 +0000');
    process.env.TZ = 'Asia/Kolkata';
    assert.equal(formatLocalTime(1500000000n), '2017-07-14 08:10:00 +0530');
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
});
