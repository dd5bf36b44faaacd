// Virtual network definitions (libvirt's network_conf.c): the typed NetworkDef, its reader with
// libvirt's checks and messages, and the writer that reproduces `net-dumpxml` byte for byte.
import { ErrorCode, ErrorDomain, errorsFrom } from '../util/error.js';
import { parseXml, type XmlEl } from './xml/parse.js';
import { XmlWriter } from './xml/writer.js';
import { checkRange, formatIp, formatMac, ipEqual, ipPrefix, isMulticastMac, maskAddr, parseIp, parseMac, prefixToNetmask, tryParseIp, type IpAddr } from './network/addr.js';
import {
  formatBandwidth,
  formatRoute,
  formatVirtualPort,
  formatVlan,
  parseBandwidth,
  parseRoute,
  parseVirtualPort,
  parseVlan,
  type Bandwidth,
  type Route,
  type VirtualPort,
  type Vlan,
} from './network/netdev.js';
import {
  checkIllegalChars,
  childTextNonEmpty,
  dumpElement,
  elements,
  firstEl,
  prop,
  propEnum,
  propNonEmpty,
  propTristate,
  propUInt,
  propULongLong,
  sanitizeMetadata,
  strToUIntWrap,
  textContent,
  xpathUInt,
  type Tristate,
} from './network/props.js';
import { formatUuid, generateUuid, parseUuid } from './network/uuid.js';

const report = errorsFrom(ErrorDomain.Network);
const reportNone = errorsFrom(ErrorDomain.None);

export const ForwardMode = ['none', 'nat', 'route', 'open', 'bridge', 'private', 'vepa', 'passthrough', 'hostdev'] as const;
export type ForwardMode = (typeof ForwardMode)[number];

export const MacTableManager = ['default', 'kernel', 'libvirt'] as const;
export type MacTableManager = (typeof MacTableManager)[number];

export const ForwardDriverName = ['default', 'kvm', 'vfio'] as const;
export type ForwardDriverName = (typeof ForwardDriverName)[number];

export const LeaseUnit = ['seconds', 'minutes', 'hours'] as const;
export type LeaseUnit = (typeof LeaseUnit)[number];

export interface DhcpLease {
  /** 0 means infinite. */
  expiry: bigint;
  unit: LeaseUnit;
}

export interface DhcpRange {
  start: IpAddr;
  end: IpAddr;
  lease?: DhcpLease;
}

export interface DhcpHost {
  mac?: string;
  id?: string;
  name?: string;
  ip?: IpAddr;
  lease?: DhcpLease;
}

export interface NetworkIp {
  family?: string;
  address: IpAddr;
  netmask?: IpAddr;
  /** 0 when not given. */
  prefix: number;
  localPtr?: Tristate;
  tftpRoot?: string;
  ranges: DhcpRange[];
  hosts: DhcpHost[];
  bootFile?: string;
  bootServer?: IpAddr;
}

export interface DnsForwarder {
  domain?: string;
  addr?: IpAddr;
}

export interface DnsTxt {
  name: string;
  value?: string;
}

export interface DnsSrv {
  service?: string;
  protocol?: string;
  domain?: string;
  target?: string;
  port?: number;
  priority?: number;
  weight?: number;
}

export interface DnsHost {
  ip?: IpAddr;
  names: string[];
}

export interface NetworkDns {
  enable?: Tristate;
  forwardPlainNames?: Tristate;
  forwarders: DnsForwarder[];
  txts: DnsTxt[];
  srvs: DnsSrv[];
  hosts: DnsHost[];
}

export interface PciAddress {
  domain: number;
  bus: number;
  slot: number;
  function: number;
}

export type ForwardIf = { type: 'netdev'; dev: string; connections?: number } | { type: 'pci'; pci: PciAddress };

export interface NetworkForward {
  mode: ForwardMode;
  managed: boolean;
  driverName: ForwardDriverName;
  ifs: ForwardIf[];
  /** At most one physical function. */
  pfs: string[];
  natAddrStart?: IpAddr;
  natAddrEnd?: IpAddr;
  natPortStart: number;
  natPortEnd: number;
  natIPv6?: Tristate;
}

export interface PortGroup {
  name: string;
  isDefault: boolean;
  trustGuestRxFilters?: Tristate;
  vlan?: Vlan;
  virtualPort?: VirtualPort;
  bandwidth?: Bandwidth;
}

export interface NetworkDef {
  name: string;
  uuid: string;
  /** Active guest connections (live XML only). */
  connections?: number;
  /** <network ipv6='yes'> */
  ipv6NoGateway: boolean;
  trustGuestRxFilters?: Tristate;
  metadata?: XmlEl;
  forward: NetworkForward;
  bridge?: string;
  bridgeZone?: string;
  stp: boolean;
  delay: number;
  macTableManager?: Exclude<MacTableManager, 'default'>;
  mtu?: number;
  mac?: string;
  domain?: string;
  domainLocalOnly?: Tristate;
  dns: NetworkDns;
  vlan?: Vlan;
  bandwidth?: Bandwidth;
  isolatedPort?: Tristate;
  ips: NetworkIp[];
  routes: Route[];
  virtualPort?: VirtualPort;
  portGroups: PortGroup[];
}

/** virNetworkXMLFlags */
export const NetworkXMLFlags = {
  INACTIVE: 1 << 0,
} as const;

export function emptyForward(): NetworkForward {
  return { mode: 'none', managed: false, driverName: 'default', ifs: [], pfs: [], natPortStart: 0, natPortEnd: 0 };
}

export function emptyDns(): NetworkDns {
  return { forwarders: [], txts: [], srvs: [], hosts: [] };
}

/** A NetworkDef with libvirt's defaults, for building definitions in code. */
export function newNetworkDef(name: string, uuid: string): NetworkDef {
  return { name, uuid, ipv6NoGateway: false, forward: emptyForward(), stp: true, delay: 0, dns: emptyDns(), ips: [], routes: [], portGroups: [] };
}

// ---------------------------------------------------------------------------------------------
// Reading

/** virNetworkDefParse of a string: the document's root must be <network>. */
export async function parseNetworkXml(text: string): Promise<NetworkDef> {
  const root = await parseXml(text, '(network_definition)', ErrorDomain.Network);
  if (root.name !== 'network') {
    throw errorsFrom(ErrorDomain.Xml)(ErrorCode.XmlError, `expecting root element of 'network', not '${root.name}'`);
  }
  return parseNetworkDef(root);
}

function parseLease(node: XmlEl): DhcpLease | undefined {
  const expiry = propULongLong(node, 'expiry');
  if (expiry === undefined) return undefined;
  const unit = propEnum(node, 'unit', LeaseUnit) ?? 'minutes';
  if (expiry > 0n && ((unit === 'seconds' && expiry < 120n) || (unit === 'minutes' && expiry < 2n))) {
    throw report(ErrorCode.ConfigUnsupported, 'The minimum lease time should be greater than 2 minutes');
  }
  return { expiry, unit };
}

function leaseOf(node: XmlEl): DhcpLease | undefined {
  let lease: DhcpLease | undefined;
  for (const c of elements(node, 'lease')) lease = parseLease(c) ?? lease;
  return lease;
}

function ipDefPrefix(ip: NetworkIp): number {
  return ipPrefix(ip.address, ip.netmask, ip.prefix);
}

/** virNetworkDHCPRangeDefParseXML */
export function parseDhcpRange(net: string, ip: NetworkIp, node: XmlEl): DhcpRange {
  const startS = prop(node, 'start');
  if (startS === undefined) throw report(ErrorCode.XmlError, `Missing 'start' attribute in dhcp range for network '${net}'`);
  const start = parseIp(startS, ErrorDomain.None);
  const endS = prop(node, 'end');
  if (endS === undefined) throw report(ErrorCode.XmlError, `Missing 'end' attribute in dhcp range for network '${net}'`);
  const end = parseIp(endS, ErrorDomain.None);
  checkRange(start, end, ip.address, ipDefPrefix(ip), ErrorDomain.None);
  return { start, end, lease: leaseOf(node) };
}

/** virNetworkDHCPHostDefParseXML; `partial` is the looser form net-update uses to find a host. */
export function parseDhcpHost(net: string, ip: NetworkIp, node: XmlEl, partial: boolean): DhcpHost {
  const mac = prop(node, 'mac');
  if (mac !== undefined) {
    if (ip.address.family === 6) {
      throw report(ErrorCode.XmlError, `Invalid to specify MAC address '${mac}' in network '${net}' IPv6 static host definition`);
    }
    const m = parseMac(mac);
    if (!m) throw report(ErrorCode.XmlError, `Cannot parse MAC address '${mac}' in network '${net}'`);
    if (isMulticastMac(m)) throw report(ErrorCode.XmlError, `expected unicast mac address, found multicast '${mac}' in network '${net}'`);
  }
  const id = prop(node, 'id');
  if (id !== undefined) {
    const bad = /[^0-9a-fA-F:]/.exec(id);
    if (bad) throw report(ErrorCode.XmlError, `Invalid character '${bad[0]}' in id '${id}' of network '${net}'`);
  }
  const name = prop(node, 'name');
  if (name !== undefined && !/^[A-Za-z0-9]/.test(name)) throw report(ErrorCode.XmlError, `Cannot use host name '${name}' in network '${net}'`);
  const ipS = prop(node, 'ip');
  let addr: IpAddr | undefined;
  if (ipS !== undefined) {
    addr = tryParseIp(ipS) ?? undefined;
    if (!addr) throw report(ErrorCode.XmlError, `Invalid IP address in static host definition for network '${net}'`);
  }
  if (partial) {
    if (!(mac || name || ipS)) {
      throw report(ErrorCode.XmlError, `At least one of name, mac, or ip attribute must be specified for static host definition in network '${net}' `);
    }
  } else {
    if (ip.address.family === 6) {
      if (!(id || name)) throw report(ErrorCode.XmlError, `Static host definition in IPv6 network '${net}' must have id or name attribute`);
    } else if (!(mac || name)) {
      throw report(ErrorCode.XmlError, `Static host definition in IPv4 network '${net}' must have mac or name attribute`);
    }
    if (ipS === undefined) throw report(ErrorCode.XmlError, `Missing IP address in static host definition for network '${net}'`);
  }
  return { mac, id, name, ip: addr, lease: leaseOf(node) };
}

function parseDhcp(net: string, node: XmlEl, ip: NetworkIp): void {
  for (const c of elements(node)) {
    if (c.name === 'range') ip.ranges.push(parseDhcpRange(net, ip, c));
    else if (c.name === 'host') ip.hosts.push(parseDhcpHost(net, ip, c, false));
    else if (c.name === 'bootp' && ip.address.family === 4) {
      const file = prop(c, 'file');
      if (file === undefined) continue;
      const server = prop(c, 'server');
      ip.bootServer = server !== undefined ? parseIp(server, ErrorDomain.None) : undefined;
      ip.bootFile = file;
    }
  }
}

/** virNetworkDNSHostDefParseXML */
export function parseDnsHost(net: string, node: XmlEl, partial: boolean): DnsHost {
  const ipS = prop(node, 'ip');
  if (ipS === undefined && !partial) throw report(ErrorCode.XmlDetail, `Missing IP address in network '${net}' DNS HOST record`);
  const host: DnsHost = { names: [] };
  if (ipS !== undefined) {
    const a = tryParseIp(ipS);
    if (!a) throw report(ErrorCode.XmlDetail, `Invalid IP address in network '${net}' DNS HOST record`);
    host.ip = a;
  }
  for (const c of elements(node, 'hostname')) {
    if (c.children.length === 0) continue;
    const name = textContent(c);
    if (name === '') throw report(ErrorCode.XmlDetail, `Missing hostname in network '${net}' DNS HOST record`);
    host.names.push(name);
  }
  if (host.names.length === 0 && !partial) throw report(ErrorCode.XmlDetail, `Missing hostname in network '${net}' DNS HOST record`);
  if (!host.ip && host.names.length === 0) throw report(ErrorCode.XmlDetail, `Missing ip and hostname in network '${net}' DNS HOST record`);
  return host;
}

const SERVICE_CHARS = /^[A-Za-z0-9_\-+/*]*$/;
const PROTOCOL_CHARS = /^[A-Za-z0-9\-+/]*$/;
const DNS_RECORD_LENGTH_SRV = 512 - 30;

/** virNetworkDNSSrvDefParseXML */
export function parseDnsSrv(net: string, node: XmlEl, partial: boolean): DnsSrv {
  const srv: DnsSrv = {};
  srv.service = prop(node, 'service');
  if (srv.service === undefined && !partial) {
    throw report(ErrorCode.XmlDetail, `missing required service attribute in DNS SRV record of network '${net}'`);
  }
  if (srv.service !== undefined) {
    if (srv.service.length > DNS_RECORD_LENGTH_SRV) {
      throw report(ErrorCode.XmlDetail, `service attribute '${srv.service}' in network '${net}' is too long, limit is ${DNS_RECORD_LENGTH_SRV} bytes`);
    }
    if (!SERVICE_CHARS.test(srv.service)) {
      throw report(ErrorCode.XmlDetail, `invalid character in service attribute '${srv.service}' in DNS SRV record of network '${net}'`);
    }
  }
  srv.protocol = prop(node, 'protocol');
  if (srv.protocol === undefined && !partial) {
    throw report(ErrorCode.XmlDetail, `missing required protocol attribute in DNS SRV record '${srv.service ?? '(null)'}' of network '${net}'`);
  }
  if (srv.protocol !== undefined && !PROTOCOL_CHARS.test(srv.protocol)) {
    throw report(ErrorCode.XmlDetail, `invalid character in protocol attribute '${srv.protocol}' in DNS SRV record of network '${net}'`);
  }
  srv.domain = prop(node, 'domain');
  srv.target = prop(node, 'target');
  const svc = srv.service ?? '(null)';
  const num = (attr: 'port' | 'priority' | 'weight', lo: number, invalid: string) => {
    const v = xpathUInt(node, attr);
    if (v !== undefined && v !== null && srv.target === undefined) {
      throw report(ErrorCode.XmlDetail, `DNS SRV ${attr} attribute not permitted without target for service '${svc}' in network '${net}'`);
    }
    if (v === null || (v !== undefined && (v < lo || v > 65535))) {
      throw report(ErrorCode.XmlDetail, `${invalid} DNS SRV ${attr} attribute for service '${svc}' in network '${net}'`);
    }
    if (v !== undefined) srv[attr] = v;
  };
  num('port', 1, 'invalid');
  num('priority', 0, 'Invalid');
  num('weight', 0, 'invalid');
  return srv;
}

/** virNetworkDNSTxtDefParseXML */
export function parseDnsTxt(net: string, node: XmlEl, partial: boolean): DnsTxt {
  const name = prop(node, 'name');
  if (name === undefined) throw report(ErrorCode.XmlDetail, `missing required name attribute in DNS TXT record of network ${net}`);
  if (/[ ,]/.test(name)) throw report(ErrorCode.XmlDetail, `prohibited character in DNS TXT record name '${name}' of network ${net}`);
  const value = prop(node, 'value');
  if (value === undefined && !partial) throw report(ErrorCode.XmlDetail, `missing required value attribute in DNS TXT record named '${name}' of network ${net}`);
  return { name, value };
}

function parseDns(net: string, node: XmlEl): NetworkDns {
  const dns = emptyDns();
  dns.enable = propTristate(node, 'enable');
  dns.forwardPlainNames = propTristate(node, 'forwardPlainNames');
  for (const f of elements(node, 'forwarder')) {
    const addrS = prop(f, 'addr');
    const fwd: DnsForwarder = {};
    if (addrS !== undefined) {
      const a = tryParseIp(addrS);
      if (!a) throw report(ErrorCode.XmlError, `Invalid forwarder IP address '${addrS}' in network '${net}'`);
      fwd.addr = a;
    }
    fwd.domain = prop(f, 'domain');
    if (addrS === undefined && fwd.domain === undefined) {
      throw report(ErrorCode.XmlError, 'Invalid forwarder element, must contain at least one of addr or domain');
    }
    dns.forwarders.push(fwd);
  }
  for (const h of elements(node, 'host')) dns.hosts.push(parseDnsHost(net, h, false));
  for (const s of elements(node, 'srv')) dns.srvs.push(parseDnsSrv(net, s, false));
  for (const t of elements(node, 'txt')) dns.txts.push(parseDnsTxt(net, t, false));
  if (dns.enable === 'no' && (dns.forwarders.length || dns.hosts.length || dns.srvs.length || dns.txts.length)) {
    throw report(ErrorCode.XmlError, `Extra data in disabled network '${net}'`);
  }
  return dns;
}

/** virNetworkIPDefParseXML */
export function parseNetworkIp(net: string, node: XmlEl): NetworkIp {
  const family = propNonEmpty(node, 'family');
  const addressS = propNonEmpty(node, 'address');
  if (addressS === undefined) throw report(ErrorCode.XmlError, `Missing required address attribute in network '${net}'`);
  const address = tryParseIp(addressS);
  if (!address) throw report(ErrorCode.XmlError, `Invalid address '${addressS}' in network '${net}'`);
  const netmaskS = propNonEmpty(node, 'netmask');
  let netmask: IpAddr | undefined;
  if (netmaskS !== undefined) {
    netmask = tryParseIp(netmaskS) ?? undefined;
    if (!netmask) throw report(ErrorCode.XmlError, `Invalid netmask '${netmaskS}' in network '${net}'`);
  }
  const prefix = propUInt(node, 'prefix') ?? 0;
  const localPtr = propTristate(node, 'localPtr');
  if (family === undefined || family === 'ipv4') {
    if (address.family !== 4) {
      throw report(ErrorCode.ConfigUnsupported, `${family === undefined ? 'no' : 'ipv4'} family specified for non-IPv4 address '${addressS}' in network '${net}'`);
    }
    if (netmaskS !== undefined) {
      if (netmask!.family !== 4) {
        throw report(ErrorCode.ConfigUnsupported, `Invalid netmask '${netmaskS}' for address '${addressS}' in network '${net}' (both must be IPv4)`);
      }
      if (prefix > 0) throw report(ErrorCode.ConfigUnsupported, `Network '${net}' IP address cannot have both a prefix and a netmask`);
    } else if (prefix > 32) {
      throw report(ErrorCode.ConfigUnsupported, `Invalid IPv4 prefix '${prefix}' in network '${net}'`);
    }
  } else if (family === 'ipv6') {
    if (address.family !== 6) throw report(ErrorCode.ConfigUnsupported, `Family 'ipv6' specified for non-IPv6 address '${addressS}' in network '${net}'`);
    if (netmaskS !== undefined) throw report(ErrorCode.ConfigUnsupported, `netmask not allowed for IPv6 address '${addressS}' in network '${net}'`);
    if (prefix > 128) throw report(ErrorCode.ConfigUnsupported, `Invalid IPv6 prefix '${prefix}' in network '${net}'`);
  } else {
    throw report(ErrorCode.XmlError, `Unrecognized family '${family}' in network '${net}'`);
  }
  const ip: NetworkIp = { family, address, netmask, prefix, localPtr, ranges: [], hosts: [] };
  const dhcp = firstEl(node, 'dhcp');
  if (dhcp) parseDhcp(net, dhcp, ip);
  const tftp = firstEl(node, 'tftp');
  if (tftp) {
    if (address.family !== 4) throw report(ErrorCode.ConfigUnsupported, `Unsupported <tftp> element in an IPv6 element in network '${net}'`);
    ip.tftpRoot = propNonEmpty(tftp, 'root');
  }
  return ip;
}

function parsePci(node: XmlEl): PciAddress {
  const a: PciAddress = {
    domain: propUInt(node, 'domain', {}, 0) ?? 0,
    bus: propUInt(node, 'bus', {}, 0) ?? 0,
    slot: propUInt(node, 'slot', {}, 0) ?? 0,
    function: propUInt(node, 'function', {}, 0) ?? 0,
  };
  propEnum(node, 'multifunction', ['absent', 'on', 'off'] as const, { nonzero: true });
  const empty = !(a.domain || a.bus || a.slot);
  if (!empty) {
    const r = reportNone;
    if (a.bus > 0xff) throw r(ErrorCode.XmlError, `Invalid PCI address bus='0x${a.bus.toString(16)}', must be <= 0xFF`);
    if (a.slot > 0x1f) throw r(ErrorCode.XmlError, `Invalid PCI address slot='0x${a.slot.toString(16)}', must be <= 0x1F`);
    if (a.function > 7) throw r(ErrorCode.XmlError, `Invalid PCI address function=0x${a.function.toString(16)}, must be <= 7`);
  }
  return a;
}

/** virPortGroupParseXML */
export function parsePortGroup(node: XmlEl): PortGroup {
  const name = propNonEmpty(node, 'name');
  if (name === undefined) throw report(ErrorCode.XmlError, 'Missing required name attribute in portgroup');
  const isDefault = (propNonEmpty(node, 'default') ?? '').toLowerCase() === 'yes';
  const pg: PortGroup = { name, isDefault, trustGuestRxFilters: propTristate(node, 'trustGuestRxFilters') };
  const vp = firstEl(node, 'virtualport');
  if (vp) pg.virtualPort = parseVirtualPort(vp, false);
  const bw = firstEl(node, 'bandwidth');
  if (bw) pg.bandwidth = parseBandwidth(bw, false);
  const vlan = firstEl(node, 'vlan');
  if (vlan) pg.vlan = parseVlan(vlan);
  return pg;
}

function parseNat(net: string, node: XmlEl, fwd: NetworkForward): void {
  if (fwd.mode !== 'nat') {
    throw report(ErrorCode.XmlError, `The <nat> element can only be used when <forward> 'mode' is 'nat' in network ${net}`);
  }
  fwd.natIPv6 = propTristate(node, 'ipv6');
  const addrs = elements(node, 'address');
  let startS: string | undefined;
  let endS: string | undefined;
  if (addrs.length > 1) throw report(ErrorCode.XmlError, `Only one <address> element is allowed in <nat> in <forward> in network ${net}`);
  if (addrs.length === 1) {
    startS = prop(addrs[0], 'start');
    if (startS === undefined) throw report(ErrorCode.XmlError, `missing 'start' attribute in <address> element in <nat> in <forward> in network ${net}`);
    endS = prop(addrs[0], 'end');
    if (endS === undefined) throw report(ErrorCode.XmlError, `missing 'end' attribute in <address> element in <nat> in <forward> in network ${net}`);
  }
  if (startS !== undefined) {
    fwd.natAddrStart = tryParseIp(startS, 4) ?? undefined;
    if (!fwd.natAddrStart) throw report(ErrorCode.XmlError, `Bad ipv4 start address '${startS}' in <nat> in <forward> in network '${net}'`);
  }
  if (endS !== undefined) {
    fwd.natAddrEnd = tryParseIp(endS, 4) ?? undefined;
    if (!fwd.natAddrEnd) throw report(ErrorCode.XmlError, `Bad ipv4 end address '${endS}' in <nat> in <forward> in network '${net}'`);
  }
  if (fwd.natAddrStart && fwd.natAddrEnd) checkRange(fwd.natAddrStart, fwd.natAddrEnd, undefined, 0, ErrorDomain.None);
  const ports = elements(node, 'port');
  if (ports.length > 1) throw report(ErrorCode.XmlError, `Only one <port> element is allowed in <nat> in <forward> in network ${net}`);
  if (ports.length === 1) {
    const s = xpathUInt(ports[0], 'start');
    if (s === undefined || s === null || s > 65535) {
      throw report(ErrorCode.XmlDetail, `Missing or invalid 'start' attribute in <port> in <nat> in <forward> in network ${net}`);
    }
    fwd.natPortStart = s;
    const e = xpathUInt(ports[0], 'end');
    if (e === undefined || e === null || e > 65535 || e < s) {
      throw report(ErrorCode.XmlDetail, `Missing or invalid 'end' attribute in <port> in <nat> in <forward> in network ${net}`);
    }
    fwd.natPortEnd = e;
  }
}

function parseForward(net: string, node: XmlEl): NetworkForward {
  const fwd = emptyForward();
  const modeS = propNonEmpty(node, 'mode');
  if (modeS === undefined) fwd.mode = 'nat';
  else {
    if (!ForwardMode.includes(modeS as ForwardMode)) throw report(ErrorCode.ConfigUnsupported, `unknown forwarding type '${modeS}'`);
    fwd.mode = modeS as ForwardMode;
  }
  fwd.managed = (propNonEmpty(node, 'managed') ?? '').toLowerCase() === 'yes';
  const driverS = propNonEmpty(firstEl(node, 'driver'), 'name');
  if (driverS !== undefined) {
    const i = ForwardDriverName.indexOf(driverS as ForwardDriverName);
    if (i <= 0) throw report(ErrorCode.ConfigUnsupported, `Unknown forward <driver name='${driverS}'/> in network ${net}`);
    fwd.driverName = ForwardDriverName[i];
  }
  const ifNodes = elements(node, 'interface');
  const addrNodes = elements(node, 'address');
  const pfNodes = elements(node, 'pf');
  const natNodes = elements(node, 'nat');
  if (natNodes.length > 1) throw report(ErrorCode.XmlError, `Only one <nat> element is allowed in <forward> of network ${net}`);
  if (natNodes.length === 1) parseNat(net, natNodes[0], fwd);
  const dev = propNonEmpty(node, 'dev');
  if (dev !== undefined && (addrNodes.length > 0 || pfNodes.length > 0)) {
    // libvirt's message has a stray "%s" that is never filled in.
    throw report(ErrorCode.XmlError, "the <forward> 'dev' attribute cannot be used when <address> or <pf> sub-elements are present in network %s");
  }
  if (ifNodes.length > 0 || dev !== undefined) {
    if (dev !== undefined) fwd.ifs.push({ type: 'netdev', dev });
    ifNodes.forEach((n, i) => {
      const d = prop(n, 'dev');
      if (d === undefined) throw report(ErrorCode.XmlError, `Missing required dev attribute in <forward> <interface> element of network ${net}`);
      if (i === 0 && dev !== undefined) {
        if (d !== dev) throw report(ErrorCode.XmlError, `<forward dev='${dev}'> must match first <interface dev='${d}'/> in network ${net}`);
        return;
      }
      if (fwd.ifs.some((x) => x.type === 'netdev' && x.dev === d)) {
        throw report(ErrorCode.XmlError, `interface '${d}' can only be listed once in network ${net}`);
      }
      fwd.ifs.push({ type: 'netdev', dev: d });
    });
  } else if (addrNodes.length > 0) {
    for (const n of addrNodes) {
      const t = prop(n, 'type');
      if (t === undefined) throw report(ErrorCode.XmlError, `missing address type in network ${net}`);
      if (!['none', 'pci', 'netdev'].includes(t)) throw report(ErrorCode.ConfigUnsupported, `unknown address type '${t}' in network ${net}`);
      if (t !== 'pci') throw report(ErrorCode.XmlError, `unsupported address type '${t}' in network ${net}`);
      const pci = parsePci(n);
      const dup = fwd.ifs.some((x) => x.type === 'pci' && x.pci.domain === pci.domain && x.pci.bus === pci.bus && x.pci.slot === pci.slot && x.pci.function === pci.function);
      if (dup) {
        const hex = (v: number, w: number) => v.toString(16).padStart(w, '0');
        throw report(ErrorCode.XmlError, `PCI device '${hex(pci.domain, 4)}:${hex(pci.bus, 2)}:${hex(pci.slot, 2)}.${pci.function.toString(16)}' can only be listed once in network ${net}`);
      }
      fwd.ifs.push({ type: 'pci', pci });
    }
  } else if (pfNodes.length > 1) {
    throw report(ErrorCode.XmlError, `Only one <pf> element is allowed in <forward> of network ${net}`);
  } else if (pfNodes.length === 1) {
    const d = prop(pfNodes[0], 'dev');
    if (d === undefined) throw report(ErrorCode.XmlError, `Missing required dev attribute in <pf> element of network '${net}'`);
    fwd.pfs.push(d);
  }
  return fwd;
}

/** virNetworkDefParseXML: `root` is a <network> element. */
export function parseNetworkDef(root: XmlEl): NetworkDef {
  const name = childTextNonEmpty(root, 'name');
  if (name === undefined) throw report(ErrorCode.NoName, null);
  checkIllegalChars('name', name, '/', ErrorDomain.Xml);
  const uuidS = childTextNonEmpty(root, 'uuid');
  let uuid: string;
  if (uuidS === undefined) uuid = generateUuid();
  else {
    const u = parseUuid(uuidS);
    if (!u) throw report(ErrorCode.InternalError, 'malformed uuid element');
    uuid = u;
  }
  const def = newNetworkDef(name, uuid);
  const ipv6 = propNonEmpty(root, 'ipv6');
  if (ipv6 !== undefined) {
    if (ipv6 !== 'yes' && ipv6 !== 'no') throw report(ErrorCode.XmlError, `Invalid ipv6 setting '${ipv6}' in network '${name}'`);
    def.ipv6NoGateway = ipv6 === 'yes';
  }
  def.trustGuestRxFilters = propTristate(root, 'trustGuestRxFilters');
  const domainNode = firstEl(root, 'domain');
  def.domain = prop(domainNode, 'name');
  def.domainLocalOnly = propTristate(domainNode, 'localOnly');
  const bw = elements(root, 'bandwidth')[0];
  if (bw) def.bandwidth = parseBandwidth(bw, false);
  const vlan = firstEl(root, 'vlan');
  if (vlan) def.vlan = parseVlan(vlan);
  def.isolatedPort = propTristate(firstEl(root, 'port'), 'isolated');

  const bridge = firstEl(root, 'bridge');
  def.bridge = propNonEmpty(bridge, 'name');
  def.bridgeZone = propNonEmpty(bridge, 'zone');
  const stp = propNonEmpty(bridge, 'stp');
  def.stp = stp !== 'off';
  const delayS = propNonEmpty(bridge, 'delay');
  if (delayS !== undefined) {
    const d = strToUIntWrap(delayS);
    if (d === null || /-/.test(delayS)) throw report(ErrorCode.XmlError, `Invalid delay value in network '${name}'`);
    def.delay = d;
  }
  const mtm = propNonEmpty(bridge, 'macTableManager');
  if (mtm !== undefined) {
    const i = MacTableManager.indexOf(mtm as MacTableManager);
    if (i <= 0) throw report(ErrorCode.XmlError, `Invalid macTableManager setting '${mtm}' in network '${name}'`);
    def.macTableManager = MacTableManager[i] as NetworkDef['macTableManager'];
  }
  const macS = propNonEmpty(firstEl(root, 'mac'), 'address');
  if (macS !== undefined) {
    const m = parseMac(macS);
    if (!m) throw report(ErrorCode.XmlError, `Invalid bridge mac address '${macS}' in network '${name}'`);
    if (isMulticastMac(m)) throw report(ErrorCode.XmlError, `Invalid multicast bridge mac address '${macS}' in network '${name}'`);
    def.mac = formatMac(m);
  }
  const mtuS = propNonEmpty(firstEl(root, 'mtu'), 'size');
  if (mtuS !== undefined) {
    const m = strToUIntWrap(mtuS);
    if (m === null) throw report(ErrorCode.XmlError, `Invalid mtu size '${mtuS}' in network '${name}'`);
    def.mtu = m;
  }
  const dns = firstEl(root, 'dns');
  if (dns) def.dns = parseDns(name, dns);
  const vp = firstEl(root, 'virtualport');
  if (vp) def.virtualPort = parseVirtualPort(vp, true);
  for (const pg of elements(root, 'portgroup')) def.portGroups.push(parsePortGroup(pg));
  for (const ip of elements(root, 'ip')) def.ips.push(parseNetworkIp(name, ip));
  for (const r of elements(root, 'route')) def.routes.push(parseRoute(name, r));
  for (const r of def.routes) {
    // a static route's gateway must be reachable directly on one of the network's subnets
    const reachable = def.ips.some((ip) => {
      if (ip.address.family !== r.gateway.family) return false;
      const mask = prefixToNetmask(ipDefPrefix(ip), ip.address.family);
      return !!mask && ipEqual(maskAddr(ip.address, mask), maskAddr(r.gateway, mask));
    });
    if (!reachable) {
      throw report(ErrorCode.ConfigUnsupported, `unreachable static route gateway '${formatIp(r.gateway)}' specified for network '${name}'`);
    }
  }
  const fwdNode = firstEl(root, 'forward');
  if (fwdNode) def.forward = parseForward(name, fwdNode);
  validateForward(def, stp !== undefined);
  const meta = firstEl(root, 'metadata');
  if (meta) def.metadata = sanitizeMetadata(meta);
  return def;
}

/** The checks of a forward mode against the rest of the definition. */
function validateForward(def: NetworkDef, stpGiven: boolean): void {
  const mode = def.forward.mode;
  const name = def.name;
  switch (mode) {
    case 'none':
      break;
    case 'route':
    case 'nat':
    case 'open':
      if (def.ips.length === 0) throw report(ErrorCode.XmlError, `${mode} forwarding requested, but no IP address provided for network '${name}'`);
      if (def.forward.ifs.length > 1) throw report(ErrorCode.XmlError, `multiple forwarding interfaces specified for network '${name}', only one is supported`);
      if (mode === 'open' && def.forward.ifs.length) {
        throw report(ErrorCode.XmlError, `forward dev not allowed for network '${name}' with forward mode='${mode}'`);
      }
      break;
    case 'private':
    case 'vepa':
    case 'passthrough':
    case 'hostdev':
    case 'bridge':
      if (mode !== 'bridge') {
        if (def.bridge) throw report(ErrorCode.XmlError, `bridge name not allowed in ${mode} mode (network '${name}')`);
        if (def.bridgeZone) throw report(ErrorCode.XmlError, `bridge zone not allowed in ${mode} mode (network '${name}')`);
        if (def.macTableManager) throw report(ErrorCode.XmlError, `bridge macTableManager setting not allowed in ${mode} mode (network '${name}')`);
      }
      if (def.delay || stpGiven || def.bridgeZone) {
        throw report(ErrorCode.XmlError, `bridge delay/stp/zone options only allowed in route, nat, and isolated mode, not in ${mode} (network '${name}')`);
      }
      if (def.bridge && (def.forward.ifs.length || def.forward.pfs.length)) {
        throw report(ErrorCode.XmlError, `A network with forward mode='${mode}' can specify a bridge name or a forward dev, but not both (network '${name}')`);
      }
      break;
    default:
      assertNever(mode);
  }
  if (def.mtu && !['none', 'nat', 'route', 'open'].includes(mode)) {
    throw report(ErrorCode.XmlError, `mtu size only allowed in open, route, nat, and isolated mode, not in ${mode} (network '${name}')`);
  }
}

function assertNever(x: never): never {
  throw new Error(`unexpected value ${String(x)}`);
}

// ---------------------------------------------------------------------------------------------
// Writing

function formatLease(w: XmlWriter, lease: DhcpLease): void {
  if (lease.expiry === 0n) w.empty('lease', [['expiry', '0']]);
  else w.empty('lease', [['expiry', lease.expiry], ['unit', lease.unit]]);
}

export function formatDhcpHost(w: XmlWriter, h: DhcpHost): void {
  const attrs: [string, string | undefined][] = [['mac', h.mac], ['id', h.id], ['name', h.name], ['ip', h.ip ? formatIp(h.ip) : undefined]];
  if (h.lease) w.element('host', attrs, () => formatLease(w, h.lease!));
  else w.empty('host', attrs);
}

function formatIpDef(w: XmlWriter, ip: NetworkIp): void {
  const attrs: [string, string | number | undefined][] = [
    ['family', ip.family],
    ['address', formatIp(ip.address)],
    ['netmask', ip.netmask ? formatIp(ip.netmask) : undefined],
    ['prefix', ip.prefix > 0 ? ip.prefix : undefined],
    ['localPtr', ip.localPtr],
  ];
  w.element(
    'ip',
    attrs,
    () => {
      if (ip.tftpRoot !== undefined) w.empty('tftp', [['root', ip.tftpRoot]]);
      if (ip.ranges.length || ip.hosts.length) {
        w.element('dhcp', undefined, () => {
          for (const r of ip.ranges) {
            const ra: [string, string][] = [['start', formatIp(r.start)], ['end', formatIp(r.end)]];
            if (r.lease) w.element('range', ra, () => formatLease(w, r.lease!));
            else w.empty('range', ra);
          }
          for (const h of ip.hosts) formatDhcpHost(w, h);
          if (ip.bootFile !== undefined) w.empty('bootp', [['file', ip.bootFile], ['server', ip.bootServer ? formatIp(ip.bootServer) : undefined]]);
        });
      }
    },
    { keepEmpty: true },
  );
}

function formatDns(w: XmlWriter, dns: NetworkDns): void {
  const any = dns.forwarders.length || dns.hosts.length || dns.srvs.length || dns.txts.length;
  if (!(dns.enable || dns.forwardPlainNames || any)) return;
  w.element('dns', [['enable', dns.enable], ['forwardPlainNames', dns.forwardPlainNames]], () => {
    for (const f of dns.forwarders) w.empty('forwarder', [['domain', f.domain], ['addr', f.addr ? formatIp(f.addr) : undefined]]);
    for (const t of dns.txts) w.empty('txt', [['name', t.name], ['value', t.value]]);
    for (const s of dns.srvs) {
      if (s.service === undefined || s.protocol === undefined) continue;
      w.empty('srv', [
        ['service', s.service],
        ['protocol', s.protocol],
        ['domain', s.domain],
        ['target', s.target],
        ['port', s.port || undefined],
        ['priority', s.priority || undefined],
        ['weight', s.weight || undefined],
      ]);
    }
    for (const h of dns.hosts) {
      w.element(
        'host',
        [['ip', h.ip ? formatIp(h.ip) : '']],
        () => {
          for (const n of h.names) w.text('hostname', n);
        },
        { keepEmpty: true },
      );
    }
  });
}

function formatPortGroup(w: XmlWriter, pg: PortGroup): void {
  w.element(
    'portgroup',
    [['name', pg.name], ['default', pg.isDefault ? 'yes' : undefined], ['trustGuestRxFilters', pg.trustGuestRxFilters]],
    () => {
      formatVlan(w, pg.vlan);
      formatVirtualPort(w, pg.virtualPort);
      formatBandwidth(w, pg.bandwidth);
    },
    { keepEmpty: true },
  );
}

function formatPci(w: XmlWriter, a: PciAddress): void {
  const hex = (v: number, width: number) => `0x${v.toString(16).padStart(width, '0')}`;
  w.empty('address', [['type', 'pci'], ['domain', hex(a.domain, 4)], ['bus', hex(a.bus, 2)], ['slot', hex(a.slot, 2)], ['function', `0x${a.function}`]]);
}

function formatForward(w: XmlWriter, def: NetworkDef, flags: number): void {
  const fwd = def.forward;
  if (fwd.mode === 'none') return;
  const first = fwd.ifs[0];
  const dev = !fwd.pfs.length && first?.type === 'netdev' ? first.dev : undefined;
  const attrs: [string, string | undefined][] = [['dev', dev], ['mode', fwd.mode]];
  if (fwd.mode === 'hostdev') attrs.push(['managed', fwd.managed ? 'yes' : 'no']);
  const short = !(fwd.ifs.length || fwd.pfs.length || fwd.natAddrStart || fwd.natAddrEnd || fwd.natPortStart || fwd.natPortEnd || fwd.driverName !== 'default' || fwd.natIPv6);
  if (short) {
    w.empty('forward', attrs);
    return;
  }
  w.element(
    'forward',
    attrs,
    () => {
      if (fwd.driverName !== 'default') w.empty('driver', [['name', fwd.driverName]]);
      if (fwd.mode === 'nat') formatNat(w, fwd);
      if (fwd.pfs.length) w.empty('pf', [['dev', fwd.pfs[0]]]);
      if (fwd.ifs.length && (!fwd.pfs.length || !(flags & NetworkXMLFlags.INACTIVE))) {
        for (const i of fwd.ifs) {
          if (i.type === 'netdev') {
            const conns = !(flags & NetworkXMLFlags.INACTIVE) && i.connections ? i.connections : undefined;
            w.empty('interface', [['dev', i.dev], ['connections', conns]]);
          } else formatPci(w, i.pci);
        }
      }
    },
    { keepEmpty: true },
  );
}

function formatNat(w: XmlWriter, fwd: NetworkForward): void {
  const hasAddr = fwd.natAddrStart || fwd.natAddrEnd;
  const hasPort = fwd.natPortStart || fwd.natPortEnd;
  if (!hasAddr && !hasPort && !fwd.natIPv6) return;
  const attrs: [string, string | undefined][] = [['ipv6', fwd.natIPv6]];
  if (!hasAddr && !hasPort) {
    w.empty('nat', attrs);
    return;
  }
  w.element('nat', attrs, () => {
    if (fwd.natAddrStart) w.empty('address', [['start', formatIp(fwd.natAddrStart)], ['end', fwd.natAddrEnd ? formatIp(fwd.natAddrEnd) : undefined]]);
    if (hasPort) w.empty('port', [['start', fwd.natPortStart], ['end', fwd.natPortEnd || undefined]]);
  });
}

/** virNetworkDefFormat */
export function formatNetworkDef(def: NetworkDef, flags = 0): string {
  const w = new XmlWriter();
  const rootAttrs: [string, string | number | undefined][] = [
    ['connections', !(flags & NetworkXMLFlags.INACTIVE) && def.connections ? def.connections : undefined],
    ['ipv6', def.ipv6NoGateway ? 'yes' : undefined],
    ['trustGuestRxFilters', def.trustGuestRxFilters],
  ];
  w.element(
    'network',
    rootAttrs,
    () => {
      w.text('name', def.name);
      w.text('uuid', formatUuid(def.uuid));
      if (def.metadata) w.raw(`${dumpElement(def.metadata, w.indent / 2)}\n`);
      formatForward(w, def, flags);
      const hasBridge = ['none', 'nat', 'route', 'open'].includes(def.forward.mode);
      if (hasBridge || def.bridge || def.macTableManager) {
        w.empty('bridge', [
          ['name', def.bridge],
          ['zone', def.bridgeZone],
          ['stp', hasBridge ? (def.stp ? 'on' : 'off') : undefined],
          ['delay', hasBridge ? def.delay : undefined],
          ['macTableManager', def.macTableManager],
        ]);
      }
      if (def.mtu) w.empty('mtu', [['size', def.mtu]]);
      if (def.mac) w.empty('mac', [['address', def.mac]]);
      if (def.domain !== undefined) w.empty('domain', [['name', def.domain], ['localOnly', def.domainLocalOnly]]);
      formatDns(w, def.dns);
      formatVlan(w, def.vlan);
      formatBandwidth(w, def.bandwidth);
      if (def.isolatedPort) w.empty('port', [['isolated', def.isolatedPort]]);
      for (const ip of def.ips) formatIpDef(w, ip);
      for (const r of def.routes) formatRoute(w, r);
      formatVirtualPort(w, def.virtualPort);
      for (const pg of def.portGroups) formatPortGroup(w, pg);
    },
    { keepEmpty: true },
  );
  return w.toString();
}

/** A deep copy (virNetworkDefCopy), for keeping a persistent definition apart from the live one. */
export function copyNetworkDef(def: NetworkDef): NetworkDef {
  return structuredClone(def);
}
