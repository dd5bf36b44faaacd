import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, ErrorDomain, ErrorLevel, VirError, errorsFrom, formatMessage, noSupport } from './error.js';

test('numbers are libvirt 9.0 numbers', () => {
  assert.equal(ErrorCode.NoDomain, 42);
  assert.equal(ErrorCode.OperationInvalid, 55);
  assert.equal(ErrorCode.NoSupport, 3);
  assert.equal(ErrorCode.MultipleDomains, 110);
  assert.equal(ErrorDomain.Test, 12);
  assert.equal(ErrorDomain.Domain, 20);
  assert.equal(ErrorDomain.Ch, 72);
});

test('messages are built from the per-code text', () => {
  assert.equal(formatMessage(ErrorCode.NoDomain, "no domain with matching name 'x'"), "Domain not found: no domain with matching name 'x'");
  assert.equal(formatMessage(ErrorCode.OperationInvalid, 'domain is not running'), 'Requested operation is not valid: domain is not running');
  assert.equal(formatMessage(ErrorCode.NoDomain), 'Domain not found');
  assert.equal(formatMessage(ErrorCode.XmlDetail, 'at line 1: x'), 'at line 1: x');
  assert.equal(formatMessage(ErrorCode.NetworkExist, 'default'), 'network default exists already');
});

test('not supported names the public API', () => {
  const e = noSupport('virDomainGetInfo', ErrorDomain.Domain);
  assert.ok(e instanceof VirError);
  assert.equal(e.message, 'this function is not supported by the connection driver: virDomainGetInfo');
  assert.equal(e.code, ErrorCode.NoSupport);
  assert.equal(e.domain, ErrorDomain.Domain);
  assert.equal(e.level, ErrorLevel.Error);
});

test('a reporter keeps its domain and the detail', () => {
  const report = errorsFrom(ErrorDomain.Network);
  const e = report(ErrorCode.NoNetwork, "no network with matching name 'x'");
  assert.equal(e.domain, ErrorDomain.Network);
  assert.equal(e.message, "Network not found: no network with matching name 'x'");
  assert.equal(e.str2, "no network with matching name 'x'");
  assert.ok(VirError.is(e, ErrorCode.NoNetwork));
  assert.ok(!VirError.is(e, ErrorCode.NoDomain));
});
