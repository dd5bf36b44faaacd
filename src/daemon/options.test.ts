import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemonUsage, parseDaemonArgs } from './options.js';

const A = '/usr/sbin/libvirtd';

function opts(...args: string[]) {
  const r = parseDaemonArgs(A, args);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.options;
}

function fail(...args: string[]) {
  const r = parseDaemonArgs(A, args);
  assert.ok(!r.ok);
  return r.message;
}

test('short, bundled, attached and long forms', () => {
  assert.deepEqual(
    opts('-ld', '-f', 'a.conf', '-pfile.pid', '--timeout=30', '-v'),
    { verbose: true, daemon: true, listen: true, config: 'a.conf', pidFile: 'file.pid', timeout: 30, version: false, help: false },
  );
  assert.equal(opts('--conf', 'x').config, 'x', 'an unambiguous prefix of a long option');
  assert.equal(opts('-t', '5x').timeout, 5, 'trailing text after the number is tolerated, as virStrToLong_i with an end pointer does');
  assert.equal(opts('-vV').version, true);
});

test('glibc getopt diagnostics (checked against Debian libvirtd 9.0)', () => {
  assert.equal(fail('-x'), `${A}: invalid option -- 'x'`);
  assert.equal(fail('--foo'), `${A}: unrecognized option '--foo'`);
  assert.equal(fail('--ver'), `${A}: option '--ver' is ambiguous; possibilities: '--verbose' '--version'`);
  assert.equal(fail('--verbose=1'), `${A}: option '--verbose' doesn't allow an argument`);
  assert.equal(fail('--timeout'), `${A}: option '--timeout' requires an argument`);
  assert.equal(fail('-t'), `${A}: option requires an argument -- 't'`);
  assert.equal(fail('-t', 'abc'), 'Invalid value for timeout');
  assert.equal(fail('-t', '-1'), 'Invalid value for timeout');
  assert.equal(fail('-t', '2147484'), 'Invalid value for timeout');
  assert.equal(fail('extra'), `${A}: unexpected, non-option, command line arguments`);
});

test('usage keeps libvirtd\'s layout and paths', () => {
  const u = daemonUsage(A, true);
  assert.match(u, /^\nUsage:\n {2}\/usr\/sbin\/libvirtd \[options\]\n\nOptions:\n {2}-h \| --help {12}\S/);
  assert.match(u, /\n {2}-p \| --pid-file <file> \S/);
  assert.match(u, /\n {4}Sockets:\n {6}\/run\/libvirt\/libvirt-sock\n {6}\/run\/libvirt\/libvirt-sock-ro\n\n/);
  assert.match(u, /PID file \(unless overridden by -p\):\n {6}\/run\/libvirtd\.pid\n\n$/);
  assert.match(daemonUsage(A, false), /\$XDG_RUNTIME_DIR\/libvirt\/libvirtd\.pid\n\n$/);
});
