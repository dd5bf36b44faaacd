import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diskspecXml } from './checkpoint.js';

function run(spec: string) {
  const errors: string[] = [];
  return { xml: diskspecXml({ error: (m: string) => errors.push(m) }, spec), errors };
}

test('--diskspec: a disk name, then checkpoint= and bitmap= once each', () => {
  assert.deepEqual(run('vda'), { xml: "    <disk name='vda'/>\n", errors: [] });
  assert.deepEqual(run('vda,bitmap=b1,checkpoint=bitmap'), { xml: "    <disk name='vda' checkpoint='bitmap' bitmap='b1'/>\n", errors: [] });
  // The disk name is escaped; a doubled comma is a literal comma.
  assert.deepEqual(run("/a,,b&'c,checkpoint=no"), { xml: "    <disk name='/a,b&amp;&apos;c' checkpoint='no'/>\n", errors: [] });
});

test('--diskspec: anything else, or a repeated key, is refused with the whole spec quoted', () => {
  assert.deepEqual(run('vda,size=1'), { xml: undefined, errors: ['unable to parse diskspec: vda,size=1'] });
  assert.deepEqual(run('vda,bitmap=a,bitmap=b'), { xml: undefined, errors: ['unable to parse diskspec: vda,bitmap=a,bitmap=b'] });
});
