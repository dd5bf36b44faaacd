// Host interface definitions (libvirt's interface_conf.c): <interface type='ethernet|bridge|bond|vlan'>
// parsed into InterfaceDef and formatted back in libvirt's canonical layout.
import { parseXml, type XmlEl } from './xml/parse.js';
import { children, child } from './xml/read.js';
import { XmlWriter } from './xml/writer.js';
import { ErrorCode, ErrorDomain, VirError, errorsFrom } from '../util/error.js';
import { emptyLink, formatLink, parseLink, type NetDevIfLink } from './interface/link.js';
import { strToInt, strToUIntP } from './interface/strtol.js';
import { propEnum, propInt, propYesNo, xpathAttr } from './interface/xml-props.js';

const report = errorsFrom(ErrorDomain.Interface);

export const InterfaceTypes = ['ethernet', 'bridge', 'bond', 'vlan'] as const;
export type InterfaceType = (typeof InterfaceTypes)[number];

/** virInterfaceStartMode; 'unspecified' is never written. */
export type StartMode = 'unspecified' | 'none' | 'onboot' | 'hotplug';

export const BondModes = ['none', 'balance-rr', 'active-backup', 'balance-xor', 'broadcast', '802.3ad', 'balance-tlb', 'balance-alb'] as const;
export type BondMode = (typeof BondModes)[number];

export interface InterfaceIPDef {
  /** Undefined when the <ip> element had no address (kept, but never written). */
  address?: string;
  /** 0 when not given. */
  prefix: number;
}

export interface InterfaceProtocolDef {
  family: 'ipv4' | 'ipv6';
  dhcp: boolean;
  /** <dhcp peerdns='yes|no'>; undefined when not given. */
  peerdns?: boolean;
  autoconf: boolean;
  ips: InterfaceIPDef[];
  gateway?: string;
}

export interface InterfaceBridgeDef {
  /** undefined when stp was not given. */
  stp?: boolean;
  delay?: string;
  interfaces: InterfaceDef[];
}

export interface InterfaceBondDef {
  mode: BondMode;
  monitor?:
    | { kind: 'mii'; freq: number; downdelay: number; updelay: number; carrier?: 'ioctl' | 'netif' }
    | { kind: 'arp'; interval: number; target: string; validate?: 'active' | 'backup' | 'all' };
  interfaces: InterfaceDef[];
}

export interface InterfaceVlanDef {
  tag: string;
  device: string;
}

export interface InterfaceDef {
  type: InterfaceType;
  name: string;
  /** Top level only; 0 when not given. */
  mtu: number;
  mac?: string;
  link: NetDevIfLink;
  startMode: StartMode;
  protocols: InterfaceProtocolDef[];
  bridge?: InterfaceBridgeDef;
  bond?: InterfaceBondDef;
  vlan?: InterfaceVlanDef;
}

/** The parse context: the top level, or the kind of interface this one is nested in. */
type Parent = 'top' | InterfaceType;

/**
 * libvirt's public API reports this when a driver fails without saying why; interface parsing
 * does so for a malformed <mtu size>, so the same words must come out here.
 */
function causeUnknown(): VirError {
  return new VirError({ code: ErrorCode.InternalError, domain: ErrorDomain.None, message: 'An error occurred, but the cause is unknown' });
}

function xmlErr(detail: string): VirError {
  return report(ErrorCode.XmlError, detail);
}

/** libvirt's check that a parsed document has the expected root element (virXMLParse). */
export function checkRoot(root: XmlEl, expected: string): void {
  if (root.name !== expected) {
    throw errorsFrom(ErrorDomain.Xml)(ErrorCode.XmlError, `expecting root element of '${expected}', not '${root.name}'`);
  }
}

/** virInterfaceDefParseString */
export async function parseInterfaceXml(xml: string): Promise<InterfaceDef> {
  const root = await parseXml(xml, '(interface_definition)', ErrorDomain.Interface);
  checkRoot(root, 'interface');
  return parseInterface(root);
}

/** virInterfaceDefParseXML on an <interface> element. */
export function parseInterface(el: XmlEl, parent: Parent = 'top'): InterfaceDef {
  const type = InterfaceTypes[propEnum(el, 'type', InterfaceTypes, { required: true })];
  const allowed =
    parent === 'top' ||
    (parent === 'bond' && type === 'ethernet') ||
    (parent === 'bridge' && type !== 'bridge');
  if (!allowed) throw xmlErr(`interface has unsupported type '${type}'`);

  const name = el.attrs.name;
  if (name === undefined) throw xmlErr('interface has no name');

  const def: InterfaceDef = { type, name, mtu: 0, link: emptyLink(), startMode: 'unspecified', protocols: [] };

  if (parent === 'top') {
    def.startMode = parseStartMode(el);
    def.mtu = parseMtu(el);
    def.protocols = children(el, 'protocol').map(parseProtocol);
  }

  if (type !== 'bridge') {
    // A bridge's link state is its ports'; libvirt ignores <link> there.
    const lnk = child(el, 'link');
    if (lnk) def.link = parseLink(lnk);
  }

  switch (type) {
    case 'ethernet':
      def.mac = xpathAttr(el, ['mac'], 'address');
      break;
    case 'bridge': {
      const br = child(el, 'bridge');
      if (!br) throw xmlErr('bridge interface misses the bridge element');
      def.bridge = parseBridge(br);
      break;
    }
    case 'bond': {
      const bond = child(el, 'bond');
      if (!bond) throw xmlErr('bond interface misses the bond element');
      def.bond = parseBond(bond);
      break;
    }
    case 'vlan': {
      const vlan = child(el, 'vlan');
      if (!vlan) throw xmlErr('vlan interface misses the vlan element');
      const tag = vlan.attrs.tag || undefined;
      if (tag === undefined) throw xmlErr('vlan interface misses the tag attribute');
      const device = xpathAttr(vlan, ['interface'], 'name');
      if (device === undefined) throw xmlErr('vlan interface misses name attribute');
      def.vlan = { tag, device };
      break;
    }
  }
  return def;
}

function parseStartMode(el: XmlEl): StartMode {
  const mode = xpathAttr(el, ['start'], 'mode');
  if (mode === undefined) return 'unspecified';
  if (mode === 'onboot' || mode === 'hotplug' || mode === 'none') return mode;
  throw xmlErr(`unknown interface startmode ${mode}`);
}

function parseMtu(el: XmlEl): number {
  const raw = xpathAttr(el, ['mtu'], 'size');
  if (raw === undefined) return 0;
  const v = strToUIntP(raw);
  if (v === undefined) throw causeUnknown();
  if (v > 100000) throw xmlErr("value of the 'size' attribute of 'mtu' element must be at most 100000");
  return v;
}

function parseProtocol(el: XmlEl): InterfaceProtocolDef {
  const family = el.attrs.family;
  if (family === undefined) throw xmlErr('protocol misses the family attribute');
  if (family !== 'ipv4' && family !== 'ipv6') throw xmlErr(`unsupported protocol family '${family}'`);
  const p: InterfaceProtocolDef = { family, dhcp: false, autoconf: false, ips: [] };
  p.gateway = xpathAttr(el, ['route'], 'gateway');
  if (family === 'ipv6' && child(el, 'autoconf')) p.autoconf = true;
  const dhcp = child(el, 'dhcp');
  if (dhcp) {
    p.dhcp = true;
    p.peerdns = propYesNo(dhcp, 'peerdns');
  }
  for (const ip of children(el, 'ip')) {
    const address = ip.attrs.address;
    // An <ip> without an address is kept but its prefix is never read, as in libvirt.
    if (address === undefined) p.ips.push({ prefix: 0 });
    else p.ips.push({ address, prefix: propInt(ip, 'prefix', 0) ?? 0 });
  }
  return p;
}

function parseBridge(el: XmlEl): InterfaceBridgeDef {
  const stp = el.attrs.stp;
  if (stp !== undefined && stp !== 'on' && stp !== 'off') {
    // libvirt reports this but then carries on with an empty bridge: the definition is accepted
    // without stp, delay or ports. Keep that observable behaviour.
    return { interfaces: [] };
  }
  return {
    stp: stp === undefined ? undefined : stp === 'on',
    delay: el.attrs.delay,
    interfaces: children(el, 'interface').map((i) => parseInterface(i, 'bridge')),
  };
}

/** virXPathInt on an attribute: undefined when absent or empty, null when malformed. */
function attrInt(el: XmlEl | undefined, name: string): number | undefined | null {
  const raw = el?.attrs[name];
  if (raw === undefined || raw === '') return undefined;
  return strToInt(raw) ?? null;
}

function parseBond(el: XmlEl): InterfaceBondDef {
  const rawMode = el.attrs.mode || undefined;
  let mode: BondMode = 'none';
  if (rawMode !== undefined) {
    const i = BondModes.indexOf(rawMode as BondMode);
    if (i <= 0) throw xmlErr(`unknown bonding mode ${rawMode}`);
    mode = BondModes[i];
  }
  const bond: InterfaceBondDef = { mode, interfaces: children(el, 'interface').map((i) => parseInterface(i, 'bond')) };

  const mii = child(el, 'miimon');
  const arp = child(el, 'arpmon');
  if (mii) {
    const freq = attrInt(mii, 'freq');
    if (freq === undefined || freq === null) throw xmlErr('bond interface miimon freq missing or invalid');
    const down = attrInt(mii, 'downdelay');
    if (down === null) throw xmlErr('bond interface miimon downdelay invalid');
    const up = attrInt(mii, 'updelay');
    if (up === null) throw xmlErr('bond interface miimon updelay invalid');
    const carrier = mii.attrs.carrier || undefined;
    if (carrier !== undefined && carrier !== 'ioctl' && carrier !== 'netif') throw xmlErr(`unknown mii bonding carrier ${carrier}`);
    bond.monitor = { kind: 'mii', freq, downdelay: down ?? 0, updelay: up ?? 0, carrier };
  } else if (arp) {
    const interval = attrInt(arp, 'interval');
    if (interval === undefined || interval === null) throw xmlErr('bond interface arpmon interval missing or invalid');
    const target = arp.attrs.target || undefined;
    if (target === undefined) throw xmlErr('bond interface arpmon target missing');
    const validate = arp.attrs.validate || undefined;
    if (validate !== undefined && validate !== 'active' && validate !== 'backup' && validate !== 'all') {
      throw xmlErr(`unknown arp bonding validate ${validate}`);
    }
    bond.monitor = { kind: 'arp', interval, target, validate };
  }
  return bond;
}

/** virInterfaceDefFormat */
export function formatInterface(def: InterfaceDef): string {
  const w = new XmlWriter();
  writeInterface(w, def, 'top');
  return w.toString();
}

function writeInterface(w: XmlWriter, def: InterfaceDef, parent: Parent): void {
  w.element('interface', [['type', def.type], ['name', def.name]], () => {
    if (parent === 'top') {
      // Start mode, MTU and addressing belong to the top-level interface; ports inherit them.
      if (def.startMode !== 'unspecified') w.empty('start', [['mode', def.startMode]]);
      if (def.mtu) w.empty('mtu', [['size', def.mtu]]);
      for (const p of def.protocols) writeProtocol(w, p);
    }
    if (def.type !== 'bridge') formatLink(w, def.link);
    switch (def.type) {
      case 'ethernet':
        if (def.mac !== undefined) w.empty('mac', [['address', def.mac]]);
        break;
      case 'bridge': {
        const br = def.bridge ?? { interfaces: [] };
        const stp = br.stp === undefined ? undefined : br.stp ? 'on' : 'off';
        w.element('bridge', [['stp', stp], ['delay', br.delay]], () => {
          for (const i of br.interfaces) writeInterface(w, i, 'bridge');
        }, { keepEmpty: true });
        break;
      }
      case 'bond': {
        const bond = def.bond ?? { mode: 'none', interfaces: [] };
        w.element('bond', [['mode', bond.mode === 'none' ? undefined : bond.mode]], () => {
          const m = bond.monitor;
          if (m?.kind === 'mii') {
            w.empty('miimon', [
              ['freq', m.freq],
              ['downdelay', m.downdelay > 0 ? m.downdelay : undefined],
              ['updelay', m.updelay > 0 ? m.updelay : undefined],
              ['carrier', m.carrier],
            ]);
          } else if (m?.kind === 'arp') {
            w.empty('arpmon', [['interval', m.interval], ['target', m.target], ['validate', m.validate]]);
          }
          for (const i of bond.interfaces) writeInterface(w, i, 'bond');
        }, { keepEmpty: true });
        break;
      }
      case 'vlan': {
        const vlan = def.vlan;
        if (!vlan) throw report(ErrorCode.InternalError, 'vlan misses the tag name');
        w.element('vlan', [['tag', vlan.tag]], () => {
          w.empty('interface', [['name', vlan.device]]);
        });
        break;
      }
    }
  }, { keepEmpty: true });
}

function writeProtocol(w: XmlWriter, p: InterfaceProtocolDef): void {
  w.element('protocol', [['family', p.family]], () => {
    if (p.autoconf) w.empty('autoconf');
    if (p.dhcp) {
      let peerdns: string | undefined;
      if (p.peerdns !== undefined) peerdns = p.peerdns ? 'yes' : 'no';
      w.empty('dhcp', [['peerdns', peerdns]]);
    }
    for (const ip of p.ips) {
      if (ip.address === undefined) continue;
      w.empty('ip', [['address', ip.address], ['prefix', ip.prefix !== 0 ? ip.prefix : undefined]]);
    }
    if (p.gateway !== undefined) w.empty('route', [['gateway', p.gateway]]);
  }, { keepEmpty: true });
}

/** A deep copy, for transactions (libvirt clones by formatting and re-parsing). */
export function cloneInterface(def: InterfaceDef): InterfaceDef {
  return structuredClone(def);
}
