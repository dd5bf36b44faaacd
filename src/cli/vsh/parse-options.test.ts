import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandFailure, type CommandDef } from './command-def.js';
import { parseCommands } from './parse-options.js';
import { ArgvTokens, StringTokens } from './tokenizer.js';

const run = async (): Promise<boolean> => true;

// Definitions shaped like virsh's own: a required domain, bools, a positional int, aliases.
const defs: CommandDef[] = [
  {
    name: 'help',
    info: { help: 'h', desc: '' },
    opts: [{ name: 'command', type: 'string', help: 'x' }],
    run,
  },
  {
    name: 'setvcpus',
    info: { help: 'h', desc: '' },
    opts: [
      { name: 'domain', type: 'data', required: true, help: 'x' },
      { name: 'count', type: 'int', required: true, help: 'x' },
      { name: 'maximum', type: 'bool', help: 'x' },
      { name: 'timeout', type: 'int', help: 'x' },
      { name: 'file', type: 'string', reqOpt: true, help: 'x' },
      { name: 'name', type: 'string', emptyOk: true, help: 'x' },
    ],
    run,
  },
  {
    name: 'echo',
    info: { help: 'h', desc: '' },
    opts: [
      { name: 'shell', type: 'bool', help: 'x' },
      { name: 'str', type: 'alias', help: 'string' },
      { name: 'hi', type: 'alias', help: 'string=hello' },
      { name: 'string', type: 'argv', help: 'x' },
    ],
    run,
  },
  { name: 'vcpus', alias: 'setvcpus', info: { help: '', desc: '' }, opts: [], run },
];

function parse(input: string | string[]) {
  const errors: string[] = [];
  const env = {
    lookup: (n: string) => defs.find((d) => d.name === n),
    error: (m: string) => errors.push(m),
  };
  const src = typeof input === 'string' ? new StringTokens(input, env.error) : new ArgvTokens(input);
  const cmds = parseCommands(env, src);
  const shown = cmds?.map((c) => `${c.def.name}(${c.opts.map((o) => (o.data === null ? o.def.name : `${o.def.name}=${o.data}`)).join(',')})`);
  return { cmds: shown ?? null, errors };
}

const ok: Array<[string | string[], string[]]> = [
  ['setvcpus test 2', ['setvcpus(domain=test,count=2)']],
  ['setvcpus --count 2 test', ['setvcpus(count=2,domain=test)']],
  ['setvcpus --domain=test --count=3 --maximum', ['setvcpus(domain=test,count=3,maximum)']],
  ['setvcpus test 2 5', ['setvcpus(domain=test,count=2,timeout=5)']],
  ['setvcpus test 2 5 n', ['setvcpus(domain=test,count=2,timeout=5,name=n)']],
  ['setvcpus test 2 --file f', ['setvcpus(domain=test,count=2,file=f)']],
  ['vcpus test 2', ['setvcpus(domain=test,count=2)']],
  ['echo a --str b --hi', ['echo(string=a,string=b,string=hello)']],
  ['echo -- --shell', ['echo(string=--shell)']],
  ['echo ---x -y', ['echo(string=---x,string=-y)']],
  ['echo a; echo b', ['echo(string=a)', 'echo(string=b)']],
  [['echo', 'a;', 'b'], ['echo(string=a;,string=b)']],
  ['setvcpus --help', ['help(command=setvcpus)']],
  ['help --bogus setvcpus extra', ['help(command=setvcpus)']],
  ['# all of this is comment', []],
  ['', []],
];
for (const [input, want] of ok) {
  test(`parse ${JSON.stringify(input)}`, () => {
    const r = parse(input);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.cmds, want);
  });
}

const bad: Array<[string, string[]]> = [
  ['frob', ["unknown command: 'frob'"]],
  ['echo a; frob', ["unknown command: 'frob'"]],
  ['setvcpus', ["command 'setvcpus' requires <domain> option", "command 'setvcpus' requires --count option"]],
  ['setvcpus test', ["command 'setvcpus' requires --count option"]],
  ['setvcpus test 2 5 n extra', ["unexpected data 'extra'"]],
  ['setvcpus test 2 --bogus', ["command 'setvcpus' doesn't support option --bogus"]],
  ['setvcpus test --count', ['expected syntax: --count <number>']],
  ['setvcpus test 2 --file', ['expected syntax: --file <string>']],
  ['setvcpus test --domain x', ['option --domain already seen']],
  ['setvcpus test 2 --maximum=1', ["invalid '=' after option --maximum"]],
  ['echo --hi=x', ["invalid '=' after option --hi"]],
  ['echo --shell --shell', ['option --shell already seen']],
  ['echo "open', ['missing "']],
];
for (const [input, want] of bad) {
  test(`parse error ${JSON.stringify(input)}`, () => {
    const r = parse(input);
    assert.equal(r.cmds, null);
    assert.deepEqual(r.errors, want);
  });
}

test('help reports a repeated option but still parses', () => {
  const r = parse('help --command a --command b');
  assert.deepEqual(r.errors, ['option --command already seen']);
  assert.deepEqual(r.cmds, ['help(command=a)']);
});

function one(input: string) {
  const env = { lookup: (n: string) => defs.find((d) => d.name === n), error: (m: string) => assert.fail(m) };
  return parseCommands(env, new StringTokens(input, env.error))![0]!;
}

test('number getters use virsh messages', () => {
  assert.equal(one('setvcpus test " 7"').int('count'), 7);
  assert.equal(one('setvcpus test -3').int('count'), -3);
  assert.throws(() => one('setvcpus test 2x').int('count'), {
    message: "Numeric value '2x' for <count> option is malformed or out of range",
  });
  assert.throws(() => one('setvcpus test 2147483648').int('count'), CommandFailure);
  assert.throws(() => one('setvcpus test -1').uint('count'), CommandFailure);
  assert.equal(one('setvcpus test -1').uintWrap('count'), 4294967295);
  assert.equal(one('setvcpus test 18446744073709551615').ulonglong('count'), 18446744073709551615n);
  assert.equal(one('setvcpus test 1 --timeout 3').timeoutMs(), 3000);
  assert.throws(() => one('setvcpus test 1 --timeout 0').timeoutMs(), {
    message: "Numeric value '0' for <timeout> option is malformed or out of range",
  });
  assert.equal(one('setvcpus test 1').int('timeout'), undefined);
});

test('scaled sizes take unit suffixes and report libvirt errors as the cause', () => {
  assert.equal(one('setvcpus test 10').scaled('count', 1024, 2n ** 64n - 1n), 10240n);
  assert.equal(one('setvcpus test 1GiB').scaled('count', 1024, 2n ** 64n - 1n), 1024n ** 3n);
  assert.equal(one('setvcpus test 2MB').scaled('count', 1024, 2n ** 64n - 1n), 2_000_000n);
  assert.equal(one('setvcpus test 5b').scaled('count', 1024, 2n ** 64n - 1n), 5n);
  try {
    one('setvcpus test 5x').scaled('count', 1, 2n ** 64n - 1n);
    assert.fail('no error');
  } catch (e) {
    assert.ok(e instanceof CommandFailure);
    assert.equal(e.message, "Scaled numeric value '5x' for <count> option is malformed or out of range");
    assert.equal((e.cause as Error).message, "invalid argument: unknown suffix 'x'");
  }
  assert.throws(() => one('setvcpus test 9999999999999T').scaled('count', 1, 2n ** 64n - 1n), (e: unknown) => {
    return e instanceof CommandFailure && (e.cause as Error).message === 'numerical overflow: value too large: 9999999999999T';
  });
  assert.throws(() => one('setvcpus test -5').scaled('count', 1, 2n ** 64n - 1n), CommandFailure);
});

test('stringReq refuses empty values unless the option allows them', () => {
  assert.throws(() => one('setvcpus test 1 --file ""').stringReq('file'), {
    message: "Failed to get option 'file': Option argument is empty",
  });
  assert.equal(one('setvcpus test 1 --name ""').stringReq('name'), '');
  assert.equal(one('setvcpus test 1').stringReq('file'), undefined);
});
