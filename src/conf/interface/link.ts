// The <link> element of host interfaces and node devices (libvirt's virNetDevIfLink, shared by
// interface_conf and node_device_conf).
import type { XmlEl } from '../xml/parse.js';
import type { XmlWriter } from '../xml/writer.js';
import { propEnum, propUInt } from './xml-props.js';

/** virNetDevIfState; index 0 is "no state". */
export const NetDevIfState = ['', 'unknown', 'notpresent', 'down', 'lowerlayerdown', 'testing', 'dormant', 'up'] as const;

export interface NetDevIfLink {
  /** Index into NetDevIfState; 0 when not given. */
  state: number;
  /** Mbit/s; 0 when not given. */
  speed: number;
}

export function emptyLink(): NetDevIfLink {
  return { state: 0, speed: 0 };
}

export function parseLink(el: XmlEl): NetDevIfLink {
  const state = propEnum(el, 'state', NetDevIfState);
  const speed = propUInt(el, 'speed') ?? 0;
  return { state, speed };
}

/** Written only when it carries a speed or a state. */
export function formatLink(w: XmlWriter, link: NetDevIfLink): void {
  if (!link.speed && !link.state) return;
  w.empty('link', [
    ['speed', link.speed || undefined],
    ['state', link.state ? NetDevIfState[link.state] : undefined],
  ]);
}
