// The shell loads command groups on demand: a one-shot command loads the group that holds it
// (per the command index), aliases bring their target's group, and anything the index does not
// know loads every group, so that parsing, errors and help read as if all were loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandDef } from './command-def.js';
import { ShellControl } from './control.js';
import type { CommandIndex, GroupSource } from './help.js';
import { commandWords } from './parse-options.js';
import { ArgvTokens, StringTokens } from './tokenizer.js';

const run = async (): Promise<boolean> => true;
const def = (name: string, extra: Partial<CommandDef> = {}): CommandDef => ({ name, info: { help: name, desc: '' }, opts: [], run, ...extra });

class TestShell extends ShellControl {
  readonly name = 'virsh';
  readonly envPrefix = 'VIRSH';
  readonly errors: string[] = [];
  get readOnly(): boolean {
    return false;
  }
  conn(): never {
    throw new Error('no connection in these tests');
  }
  async connectionHook(): Promise<boolean> {
    return true;
  }
  override error(msg: string): void {
    this.errors.push(msg);
  }
}

/** Groups whose loads are recorded; "b" defines "list" again, which must lose to "a". */
function fixture(index: CommandIndex | null): { shell: TestShell; loads: string[] } {
  const loads: string[] = [];
  const group = (keyword: string, commands: CommandDef[]): GroupSource => ({
    name: keyword.toUpperCase(),
    keyword,
    load: async () => {
      loads.push(keyword);
      return commands;
    },
  });
  const listA = def('list', { info: { help: 'from a', desc: '' } });
  const sources = [
    group('a', [listA, def('dominfo')]),
    group('b', [def('list', { info: { help: 'from b', desc: '' } }), def('net-list'), def('virsh-list', { alias: 'pool-list' })]),
    group('c', [def('pool-list')]),
    group('virsh', [def('help', { opts: [{ name: 'command', type: 'string', help: 'x' }] })]),
  ];
  return { shell: new TestShell(sources, index), loads };
}

const INDEX: CommandIndex = { list: 0, dominfo: 0, 'net-list': 1, 'virsh-list': 1, 'pool-list': 2, help: 3 };

test('commandWords: the first word of each command, and help for --help', () => {
  assert.deepEqual(commandWords(new StringTokens('list --all; dominfo "a b"\n#net-list x\nnet-info x --help', () => undefined)), [
    'list',
    'dominfo',
    'net-info',
    'help',
  ]);
  assert.deepEqual(commandWords(new ArgvTokens(['dominfo', 'list'])), ['dominfo']);
  // Up to a syntax error only: the parser reports it.
  assert.deepEqual(commandWords(new StringTokens('list; net-list \\', () => undefined)), ['list', 'net-list']);
});

test('a command loads only its own group', async () => {
  const { shell, loads } = fixture(INDEX);
  const cmds = await shell.parseArgv(['net-list']);
  assert.equal(cmds?.[0]?.def.name, 'net-list');
  assert.deepEqual(loads, ['b']);
  assert.throws(() => shell.groups, /used before it was loaded/);
});

test('the first group defining a name wins, whatever the load order', async () => {
  const { shell, loads } = fixture(INDEX);
  await shell.parseArgv(['net-list']);
  const cmds = await shell.parseString('list');
  assert.deepEqual(loads, ['b', 'a']);
  assert.equal(cmds?.[0]?.def.info.help, 'from a');
});

test("an alias loads its target's group", async () => {
  const { shell, loads } = fixture(INDEX);
  const cmds = await shell.parseString('virsh-list');
  assert.equal(cmds?.[0]?.def.name, 'pool-list');
  assert.deepEqual(loads.sort(), ['b', 'c']);
});

test('--help loads the help command', async () => {
  const { shell, loads } = fixture(INDEX);
  const cmds = await shell.parseArgv(['dominfo', '--help']);
  assert.equal(cmds?.[0]?.def.name, 'help');
  assert.deepEqual(loads.sort(), ['a', 'virsh']);
});

test('an unknown name loads every group before reporting it', async () => {
  const { shell, loads } = fixture(INDEX);
  assert.equal(await shell.parseString('list; nosuch'), null);
  assert.deepEqual(shell.errors, ["unknown command: 'nosuch'"]);
  assert.deepEqual(loads.sort(), ['a', 'b', 'c', 'virsh']);
  assert.deepEqual(
    shell.groups.map((g) => g.keyword),
    ['a', 'b', 'c', 'virsh'],
  );
});

test('without an index every group is loaded (the module tree)', async () => {
  const { shell, loads } = fixture(null);
  await shell.parseArgv(['dominfo']);
  assert.deepEqual(loads.sort(), ['a', 'b', 'c', 'virsh']);
});

test('a wrong index entry (a stale index) costs loading everything, not a wrong answer', async () => {
  const { shell, loads } = fixture({ ...INDEX, 'pool-list': 1 });
  const cmds = await shell.parseString('pool-list');
  assert.equal(cmds?.[0]?.def.name, 'pool-list');
  assert.deepEqual(shell.errors, []);
  assert.deepEqual(loads.sort(), ['a', 'b', 'c', 'virsh']);
});
