// The public event API on the test driver: what callbacks receive and when, libvirt's argument
// checks and errors (texts, codes and domains as Debian's libvirt 9.0 reports them to a C client),
// callback IDs, per-object filters, the legacy registration, and connections that close.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ErrorCode, ErrorDomain, VirError } from '../util/error.js';
import { domainEventPayload, type DomainEvent } from './events.js';
import { DomainEventID, DomainEventStoppedDetail, DomainEventType } from './enums.js';
import { open, type Connect } from './index.js';

// Events are queued and dispatched from the event loop; on a loaded machine that can lag well
// behind the call, so the wait leaves a wide margin.
const settle = () => new Promise((r) => setTimeout(r, 250));

function isErr(code: number, domain: number, message: string) {
  return (e: unknown) => {
    assert.ok(e instanceof VirError, String(e));
    assert.deepEqual([e.code, e.domain, e.message], [code, domain, message]);
    return true;
  };
}

describe('event callbacks on test:///default', () => {
  let c: Connect;
  let other: Connect;
  before(async () => {
    c = await open('test:///default');
    other = await open('test:///default');
  });
  after(async () => {
    await c.close();
    await other.close();
  });

  it('numbers callbacks from 0 across the connections of one driver, and delivers lifecycle events after the call, in order', async () => {
    const got: [string, DomainEvent, boolean][] = [];
    let inCall = false;
    const id = await c.domainEventRegisterAny(null, DomainEventID.LIFECYCLE, (d, ev) => got.push([d.name, ev, inCall]));
    const id2 = await other.domainEventRegisterAny(null, DomainEventID.REBOOT, () => undefined);
    assert.deepEqual([id, id2], [0, 1]);
    const dom = await other.domainLookupByName('test');
    inCall = true;
    const p = dom.destroy();
    inCall = false;
    await p;
    assert.equal(got.length, 0, 'nothing is delivered during the call that raised the event');
    await dom.create();
    await settle();
    assert.deepEqual(got, [
      ['test', { eventID: 0, event: DomainEventType.STOPPED, detail: DomainEventStoppedDetail.DESTROYED }, false],
      ['test', { eventID: 0, event: DomainEventType.STARTED, detail: 0 }, false],
    ]);
    await c.domainEventDeregisterAny(id);
    await other.domainEventDeregisterAny(id2);
  });

  it("refuses bad arguments with libvirt's errors", async () => {
    const cb = () => undefined;
    const dom = await other.domainLookupByName('test');
    const cases: [Promise<unknown>, number, number, string][] = [
      [c.domainEventRegisterAny(null, 27 as never, cb), ErrorCode.InvalidArg, ErrorDomain.Domain, 'eventID must be less than 27'],
      [c.domainEventRegisterAny(null, -1 as never, cb), ErrorCode.InvalidArg, ErrorDomain.Domain, 'eventID in virConnectDomainEventRegisterAny must be zero or greater'],
      [c.domainEventRegisterAny(null, 0, null as never), ErrorCode.InvalidArg, ErrorDomain.Domain, 'cb in virConnectDomainEventRegisterAny must not be NULL'],
      [c.domainEventRegisterAny(dom, 0, cb), ErrorCode.InvalidArg, ErrorDomain.Domain, "domain 'test' must match connection"],
      [c.domainEventDeregisterAny(-1), ErrorCode.InvalidArg, ErrorDomain.Domain, 'callbackID in virConnectDomainEventDeregisterAny must be zero or greater'],
      [c.domainEventDeregisterAny(99), ErrorCode.InvalidArg, ErrorDomain.None, 'invalid argument: could not find event callback 99 for deletion'],
      [c.networkEventRegisterAny(null, 1, cb), ErrorCode.InvalidArg, ErrorDomain.Network, 'eventID in virConnectNetworkEventRegisterAny must be less than 1'],
      [c.networkEventRegisterAny(null, -1, cb), ErrorCode.InvalidArg, ErrorDomain.Network, 'eventID in virConnectNetworkEventRegisterAny must be zero or greater'],
      [c.storagePoolEventRegisterAny(null, 2, cb), ErrorCode.InvalidArg, ErrorDomain.Storage, 'eventID in virConnectStoragePoolEventRegisterAny must be less than 2'],
      [c.nodeDeviceEventRegisterAny(null, 2, cb), ErrorCode.InvalidArg, ErrorDomain.Nodedev, 'eventID in virConnectNodeDeviceEventRegisterAny must be less than 2'],
      // The test driver has no secret driver: the event ID is checked first, then support.
      [c.secretEventRegisterAny(null, 2, cb), ErrorCode.InvalidArg, ErrorDomain.Secret, 'eventID in virConnectSecretEventRegisterAny must be less than 2'],
      [c.secretEventRegisterAny(null, 0, cb), ErrorCode.NoSupport, ErrorDomain.Secret, 'this function is not supported by the connection driver: virConnectSecretEventRegisterAny'],
      [c.secretEventDeregisterAny(0), ErrorCode.NoSupport, ErrorDomain.Secret, 'this function is not supported by the connection driver: virConnectSecretEventDeregisterAny'],
      [c.domainEventRegister(null as never), ErrorCode.InvalidArg, ErrorDomain.Domain, 'cb in virConnectDomainEventRegister must not be NULL'],
      [c.domainEventDeregister(null as never), ErrorCode.InvalidArg, ErrorDomain.Domain, 'cb in virConnectDomainEventDeregister must not be NULL'],
    ];
    for (const [p, code, domain, message] of cases) await assert.rejects(p, isErr(code, domain, message));
  });

  it('tracks a function once per event and object; IDs belong to their connection, not to a family', async () => {
    const cb = () => undefined;
    const a = await c.domainEventRegisterAny(null, 0, cb);
    await assert.rejects(c.domainEventRegisterAny(null, 0, cb), isErr(ErrorCode.InvalidArg, ErrorDomain.None, 'invalid argument: event callback already tracked'));
    const b = await c.domainEventRegisterAny(await c.domainLookupByName('test'), 0, cb); // another object: fine
    const n = await c.domainEventRegisterAny(null, 1, cb); // another event: fine
    await assert.rejects(other.domainEventDeregisterAny(a), isErr(ErrorCode.InvalidArg, ErrorDomain.None, `invalid argument: could not find event callback ${a} for deletion`));
    // libvirt removes a domain callback through the network entry point just as well.
    await c.networkEventDeregisterAny(a);
    await c.domainEventDeregisterAny(b);
    await c.domainEventDeregisterAny(n);
  });

  it('keeps per-object callbacks to their object', async () => {
    const c2 = await open('test:///default');
    const got: string[] = [];
    const onlyTest = await c2.domainEventRegisterAny(await c2.domainLookupByName('test'), 0, (d, ev) => got.push(`${d.name}:${ev.eventID === 0 ? ev.event : '?'}`));
    await other.domainDefineXML(
      "<domain type='test'><name>ev-other</name><memory>1024</memory><os><type>hvm</type></os></domain>",
    );
    const dom = await other.domainLookupByName('test');
    await dom.suspend();
    await dom.resume();
    await (await other.domainLookupByName('ev-other')).undefine();
    await settle();
    assert.deepEqual(got, ['test:3', 'test:4']);
    await c2.domainEventDeregisterAny(onlyTest);
    await c2.close();
  });

  it('registers legacy callbacks by function and finds them again by it', async () => {
    const got: unknown[] = [];
    const legacy = (d: { name: string }, ev: DomainEvent<0>) => got.push([d.name, ev.event, ev.detail]);
    await c.domainEventRegister(legacy);
    await assert.rejects(c.domainEventRegister(legacy), isErr(ErrorCode.InvalidArg, ErrorDomain.None, 'invalid argument: event callback already tracked'));
    // The same function may also be registered the modern way: they are different registrations.
    const modern = await c.domainEventRegisterAny(null, 0, legacy as never);
    const dom = await other.domainLookupByName('test');
    await dom.suspend();
    await settle();
    assert.deepEqual(got, [['test', 3, 0], ['test', 3, 0]]);
    await c.domainEventDeregister(legacy);
    await assert.rejects(c.domainEventDeregister(legacy), (e: unknown) => e instanceof VirError && /^invalid argument: event callback function 0x[0-9a-f]+ not registered$/.test(e.message));
    await c.domainEventDeregisterAny(modern);
    await dom.resume();
    await settle();
    assert.equal(got.length, 2);
  });

  it('stops calling a callback deregistered by an earlier callback of the same event', async () => {
    const got: string[] = [];
    let second = -1;
    const first = await c.domainEventRegisterAny(null, 0, () => {
      got.push('first');
      if (got.length === 1) void c.domainEventDeregisterAny(second);
    });
    second = await c.domainEventRegisterAny(null, 0, () => got.push('second'));
    const dom = await other.domainLookupByName('test');
    await dom.suspend();
    await dom.resume();
    await settle();
    assert.deepEqual(got, ['first', 'first']);
    await c.domainEventDeregisterAny(first);
  });

  it('delivers network, pool refresh and node device events with their payloads', async () => {
    const got: unknown[] = [];
    const n = await c.networkEventRegisterAny(null, 0, (net, ev) => got.push(['net', net.name, ev]));
    const p = await c.storagePoolEventRegisterAny(null, 1, (pool, ev) => got.push(['pool', pool.name, ev]));
    const d = await c.nodeDeviceEventRegisterAny(null, 0, (dev, ev) => got.push(['dev', dev.name, ev]));
    const net = await other.networkLookupByName('default');
    await net.destroy();
    await net.create();
    await (await other.storagePoolLookupByName('default-pool')).refresh(0);
    await settle();
    assert.deepEqual(got, [
      ['net', 'default', { eventID: 0, event: 3, detail: 0 }],
      ['net', 'default', { eventID: 0, event: 2, detail: 0 }],
      ['pool', 'default-pool', { eventID: 1 }],
    ]);
    await c.networkEventDeregisterAny(n);
    await c.storagePoolEventDeregisterAny(p);
    await c.nodeDeviceEventDeregisterAny(d);
  });

  it('drops the callbacks of a connection that closes', async () => {
    const c3 = await open('test:///default');
    const got: unknown[] = [];
    await c3.domainEventRegisterAny(null, 0, () => got.push(1));
    await c3.close();
    const dom = await other.domainLookupByName('test');
    await dom.suspend();
    await dom.resume();
    await settle();
    assert.deepEqual(got, []);
  });
});

describe('domain event payloads', () => {
  const ev = (eventID: number, data: Record<string, unknown>) => domainEventPayload({ family: 'domain', eventID, obj: { name: 'd', uuid: '', id: 1 }, data });

  it('take libvirt callback argument names from the message fields', () => {
    assert.deepEqual(ev(DomainEventID.RTC_CHANGE, { offset: -3600n }), { eventID: 2, utcoffset: -3600n });
    assert.deepEqual(ev(DomainEventID.BLOCK_JOB, { path: '/a.img', type: 1, status: 0 }), { eventID: 8, disk: '/a.img', type: 1, status: 0 });
    assert.deepEqual(ev(DomainEventID.BLOCK_JOB_2, { dst: 'vda', type: 2, status: 3 }), { eventID: 16, disk: 'vda', type: 2, status: 3 });
    assert.deepEqual(ev(DomainEventID.PMSUSPEND, { reason: 0 }), { eventID: 12, reason: 0 });
    assert.deepEqual(ev(DomainEventID.DISK_CHANGE, { oldSrcPath: null, newSrcPath: '/b', devAlias: 'ide0', reason: 1 }), {
      eventID: 9,
      oldSrcPath: null,
      newSrcPath: '/b',
      devAlias: 'ide0',
      reason: 1,
    });
    assert.deepEqual(
      ev(DomainEventID.GRAPHICS, {
        phase: 0,
        local: { family: 0, node: '127.0.0.1', service: '5900' },
        remote: { family: 1, node: '::1', service: '4000' },
        authScheme: 'vnc',
        subject: [{ type: 'x509dname', name: 'CN=a' }],
      }),
      {
        eventID: 5,
        phase: 0,
        local: { family: 0, node: '127.0.0.1', service: '5900' },
        remote: { family: 1, node: '::1', service: '4000' },
        authScheme: 'vnc',
        subject: [{ type: 'x509dname', name: 'CN=a' }],
      },
    );
    assert.deepEqual(ev(DomainEventID.METADATA_CHANGE, { type: 2, nsuri: 'http://x/' }), { eventID: 23, type: 2, nsuri: 'http://x/' });
    assert.deepEqual(ev(DomainEventID.BLOCK_THRESHOLD, { dev: 'vda', path: null, threshold: 10n, excess: 2n }), { eventID: 24, dev: 'vda', path: null, threshold: 10n, excess: 2n });
    assert.deepEqual(ev(DomainEventID.MEMORY_DEVICE_SIZE_CHANGE, { alias: 'dimm0', size: 1024n }), { eventID: 26, alias: 'dimm0', size: 1024n });
    assert.deepEqual(ev(DomainEventID.REBOOT, {}), { eventID: 1 });
  });
});
