import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorDomain, VirError } from '../../util/error.js';
import { checkRange, formatIp, formatMac, parseIp, parseMac, tryParseIp } from './addr.js';

const fmt = (s: string, family?: 4 | 6) => {
  const a = tryParseIp(s, family);
  return a ? formatIp(a) : null;
};

describe('IP addresses as getaddrinfo reads them', () => {
  it('accepts inet_aton forms for IPv4', () => {
    assert.equal(fmt('192.168.122.1'), '192.168.122.1');
    assert.equal(fmt('127.1'), '127.0.0.1');
    assert.equal(fmt('1.2.3'), '1.2.0.3');
    assert.equal(fmt('0x7f.1'), '127.0.0.1');
    assert.equal(fmt('01.02.03.010'), '1.2.3.8');
  });
  it('refuses what glibc refuses', () => {
    for (const bad of ['1.2.3.256', ' 1.2.3.4', '1.2.3.4.', 'abc', '', '1::2::3']) assert.equal(fmt(bad), null, bad);
  });
  it('prints IPv6 in canonical compressed form', () => {
    assert.equal(fmt('2001:db8:ca2:2:0:0:0:100'), '2001:db8:ca2:2::100');
    assert.equal(fmt('0:0:0:0:0:0:0:1'), '::1');
    assert.equal(fmt('2001:0:0:1:0:0:0:1'), '2001:0:0:1::1');
    assert.equal(fmt('1:0:2:3:4:5:6:7'), '1:0:2:3:4:5:6:7');
    assert.equal(fmt('::ffff:1.2.3.4'), '::ffff:1.2.3.4');
    assert.equal(fmt('fe80::1%lo'), 'fe80::1');
  });
  it('honours the family hint', () => {
    assert.equal(fmt('::1', 4), null);
    assert.equal(fmt('1.2.3.4', 6), null);
  });
  it("reports getaddrinfo's reason", () => {
    assert.throws(() => parseIp('abc', ErrorDomain.None), (e: unknown) => e instanceof VirError && e.message === "Cannot parse socket address 'abc': Name or service not known");
    assert.throws(() => parseIp('::1', ErrorDomain.None, 4), /Address family for hostname not supported/);
  });
});

describe('DHCP ranges', () => {
  const ip = (s: string) => tryParseIp(s)!;
  it('counts the addresses of a range inside its network', () => {
    assert.equal(checkRange(ip('192.168.122.2'), ip('192.168.122.254'), ip('192.168.122.1'), 24, ErrorDomain.None), 253);
  });
  it("refuses ranges libvirt refuses, with libvirt's sentences", () => {
    assert.throws(() => checkRange(ip('10.0.1.2'), ip('10.0.1.9'), ip('10.0.0.1'), 24, ErrorDomain.None), /range 10\.0\.1\.2 - 10\.0\.1\.9 is not entirely within network 10\.0\.0\.1\/24/);
    assert.throws(() => checkRange(ip('10.0.0.0'), ip('10.0.0.9'), ip('10.0.0.1'), 24, ErrorDomain.None), /is the network address/);
    assert.throws(() => checkRange(ip('10.0.0.9'), ip('10.0.0.2'), undefined, 0, ErrorDomain.None), /is reversed/);
  });
});

describe('MAC addresses', () => {
  it('reads one or two hex digits per byte and writes two, lowercase', () => {
    assert.equal(formatMac(parseMac('52:54:0:AB:cd:1')!), '52:54:00:ab:cd:01');
    assert.equal(parseMac('52:54:00:ab:cd'), null);
    assert.equal(parseMac('52:54:00:ab:cd:123'), null);
  });
});
