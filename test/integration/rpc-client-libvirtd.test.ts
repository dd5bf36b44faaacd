// Our RPC client and remote open sequence against Debian's real libvirtd (9.0), started here on a
// temporary unix socket with the test driver. Skipped when /usr/sbin/libvirtd is absent, unless
// TSVIRT_STRICT_PEERS=1 (then it fails).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { remoteOpen, type RemoteConnection } from '../../src/drivers/remote/remote-open.js';
import { parseUri } from '../../src/util/uri.js';
import { ErrorCode, ErrorDomain, VirError } from '../../src/util/error.js';
import { CloseReason } from '../../src/rpc/client.js';
import { DebianLibvirtd, skipWithoutLibvirtd } from './rpc-client-daemon.js';

const skip = skipWithoutLibvirtd;
const lvd = new DebianLibvirtd();

function uri(): string {
  return `test+unix:///default?socket=${lvd.sock}`;
}

async function open(): Promise<RemoteConnection> {
  return remoteOpen(parseUri(uri()), { euid: 0 });
}

before(async () => {
  if (!skip) await lvd.start();
});
after(async () => {
  await lvd.stop();
});

test('open sequence and basic calls against Debian libvirtd', { skip }, async () => {
  const c = await open();
  try {
    assert.equal(c.plan.name, 'test:///default');
    assert.equal(c.plan.socketPath, lvd.sock);
    assert.equal(c.uri, uri());
    // Debian's virsh reports the same URI for the same connection.
    const v = spawnSync('/usr/bin/virsh', ['-c', uri(), 'uri'], { encoding: 'utf8' });
    if (v.status === 0) assert.equal(v.stdout.trim(), c.uri);
    assert.deepEqual(c.features, { keepalive: true, eventCallback: true, closeCallback: true });
    assert.equal(c.secure, true);

    const { libVer } = await c.remote.call('connectGetLibVersion', undefined);
    assert.equal(libVer, 9000000n);
    const { type } = await c.remote.call('connectGetType', undefined);
    assert.equal(type, 'TEST');

    const { domains, ret } = await c.remote.call('connectListAllDomains', { needResults: 1, flags: 0 });
    assert.equal(ret, 1);
    assert.equal(domains.length, 1);
    const dom = domains[0]!;
    assert.equal(dom.name, 'test');
    assert.equal(dom.id, 1);
    assert.equal(dom.uuid.toString('hex'), '6695eb01f6a4830479aa97f2502e193f');

    const info = await c.remote.call('domainGetInfo', { dom });
    assert.equal(info.state, 1); // running
    assert.equal(info.maxMem, 8388608n);
    assert.equal(info.memory, 2097152n);
    assert.equal(info.nrVirtCpu, 2);
    assert.ok(info.cpuTime > 0n);
  } finally {
    await c.close();
  }
});

test('an error from libvirtd arrives with its code, domain and text', { skip }, async () => {
  const c = await open();
  try {
    await assert.rejects(c.remote.call('domainLookupByName', { name: 'nope' }), (e: unknown) => {
      assert.ok(e instanceof VirError);
      assert.equal(e.code, ErrorCode.NoDomain);
      assert.equal(e.domain, ErrorDomain.Test);
      // libvirt's test driver says no more than this for a lookup by name.
      assert.equal(e.message, 'Domain not found');
      return true;
    });
    // The connection is still good afterwards.
    assert.equal((await c.remote.call('connectGetLibVersion', undefined)).libVer, 9000000n);
  } finally {
    await c.close();
  }
});

test('many calls in flight on one connection each get their own reply', { skip }, async () => {
  const c = await open();
  try {
    const names = Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 'test' : `missing-${i}`));
    const results = await Promise.allSettled(names.map((name) => c.remote.call('domainLookupByName', { name })));
    results.forEach((r, i) => {
      if (names[i] === 'test') {
        assert.equal(r.status, 'fulfilled');
        assert.equal((r as PromiseFulfilledResult<{ dom: { name: string } }>).value.dom.name, 'test');
      } else {
        assert.equal(r.status, 'rejected');
        assert.equal(((r as PromiseRejectedResult).reason as VirError).code, ErrorCode.NoDomain);
      }
    });
  } finally {
    await c.close();
  }
});

test('a read-only connection is refused a modifying call by libvirtd', { skip }, async () => {
  const c = await remoteOpen(parseUri(uri()), { euid: 0, readOnly: true });
  try {
    const { domains } = await c.remote.call('connectListAllDomains', { needResults: 1, flags: 0 });
    await assert.rejects(c.remote.call('domainSuspend', { dom: domains[0]! }), (e: unknown) => {
      assert.ok(e instanceof VirError);
      assert.equal(e.code, ErrorCode.OperationDenied);
      assert.equal(e.message, 'operation forbidden: read only access prevents virDomainSuspend');
      return true;
    });
  } finally {
    await c.close();
  }
});

test('lifecycle events from libvirtd reach the handler', { skip }, async () => {
  const c = await open();
  try {
    const { domains } = await c.remote.call('connectListAllDomains', { needResults: 1, flags: 0 });
    const dom = domains[0]!;
    const seen: Array<[number, number, number]> = [];
    let wake: () => void = () => {};
    c.remote.onEvent('domainEventCallbackLifecycle', (m) => {
      seen.push([m.callbackID, m.msg.event, m.msg.detail]);
      wake();
    });
    const { callbackID } = await c.remote.call('connectDomainEventCallbackRegisterAny', { eventID: 0, dom: null });
    await c.remote.call('domainSuspend', { dom });
    await c.remote.call('domainResume', { dom });
    while (seen.length < 2) await new Promise<void>((r) => (wake = r));
    // VIR_DOMAIN_EVENT_SUSPENDED/PAUSED, then VIR_DOMAIN_EVENT_RESUMED/UNPAUSED.
    assert.deepEqual(seen, [
      [callbackID, 3, 0],
      [callbackID, 4, 0],
    ]);
    await c.remote.call('connectDomainEventCallbackDeregisterAny', { callbackID });
  } finally {
    await c.close();
  }
});

test('screenshot streams the test driver\'s image, byte for byte', { skip }, async () => {
  const c = await open();
  try {
    const { domains } = await c.remote.call('connectListAllDomains', { needResults: 1, flags: 0 });
    const { ret, stream } = await c.remote.openStream('domainScreenshot', { dom: domains[0]!, screen: 0, flags: 0 });
    assert.equal(ret.mime, 'image/png');
    const parts: Buffer[] = [];
    for await (const chunk of stream) parts.push(chunk);
    const expected = await readFile('/usr/share/libvirt/test-screenshot.png');
    assert.ok(Buffer.concat(parts).equals(expected));
    // Still usable after the stream.
    assert.equal((await c.remote.call('connectGetLibVersion', undefined)).libVer, 9000000n);
  } finally {
    await c.close();
  }
});

test('keepalive with libvirtd: PINGs answered, the connection stays up', { skip }, async () => {
  const c = await open();
  try {
    assert.equal(c.setKeepAlive(1, 1), 0);
    await sleep(2600);
    assert.equal(c.client.isOpen, true);
    assert.equal((await c.remote.call('connectGetLibVersion', undefined)).libVer, 9000000n);
  } finally {
    await c.close();
  }
});

test('a socket nobody listens on fails with libvirt\'s text', { skip }, async () => {
  const missing = join(lvd.dir, 'no-such-sock');
  await assert.rejects(remoteOpen(parseUri(`test+unix:///default?socket=${missing}`), { euid: 0 }), (e: unknown) => {
    assert.ok(e instanceof VirError);
    assert.equal(e.code, ErrorCode.SystemError);
    assert.equal(e.message, `Failed to connect socket to '${missing}': No such file or directory`);
    return true;
  });
});

test('when libvirtd goes away, calls fail with libvirt\'s errors', { skip }, async () => {
  const c = await open();
  const closed = c.client.closed;
  await lvd.kill();
  const info = await closed;
  assert.equal(info.reason, CloseReason.Eof);
  assert.equal(info.error?.message, 'End of file while reading data: Input/output error');
  assert.equal(info.error?.code, ErrorCode.SystemError);
  assert.equal(info.error?.domain, ErrorDomain.Rpc);
  await assert.rejects(c.remote.call('connectGetLibVersion', undefined), { message: 'internal error: client socket is closed' });
  await c.close();
});
