// The open sequence against a scripted daemon: which procedures, in which order, with which
// arguments, and how auth answers are handled (libvirt's doRemoteOpen / remoteAuthenticate).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XdrReader } from '../../protocol/xdr/index.js';
import { MessageStatus, MessageType, WireError, errorToWire } from '../../protocol/header.js';
import { remoteProgram } from '../../protocol/remote/procedures.generated.js';
import type { ProcDef } from '../../protocol/procedure.js';
import { ErrorCode, ErrorDomain, VirError, errorsFrom } from '../../util/error.js';
import { parseUri } from '../../util/uri.js';
import { FrameSplitter, encodeFrame } from '../../rpc/framing.js';
import { memoryTransportPair } from '../../rpc/transport.js';
import { remoteOpen } from './remote-open.js';

type Answer = unknown | VirError;

/**
 * Answers each call by procedure name; records [name, decoded args]. A procedure named in
 * `holdUntil` gets its answers only once that many calls have arrived (replies in call order).
 */
function scriptedDaemon(answers: Record<string, Answer | ((args: any) => Answer)>, holdUntil: { from: number; calls: number } | null = null) {
  const [a, b] = memoryTransportPair();
  const calls: Array<[string, unknown]> = [];
  const sp = new FrameSplitter((f) => {
    const h = { prog: f.readUInt32BE(4), vers: f.readUInt32BE(8), proc: f.readInt32BE(12), type: f.readInt32BE(16), serial: f.readUInt32BE(20), status: f.readInt32BE(24) };
    const def = remoteProgram.byId[h.proc] as ProcDef;
    const args = def.args ? def.args.decode(new XdrReader(f, 28, f.length)) : undefined;
    const name = Object.entries(remoteProgram.procs).find(([, d]) => d === def)![0];
    calls.push([name, args]);
    let ans = answers[name];
    if (typeof ans === 'function') ans = (ans as (x: unknown) => Answer)(args);
    if (ans === undefined && !(name in answers)) ans = errorsFrom(ErrorDomain.Rpc)(ErrorCode.Rpc, `unknown procedure: ${h.proc}`);
    const reply =
      ans instanceof VirError
        ? encodeFrame({ ...h, type: MessageType.Reply, status: MessageStatus.Error }, (w) => WireError.encode(w, errorToWire(ans as VirError)))
        : encodeFrame({ ...h, type: MessageType.Reply, status: MessageStatus.Ok }, def.ret ? (w) => def.ret!.encode(w, ans) : undefined);
    if (holdUntil && calls.length > holdUntil.from) held.push(reply);
    else b.stream.write(reply);
    if (holdUntil && calls.length >= holdUntil.calls) for (const r of held.splice(0)) b.stream.write(r);
  });
  const held: Buffer[] = [];
  b.stream.on('data', (c: Buffer) => sp.push(c));
  return { transport: async () => a, calls };
}

const standard = {
  authList: { types: [0] },
  connectSupportsFeature: { supported: 1 },
  connectOpen: undefined,
  connectClose: undefined,
  connectGetURI: { uri: 'test:///default' },
};

test('with a URI: auth list, keepalive probe, open with name and flags, then the two event probes', async () => {
  const d = scriptedDaemon(standard);
  const c = await remoteOpen(parseUri('test+unix:///default?socket=/x&foo=bar'), { euid: 0, readOnly: true, transport: d.transport });
  assert.deepEqual(d.calls, [
    ['authList', undefined],
    ['connectSupportsFeature', { feature: 10 }],
    ['connectOpen', { name: 'test:///default?foo=bar', flags: 1 }],
    ['connectSupportsFeature', { feature: 14 }],
    ['connectSupportsFeature', { feature: 15 }],
  ]);
  assert.equal(c.uri, 'test+unix:///default?socket=/x&foo=bar');
  assert.deepEqual(c.features, { keepalive: true, eventCallback: true, closeCallback: true });
  await c.close();
  assert.deepEqual(d.calls.at(-1), ['connectClose', undefined]);
});

test('without a URI the daemon is asked which one it opened', async () => {
  const d = scriptedDaemon(standard);
  const c = await remoteOpen(null, { euid: 0, transport: d.transport });
  assert.deepEqual(d.calls.map((x) => x[0]), ['authList', 'connectSupportsFeature', 'connectOpen', 'connectGetURI', 'connectSupportsFeature', 'connectSupportsFeature']);
  assert.deepEqual(d.calls[2], ['connectOpen', { name: '', flags: 0 }]);
  assert.equal(c.uri, 'test:///default');
  await c.close();
});

test('the calls after CONNECT_OPEN go out together: the daemon answers none until all have come', { timeout: 5000 }, async () => {
  // Calls 4-6 (URI query, event and close callback probes) are held until the sixth arrives: a
  // client that waited for each answer would never send it.
  const d = scriptedDaemon(standard, { from: 3, calls: 6 });
  const c = await remoteOpen(null, { euid: 0, transport: d.transport });
  assert.deepEqual(d.calls.slice(3), [
    ['connectGetURI', undefined],
    ['connectSupportsFeature', { feature: 14 }],
    ['connectSupportsFeature', { feature: 15 }],
  ]);
  assert.equal(c.uri, 'test:///default');
  assert.deepEqual(c.features, { keepalive: true, eventCallback: true, closeCallback: true });
  await c.close();
});

test('a URI query that fails fails the open, whatever the probes sent with it answer', async () => {
  const d = scriptedDaemon({ ...standard, connectGetURI: new VirError({ code: ErrorCode.InternalError, domain: ErrorDomain.Remote, message: 'internal error: no URI' }) });
  await assert.rejects(remoteOpen(null, { euid: 0, transport: d.transport }), { message: 'internal error: no URI' });
});

test('feature probes that fail count as unsupported; keepalive then cannot be set', async () => {
  const d = scriptedDaemon({ ...standard, connectSupportsFeature: ({ feature }: { feature: number }) => (feature === 10 ? new VirError({ code: ErrorCode.Rpc, domain: ErrorDomain.Rpc, message: 'unknown procedure: 60' }) : { supported: 0 }) });
  const c = await remoteOpen(parseUri('test:///default'), { euid: 0, transport: d.transport });
  assert.deepEqual(c.features, { keepalive: false, eventCallback: false, closeCallback: false });
  assert.equal(c.setKeepAlive(5, 6), 1);
  await c.close();
});

test('an old daemon without AUTH_LIST needs no auth; polkit is one more call', async () => {
  const old = scriptedDaemon({ ...standard, authList: new VirError({ code: ErrorCode.Rpc, domain: ErrorDomain.Rpc, message: 'unknown procedure: 66' }) });
  await (await remoteOpen(parseUri('test:///default'), { euid: 0, transport: old.transport })).close();
  assert.equal(old.calls[1]![0], 'connectSupportsFeature');
  const pk = scriptedDaemon({ ...standard, authList: { types: [2] }, authPolkit: { complete: 1 } });
  await (await remoteOpen(parseUri('test:///default'), { euid: 0, transport: pk.transport })).close();
  assert.deepEqual(pk.calls.slice(0, 2).map((x) => x[0]), ['authList', 'authPolkit']);
});

test('auth failures and refusals, with libvirt\'s texts', async () => {
  const sasl = scriptedDaemon({ ...standard, authList: { types: [1] } });
  await assert.rejects(remoteOpen(parseUri('test:///default'), { euid: 0, transport: sasl.transport }), {
    message: 'authentication failed: unsupported authentication type 1',
  });
  const none = scriptedDaemon(standard);
  await assert.rejects(remoteOpen(parseUri('test:///default?auth=polkit'), { euid: 0, transport: none.transport }), {
    message: 'authentication failed: requested authentication type polkit rejected',
  });
  const bogus = scriptedDaemon(standard);
  await assert.rejects(remoteOpen(parseUri('test:///default?auth=kerberos'), { euid: 0, transport: bogus.transport }), {
    message: 'authentication failed: unknown authentication type kerberos',
  });
  const refused = scriptedDaemon({ ...standard, connectOpen: new VirError({ code: ErrorCode.NoConnect, domain: ErrorDomain.None, message: 'no connection driver available for bogus:///' }) });
  await assert.rejects(remoteOpen(parseUri('bogus:///'), { euid: 0, transport: refused.transport }), (e: unknown) => e instanceof VirError && e.code === ErrorCode.NoConnect);
});
