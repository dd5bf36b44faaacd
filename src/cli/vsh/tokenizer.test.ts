import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StringTokens, type Token } from './tokenizer.js';

/** All tokens of `s` as short strings: words as-is, ";" for a command end, "!" for an error. */
function tokens(s: string): { toks: string[]; errors: string[] } {
  const errors: string[] = [];
  const src = new StringTokens(s, (m) => errors.push(m));
  const toks: string[] = [];
  for (let i = 0; i < 100; i++) {
    const t: Token = src.next(true);
    if (t.kind === 'end') break;
    if (t.kind === 'error') {
      toks.push('!');
      break;
    }
    toks.push(t.kind === 'arg' ? `[${t.value}]` : ';');
  }
  return { toks, errors };
}

const table: Array<[string, string[], string[]?]> = [
  ['list --all', ['[list]', '[--all]']],
  ['  a\tb  ', ['[a]', '[b]']],
  ['a;b', ['[a]', ';', '[b]']],
  ['a\nb', ['[a]', ';', '[b]']],
  ['echo "a b" c\\ d', ['[echo]', '[a b]', '[c d]']],
  ["echo 'a \"b\"' x'y'z", ['[echo]', '[a "b"]', '[xyz]']],
  ['echo "a\\"b" \'a\\b\'', ['[echo]', '[a"b]', '[a\\b]']],
  ['echo "x;y" \'#z\'', ['[echo]', '[x;y]', '[#z]']],
  ['echo a #comment; b\nc', ['[echo]', '[a]', ';', '[c]']],
  ['echo a#b', ['[echo]', '[a#b]']],
  ['a \\\nb', ['[a]', '[b]']],
  ['a\\\nb', ['[ab]']],
  ['echo ""', ['[echo]', '[]']],
  ["echo 'open", ['[echo]', '[open]']],
  ['echo "open', ['[echo]', '!'], ['missing "']],
  ['echo open\\', ['[echo]', '!'], ['dangling \\']],
];

for (const [input, want, errors = []] of table) {
  test(`tokenize ${JSON.stringify(input)}`, () => {
    const r = tokens(input);
    assert.deepEqual(r.toks, want);
    assert.deepEqual(r.errors, errors);
  });
}

test('a failed read is retried from the same place, silently when not reporting', () => {
  const errors: string[] = [];
  const src = new StringTokens('a "b', (m) => errors.push(m));
  assert.deepEqual(src.next(true), { kind: 'arg', value: 'a' });
  assert.deepEqual(src.next(false), { kind: 'arg', value: 'b' });
  assert.deepEqual(errors, []);
});
