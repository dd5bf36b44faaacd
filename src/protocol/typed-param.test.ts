import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeValue, encodeValue } from './xdr/index.js';
import * as R from './remote/types.generated.js';
import * as A from './admin/types.generated.js';
import { TypedParamType, type TypedParam } from '../driver/types.js';
import { ErrorCode, VirError } from '../util/error.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
// field "ab" = 00000002 61620000
const cases: [string, TypedParam, string][] = [
  ['int', { field: 'ab', type: TypedParamType.Int, value: -1 }, '00000002 61620000 00000001 ffffffff'],
  ['uint', { field: 'ab', type: TypedParamType.UInt, value: 4000000000 }, '00000002 61620000 00000002 ee6b2800'],
  ['llong', { field: 'ab', type: TypedParamType.LLong, value: -2n }, '00000002 61620000 00000003 ffffffff fffffffe'],
  ['ullong', { field: 'ab', type: TypedParamType.ULLong, value: 2n ** 64n - 1n }, '00000002 61620000 00000004 ffffffff ffffffff'],
  ['double', { field: 'ab', type: TypedParamType.Double, value: 0.5 }, '00000002 61620000 00000005 3fe00000 00000000'],
  ['boolean', { field: 'ab', type: TypedParamType.Boolean, value: true }, '00000002 61620000 00000006 00000001'],
  ['string', { field: 'ab', type: TypedParamType.String, value: 'xyz' }, '00000002 61620000 00000007 00000003 78797a00'],
];

for (const [name, value, bytes] of cases) {
  test(`typed param golden: ${name}`, () => {
    assert.equal(encodeValue(R.TypedParam, value).toString('hex'), hex(bytes).toString('hex'));
    assert.deepStrictEqual(decodeValue(R.TypedParam, hex(bytes)), value);
    assert.deepStrictEqual(decodeValue(A.TypedParam, hex(bytes)), value, 'admin_typed_param is the same wire form');
  });
}

test('typed params inside a generated struct: scheduler parameters reply', () => {
  const v: R.DomainGetSchedulerParametersFlagsRet = { params: [{ field: 'cpu_shares', type: TypedParamType.ULLong, value: 1024n }] };
  const back = decodeValue(R.DomainGetSchedulerParametersFlagsRet, encodeValue(R.DomainGetSchedulerParametersFlagsRet, v));
  assert.deepStrictEqual(back, v);
});

test('an LLONG given as a number is sent as hyper', () => {
  assert.equal(encodeValue(R.TypedParam, { field: 'a', type: TypedParamType.LLong, value: 5 }).toString('hex'), '00000001610000000000000300000000' + '00000005');
});

test('boolean decode keeps the low byte, as the C char does', () => {
  assert.equal(decodeValue(R.TypedParam, hex('00000002 61620000 00000006 00000100')).value, false);
  assert.equal(decodeValue(R.TypedParam, hex('00000002 61620000 00000006 00000002')).value, true);
});

test('unknown type: libvirt\'s text', () => {
  assert.throws(() => decodeValue(R.TypedParam, hex('00000002 61620000 00000008 00000000')), (e: unknown) => {
    assert.ok(e instanceof VirError);
    assert.equal(e.code, ErrorCode.Rpc);
    assert.equal(e.message, 'unknown parameter type: 8');
    return true;
  });
});

test('field name of 80 bytes or more: libvirt\'s text', () => {
  const long = 'f'.repeat(80);
  const bytes = encodeValue(R.TypedParam, { field: long, type: TypedParamType.Int, value: 1 });
  assert.throws(() => decodeValue(R.TypedParam, bytes), (e: unknown) => {
    assert.ok(e instanceof VirError);
    assert.equal(e.code, ErrorCode.InternalError);
    assert.equal(e.message, `internal error: parameter ${long} too big for destination`);
    return true;
  });
  assert.equal((decodeValue(R.TypedParam, encodeValue(R.TypedParam, { field: 'f'.repeat(79), type: 1, value: 1 })) as TypedParam).field.length, 79);
});

test('value of the wrong JS type is refused on encode', () => {
  assert.throws(() => encodeValue(R.TypedParam, { field: 'a', type: TypedParamType.Int, value: 'x' }), /cannot hold string x/);
  assert.throws(() => encodeValue(R.TypedParam, { field: 'a', type: TypedParamType.Boolean, value: 1 }), /cannot hold number 1/);
});
