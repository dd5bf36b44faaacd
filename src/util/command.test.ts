import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, shellQuote } from './command.js';
import { ErrorCode, VirError } from './error.js';
import { writeFileAtomic } from './atomic-file.js';

test('a successful command: status 0, stdout captured', async () => {
  const r = await new Command('/bin/sh', '-c', 'echo hello').captureStdout().run();
  assert.equal(r.status, 0);
  assert.equal(r.stdout, 'hello\n');
  assert.equal((await new Command('/bin/true').run()).status, 0);
});

test('a failing command is an error quoting the command and its stderr, as libvirt does', async () => {
  await assert.rejects(new Command('/bin/sh', '-c', 'echo oops >&2; exit 3').run(), (e: VirError) => {
    assert.equal(e.code, ErrorCode.InternalError);
    assert.equal(e.message, "internal error: Child process (/bin/sh -c 'echo oops >&2; exit 3') unexpected exit status 3: oops\n");
    return true;
  });
  const r = await new Command('/bin/sh', '-c', 'exit 3').allowStatus(3).run();
  assert.equal(r.status, 3);
});

test('the environment is empty unless passed; addEnvPassCommon gives LC_ALL=C and PATH', async () => {
  const bare = await new Command('/usr/bin/env').captureStdout().run();
  assert.equal(bare.stdout, '');
  const common = await new Command('/usr/bin/env').addEnvPassCommon().addEnvPair('X', 'a b').captureStdout().run();
  const vars = new Map(common.stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  assert.equal(vars.get('LC_ALL'), 'C');
  assert.equal(vars.get('PATH'), process.env['PATH']);
  assert.equal(vars.get('X'), 'a b');
  assert.equal(new Command('/bin/echo', "it's").addEnvPair('A', '1').toString(), "A=1 /bin/echo 'it'\\''s'");
});

test('a binary not on PATH: libvirt\'s "Cannot find" system error', async () => {
  await assert.rejects(new Command('no-such-binary-tsvirt').run(), (e: VirError) => {
    assert.equal(e.code, ErrorCode.SystemError);
    assert.equal(e.message, "Cannot find 'no-such-binary-tsvirt' in path: No such file or directory");
    return true;
  });
});

test('stdin is fed; a signal death is reported as libvirt words it', async () => {
  const r = await new Command('/bin/cat').setInput('abc').captureStdout().run();
  assert.equal(r.stdout, 'abc');
  await assert.rejects(new Command('/bin/sh', '-c', 'kill -9 $$').run(), /unexpected fatal signal 9/);
});

test('timeout and abort stop the child', async () => {
  const t0 = Date.now();
  await assert.rejects(new Command('/bin/sleep', '10').run({ timeout: 100 }), /timed out after 100 ms/);
  const ac = new AbortController();
  const p = new Command('/bin/sleep', '10').run({ signal: ac.signal });
  setTimeout(() => ac.abort(new Error('stop')), 50);
  await assert.rejects(p, /stop/);
  assert.ok(Date.now() - t0 < 5000);
});

test('builder misuse is reported at run()', async () => {
  await assert.rejects(new Command('/bin/true').pidFile('/tmp/x.pid').run(), /not daemonized/);
});

test('daemonize with a pid file and a handshake', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsvirt-cmd-'));
  try {
    const pidPath = join(dir, 'd.pid');
    const script = 'printf "\\000" >&$TSVIRT_HANDSHAKE_FD; sleep 0.2';
    const r = await new Command('/bin/sh', '-c', script).addEnvPassCommon().daemonize().pidFile(pidPath).requireHandshake().runDaemon({ timeout: 5000 });
    assert.equal(r.handshake, 0);
    assert.equal(readFileSync(pidPath, 'utf8'), String(r.pid));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeFileAtomic replaces the file whole and leaves no temporary behind', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsvirt-atomic-'));
  try {
    const p = join(dir, 'f');
    await writeFileAtomic(p, 'one');
    await writeFileAtomic(p, 'two', 0o644);
    assert.equal(readFileSync(p, 'utf8'), 'two');
    assert.deepEqual(
      (await import('node:fs')).readdirSync(dir),
      ['f'],
    );
    assert.equal(existsSync(join(dir, 'f')), true);
    assert.equal(shellQuote(''), "''");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
