// What `virsh event` prints for each domain event (the formats of virsh-domain-event.c), and the
// shared wait: one-shot or --loop, the closing lines, the count and the exit status.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Domain } from '../../../api/domain.js';
import type { DomainEvent } from '../../../api/events.js';
import { TypedParamType } from '../../../driver/types.js';
import type { Ctl } from '../../vsh/command-def.js';
import { DOMAIN_EVENT_NAMES, domainEventText, eventTimestamp, waitForEvents, type EventSink } from './domain-events.js';

const dom = { name: 'vm1' } as Domain;
const text = (ev: DomainEvent) => domainEventText(dom, ev);

describe('virsh event texts', () => {
  it('names the 27 event types in event ID order', () => {
    assert.equal(DOMAIN_EVENT_NAMES.length, 27);
    assert.equal(DOMAIN_EVENT_NAMES[16], 'block-job-2');
    assert.equal(DOMAIN_EVENT_NAMES[26], 'memory-device-size-change');
  });

  it('prints each event as virsh does', () => {
    const addr = (family: number, node: string, service: string) => ({ family, node, service });
    const cases: [DomainEvent, string][] = [
      [{ eventID: 0, event: 5, detail: 1 }, "event 'lifecycle' for domain 'vm1': Stopped Destroyed\n"],
      [{ eventID: 0, event: 2, detail: 4 }, "event 'lifecycle' for domain 'vm1': Started Event wakeup\n"],
      [{ eventID: 0, event: 6, detail: 1 }, "event 'lifecycle' for domain 'vm1': Shutdown Finished after guest request\n"],
      [{ eventID: 0, event: 3, detail: 99 }, "event 'lifecycle' for domain 'vm1': Suspended unknown\n"],
      [{ eventID: 0, event: 42, detail: 0 }, "event 'lifecycle' for domain 'vm1': unknown unknown\n"],
      [{ eventID: 1 }, "event 'reboot' for domain 'vm1'\n"],
      [{ eventID: 2, utcoffset: -7200n }, "event 'rtc-change' for domain 'vm1': -7200\n"],
      [{ eventID: 3, action: 6 }, "event 'watchdog' for domain 'vm1': inject-nmi\n"],
      [{ eventID: 4, srcPath: '/a.img', devAlias: 'virtio-disk0', action: 1 }, "event 'io-error' for domain 'vm1': /a.img (virtio-disk0) pause\n"],
      [
        {
          eventID: 5,
          phase: 2,
          local: addr(0, '127.0.0.1', '5900'),
          remote: addr(1, '::1', '40000'),
          authScheme: 'vnc',
          subject: [
            { type: 'x509dname', name: 'CN=me' },
            { type: 'saslUsername', name: 'fred' },
          ],
        },
        "event 'graphics' for domain 'vm1': disconnect local[IPv4 127.0.0.1 5900] remote[IPv6 ::1 40000] vnc\n\tx509dname=CN=me\n\tsaslUsername=fred\n",
      ],
      [{ eventID: 6, srcPath: '/a', devAlias: 'd0', action: 2, reason: 'enospc' }, "event 'io-error-reason' for domain 'vm1': /a (d0) report due to enospc\n"],
      [{ eventID: 7 }, "event 'control-error' for domain 'vm1'\n"],
      [{ eventID: 8, disk: '/a.img', type: 1, status: 0 }, "event 'block-job' for domain 'vm1': Block Pull for /a.img completed\n"],
      [{ eventID: 16, disk: 'vda', type: 4, status: 3 }, "event 'block-job-2' for domain 'vm1': Active Block Commit for vda ready\n"],
      [{ eventID: 16, disk: 'vda', type: 9, status: 9 }, "event 'block-job-2' for domain 'vm1': Unknown job for vda unknown\n"],
      [{ eventID: 9, oldSrcPath: null, newSrcPath: '/b.iso', devAlias: 'ide0-1-0', reason: 0 }, "event 'disk-change' for domain 'vm1' disk ide0-1-0: <null> -> /b.iso: changed\n"],
      [{ eventID: 10, devAlias: 'ide0-1-0', reason: 1 }, "event 'tray-change' for domain 'vm1' disk ide0-1-0: closed\n"],
      [{ eventID: 11, reason: 0 }, "event 'pm-wakeup' for domain 'vm1'\n"],
      [{ eventID: 12, reason: 0 }, "event 'pm-suspend' for domain 'vm1'\n"],
      [{ eventID: 14, reason: 0 }, "event 'pm-suspend-disk' for domain 'vm1'\n"],
      [{ eventID: 13, actual: 524288n }, "event 'balloon-change' for domain 'vm1': 524288KiB\n"],
      [{ eventID: 15, devAlias: 'net0' }, "event 'device-removed' for domain 'vm1': net0\n"],
      [
        {
          eventID: 17,
          params: [
            { field: 'cputune.vcpu0', type: TypedParamType.String, value: '0-1' },
            { field: 'cputune.shares', type: TypedParamType.ULLong, value: 1024n },
            { field: 'weight', type: TypedParamType.Double, value: 0.5 },
            { field: 'big', type: TypedParamType.Double, value: 1234567 },
            { field: 'on', type: TypedParamType.Boolean, value: true },
          ],
        },
        "event 'tunable' for domain 'vm1':\n\tcputune.vcpu0: 0-1\n\tcputune.shares: 1024\n\tweight: 0.5\n\tbig: 1.23457e+06\n\ton: 1\n",
      ],
      [{ eventID: 18, state: 1, reason: 2 }, "event 'agent-lifecycle' for domain 'vm1': state: 'connected' reason: 'channel event'\n"],
      [{ eventID: 18, state: 7, reason: 0 }, "event 'agent-lifecycle' for domain 'vm1': state: 'unsupported value' reason: 'unknown'\n"],
      [{ eventID: 19, devAlias: 'hostdev0' }, "event 'device-added' for domain 'vm1': hostdev0\n"],
      [{ eventID: 20, iteration: 3 }, "event 'migration-iteration' for domain 'vm1': iteration: '3'\n"],
      [{ eventID: 21, params: [{ field: 'time_elapsed', type: TypedParamType.ULLong, value: 12n }] }, "event 'job-completed' for domain 'vm1':\n\ttime_elapsed: 12\n"],
      [{ eventID: 22, devAlias: 'dimm0' }, "event 'device-removal-failed' for domain 'vm1': dimm0\n"],
      [{ eventID: 23, type: 0, nsuri: null }, "event 'metadata-change' for domain 'vm1': type description, uri <null>\n"],
      [{ eventID: 23, type: 2, nsuri: 'http://example.org/' }, "event 'metadata-change' for domain 'vm1': type element, uri http://example.org/\n"],
      [{ eventID: 24, dev: 'vda', path: null, threshold: 100n, excess: 5n }, "event 'block-threshold' for domain 'vm1': dev: vda(<null>) 100 5\n"],
      [
        { eventID: 25, recipient: 1, action: 2, flags: 3 },
        "event 'memory-failure' for domain 'vm1':\nrecipient: guest\naction: fatal\nflags:\n\taction required: 1\n\trecursive: 1\n",
      ],
      [{ eventID: 26, alias: 'virtiomem0', size: 2097152n }, "event 'memory-device-size-change' for domain 'vm1':\nalias: virtiomem0\nsize: 2097152\n"],
    ];
    for (const [ev, want] of cases) assert.equal(text(ev), want, JSON.stringify(ev, (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
  });

  it('stamps events with the UTC time as virTimeStringNowRaw does', () => {
    assert.equal(eventTimestamp(new Date(Date.UTC(2024, 0, 31, 12, 34, 56, 7))), '2024-01-31 12:34:56.007+0000');
  });
});

function fakeCtl() {
  const out: string[] = [];
  const ctl = { print: (s: string) => out.push(s), error: (s: string) => out.push(`error: ${s}\n`) } as unknown as Ctl;
  return { ctl, out };
}

describe('waiting for events', () => {
  it('one-shot: prints the first event only, then the count, and succeeds', async () => {
    const { ctl, out } = fakeCtl();
    let off = 0;
    const ok = await waitForEvents(ctl, { loop: false, timestamp: false, timeoutMs: 5000 }, async (sink: EventSink) => {
      setImmediate(() => {
        sink.print('one\n');
        sink.print('two\n');
      });
      return [async () => void off++];
    });
    assert.equal(ok, true);
    assert.deepEqual(out, ['one\n', 'events received: 1\n']);
    assert.equal(off, 1, 'unsubscribed');
  });

  it('--loop: prints every event until the timeout', async () => {
    const { ctl, out } = fakeCtl();
    const ok = await waitForEvents(ctl, { loop: true, timestamp: false, timeoutMs: 50 }, async (sink) => {
      setImmediate(() => {
        sink.print('one\n');
        sink.print('two\n');
      });
      return [];
    });
    assert.equal(ok, true);
    assert.deepEqual(out, ['one\n', 'two\n', 'event loop timed out\n', 'events received: 2\n']);
  });

  it('fails when nothing came, and when unsubscribing fails', async () => {
    const { ctl, out } = fakeCtl();
    assert.equal(await waitForEvents(ctl, { loop: false, timestamp: true, timeoutMs: 10 }, async () => []), false);
    assert.deepEqual(out, ['event loop timed out\n', 'events received: 0\n']);
    // A failed deregistration is the error the command reports (libvirt's virsh: its last error).
    const second = fakeCtl();
    const waiting = waitForEvents(second.ctl, { loop: false, timestamp: false, timeoutMs: 100 }, async (sink) => {
      setImmediate(() => sink.print('x\n'));
      return [
        async () => {
          throw new Error('gone');
        },
      ];
    });
    await assert.rejects(waiting, /gone/);
    assert.deepEqual(second.out, ['x\n', 'events received: 1\n']);
  });

  it('prefixes the timestamp with --timestamp', async () => {
    const { ctl, out } = fakeCtl();
    await waitForEvents(ctl, { loop: false, timestamp: true, timeoutMs: 1000 }, async (sink) => {
      setImmediate(() => sink.print("event 'reboot' for domain 'vm1'\n"));
      return [];
    });
    assert.match(out[0]!, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\+0000: event 'reboot' for domain 'vm1'\n$/);
  });
});
