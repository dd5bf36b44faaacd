// The remote driver's transports end to end, against Debian's libvirtd on a temporary socket:
// ext (a helper program on stdin/stdout), ssh (the system ssh client to an sshd on loopback),
// libssh2 (in-process SSH), and the failures of tcp, tls and helpers, with libvirt's texts.
//
// The sshd tests need openssh-server (apt-get install -y openssh-server) and root; they are
// skipped without them unless TSVIRT_STRICT_PEERS=1. The sshd runs from a temporary config on a
// loopback port, with its own host key and authorized keys; ssh is wrapped so that it reads no
// user config and writes no known_hosts outside the temporary directory.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { remoteOpen } from '../../src/drivers/remote/remote-open.js';
import { parseUri } from '../../src/util/uri.js';
import { ErrorCode, ErrorDomain, VirError } from '../../src/util/error.js';
import { DebianLibvirtd, skipWithoutLibvirtd, strictPeers } from './rpc-client-daemon.js';

const lvd = new DebianLibvirtd();
const SSHD = '/usr/sbin/sshd';
const sshAvailable = existsSync(SSHD) && existsSync('/usr/bin/ssh') && existsSync('/usr/bin/ssh-keygen') && process.getuid?.() === 0;
const skipSsh: string | false = skipWithoutLibvirtd || (!sshAvailable && !strictPeers ? 'openssh-server (run as root) is not available' : false);

let tmp = '';
let sshd: ChildProcess | null = null;
let sshPort = 0;
let userKey = '';
let sshWrapper = '';

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

async function startSshd(): Promise<void> {
  if (!sshAvailable) throw new Error('sshd tests need openssh-server and root (TSVIRT_STRICT_PEERS=1)');
  const d = join(tmp, 'sshd');
  await mkdir(d);
  const keygen = (file: string) => {
    const r = spawnSync('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
    if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
  };
  keygen(join(d, 'host_key'));
  userKey = join(d, 'id_ed25519');
  keygen(userKey);
  await writeFile(join(d, 'authorized_keys'), await readFile(`${userKey}.pub`));
  sshPort = await freePort();
  await writeFile(
    join(d, 'sshd_config'),
    [
      `Port ${sshPort}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(d, 'host_key')}`,
      `AuthorizedKeysFile ${join(d, 'authorized_keys')}`,
      `PidFile ${join(d, 'sshd.pid')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      '',
    ].join('\n'),
  );
  // sshd insists on its privilege separation directory.
  await mkdir('/run/sshd', { recursive: true });
  sshd = spawn(SSHD, ['-D', '-e', '-f', join(d, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  sshd.stderr!.on('data', (c) => (err += c));
  for (let i = 0; i < 100; i++) {
    if (err.includes('Server listening')) break;
    if (sshd.exitCode !== null) throw new Error(`sshd exited: ${err}`);
    await sleep(50);
  }
  sshWrapper = join(d, 'ssh');
  await writeFile(sshWrapper, `#!/bin/sh\nexec /usr/bin/ssh -F none -o UserKnownHostsFile=${join(d, 'known_hosts')} -o GlobalKnownHostsFile=/dev/null "$@"\n`);
  await chmod(sshWrapper, 0o755);
}

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'tsvirt-transports-'));
  if (!skipWithoutLibvirtd) await lvd.start();
  if (!skipSsh) await startSshd();
});
after(async () => {
  if (sshd && sshd.exitCode === null) sshd.kill('SIGTERM');
  await lvd.stop();
  await rm(tmp, { recursive: true, force: true });
});

function isVirError(code: ErrorCode, message: string, domain?: ErrorDomain) {
  return (e: unknown) => {
    assert.ok(e instanceof VirError, String(e));
    assert.equal(e.message, message);
    assert.equal(e.code, code);
    if (domain !== undefined) assert.equal(e.domain, domain);
    return true;
  };
}

test('ext: a helper program relays the connection', { skip: skipWithoutLibvirtd }, async () => {
  const helper = join(tmp, 'relay');
  await writeFile(helper, `#!/bin/sh\nexec nc -U ${lvd.sock}\n`);
  await chmod(helper, 0o755);
  const c = await remoteOpen(parseUri(`test+ext:///default?command=${helper}`), { euid: 0 });
  try {
    assert.equal(c.plan.name, 'test:///default');
    assert.equal(c.secure, false);
    assert.equal((await c.remote.call('connectGetLibVersion', undefined)).libVer, 9000000n);
    const { domains } = await c.remote.call('connectListAllDomains', { needResults: 1, flags: 0 });
    assert.deepEqual(domains.map((d) => d.name), ['test']);
  } finally {
    await c.close();
  }
});

test('ext: a helper that cannot run, or dies, is reported as libvirt reports it', async () => {
  await assert.rejects(
    remoteOpen(parseUri('test+ext:///default?command=/nonexistent/xyz'), { euid: 0 }),
    isVirError(ErrorCode.SystemError, 'Cannot recv data: libvirt:  error : cannot execute binary /nonexistent/xyz: No such file or directory: Connection reset by peer', ErrorDomain.Rpc),
  );
  const oops = join(tmp, 'oops');
  await writeFile(oops, '#!/bin/sh\necho oops >&2\nexit 0\n');
  await chmod(oops, 0o755);
  await assert.rejects(
    remoteOpen(parseUri(`test+ext:///default?command=${oops}`), { euid: 0 }),
    isVirError(ErrorCode.SystemError, 'Cannot recv data: oops: Connection reset by peer', ErrorDomain.Rpc),
  );
});

test('ssh: a command missing from $PATH', async () => {
  await assert.rejects(
    remoteOpen(parseUri('test+ssh://h/default?command=nonexistent-xyz'), { euid: 0 }),
    isVirError(ErrorCode.SystemError, "Cannot find 'nonexistent-xyz' in path: No such file or directory"),
  );
});

test('tcp: nobody listening', async () => {
  const port = await freePort();
  await assert.rejects(
    remoteOpen(parseUri(`test+tcp://127.0.0.1:${port}/default`), { euid: 0 }),
    isVirError(ErrorCode.SystemError, `unable to connect to server at '127.0.0.1:${port}': Connection refused`, ErrorDomain.Rpc),
  );
});

test('tls: not supported yet, said plainly', async () => {
  await assert.rejects(
    remoteOpen(parseUri('test://127.0.0.1/default'), { euid: 0 }),
    isVirError(ErrorCode.OperationUnsupported, 'Operation not supported: the tls transport is not supported yet (use tcp, unix or ssh)', ErrorDomain.Remote),
  );
});

test('ssh: through the system ssh client and sshd on loopback', { skip: skipSsh }, async () => {
  const u = `test+ssh://root@127.0.0.1:${sshPort}/default?socket=${lvd.sock}&keyfile=${userKey}&no_verify=1&no_tty=1&command=${sshWrapper}`;
  const c = await remoteOpen(parseUri(u), { euid: 0 });
  try {
    assert.equal(c.plan.proxy, 'netcat');
    assert.equal((await c.remote.call('connectGetLibVersion', undefined)).libVer, 9000000n);
    const { domains } = await c.remote.call('connectListAllDomains', { needResults: 1, flags: 0 });
    const info = await c.remote.call('domainGetInfo', { dom: domains[0]! });
    assert.equal(info.nrVirtCpu, 2);
  } finally {
    await c.close();
  }
});

test('ssh: a refused key shows ssh\'s own message, as libvirt does', { skip: skipSsh }, async () => {
  const otherKey = join(tmp, 'other_key');
  spawnSync('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', otherKey]);
  const u = `test+ssh://root@127.0.0.1:${sshPort}/default?socket=${lvd.sock}&keyfile=${otherKey}&no_verify=1&no_tty=1&command=${sshWrapper}`;
  await assert.rejects(remoteOpen(parseUri(u), { euid: 0 }), (e: unknown) => {
    assert.ok(e instanceof VirError);
    assert.equal(e.domain, ErrorDomain.Rpc);
    assert.match(e.message, /^Cannot recv data: .*Permission denied \(publickey\)\.: Connection reset by peer$|^End of file while reading data: .*Permission denied \(publickey\)\.: Input\/output error$/s);
    return true;
  });
});

test('libssh2: in-process SSH (ssh2 package) to sshd on loopback', { skip: skipSsh }, async () => {
  const kh = join(tmp, 'libssh2_known_hosts');
  const u = `test+libssh2://root@127.0.0.1:${sshPort}/default?socket=${lvd.sock}&keyfile=${userKey}&known_hosts=${kh}&known_hosts_verify=auto&sshauth=privkey`;
  const c = await remoteOpen(parseUri(u), { euid: 0, env: { HOME: tmp, PATH: process.env['PATH'] } });
  try {
    assert.equal((await c.remote.call('connectGetLibVersion', undefined)).libVer, 9000000n);
  } finally {
    await c.close();
  }
  // "auto" recorded the host key; a second connection in "normal" mode accepts it.
  assert.match(await readFile(kh, 'utf8'), new RegExp(`^\\[127\\.0\\.0\\.1\\]:${sshPort} ssh-ed25519 `));
  const c2 = await remoteOpen(parseUri(u.replace('known_hosts_verify=auto', 'known_hosts_verify=normal')), { euid: 0, env: { HOME: tmp } });
  await c2.close();
  // An unknown host in "normal" mode, with no way to ask the user.
  await assert.rejects(
    remoteOpen(parseUri(u.replace(kh, join(tmp, 'empty_known_hosts')).replace('known_hosts_verify=auto', 'known_hosts_verify=normal')), { euid: 0, env: { HOME: tmp } }),
    isVirError(ErrorCode.Ssh, "SSH transport error: No user interaction callback provided: Can't verify the session host key", ErrorDomain.Ssh),
  );
});
