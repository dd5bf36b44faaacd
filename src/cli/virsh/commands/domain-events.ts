// virsh's "Domain Events" group (virsh-domain-event.c): `event` lists the domain event types or
// waits for events and prints each one. The wait itself (timeout, Ctrl-C, one-shot or --loop,
// --timestamp, the closing count) is shared with net-event, pool-event, nodedev-event and
// secret-event, as virsh shares vshEventStart/vshEventWait.
import type { Domain } from '../../../api/domain.js';
import { DOMAIN_EVENT_ID_LAST, type DomainEventIDValue } from '../../../api/enums.js';
import type { DomainEvent, GraphicsAddress } from '../../../api/events.js';
import { TypedParamType, type TypedParam } from '../../../driver/types.js';
import { VirError } from '../../../util/error.js';
import { CommandFailure, defineCommand, type CommandDef, type Ctl, type ParsedCommand } from '../../vsh/command-def.js';
import { lookupDomainBy } from './lookup.js';

// ------------------------------------------------------------------------------------------------
// The shared wait

/** virTimeStringNowRaw: "2024-01-31 12:34:56.789+0000", in UTC. */
export function eventTimestamp(d = new Date()): string {
  return `${d.toISOString().replace('T', ' ').replace('Z', '')}+0000`;
}

export interface EventWaitOptions {
  loop: boolean;
  timestamp: boolean;
  /** --timeout in milliseconds, or none */
  timeoutMs: number | undefined;
}

/** Prints events as they come and counts them (virshEventPrint). */
export interface EventSink {
  /** One event's text, newline included; ignored after the first unless --loop. */
  print(text: string): void;
}

/**
 * Wait for events (vshEventStart … vshEventWait … vshEventCleanup): `register` subscribes, handing
 * events to the sink, and returns what unsubscribes. Prints how the wait ended and the count;
 * the command succeeds when at least one event came.
 */
export async function waitForEvents(ctl: Ctl, opts: EventWaitOptions, register: (sink: EventSink) => Promise<Array<() => Promise<void>>>): Promise<boolean> {
  let count = 0;
  let finish: (why: 'done' | 'timeout' | 'interrupt') => void = () => undefined;
  const ended = new Promise<'done' | 'timeout' | 'interrupt'>((resolve) => {
    finish = resolve;
  });
  const sink: EventSink = {
    print(text) {
      if (!opts.loop && count) return;
      ctl.print(opts.timestamp ? `${eventTimestamp()}: ${text}` : text);
      count++;
      if (!opts.loop) finish('done');
    },
  };
  // The clock starts before subscribing, as vshEventStart arms the timeout first.
  const timer = opts.timeoutMs !== undefined ? setTimeout(() => finish('timeout'), opts.timeoutMs) : undefined;
  const onSigint = () => finish('interrupt');
  process.on('SIGINT', onSigint);
  const offDone = ctl.onEventDone?.(() => finish('done')); // a lost connection ends the wait
  let unsubscribe: Array<() => Promise<void>> = [];
  let ok = false;
  let undone: unknown;
  try {
    unsubscribe = await register(sink);
    const why = await ended;
    if (why === 'interrupt') ctl.print('event loop interrupted\n');
    else if (why === 'timeout') ctl.print('event loop timed out\n');
    ctl.print(`events received: ${count}\n`);
    ok = count > 0;
  } finally {
    if (timer) clearTimeout(timer);
    process.off('SIGINT', onSigint);
    offDone?.();
    for (const off of unsubscribe) {
      try {
        await off();
      } catch (e) {
        ok = false;
        undone = e;
      }
    }
  }
  // A failed deregistration is the error virsh reports (its last), e.g. on a lost connection.
  if (undone !== undefined) throw undone;
  return ok;
}

/** The --list / --event checks net-event, pool-event, nodedev-event and secret-event share. */
export function chooseEvent(ctl: Ctl, cmd: ParsedCommand, names: readonly string[]): number | 'listed' | undefined {
  if (cmd.has('list')) {
    for (const n of names) ctl.print(`${n}\n`);
    return 'listed';
  }
  const name = cmd.stringReq('event');
  if (name === undefined) {
    ctl.error('either --list or --event <type> is required');
    return undefined;
  }
  const id = names.indexOf(name);
  if (id < 0) {
    ctl.error(`unknown event type ${name}`);
    return undefined;
  }
  return id;
}

/** The wait options of an event command. */
export function waitOptions(cmd: ParsedCommand): EventWaitOptions {
  return { loop: cmd.has('loop'), timestamp: cmd.has('timestamp'), timeoutMs: cmd.timeoutMs() };
}

// ------------------------------------------------------------------------------------------------
// Domain events: names and texts as virsh prints them

const LIFECYCLE = ['Defined', 'Undefined', 'Started', 'Suspended', 'Resumed', 'Stopped', 'Shutdown', 'PMSuspended', 'Crashed'];
const LIFECYCLE_DETAILS: string[][] = [
  ['Added', 'Updated', 'Renamed', 'Snapshot'],
  ['Removed', 'Renamed'],
  ['Booted', 'Migrated', 'Restored', 'Snapshot', 'Event wakeup'],
  ['Paused', 'Migrated', 'I/O Error', 'Watchdog', 'Restored', 'Snapshot', 'API error', 'Post-copy', 'Post-copy Error'],
  ['Unpaused', 'Migrated', 'Snapshot', 'Post-copy', 'Post-copy Error'],
  ['Shutdown', 'Destroyed', 'Crashed', 'Migrated', 'Saved', 'Failed', 'Snapshot'],
  ['Finished', 'Finished after guest request', 'Finished after host request'],
  ['Memory', 'Disk'],
  ['Panicked', 'Crashloaded'],
];
const WATCHDOG = ['none', 'pause', 'reset', 'poweroff', 'shutdown', 'debug', 'inject-nmi'];
const IO_ERROR = ['none', 'pause', 'report'];
const GRAPHICS_PHASE = ['connect', 'initialize', 'disconnect'];
const GRAPHICS_ADDRESS = ['IPv4', 'IPv6', 'unix'];
const BLOCK_JOB_TYPE = ['Unknown job', 'Block Pull', 'Block Copy', 'Block Commit', 'Active Block Commit', 'Backup'];
const BLOCK_JOB_STATUS = ['completed', 'failed', 'canceled', 'ready'];
const DISK_CHANGE = ['changed', 'dropped'];
const TRAY_CHANGE = ['opened', 'closed'];
const AGENT_STATE = ['unknown', 'connected', 'disconnected'];
const AGENT_REASON = ['unknown', 'domain started', 'channel event'];
const METADATA_TYPE = ['description', 'title', 'element'];
const MEMORY_FAILURE_RECIPIENT = ['hypervisor', 'guest'];
const MEMORY_FAILURE_ACTION = ['ignore', 'inject', 'fatal', 'reset'];

/** virshDomainEventCallbacks: the event names, in event ID order. */
export const DOMAIN_EVENT_NAMES = [
  'lifecycle',
  'reboot',
  'rtc-change',
  'watchdog',
  'io-error',
  'graphics',
  'io-error-reason',
  'control-error',
  'block-job',
  'disk-change',
  'tray-change',
  'pm-wakeup',
  'pm-suspend',
  'balloon-change',
  'pm-suspend-disk',
  'device-removed',
  'block-job-2',
  'tunable',
  'agent-lifecycle',
  'device-added',
  'migration-iteration',
  'job-completed',
  'device-removal-failed',
  'metadata-change',
  'block-threshold',
  'memory-failure',
  'memory-device-size-change',
] as const;

const nameOr = (names: readonly string[], i: number, fallback = 'unknown') => names[i] ?? fallback;
const orUnsupported = (names: readonly string[], i: number) => names[i] ?? 'unsupported value';
const nullStr = (s: string | null) => s ?? '<null>'; // NULLSTR

/** printf's %g (six significant digits, no trailing zeros). */
function formatG(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(6)))));
  if (exp < -4 || exp >= 6) {
    const [m, e] = x.toExponential(5).split('e') as [string, string];
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const n = Number(e);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const s = x.toFixed(Math.max(0, 5 - exp));
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** virTypedParameterToString */
function paramText(p: TypedParam): string {
  switch (p.type) {
    case TypedParamType.Double:
      return formatG(Number(p.value));
    case TypedParamType.Boolean:
      return p.value ? '1' : '0';
    default:
      return String(p.value);
  }
}

function graphicsAddress(a: GraphicsAddress): string {
  return `${nameOr(GRAPHICS_ADDRESS, a.family)} ${a.node} ${a.service}`;
}

/** The line(s) virsh prints for one domain event. */
export function domainEventText(dom: Domain, ev: DomainEvent): string {
  const d = dom.name;
  const name = DOMAIN_EVENT_NAMES[ev.eventID] ?? String(ev.eventID);
  switch (ev.eventID) {
    case 0:
      return `event 'lifecycle' for domain '${d}': ${nameOr(LIFECYCLE, ev.event)} ${nameOr(LIFECYCLE_DETAILS[ev.event] ?? [], ev.detail)}\n`;
    case 1:
    case 7:
    case 11:
    case 12:
    case 14:
      return `event '${name}' for domain '${d}'\n`;
    case 2:
      return `event 'rtc-change' for domain '${d}': ${ev.utcoffset}\n`;
    case 3:
      return `event 'watchdog' for domain '${d}': ${nameOr(WATCHDOG, ev.action)}\n`;
    case 4:
      return `event 'io-error' for domain '${d}': ${ev.srcPath} (${ev.devAlias}) ${nameOr(IO_ERROR, ev.action)}\n`;
    case 5:
      return (
        `event 'graphics' for domain '${d}': ${nameOr(GRAPHICS_PHASE, ev.phase)} local[${graphicsAddress(ev.local)}] remote[${graphicsAddress(ev.remote)}] ${ev.authScheme}\n` +
        ev.subject.map((s) => `\t${s.type}=${s.name}\n`).join('')
      );
    case 6:
      return `event 'io-error-reason' for domain '${d}': ${ev.srcPath} (${ev.devAlias}) ${nameOr(IO_ERROR, ev.action)} due to ${ev.reason}\n`;
    case 8:
    case 16:
      return `event '${name}' for domain '${d}': ${nameOr(BLOCK_JOB_TYPE, ev.type, 'Unknown job')} for ${ev.disk} ${nameOr(BLOCK_JOB_STATUS, ev.status)}\n`;
    case 9:
      return `event 'disk-change' for domain '${d}' disk ${ev.devAlias}: ${nullStr(ev.oldSrcPath)} -> ${nullStr(ev.newSrcPath)}: ${nameOr(DISK_CHANGE, ev.reason)}\n`;
    case 10:
      return `event 'tray-change' for domain '${d}' disk ${ev.devAlias}: ${nameOr(TRAY_CHANGE, ev.reason)}\n`;
    case 13:
      return `event 'balloon-change' for domain '${d}': ${ev.actual}KiB\n`;
    case 15:
      return `event 'device-removed' for domain '${d}': ${ev.devAlias}\n`;
    case 17:
    case 21:
      return `event '${name}' for domain '${d}':\n` + ev.params.map((p) => `\t${p.field}: ${paramText(p)}\n`).join('');
    case 18:
      return `event 'agent-lifecycle' for domain '${d}': state: '${orUnsupported(AGENT_STATE, ev.state)}' reason: '${orUnsupported(AGENT_REASON, ev.reason)}'\n`;
    case 19:
      return `event 'device-added' for domain '${d}': ${ev.devAlias}\n`;
    case 20:
      return `event 'migration-iteration' for domain '${d}': iteration: '${ev.iteration}'\n`;
    case 22:
      return `event 'device-removal-failed' for domain '${d}': ${ev.devAlias}\n`;
    case 23:
      return `event 'metadata-change' for domain '${d}': type ${orUnsupported(METADATA_TYPE, ev.type)}, uri ${nullStr(ev.nsuri)}\n`;
    case 24:
      return `event 'block-threshold' for domain '${d}': dev: ${ev.dev}(${nullStr(ev.path)}) ${ev.threshold} ${ev.excess}\n`;
    case 25:
      return (
        `event 'memory-failure' for domain '${d}':\nrecipient: ${orUnsupported(MEMORY_FAILURE_RECIPIENT, ev.recipient)}\naction: ${orUnsupported(MEMORY_FAILURE_ACTION, ev.action)}\n` +
        `flags:\n\taction required: ${ev.flags & 1 ? 1 : 0}\n\trecursive: ${ev.flags & 2 ? 1 : 0}\n`
      );
    case 26:
      return `event 'memory-device-size-change' for domain '${d}':\nalias: ${ev.alias}\nsize: ${ev.size}\n`;
    default:
      return `event '${name}' for domain '${d}'\n`;
  }
}

const event = defineCommand({
  name: 'event',
  info: { help: 'wait for domain events', desc: 'Print the domain event types, or wait for domain events and print each as it comes.' },
  opts: [
    { name: 'domain', type: 'string', help: 'only events of this domain (name, id or uuid)' },
    { name: 'event', type: 'string', help: 'the event type to wait for' },
    { name: 'all', type: 'bool', help: 'wait for events of every type' },
    { name: 'loop', type: 'bool', help: 'keep waiting after the first event, until the timeout or Ctrl-C' },
    { name: 'timeout', type: 'int', help: 'give up after this many seconds' },
    { name: 'list', type: 'bool', help: 'list the event types' },
    { name: 'timestamp', type: 'bool', help: 'print the time of each event' },
  ],
  async run(ctl, cmd) {
    const all = cmd.has('all');
    for (const [a, b] of [['all', 'event'], ['list', 'all'], ['list', 'event']] as const) {
      if (cmd.has(a) && cmd.has(b)) {
        ctl.error(`Options --${a} and --${b} are mutually exclusive`);
        return false;
      }
    }
    if (cmd.has('list')) {
      for (const n of DOMAIN_EVENT_NAMES) ctl.print(`${n}\n`);
      return true;
    }
    const eventName = cmd.stringReq('event');
    if (eventName === undefined && !all) {
      ctl.error('one of --list, --all, or --event <type> is required');
      return false;
    }
    const ids: DomainEventIDValue[] = [];
    for (let i = 0; i < DOMAIN_EVENT_ID_LAST; i++) if (eventName === undefined || DOMAIN_EVENT_NAMES[i] === eventName) ids.push(i as DomainEventIDValue);
    if (ids.length === 0) {
      ctl.error(`unknown event type ${eventName}`);
      return false;
    }
    const opts = waitOptions(cmd);
    let dom: Domain | null = null;
    if (cmd.has('domain')) {
      const name = cmd.stringReq('domain');
      if (name === undefined) throw new CommandFailure(`command 'event' requires <domain> option`);
      dom = await lookupDomainBy(ctl, name);
    }
    const conn = await ctl.conn();
    return waitForEvents(ctl, opts, async (sink) => {
      const offs: Array<() => Promise<void>> = [];
      const onEvent = (d: Domain, ev: DomainEvent) => sink.print(domainEventText(d, ev));
      for (const [k, id] of ids.entries()) {
        try {
          const cbID = await conn.domainEventRegisterAny(dom, id, onEvent);
          offs.push(() => conn.domainEventDeregisterAny(cbID));
        } catch (e) {
          // With --all, a daemon that knows fewer events refuses the newer ones: only the first
          // registration has to succeed.
          if (k === 0 || !(e instanceof VirError)) {
            for (const off of offs) await off().catch(() => undefined);
            throw e;
          }
        }
      }
      return offs;
    });
  },
});

export const commands: CommandDef[] = [event];

/**
 * The object an event command's filter option names, or null: net-event, pool-event and
 * secret-event report a failed lookup and then listen to every object, leaving libvirt's error to
 * be printed if the command fails.
 */
export async function filterOrEveryObject<T>(ctl: Ctl, find: () => Promise<T>): Promise<T | null> {
  try {
    return await find();
  } catch (e) {
    if (!(e instanceof CommandFailure)) throw e;
    ctl.error(e.message);
    (ctl as Ctl & { lastError?: unknown }).lastError = e.cause ?? null;
    return null;
  }
}
