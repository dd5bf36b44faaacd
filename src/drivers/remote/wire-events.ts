// Object events on the wire: which message procedure carries each (family, event ID), and how an
// ObjectEvent (src/driver/events.ts) becomes that message and back. The daemon encodes with it,
// the remote driver decodes with it.
//
// Procedure names follow libvirt's: <family>Event<Name> for the callback-based messages (the
// domain family's older ones say domainEventCallback<Name>, and keep a legacy domainEvent<Name>
// without a callback ID for clients of virConnectDomainEventRegister). The names come from the
// event-ID tables in src/driver/events.ts; nothing here lists procedures.
import type { ProcDef } from '../../protocol/procedure.js';
import { remoteProcs } from '../../protocol/remote/procedures.generated.js';
import {
  DomainEventID,
  NetworkEventID,
  NodeDeviceEventID,
  SecretEventID,
  StoragePoolEventID,
  type EventFamily,
  type ObjectEvent,
} from '../../driver/events.js';
import { structToDriver, structToWire } from './wire-map.js';
import { structFieldNames, structShape, type StructShape } from './wire-shape.js';

export interface EventProcs {
  family: EventFamily;
  eventID: number;
  /** The message sent to callbacks registered with a callback ID. */
  callback: ProcDef;
  /** The legacy message (domain events registered the old way), if any. */
  legacy: ProcDef | null;
}

const procs = remoteProcs as Record<string, ProcDef>;

const FAMILIES: [EventFamily, string, Record<string, number>][] = [
  ['domain', 'domain', DomainEventID],
  ['network', 'network', NetworkEventID],
  ['storagePool', 'storagePool', StoragePoolEventID],
  ['nodeDevice', 'nodeDevice', NodeDeviceEventID],
  ['secret', 'secret', SecretEventID],
];

function hasCallbackID(p: ProcDef): boolean {
  return structFieldNames(p.args!)[0] === 'callbackID';
}

interface EventTables {
  byEvent: Map<string, EventProcs>;
  byProc: Map<number, EventProcs>;
}

let tables: EventTables | undefined;

/**
 * Built on first use: telling a legacy message from a callback one reads struct layouts, work a
 * client that never touches events should not pay for when it loads.
 */
function eventTables(): EventTables {
  if (tables) return tables;
  const byEvent = new Map<string, EventProcs>();
  const byProc = new Map<number, EventProcs>();
  for (const [family, prefix, ids] of FAMILIES) {
    for (const [name, eventID] of Object.entries(ids)) {
      const plain = procs[`${prefix}Event${name}`];
      const cb = procs[`${prefix}EventCallback${name}`] ?? plain;
      if (!cb) throw new Error(`no message procedure for ${family} event ${name}`);
      const e: EventProcs = { family, eventID, callback: cb, legacy: plain && plain !== cb && !hasCallbackID(plain) ? plain : null };
      byEvent.set(`${family}:${eventID}`, e);
      byProc.set(cb.id, e);
      if (e.legacy) byProc.set(e.legacy.id, e);
    }
  }
  return (tables = { byEvent, byProc });
}

export function eventProcs(family: EventFamily, eventID: number): EventProcs | undefined {
  return eventTables().byEvent.get(`${family}:${eventID}`);
}

/** The event a message procedure carries (remote driver side). */
export function eventOfProc(id: number): EventProcs | undefined {
  return eventTables().byProc.get(id);
}

/** The object field of a message struct: the first struct-typed field (dom, net, pool, dev, secret). */
function objectField(s: StructShape): string {
  const f = s.fields.find(([n, fs]) => fs.k === 'struct' && n !== 'msg');
  if (!f) throw new Error('event message without an object');
  return f[0];
}

function defaultFor(k: string): unknown {
  if (k === 'hyper' || k === 'uhyper') return 0n;
  if (k === 'string') return '';
  if (k === 'optional') return null;
  if (k === 'array') return [];
  return 0;
}

function assemble(s: StructShape, ev: ObjectEvent, callbackID: number | null): Record<string, unknown> {
  const obj = objectField(s.fields.some(([n]) => n === 'msg') ? (s.fields.find(([n]) => n === 'msg')![1] as StructShape) : s);
  const out: Record<string, unknown> = {};
  for (const [n, fs] of s.fields) {
    if (n === 'callbackID') out[n] = callbackID;
    else if (n === 'msg') out[n] = assemble(fs as StructShape, ev, null);
    else if (n === obj) out[n] = ev.obj;
    else out[n] = ev.data[n] ?? defaultFor(fs.k);
  }
  return out;
}

/** The wire message for an event: the callback form (with callbackID) or the legacy one. */
export function encodeEvent(p: ProcDef, ev: ObjectEvent, callbackID: number | null): unknown {
  return structToWire(p.args!, assemble(structShape(p.args!), ev, callbackID));
}

/** An event message back into an ObjectEvent and the callback ID it was sent for (-1 for legacy ones). */
export function decodeEvent(p: ProcDef, msg: unknown): { callbackID: number; event: ObjectEvent } | undefined {
  const e = eventOfProc(p.id);
  if (!e) return undefined;
  const v = structToDriver(p.args!, msg) as Record<string, unknown>;
  const inner = (v.msg as Record<string, unknown> | undefined) ?? v;
  const s = structShape(p.args!);
  const nested = s.fields.find(([n]) => n === 'msg');
  const obj = objectField(nested ? (nested[1] as StructShape) : s);
  const data: Record<string, unknown> = {};
  for (const src of [v, inner]) {
    for (const [k, x] of Object.entries(src)) if (k !== 'callbackID' && k !== 'msg' && k !== obj) data[k] = x;
  }
  return { callbackID: typeof v.callbackID === 'number' ? v.callbackID : -1, event: { family: e.family, eventID: e.eventID, obj: inner[obj] as never, data } };
}
