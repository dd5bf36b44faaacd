import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getoptLong, type GetoptItem, type LongOpt } from './getopt.js';

const longs: LongOpt[] = [
  { name: 'connect', arg: 'required', val: 'c' },
  { name: 'help', arg: 'none', val: 'h' },
  { name: 'keepalive-interval', arg: 'required', val: 'k' },
  { name: 'keepalive-count', arg: 'required', val: 'K' },
  { name: 'version', arg: 'optional', val: 'v' },
];

function all(args: string[]): { items: GetoptItem[]; optind: number } {
  const it = getoptLong(args, 'c:hk:K:qrv', longs);
  const items: GetoptItem[] = [];
  for (;;) {
    const r = it.next();
    if (r.done) return { items, optind: r.value };
    items.push(r.value);
  }
}

test('short clusters, attached and separate arguments, stop at the first word', () => {
  const r = all(['-qr', '-cURI', '-k', '5', 'list', '-q']);
  assert.deepEqual(
    r.items.map((i) => (i.kind === 'opt' ? `${i.val}=${i.arg}` : i.kind)),
    ['q=null', 'r=null', 'c=URI', 'k=5'],
  );
  assert.equal(r.optind, 4);
});

test('long options: =value, next word, unique prefixes, optional arguments', () => {
  const r = all(['--conn=a', '--connect', '-q', '--vers', '--version=long', '--', '-x']);
  assert.deepEqual(
    r.items.map((i) => (i.kind === 'opt' ? `${i.val}=${i.arg}` : i.kind)),
    ['c=a', 'c=-q', 'v=null', 'v=long'],
  );
  assert.equal(r.optind, 6);
});

test('errors: unknown, ambiguous, missing argument, unwanted argument', () => {
  assert.deepEqual(all(['-x']).items, [{ kind: 'unknown', optopt: 'x', text: '-x' }]);
  assert.deepEqual(all(['--foo']).items, [{ kind: 'unknown', optopt: null, text: '--foo' }]);
  assert.deepEqual(all(['--keep', '5']).items, [{ kind: 'unknown', optopt: null, text: '--keep' }]);
  assert.deepEqual(all(['-c']).items, [{ kind: 'missing', val: 'c' }]);
  assert.deepEqual(all(['--connect']).items, [{ kind: 'missing', val: 'c' }]);
  assert.deepEqual(all(['--help=x']).items, [{ kind: 'unknown', optopt: 'h', text: '--help=x' }]);
});
