// bin/libvirtd as a process: files it creates, how it starts, stops, refuses and reloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RawClient, REMOTE_PROGRAM, errorMessage, frame, runLibvirtd, startDaemon, tempDir, writeConf, LIBVIRTD } from './daemon-harness.js';

test('sockets with the configured modes, pid file, clean exit on SIGTERM', async () => {
  const d = await startDaemon({ extra: 'unix_sock_rw_perms = "0770"\nunix_sock_ro_perms = "0777"\nunix_sock_admin_perms = "0700"' });
  try {
    const mode = (p: string) => statSync(p).mode & 0o777;
    assert.ok(statSync(d.sock).isSocket());
    assert.equal(mode(d.sock), 0o770);
    assert.equal(mode(d.sockRo), 0o777);
    assert.equal(mode(d.sockAdmin), 0o700);
    assert.equal(readFileSync(d.pidFile, 'utf8'), String(d.proc.pid), 'the pid, with no newline, as libvirt writes it');
    assert.equal(await d.stop('SIGTERM'), 0);
    for (const p of [d.sock, d.sockRo, d.sockAdmin, d.pidFile]) assert.equal(existsSync(p), false, `${p} removed`);
  } finally {
    d.cleanup();
  }
});

test('-t exits after the idle time, but not while a client is connected', async () => {
  const d = await startDaemon({ args: ['-t', '1'] });
  try {
    const c = await RawClient.connect(d.sock);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(d.proc.exitCode, null, 'still running with a client');
    c.close();
    const t0 = Date.now();
    assert.equal(await d.exited, 0);
    const waited = Date.now() - t0;
    assert.ok(waited >= 800 && waited < 5000, `exited ${waited} ms after the last client left`);
    assert.equal(existsSync(d.pidFile), false);
  } finally {
    d.cleanup();
  }
});

test('SIGINT also shuts down cleanly, closing connected clients', async () => {
  const d = await startDaemon();
  try {
    const c = await RawClient.connect(d.sock);
    assert.equal(await d.stop('SIGINT'), 0);
    await c.waitClosed();
    assert.equal(existsSync(d.sock), false);
  } finally {
    d.cleanup();
  }
});

test('a second daemon on the same pid file is refused as libvirtd refuses it', async () => {
  const d = await startDaemon();
  try {
    const r = await runLibvirtd(['-f', d.conf]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`error : .* : Failed to acquire pid file '${d.pidFile}': Resource temporarily unavailable`));
    // The first one is unharmed.
    const c = await RawClient.connect(d.sock);
    c.write(frame({ prog: 1, vers: 1, proc: 1, serial: 3 }));
    await c.waitFrames(1);
    c.close();
  } finally {
    await d.stop();
    d.cleanup();
  }
});

test('a second daemon on the same sockets but another pid file does not steal them', async () => {
  const d = await startDaemon();
  try {
    const r = await runLibvirtd(['-f', d.conf, '-p', join(d.dir, 'other.pid')]);
    assert.equal(r.code, 6);
    assert.match(r.stderr, new RegExp(`Failed to bind socket to '${d.sock}': Address already in use`));
    assert.equal(existsSync(d.sock), true);
    assert.equal(existsSync(join(d.dir, 'other.pid')), false);
  } finally {
    await d.stop();
    d.cleanup();
  }
});

test('bad config files: libvirt\'s messages and exit status 1', async () => {
  const dir = tempDir();
  try {
    const conf = join(dir, 'bad.conf');
    const cases: Array<[string, RegExp]> = [
      ['max_clients = "abc"\n', /Can't load config file: internal error: .*bad\.conf: expected an unsigned integer for 'max_clients' parameter: .*bad\.conf\n/],
      ['max_clients = \n', /Can't load config file: configuration file syntax error: .*bad\.conf:1: expecting a value: /],
      ['auth_unix_rw = "foo"\n', /Can't load config file: unsupported configuration: .*bad\.conf: auth_unix_rw: unsupported auth foo: /],
      ['max_workers = 0\n', /Can't load config file: internal error: 'max_workers' must be greater than 0: /],
      ['listen_tcp = 2\n', /value for 'listen_tcp' parameter must be 0 or 1/],
      ['host_uuid = "bad"\n', /invalid host UUID: bad\n.*Can't setup host uuid/s],
    ];
    for (const [text, re] of cases) {
      writeFileSync(conf, text);
      const r = await runLibvirtd(['-f', conf]);
      assert.equal(r.code, 1, text);
      assert.match(r.stderr, re);
    }
    writeFileSync(conf, 'log_outputs = "1:nowhere"\n');
    const r = await runLibvirtd(['-f', conf]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "libvirt:  error : invalid argument: Invalid log destination 'nowhere' for log output '1:nowhere'\n");
    const missing = await runLibvirtd(['-f', join(dir, 'nope.conf')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Can't load config file: Failed to open file '.*nope\.conf': No such file or directory: /);
    writeFileSync(conf, `unix_sock_dir = "${dir}"\nunix_sock_ro_perms = "abc"\n`);
    const mode = await runLibvirtd(['-f', conf]);
    assert.equal(mode.code, 6);
    assert.match(mode.stderr, /Failed to parse mode 'abc'/);
    assert.equal(existsSync(join(dir, 'libvirtd.pid')), false, 'pid file released on failure');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('command line: version, help, bad options as libvirtd reports them', async () => {
  const v = await runLibvirtd(['-V']);
  assert.equal(v.code, 0);
  assert.equal(v.stdout, `${LIBVIRTD} (libvirt) 9.0.0\n`);
  const h = await runLibvirtd(['--help']);
  assert.equal(h.code, 0);
  assert.match(h.stderr, /^\nUsage:\n {2}.*libvirtd \[options\]\n\nOptions:\n {2}-h \| --help {12}/);
  const x = await runLibvirtd(['-x']);
  assert.equal(x.code, 1);
  assert.match(x.stderr, /libvirtd: invalid option -- 'x'\n\nUsage:/);
  const t = await runLibvirtd(['-t']);
  assert.match(t.stderr, /option requires an argument -- 't'/);
  const extra = await runLibvirtd(['extra']);
  assert.equal(extra.stderr, `${LIBVIRTD}: unexpected, non-option, command line arguments\n`);
  const bad = await runLibvirtd(['-t', 'abc']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /error : .* : Invalid value for timeout\n/);
});

test('SIGHUP re-reads log settings from the config', async () => {
  const d = await startDaemon();
  try {
    const log = join(d.dir, 'd.log');
    writeConf(d.dir, `log_level = 1\nlog_outputs = "1:file:${log}"`);
    d.proc.kill('SIGHUP');
    const end = Date.now() + 5000;
    while (!existsSync(log) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    // Any debug activity now lands in the file: a connection and an unknown program call.
    const c = await RawClient.connect(d.sock);
    c.write(frame({ prog: 7, vers: 1, proc: 1, serial: 1 }));
    await c.waitFrames(1);
    c.close();
    await d.stop();
    const text = readFileSync(log, 'utf8');
    assert.match(text, /: debug : rpc\.server : /);
    assert.match(text, /: error : rpc\.server-program : Cannot find program 7 version 1/);
  } finally {
    d.cleanup();
  }
});

test('-d: the parent returns once the daemon is up; the pid file names the daemon', async () => {
  const dir = tempDir();
  try {
    const conf = writeConf(dir);
    const r = await runLibvirtd(['-d', '-f', conf]);
    assert.equal(r.code, 0, r.stderr);
    const pid = Number(readFileSync(join(dir, 'libvirtd.pid'), 'utf8'));
    assert.ok(pid > 0);
    assert.ok(existsSync(join(dir, 'libvirt-sock')));
    const c = await RawClient.connect(join(dir, 'libvirt-sock'));
    c.write(frame({ prog: REMOTE_PROGRAM, vers: 1, proc: 100000, serial: 9 }));
    await c.waitFrames(1);
    assert.equal(errorMessage(c.frames[0]!.body).message, 'unknown procedure: 100000');
    c.close();
    process.kill(pid, 'SIGTERM');
    const end = Date.now() + 5000;
    while (existsSync(join(dir, 'libvirtd.pid')) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    assert.equal(existsSync(join(dir, 'libvirtd.pid')), false);
    // A second -d start on a held pid file reports libvirt's failure text from the parent.
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
