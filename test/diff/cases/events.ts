// Differential cases for the event commands on the test driver: `event` (Domain Events) and the
// event commands of the other groups — listing, option errors, filters naming unknown objects,
// waits that time out with nothing happening (one virsh process is the only client of its
// test:///default), and events raised by earlier commands of the same run, before the wait began.
// Events caused by another client are compared in test/integration/events-daemon.test.ts.
import type { DiffCase } from '../case.js';

const c = (name: string, argv: string[], extra: Partial<DiffCase> = {}): DiffCase => ({ name, argv, ...extra });

export const cases: DiffCase[] = [
  // --- event: listing and option errors ---
  c('event-list', ['event', '--list']),
  c('event-list-ignores-domain', ['event', '--list', '--domain', 'nosuch']),
  c('event-list-with-loop-and-timestamp', ['event', '--list', '--loop', '--timestamp']),
  c('event-needs-an-option', ['event']),
  c('event-needs-an-option-loop-only', ['event', '--loop', '--timeout', '1']),
  c('event-all-and-event', ['event', '--all', '--event', 'lifecycle']),
  c('event-list-and-all', ['event', '--list', '--all']),
  c('event-list-and-event', ['event', '--list', '--event', 'reboot']),
  c('event-unknown-type', ['event', '--event', 'foo']),
  c('event-unknown-type-case', ['event', '--event', 'Lifecycle']),
  c('event-empty-type', ['event', '--event', '']),
  c('event-unknown-type-before-timeout', ['event', '--event', 'foo', '--timeout', 'abc']),
  c('event-timeout-zero', ['event', '--all', '--timeout', '0']),
  c('event-timeout-negative', ['event', '--all', '--timeout', '-1']),
  c('event-timeout-not-a-number', ['event', '--all', '--timeout', 'abc']),
  c('event-timeout-too-large', ['event', '--all', '--timeout', '2147484']),
  c('event-timeout-missing-value', ['event', '--all', '--timeout']),
  c('event-unknown-option', ['event', '--all', '--bogus']),
  c('event-domain-unknown', ['event', '--all', '--domain', 'nosuch', '--timeout', '1']),
  c('event-domain-unknown-id', ['event', '--event', 'lifecycle', '--domain', '42', '--timeout', '1']),
  c('event-domain-empty', ['event', '--all', '--domain', '', '--timeout', '1']),
  c('event-help', ['help', 'event'], { helpLayout: true }),
  c('event-group-help', ['help', 'events'], { helpLayout: true }),

  // --- event: waits that time out ---
  c('event-lifecycle-timeout', ['event', '--event', 'lifecycle', '--timeout', '1']),
  c('event-all-timeout', ['event', '--all', '--timeout', '1']),
  c('event-all-loop-timeout', ['event', '--all', '--loop', '--timeout', '1']),
  c('event-all-timestamp-timeout', ['event', '--all', '--loop', '--timestamp', '--timeout', '1']),
  c('event-newest-type-timeout', ['event', '--event', 'memory-device-size-change', '--timeout', '1']),
  c('event-domain-by-name', ['event', '--all', '--domain', 'test', '--timeout', '1']),
  c('event-domain-positional', ['event', 'test', '--all', '--timeout', '1']),
  c('event-domain-by-id', ['event', '--event', 'reboot', '--domain', '1', '--timeout', '1']),
  c('event-domain-by-uuid', ['event', '--event', 'lifecycle', '--domain', '6695eb01-f6a4-8304-79aa-97f2502e193f', '--timeout', '1']),
  c('event-read-only', ['-r', 'event', '--all', '--timeout', '1']),
  c('event-quiet', ['-q', 'event', '--all', '--timeout', '1']),
  // Events raised before the wait began are not delivered to it.
  c('event-after-destroy', ['destroy test; start test; event --all --loop --timeout 1']),
  c('event-after-net-destroy', ['net-destroy default; net-event --event lifecycle --timeout 1']),
  c('event-then-list', ['event --event lifecycle --timeout 1; list --all']),

  // --- net-event ---
  c('net-event-list-extra', ['net-event', '--list', '--loop']),
  c('net-event-empty-type', ['net-event', '--event', '']),
  c('net-event-loop-timestamp-timeout', ['net-event', '--event', 'lifecycle', '--loop', '--timestamp', '--timeout', '1']),
  c('net-event-network-by-name', ['net-event', '--network', 'default', '--event', 'lifecycle', '--timeout', '1']),
  c('net-event-network-by-uuid', ['net-event', '--network', 'dd8fe884-6c02-601e-7551-cca97df1c5df', '--event', 'lifecycle', '--timeout', '1']),
  c('net-event-network-unknown', ['net-event', '--network', 'nosuch', '--event', 'lifecycle', '--timeout', '1']),
  c('net-event-timeout-zero', ['net-event', '--event', 'lifecycle', '--timeout', '0']),
  c('net-event-no-all-option', ['net-event', '--all']),
  c('net-event-help', ['help', 'net-event'], { helpLayout: true }),

  // --- pool-event ---
  c('pool-event-needs-event', ['pool-event']),
  c('pool-event-lifecycle-timeout', ['pool-event', '--event', 'lifecycle', '--timeout', '1']),
  c('pool-event-refresh-timeout', ['pool-event', '--event', 'refresh', '--loop', '--timeout', '1']),
  c('pool-event-pool-by-name', ['pool-event', '--pool', 'default-pool', '--event', 'refresh', '--timeout', '1']),
  c('pool-event-pool-unknown', ['pool-event', '--pool', 'nosuch', '--event', 'lifecycle', '--timeout', '1']),
  c('pool-event-timeout-bad', ['pool-event', '--event', 'lifecycle', '--timeout', 'x']),
  c('pool-event-after-refresh', ['pool-refresh default-pool; pool-event --event refresh --timeout 1']),
  c('pool-event-help', ['help', 'pool-event'], { helpLayout: true }),

  // --- nodedev-event ---
  c('nodedev-event-update-timeout', ['nodedev-event', '--event', 'update', '--loop', '--timestamp', '--timeout', '1']),
  c('nodedev-event-device-empty', ['nodedev-event', '--event', 'lifecycle', '--device', '', '--timeout', '1']),
  c('nodedev-event-help', ['help', 'nodedev-event'], { helpLayout: true }),

  // --- secret-event (libvirt's test driver has no secret driver) ---
  c('secret-event-value-changed', ['secret-event', '--event', 'value-changed', '--timeout', '1']),
  c('secret-event-unknown-secret', ['secret-event', '--secret', 'nosuch', '--event', 'lifecycle', '--timeout', '1']),
  c('secret-event-list-extra', ['secret-event', '--list', '--event', 'foo']),
  c('secret-event-help', ['help', 'secret-event'], { helpLayout: true }),
];
