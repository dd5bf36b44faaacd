import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInt32, parseUInt32, parseUInt32Wrap, parseUInt64, parseUInt64Wrap, scaleInteger } from './numbers.js';

test('strtol rules: blanks and sign accepted, the whole string consumed, ranges enforced', () => {
  assert.equal(parseInt32(' +42'), 42);
  assert.equal(parseInt32('-2147483648'), -2147483648);
  assert.equal(parseInt32('2147483648'), null);
  assert.equal(parseInt32('42 '), null);
  assert.equal(parseInt32(''), null);
  assert.equal(parseInt32('-'), null);
  assert.equal(parseInt32('0x10', 0), 16);
  assert.equal(parseInt32('010', 0), 8);
  assert.equal(parseInt32('08', 0), null);
  assert.equal(parseInt32('0x10'), null);
});

test('unsigned parsers: the p variants refuse a minus sign, the wrap variants wrap', () => {
  assert.equal(parseUInt32('4294967295'), 4294967295);
  assert.equal(parseUInt32('4294967296'), null);
  assert.equal(parseUInt32('-0'), null);
  assert.equal(parseUInt32Wrap('-1'), 4294967295);
  assert.equal(parseUInt32Wrap('-4294967296'), null);
  assert.equal(parseUInt64('18446744073709551616'), null);
  assert.equal(parseUInt64Wrap('-1'), 18446744073709551615n);
});

test('scale suffixes', () => {
  assert.equal(scaleInteger(3n, 'KiB', 1n, 2n ** 64n - 1n), 3072n);
  assert.equal(scaleInteger(3n, 'kb', 1n, 2n ** 64n - 1n), 3000n);
  assert.equal(scaleInteger(3n, 'bytes', 1024n, 2n ** 64n - 1n), 3n);
  assert.equal(scaleInteger(3n, '', 1024n, 2n ** 64n - 1n), 3072n);
  assert.deepEqual(scaleInteger(3n, 'q', 1n, 100n), { kind: 'suffix', suffix: 'q' });
  assert.deepEqual(scaleInteger(3n, 'KiBs', 1n, 100n), { kind: 'suffix', suffix: 'KiBs' });
  assert.deepEqual(scaleInteger(1n, 'k', 1n, 1000n), { kind: 'overflow', value: 1n, suffix: 'k' });
});
