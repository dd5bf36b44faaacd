import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfFile } from '../util/conf-file.js';
import { AuthType, KEYS, applyConfFile, defaultConfig, parseMode } from './config.js';
import type { VirError } from '../util/error.js';

function load(text: string, privileged = false) {
  return applyConfFile(defaultConfig(privileged), ConfFile.parse(text, 'l.conf'), 'l.conf');
}

function err(text: string): string {
  try {
    load(text);
  } catch (e) {
    return (e as VirError).message;
  }
  return 'ok';
}

test('libvirt 9.0 defaults', () => {
  const c = defaultConfig(false);
  assert.equal(c.maxClients, 5000);
  assert.equal(c.maxQueuedClients, 1000);
  assert.equal(c.maxAnonymousClients, 20);
  assert.equal(c.maxClientRequests, 5);
  assert.equal(c.adminMaxQueuedClients, 20);
  assert.equal(c.keepaliveInterval, 5);
  assert.equal(c.keepaliveCount, 5);
  assert.equal(c.tcpPort, '16509');
  assert.equal(c.tlsPort, '16514');
  assert.equal(c.listenTls, true);
  assert.equal(c.authTcp, AuthType.Sasl);
  assert.equal(c.unixSockRwPerms, '0700');
  const p = defaultConfig(true);
  assert.equal(p.authUnixRw, AuthType.Polkit);
  assert.equal(p.unixSockRwPerms, '0777', 'polkit opens the rw socket');
});

test('every key is read with its type', () => {
  const c = load(
    [
      'listen_tcp = 1', 'listen_tls = 0', 'tcp_port = "1234"', 'listen_addr = "127.0.0.1"',
      'unix_sock_group = "libvirt"', 'unix_sock_dir = "/tmp/x"', 'unix_sock_rw_perms = "0770"',
      'auth_unix_rw = "none"', 'auth_tcp = "none"', 'access_drivers = [ "polkit" ]',
      'max_clients = 7', 'max_client_requests = 2', 'keepalive_interval = -1', 'keepalive_count = 0',
      'admin_max_clients = 3', 'admin_keepalive_interval = 9', 'log_level = 1', 'log_filters = "1:rpc"',
      'log_outputs = "1:stderr"', 'host_uuid = "00000000-0000-0000-0000-000000000001"', 'ovs_timeout = 9',
      'tls_allowed_dn_list = ["a", "b"]', 'tcp_min_ssf = 112', 'unknown_key_is_ignored = 1',
    ].join('\n'),
  );
  assert.equal(c.listenTcp, true);
  assert.equal(c.listenTls, false);
  assert.equal(c.tcpPort, '1234');
  assert.equal(c.unixSockDir, '/tmp/x');
  assert.equal(c.unixSockRwPerms, '0770');
  assert.equal(c.authTcp, AuthType.None);
  assert.deepEqual(c.accessDrivers, ['polkit']);
  assert.equal(c.maxClients, 7);
  assert.equal(c.keepaliveInterval, -1);
  assert.equal(c.adminKeepaliveInterval, 9);
  assert.deepEqual(c.tlsAllowedDnList, ['a', 'b']);
  assert.equal(c.tcpMinSsf, 112);
  assert.equal(Object.keys(KEYS).length, Object.keys(defaultConfig(false)).length, 'every field has its file key');
});

test('errors as libvirtd reports them (checked against Debian libvirtd 9.0)', () => {
  assert.equal(err('max_clients = "abc"'), "internal error: l.conf: expected an unsigned integer for 'max_clients' parameter");
  assert.equal(err('max_clients = -1'), "internal error: l.conf: expected an unsigned integer for 'max_clients' parameter");
  assert.equal(err('max_clients = 99999999999'), "internal error: l.conf: value for 'max_clients' parameter must be in range 0:4294967295");
  assert.equal(err('listen_tcp = 2'), "internal error: l.conf: value for 'listen_tcp' parameter must be 0 or 1");
  assert.equal(err('listen_tcp = "1"'), "internal error: l.conf: expected a bool for 'listen_tcp' parameter");
  assert.equal(err('keepalive_interval = 99999999999'), "internal error: l.conf: value for 'keepalive_interval' parameter must be in range -2147483648:2147483647");
  assert.equal(err('access_drivers = "x"'), "internal error: l.conf: expected a string list for 'access_drivers' parameter");
  assert.equal(err('auth_unix_rw = "foo"'), 'unsupported configuration: l.conf: auth_unix_rw: unsupported auth foo');
  assert.equal(err('max_workers = 0'), "internal error: 'max_workers' must be greater than 0");
  assert.equal(err('tcp_min_ssf = 1'), 'unsupported configuration: minimum SSF levels lower than 56 are not supported');
});

test('socket modes parse as octal, whole string', () => {
  assert.equal(parseMode('0770'), 0o770);
  assert.equal(parseMode('777'), 0o777);
  assert.equal(parseMode('abc'), null);
  assert.equal(parseMode('0789'), null);
});
