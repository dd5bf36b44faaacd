// Golden bytes per XDR construct. Every expected byte string below is written from RFC 4506 (big
// endian, four-byte units, zero padding, length words), not produced by our encoder; each case is
// checked in both directions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as x from './index.js';
import { VirError, ErrorCode } from '../../util/error.js';

const hex = (s: string) => Buffer.from(s.replace(/[\s|]/g, ''), 'hex');

function golden<T>(name: string, codec: x.Codec<T>, value: T, bytes: string, decoded: T = value) {
  test(`golden: ${name}`, () => {
    const want = hex(bytes);
    assert.deepEqual(x.encodeValue(codec, value, 4).toString('hex'), want.toString('hex'));
    assert.deepStrictEqual(x.decodeValue(codec, want), decoded);
  });
}

function rejects(what: string, fn: () => unknown, re: RegExp) {
  test(`rejects: ${what}`, () => {
    assert.throws(fn, (e: unknown) => {
      assert.ok(e instanceof VirError, `expected VirError, got ${String(e)}`);
      assert.equal(e.code, ErrorCode.Rpc);
      assert.match(e.message, re);
      return true;
    });
  });
}

golden('int-positive', x.int, 1, '00000001');
golden('int-negative', x.int, -2, 'fffffffe');
golden('int-min', x.int, -2147483648, '80000000');
golden('uint-max', x.uint, 0xffffffff, 'ffffffff');
golden('hyper-negative', x.hyper, -1n, 'ffffffff ffffffff');
golden('hyper-large', x.hyper, 0x0102030405060708n, '01020304 05060708');
golden('uhyper-above-2^53', x.uhyper, 2n ** 63n + 5n, '80000000 00000005');
golden('uchar-takes-four-bytes', x.uchar, 5, '00000005');
golden('ushort-takes-four-bytes', x.ushort, 0xffff, '0000ffff');
golden('uchar-decode-keeps-low-byte', x.uchar, 1, '00000001');
test('uchar decode narrows like C', () => assert.equal(x.decodeValue(x.uchar, hex('00000105')), 5));
golden('bool-true', x.bool, true, '00000001');
golden('bool-false', x.bool, false, '00000000');
golden('double', x.double, 1.5, '3ff80000 00000000');
golden('float', x.float, -2, 'c0000000');
golden('void', x.voidType, undefined, '');

golden('string-empty', x.string(10), '', '00000000');
golden('string-pad-3', x.string(10), 'a', '00000001 61000000');
golden('string-no-pad', x.string(10), 'abcd', '00000004 61626364');
golden('string-pad-1', x.string(10), 'abcde', '00000005 61626364 65000000');
golden('string-utf8-counts-bytes', x.string(10), 'é', '00000002 c3a90000');
golden('string-at-max', x.string(3), 'abc', '00000003 61626300');

golden('opaque-var', x.opaque(8), Buffer.from([1, 2, 3, 4, 5]), '00000005 01020304 05000000');
golden('opaque-var-empty', x.opaque(8), Buffer.alloc(0), '00000000');
golden('opaque-fixed-16', x.fixedOpaque(16), Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex'), '00010203 04050607 08090a0b 0c0d0e0f');
golden('opaque-fixed-pad', x.fixedOpaque(3), Buffer.from([9, 8, 7]), '09080700');

golden('optional-absent', x.optional(x.int), null, '00000000');
golden('optional-present', x.optional(x.int), 7, '00000001 00000007');
golden('optional-string', x.optional(x.string(100)), 'hi', '00000001 00000002 68690000');

golden('array-var-empty', x.array(x.int, 4), [], '00000000');
golden('array-var-set', x.array(x.int, 4), [1, 2, 3], '00000003 00000001 00000002 00000003');
golden('array-var-of-strings', x.array(x.string(9), 4), ['a', 'bc'], '00000002 00000001 61000000 00000002 62630000');
golden('array-fixed', x.fixedArray(x.uint, 2), [5, 6], '00000005 00000006');
golden('char-array', x.charArray(4), 'ab', '00000061 00000062 00000000 00000000');
golden('char-signed', x.char, -61, 'ffffffc3');
golden('char-var-bytes', x.charBytes(8), Buffer.from([0x61, 0xc3, 0]), '00000003 00000061 ffffffc3 00000000');
rejects('char var over max', () => x.encodeValue(x.charBytes(1), Buffer.from('ab')), /char array length 2 exceeds maximum 1/);
golden('char-array-full', x.charArray(2), 'ab', '00000061 00000062');

interface Dom {
  name: string;
  uuid: Buffer;
  id: number;
}
const Dom = x.struct<Dom>('dom', [
  ['name', x.string(100)],
  ['uuid', x.fixedOpaque(16)],
  ['id', x.int],
]);
const uuid = Buffer.from('ef861801458449c6af2cbbbadd77a5e8', 'hex');
golden('struct', Dom, { name: 'test', uuid, id: 1 }, '00000004 74657374 ef861801 458449c6 af2cbbba dd77a5e8 00000001');

interface Outer {
  dom: Dom | null;
  flags: number;
  list: Dom[];
}
const Outer = x.struct<Outer>('outer', [
  ['dom', x.optional(Dom)],
  ['flags', x.uint],
  ['list', x.array(Dom, 2)],
]);
golden('struct-nested-optional-null', Outer, { dom: null, flags: 3, list: [] }, '00000000 00000003 00000000');
golden(
  'struct-variable-array-set',
  Outer,
  { dom: { name: 'a', uuid, id: -1 }, flags: 0, list: [{ name: 'b', uuid, id: 2 }] },
  '00000001 00000001 61000000 ef861801458449c6af2cbbbadd77a5e8 ffffffff 00000000 00000001 00000001 62000000 ef861801458449c6af2cbbbadd77a5e8 00000002',
);

type U = { t: 1; i: number } | { t: 2; s: string } | { t: 3 } | { t: number; d?: bigint };
const U = x.union<U>('u', {
  discriminant: 't',
  discriminantCodec: x.int,
  arms: [
    [1, ['i', x.int]],
    [2, ['s', x.string(8)]],
    [3, null],
  ],
  defaultArm: ['d', x.hyper],
});
golden('union-int-arm', U, { t: 1, i: 9 }, '00000001 00000009');
golden('union-string-arm', U, { t: 2, s: 'xyz' }, '00000002 00000003 78797a00');
golden('union-void-arm', U, { t: 3 }, '00000003');
golden('union-default-arm', U, { t: 42, d: 5n }, '0000002a 00000000 00000005');

const UV = x.union<{ t: number }>('uv', { discriminant: 't', discriminantCodec: x.int, arms: [[1, ['i', x.int]]], defaultArm: null });
golden('union-void-default-case', UV, { t: 7 }, '00000007');

const UB = x.union<{ ok: boolean; n?: number }>('ub', { discriminant: 'ok', discriminantCodec: x.bool, arms: [[1, ['n', x.int]], [0, null]] });
golden('union-bool-discriminant-true', UB, { ok: true, n: 4 }, '00000001 00000004');
golden('union-bool-discriminant-false', UB, { ok: false }, '00000000');

const E = x.enumeration('e');
golden('enum', E, 2, '00000002');
golden('enum-unknown-value-passes', E, 99, '00000063');

// --- limits and malformed input ---
const NoDefault = x.union<{ t: number; i?: number }>('nd', { discriminant: 't', discriminantCodec: x.int, arms: [[1, ['i', x.int]]] });
rejects('union with no arm for the discriminant (decode)', () => x.decodeValue(NoDefault, hex('00000002')), /no arm for discriminant 2/);
rejects('union with no arm for the discriminant (encode)', () => x.encodeValue(NoDefault, { t: 2 }), /no arm for discriminant 2/);
rejects('string over max (encode)', () => x.encodeValue(x.string(3), 'abcd'), /string length 4 exceeds maximum 3/);
rejects('string over max counts UTF-8 bytes', () => x.encodeValue(x.string(3), 'éé'), /string length 4 exceeds maximum 3/);
rejects('string over max (decode)', () => x.decodeValue(x.string(3), hex('00000004 61626364')), /string length 4 exceeds maximum 3/);
rejects('opaque over max (encode)', () => x.encodeValue(x.opaque(2), Buffer.alloc(3)), /opaque length 3 exceeds maximum 2/);
rejects('opaque over max (decode)', () => x.decodeValue(x.opaque(2), hex('00000003 01020300')), /opaque length 3 exceeds maximum 2/);
rejects('fixed opaque of the wrong size', () => x.encodeValue(x.fixedOpaque(16), Buffer.alloc(15)), /needs 16 bytes, got 15/);
rejects('array over max (encode)', () => x.encodeValue(x.array(x.int, 2), [1, 2, 3]), /array length 3 exceeds maximum 2/);
rejects('array over max (decode)', () => x.decodeValue(x.array(x.int, 2), hex('00000003 00000001 00000002 00000003')), /array length 3 exceeds maximum 2/);
rejects('array count larger than the data', () => x.decodeValue(x.array(x.int, 1e6), hex('000f4240 00000001')), /cannot fit/);
rejects('truncated int', () => x.decodeValue(x.int, hex('000001')), /ends 3 bytes into a 4 byte item/);
rejects('truncated string body', () => x.decodeValue(x.string(10), hex('00000005 61626364')), /ends 4 bytes into a 8 byte item/);
rejects('truncated struct', () => x.decodeValue(Dom, hex('00000004 74657374 ef861801')), /ends/);
rejects('trailing bytes', () => x.decodeValue(x.int, hex('00000001 00000002')), /4 bytes left/);
rejects('missing struct field names the struct', () => x.encodeValue(Dom, { name: 'x', uuid } as unknown as Dom), /cannot encode struct dom/);
rejects('char array too long', () => x.encodeValue(x.charArray(2), 'abc'), /cannot hold 3 bytes/);

test('string decode max is checked before the body is read', () => {
  // A 4 GiB length word must fail on the limit, not on a short buffer or an allocation.
  assert.throws(() => x.decodeValue(x.string(4194304), hex('ffffffff')), /exceeds maximum 4194304/);
});

test('opaque decode is a view into the input (zero copy)', () => {
  const buf = hex('00000002 aabb0000');
  const v = x.decodeValue(x.opaque(4), buf);
  assert.equal(v.buffer, buf.buffer);
  assert.equal(v.byteOffset, buf.byteOffset + 4);
});

test('writer grows from a tiny buffer and reuses after reset', () => {
  const w = new x.XdrWriter(1);
  for (let i = 0; i < 1000; i++) w.int(i);
  assert.equal(w.finish().length, 4000);
  assert.equal(w.finish().readInt32BE(3996), 999);
  w.reset();
  w.string('abc', 10);
  assert.equal(w.finish().toString('hex'), '0000000361626300');
});

test('padding bytes are zero even in a reused dirty buffer', () => {
  const w = new x.XdrWriter(16);
  w.buf.fill(0xee);
  w.string('a', 9);
  w.opaque(Buffer.from([1]), 9);
  w.fixedOpaque(Buffer.from([2, 3]), 2);
  assert.equal(w.finish().toString('hex'), '0000000161000000' + '0000000101000000' + '02030000');
});

test('struct codecs compile once and keep their identity', () => {
  const S = x.struct<{ a: number }>('s', [['a', x.int]]);
  const trampoline = S.encode;
  x.encodeValue(S, { a: 1 });
  const compiled = S.encode;
  assert.notEqual(trampoline, compiled, 'first use replaces the trampoline');
  x.encodeValue(S, { a: 2 });
  assert.equal(S.encode, compiled);
});

rejects('uchar out of range', () => x.encodeValue(x.uchar, 256), /unsigned char cannot hold 256/);
rejects('ushort out of range', () => x.encodeValue(x.ushort, 65536), /unsigned short cannot hold 65536/);
rejects('int out of range', () => x.encodeValue(x.int, 2 ** 31), /int cannot hold 2147483648/);
rejects('uint negative', () => x.encodeValue(x.uint, -1), /unsigned int cannot hold -1/);
rejects('int not an integer', () => x.encodeValue(x.int, 1.5), /int cannot hold 1.5/);
rejects('bool given a number', () => x.encodeValue(x.bool, 1 as unknown as boolean), /bool cannot hold 1/);

test('lazy codec forwards to a later definition', () => {
  // eslint-disable-next-line prefer-const
  let later: x.Codec<number> | undefined;
  const ref = x.lazy(() => later!);
  later = x.uint;
  assert.equal(x.encodeValue(ref, 5).toString('hex'), '00000005');
  assert.equal(x.decodeValue(ref, hex('00000006')), 6);
  assert.equal(ref.xdr, 'unsigned int');
});

test('strings of every length around the fast-path limits round-trip with zero padding', () => {
  for (let n = 0; n <= 70; n++) {
    for (const s of ['a'.repeat(n), 'a'.repeat(Math.max(0, n - 1)) + 'é', 'é'.repeat(n)]) {
      const w = new x.XdrWriter(4);
      w.buf.fill(0xee);
      w.int(7);
      w.string(s, 1000);
      const bytes = w.finish();
      const len = Buffer.byteLength(s);
      assert.equal(bytes.length, 4 + 4 + ((len + 3) & ~3), s);
      assert.equal(bytes.readUInt32BE(4), len);
      assert.ok(bytes.subarray(8 + len).every((b) => b === 0), `padding of ${JSON.stringify(s)}`);
      const r = new x.XdrReader(bytes);
      assert.equal(r.int(), 7);
      assert.equal(r.string(1000), s);
    }
  }
});
