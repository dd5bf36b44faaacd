// URI → transport, socket, port and name rules, checked against what Debian's libvirt 9.0 client
// does with the same URIs (read from its debug log: "proceeding with name = …", "Chosen UNIX
// socket …" and the ssh command line it runs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUri } from '../../util/uri.js';
import { ErrorCode, ErrorDomain, VirError } from '../../util/error.js';
import { planRemoteOpen, sshHelperCommand, RemoteOpenFlag, type PlanOptions } from './remote-uri.js';
import { sshArgv } from './transports/ssh.js';

const root: PlanOptions = { euid: 0, env: { PATH: '/usr/bin', HOME: '/root' }, exists: () => false };
const user: PlanOptions = { euid: 1000, env: { XDG_RUNTIME_DIR: '/run/user/1000', HOME: '/home/u' }, exists: () => false };

function plan(text: string | null, opts: PlanOptions = root) {
  return planRemoteOpen(text === null ? null : parseUri(text), opts);
}

const cases: Array<[uri: string | null, opts: PlanOptions, expect: Partial<ReturnType<typeof plan>>]> = [
  ['qemu:///system', root, { transport: 'unix', name: 'qemu:///system', socketPath: '/var/run/libvirt/libvirt-sock', mode: 'legacy', flags: 0 }],
  ['qemu:///system', { ...root, readOnly: true }, { socketPath: '/var/run/libvirt/libvirt-sock-ro', flags: RemoteOpenFlag.ReadOnly }],
  ['test+unix:///default', root, { transport: 'unix', name: 'test:///default', socketPath: '/var/run/libvirt/libvirt-sock', flags: 0 }],
  // Unprivileged: test+… and /session use the per-user daemon, which libvirt would autostart.
  ['test+unix:///default', user, { socketPath: '/run/user/1000/libvirt/libvirt-sock', flags: RemoteOpenFlag.User | RemoteOpenFlag.Autostart }],
  ['qemu:///session', user, { socketPath: '/run/user/1000/libvirt/libvirt-sock', flags: RemoteOpenFlag.User | RemoteOpenFlag.Autostart }],
  ['qemu:///session', { ...user, readOnly: true }, { socketPath: '/run/user/1000/libvirt/libvirt-sock', flags: 7 }],
  ['qemu:///session', { ...user, env: { HOME: '/home/u' } }, { socketPath: '/home/u/.cache/libvirt/libvirt-sock' }],
  ['qemu:///system', user, { socketPath: '/var/run/libvirt/libvirt-sock', flags: 0 }],
  // auto mode takes the modular daemon's socket when it exists.
  ['qemu:///system', { ...root, exists: (p) => p === '/var/run/libvirt/virtqemud-sock' }, { socketPath: '/var/run/libvirt/virtqemud-sock', mode: 'direct' }],
  ['qemu:///system?mode=direct', root, { socketPath: '/var/run/libvirt/virtqemud-sock', mode: 'direct', name: 'qemu:///system' }],
  ['qemu:///system?mode=direct', { ...root, readOnly: true }, { socketPath: '/var/run/libvirt/virtqemud-sock-ro' }],
  ['test+unix:///default?mode=direct', root, { socketPath: '/var/run/libvirt/virttestd-sock' }],
  ['qemu:///system?mode=legacy', { ...root, exists: () => true }, { socketPath: '/var/run/libvirt/libvirt-sock', mode: 'legacy' }],
  ['qemu:///system', { ...root, conf: { remote_mode: 'direct' } }, { socketPath: '/var/run/libvirt/virtqemud-sock' }],
  ['test:///default?socket=/tmp/x.sock', root, { socketPath: '/tmp/x.sock', mode: null, name: 'test:///default' }],
  ['test+unix:///default?SOCKET=/tmp/y', root, { socketPath: '/tmp/y', name: 'test:///default' }],
  // With a host: tls by default; ports; the name drops host, user, port and transport.
  ['qemu://host/system', root, { transport: 'tls', port: '16514', hostname: 'host', name: 'qemu:///system', socketPath: null }],
  ['qemu+tcp://host/system', root, { transport: 'tcp', port: '16509', name: 'qemu:///system' }],
  ['qemu+tcp://host:1234/system', root, { transport: 'tcp', port: '1234' }],
  ['qemu+tls:///system', root, { transport: 'tls', hostname: 'localhost', port: '16514' }],
  ['qemu+ssh://bob@h:2222/system', root, { transport: 'ssh', user: 'bob', port: '2222', hostname: 'h', socketPath: '/var/run/libvirt/libvirt-sock', proxy: 'auto' }],
  ['qemu+ssh://h/system', root, { port: null }],
  ['qemu+ssh://h/session', user, { proxy: 'native', flags: RemoteOpenFlag.User }],
  ['qemu+SSH://h/system', root, { transport: 'ssh' }],
  ['qemu+libssh2://h/system', root, { transport: 'libssh2' }],
  ['qemu+ext:///system?command=/bin/helper', root, { transport: 'ext', command: '/bin/helper', socketPath: null, name: 'qemu:///system' }],
  // Unknown parameters are forwarded, re-escaped as GLib does; consumed ones are dropped.
  ['qemu+ssh://bob@127.0.0.1:2222/system?keyfile=/k&foo=bar%20x%2Fy&no_tty=1&command=/bin/false', root, { name: 'qemu:///system?foo=bar%20x%2Fy', keyfile: '/k', tty: false, command: '/bin/false' }],
  ['test:///default?a=1&authfile=/x&b=%7E!', root, { name: 'test:///default?a=1&b=~%21' }],
  ['test+ssh://127.0.0.1?socket=/tmp/s&command=/bin/false&mode=legacy', root, { name: 'test://', socketPath: '/tmp/s', proxy: 'netcat' }],
  ['remote+ssh://h/?command=/bin/false', root, { name: '' }],
  ['remote:///', root, { name: '' }],
  ['qemu+ssh://h/session?command=/bin/false&name=qemu:///foo', root, { name: 'qemu:///foo' }],
  ['qemu:///system?no_verify=1&no_sanity=0&no_tty=0', root, { verify: false, sanity: true, tty: true }],
  ['qemu:///system?pkipath=/p&known_hosts=/kh&known_hosts_verify=ignore&sshauth=agent&tls_priority=NORMAL&auth=polkit', root, { pkipath: '/p', knownHosts: '/kh', knownHostsVerify: 'ignore', sshauth: 'agent', tlsPriority: 'NORMAL', authType: 'polkit', name: 'qemu:///system' }],
  // No URI: the unprivileged user's own daemon, and the daemon tells which URI it chose.
  [null, root, { transport: 'unix', name: '', probeUri: true, socketPath: '/var/run/libvirt/libvirt-sock', flags: 0 }],
  [null, user, { probeUri: true, socketPath: '/run/user/1000/libvirt/libvirt-sock', flags: RemoteOpenFlag.User | RemoteOpenFlag.Autostart }],
  [null, { ...user, env: { ...user.env, LIBVIRT_AUTOSTART: '0' } }, { flags: RemoteOpenFlag.User }],
];

for (const [uri, opts, expect] of cases) {
  test(`plan for ${uri ?? '(no URI)'}${opts.euid ? ' as a user' : ''}${opts.readOnly ? ' read-only' : ''}`, () => {
    const p = plan(uri, opts);
    const got = Object.fromEntries(Object.keys(expect).map((k) => [k, p[k as keyof typeof p]]));
    assert.deepEqual(got, expect);
  });
}

const errors: Array<[uri: string, code: ErrorCode, domain: ErrorDomain, message: string]> = [
  ['qemu+foo:///system', ErrorCode.InvalidArg, ErrorDomain.Remote, 'invalid argument: remote_open: transport in URL not recognised (should be tls|unix|ssh|ext|tcp|libssh2|libssh)'],
  ['qemu+unix://host/system', ErrorCode.InvalidArg, ErrorDomain.Remote, "invalid argument: using unix socket and remote server 'host' is not supported."],
  ['qemu+ext:///system', ErrorCode.InvalidArg, ErrorDomain.Remote, "invalid argument: remote_open: for 'ext' transport, command is required"],
  ['qemu:///system?mode=bogus', ErrorCode.InvalidArg, ErrorDomain.Remote, "invalid argument: Unknown remote mode 'bogus'"],
  ['qemu:///system?no_tty=x', ErrorCode.InvalidArg, ErrorDomain.Remote, 'invalid argument: Failed to parse value of URI component no_tty'],
  ['qemu+ssh://h/system?mode=direct', ErrorCode.OperationUnsupported, ErrorDomain.Remote, 'Operation not supported: Cannot use direct socket mode for ssh transport'],
  ['qemu:///system?proxy=x', ErrorCode.InvalidArg, ErrorDomain.Remote, "invalid argument: Unnkown proxy type 'x'"],
];

for (const [uri, code, domain, message] of errors) {
  test(`plan for ${uri} fails as libvirt does`, () => {
    assert.throws(
      () => plan(uri),
      (e: unknown) => e instanceof VirError && e.code === code && e.domain === domain && e.message === message,
    );
  });
}

// The ssh command lines, byte for byte as Debian's libvirt runs them (with command=/bin/false
// standing in for ssh).
const sshCases: Array<[uri: string, argv: string[]]> = [
  [
    'qemu+ssh://bob@127.0.0.1:2222/system?keyfile=/k&foo=bar%20x%2Fy&no_tty=1&command=/bin/false',
    ['/bin/false', '-p', '2222', '-l', 'bob', '-i', '/k', '-T', '-e', 'none', '-o', 'BatchMode=yes', '--', '127.0.0.1', "sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     virt-ssh-helper '''\\''qemu:///system?foo=bar%20x%2Fy'\\''''; else    if 'nc' -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;'nc' $ARG -U /var/run/libvirt/libvirt-sock; fi'"],
  ],
  [
    'test+ssh://127.0.0.1/default?netcat=/usr/bin/my%20nc&no_verify=1&command=/bin/false',
    ['/bin/false', '-T', '-e', 'none', '-o', 'StrictHostKeyChecking=no', '--', '127.0.0.1', "sh -c 'if '''\\''/usr/bin/my nc'\\'''' -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;'''\\''/usr/bin/my nc'\\'''' $ARG -U /var/run/libvirt/libvirt-sock'"],
  ],
  [
    'remote+ssh://h/?command=/bin/false',
    ['/bin/false', '-T', '-e', 'none', '--', 'h', "sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     virt-ssh-helper '''\\'''\\''''; else    if 'nc' -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;'nc' $ARG -U /var/run/libvirt/libvirt-sock; fi'"],
  ],
  ['qemu+ssh://h/system?command=/bin/false&proxy=native', ['/bin/false', '-T', '-e', 'none', '--', 'h', "sh -c 'virt-ssh-helper 'qemu:///system''"]],
  [
    'qemu+ssh://h/system?command=/bin/false&proxy=netcat&socket=/x%20y',
    ['/bin/false', '-T', '-e', 'none', '--', 'h', "sh -c 'if 'nc' -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;'nc' $ARG -U /x y'"],
  ],
  ['qemu+ssh://h/system', ['ssh', '-T', '-e', 'none', '--', 'h', sshHelperCommand('auto', null, '/var/run/libvirt/libvirt-sock', 'qemu:///system', false)]],
];

for (const [uri, argv] of sshCases) {
  test(`ssh argv for ${uri}`, () => {
    assert.deepEqual(sshArgv(plan(uri)), argv);
  });
}

test('a read-only ssh connection asks virt-ssh-helper for a read-only one', () => {
  assert.equal(sshHelperCommand('native', null, null, 'qemu:///system', true), "sh -c 'virt-ssh-helper -r 'qemu:///system''");
});

test('a netcat path with the native proxy is refused', () => {
  assert.throws(
    () => sshArgv(plan('qemu+ssh://h/system?proxy=native&netcat=nc')),
    (e: unknown) => e instanceof VirError && e.domain === ErrorDomain.Rpc && e.message === 'invalid argument: netcat path not valid with native proxy mode',
  );
});
