import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHeader, encodeHeader, errorFromWire, errorToWire, unsetErrorToWire, Limits, MessageStatus, MessageType, Programs, WireError } from './header.js';
import * as net from './net/types.generated.js';
import { XdrReader, XdrWriter, decodeValue, encodeValue } from './xdr/index.js';
import { ErrorCode, ErrorDomain, ErrorLevel, VirError } from '../util/error.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

test('program numbers and versions', () => {
  assert.deepStrictEqual(Programs.remote, { program: 0x20008086, version: 1 });
  assert.deepStrictEqual(Programs.qemu, { program: 0x20008087, version: 1 });
  assert.deepStrictEqual(Programs.lxc, { program: 0x00068000, version: 1 });
  assert.deepStrictEqual(Programs.admin, { program: 0x06900690, version: 1 });
  assert.deepStrictEqual(Programs.keepalive, { program: 0x6b656570, version: 1 });
  assert.deepStrictEqual(Programs.lock, { program: 0xea7beef, version: 1 });
});

test('limits are libvirt 9.0 numbers', () => {
  assert.equal(Limits.messageMax, 33554432);
  assert.equal(Limits.initial, 65536);
  assert.equal(Limits.legacyPayloadMax, 262120);
  assert.equal(Limits.headerMax, 24);
  assert.equal(Limits.payloadMax, 33554408);
  assert.equal(Limits.lengthWord, 4);
  assert.equal(Limits.stringMax, 4194304);
  assert.equal(Limits.fdsMax, 32);
});

test('message types and statuses', () => {
  assert.deepStrictEqual(
    [MessageType.Call, MessageType.Reply, MessageType.Message, MessageType.Stream, MessageType.CallWithFds, MessageType.ReplyWithFds, MessageType.StreamHole],
    [0, 1, 2, 3, 4, 5, 6],
  );
  assert.deepStrictEqual([MessageStatus.Ok, MessageStatus.Error, MessageStatus.Continue], [0, 1, 2]);
});

// tests/virnetmessagetest.c testMessageHeaderDecode: a reply with status error.
const headerBytes = '11223344 00000001 00000666 00000001 00000099 00000001';
const header = { prog: 0x11223344, vers: 1, proc: 0x666, type: MessageType.Reply, serial: 0x99, status: MessageStatus.Error };

test('header decode and encode (libvirt test bytes)', () => {
  assert.deepStrictEqual(decodeHeader(new XdrReader(hex(headerBytes))), header);
  const w = new XdrWriter();
  encodeHeader(w, header);
  assert.equal(w.finish().toString('hex'), hex(headerBytes).toString('hex'));
  // Same bytes as the generated struct codec of virNetMessageHeader.
  assert.equal(encodeValue(net.MessageHeader, header).toString('hex'), hex(headerBytes).toString('hex'));
});

// tests/virnetmessagetest.c testMessagePayloadEncode: the payload after the header.
const errorBytes =
  '00000001 00000007 00000001 0000000b 48656c6c 6f20576f 726c6400 00000002 00000000' +
  '00000001 00000003 4f6e6500 00000001 00000003 54776f00 00000001 00000005 54687265 65000000' +
  '00000001 00000002 00000000';

test('remote_error encode from VirError (libvirt test bytes)', () => {
  const e = new VirError({ code: ErrorCode.InternalError, domain: ErrorDomain.Rpc, level: ErrorLevel.Error, message: 'Hello World', str1: 'One', str2: 'Two', str3: 'Three', int1: 1, int2: 2 });
  assert.equal(encodeValue(WireError, errorToWire(e)).toString('hex'), hex(errorBytes).toString('hex'));
});

test('remote_error decode to VirError keeps every field', () => {
  const e = errorFromWire(decodeValue(WireError, hex(errorBytes)));
  assert.ok(e instanceof VirError);
  assert.deepStrictEqual(
    { code: e.code, domain: e.domain, level: e.level, message: e.message, str1: e.str1, str2: e.str2, str3: e.str3, int1: e.int1, int2: e.int2 },
    { code: ErrorCode.InternalError, domain: ErrorDomain.Rpc, level: ErrorLevel.Error, message: 'Hello World', str1: 'One', str2: 'Two', str3: 'Three', int1: 1, int2: 2 },
  );
});

const wire = (over: Partial<WireError>): WireError => ({
  code: 1, domain: 0, message: 'm', level: 2, dom: null, str1: null, str2: null, str3: null, int1: 0, int2: 0, net: null, ...over,
});

test('client side: missing message reads "Unknown error"', () => {
  assert.equal(errorFromWire(wire({ message: null })).message, 'Unknown error');
});

test('client side: "unknown procedure" from the RPC layer becomes NO_SUPPORT', () => {
  const e = errorFromWire(wire({ code: ErrorCode.Rpc, domain: ErrorDomain.Rpc, message: 'unknown procedure: 999' }));
  assert.equal(e.code, ErrorCode.NoSupport);
  assert.equal(e.message, 'unknown procedure: 999');
  // Not from another domain.
  assert.equal(errorFromWire(wire({ code: ErrorCode.Rpc, domain: ErrorDomain.Qemu, message: 'unknown procedure: 1' })).code, ErrorCode.Rpc);
});

test('client side: 0.7.x error-number glitch is undone as libvirt does', () => {
  assert.equal(errorFromWire(wire({ code: ErrorCode.NoNwfilter, domain: ErrorDomain.Secret })).code, ErrorCode.NoNwfilter + 4);
  assert.equal(errorFromWire(wire({ code: ErrorCode.NoNwfilter, domain: ErrorDomain.Nwfilter })).code, ErrorCode.NoNwfilter);
  assert.equal(errorFromWire(wire({ code: ErrorCode.WarNoSecret, domain: ErrorDomain.Qemu })).code, ErrorCode.OperationTimeout);
  assert.equal(errorFromWire(wire({ code: ErrorCode.InvalidSecret, domain: ErrorDomain.Xen })).code, ErrorCode.MigratePersistFailed);
});

test('daemon side: an error that was never set', () => {
  const w = unsetErrorToWire();
  assert.equal(w.code, ErrorCode.InternalError);
  assert.equal(w.domain, ErrorDomain.Rpc);
  assert.equal(w.message, 'Library function returned error but did not set virError');
  assert.equal(w.dom, null);
  assert.equal(w.net, null);
});

test('a short header gets libvirt\'s text', () => {
  assert.throws(() => decodeHeader(new XdrReader(hex('11223344 00000001'))), /^VirError: Unable to decode message header$|Unable to decode message header/);
});
