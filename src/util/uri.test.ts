import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatUri, parseUri, splitScheme, uriParam } from './uri.js';

test('test:///default has a scheme and a path, no server', () => {
  const u = parseUri('test:///default');
  assert.equal(u.scheme, 'test');
  assert.equal(u.server, null);
  assert.equal(u.path, '/default');
  assert.equal(u.port, 0);
  assert.equal(formatUri(u), 'test:///default');
});

test('transport, user, host, port, path and query', () => {
  const u = parseUri('qemu+ssh://root@host.example:2222/system?keyfile=/k&no_verify=1');
  assert.deepEqual(splitScheme(u.scheme), { driver: 'qemu', transport: 'ssh' });
  assert.equal(u.user, 'root');
  assert.equal(u.server, 'host.example');
  assert.equal(u.port, 2222);
  assert.equal(u.path, '/system');
  assert.equal(u.query, 'keyfile=/k&no_verify=1');
  assert.equal(uriParam(u, 'keyfile'), '/k');
  assert.equal(uriParam(u, 'no_verify'), '1');
  assert.equal(uriParam(u, 'missing'), undefined);
});

test('IPv6 host in brackets loses them; formatting puts them back', () => {
  const u = parseUri('qemu+tcp://[::1]:16509/system');
  assert.equal(u.server, '::1');
  assert.equal(u.port, 16509);
  assert.equal(formatUri(u), 'qemu+tcp://[::1]:16509/system');
});

test('query parameters are percent-decoded, the raw query is kept', () => {
  const u = parseUri('test+unix:///default?socket=/tmp/a%20b/libvirt-sock');
  assert.equal(uriParam(u, 'socket'), '/tmp/a b/libvirt-sock');
  assert.equal(u.query, 'socket=/tmp/a%20b/libvirt-sock');
});

test('a host without a path, and an empty path', () => {
  const u = parseUri('qemu://host');
  assert.equal(u.server, 'host');
  assert.equal(u.path, null);
  assert.equal(parseUri('test://').path, null);
});

test('the last value of a repeated parameter wins', () => {
  assert.equal(uriParam(parseUri('x:///?a=1&a=2'), 'a'), '2');
});

test('a bad port is rejected with a URI error', () => {
  assert.throws(() => parseUri('qemu://host:abc/system'), /Unable to parse URI/);
});

test("a '+' in a query value stays a '+', as libvirt unescapes only %XX", () => {
  assert.equal(uriParam(parseUri('test:///default?name=a+b%2Bc'), 'name'), 'a+b+c');
});
