// Pieces of network XML shared by networks, portgroups and (later) domain interfaces:
// <bandwidth>, <vlan>, <virtualport> and <route> (libvirt's netdev_*_conf.c and
// networkcommon_conf.c). Each has a typed form, a reader with libvirt's checks and a writer.
import { ErrorCode, ErrorDomain, errorsFrom } from '../../util/error.js';
import type { XmlEl } from '../xml/parse.js';
import type { XmlWriter } from '../xml/writer.js';
import { formatIp, ipEqual, maskAddr, parseIp, prefixToNetmask, type IpAddr } from './addr.js';
import { elements, firstEl, prop, propEnum, propUInt, strToULL, strToUIntWrap } from './props.js';
import { formatUuid, parseUuid } from './uuid.js';

const reportNone = errorsFrom(ErrorDomain.None);
const reportNet = errorsFrom(ErrorDomain.Network);

// --- <bandwidth> ---

export interface BandwidthRate {
  average?: bigint;
  peak?: bigint;
  burst?: bigint;
  floor?: bigint;
}

export interface Bandwidth {
  inbound?: BandwidthRate;
  outbound?: BandwidthRate;
}

function parseRate(node: XmlEl): BandwidthRate {
  const num = (name: string): bigint | undefined => {
    const s = prop(node, name);
    if (s === undefined) return undefined;
    const v = strToULL(s, { positive: true });
    if (v === null) throw reportNone(ErrorCode.ConfigUnsupported, `could not convert bandwidth ${name} value '${s}'`);
    return v;
  };
  const averageS = prop(node, 'average');
  const floorS = prop(node, 'floor');
  const rate: BandwidthRate = {};
  if (averageS !== undefined) rate.average = num('average');
  else if (floorS === undefined) throw reportNone(ErrorCode.XmlDetail, 'Missing mandatory average or floor attributes');
  if ((prop(node, 'peak') !== undefined || prop(node, 'burst') !== undefined) && averageS === undefined) {
    throw reportNone(ErrorCode.ConfigUnsupported, "'peak' and 'burst' require 'average' attribute");
  }
  rate.peak = num('peak');
  rate.burst = num('burst');
  rate.floor = num('floor');
  return rate;
}

/** virNetDevBandwidthParse; undefined when neither direction is given. */
export function parseBandwidth(node: XmlEl, allowFloor: boolean): Bandwidth | undefined {
  if (prop(node, 'classID') !== undefined) {
    throw reportNone(ErrorCode.XmlDetail, 'classID attribute not supported on <bandwidth> in this usage context');
  }
  let inNode: XmlEl | undefined;
  let outNode: XmlEl | undefined;
  for (const c of elements(node)) {
    if (c.name === 'inbound') {
      if (inNode) throw reportNone(ErrorCode.XmlDetail, 'Only one child <inbound> element allowed');
      inNode = c;
    } else if (c.name === 'outbound') {
      if (outNode) throw reportNone(ErrorCode.XmlDetail, 'Only one child <outbound> element allowed');
      outNode = c;
    }
  }
  const bw: Bandwidth = {};
  if (inNode) {
    bw.inbound = parseRate(inNode);
    if (bw.inbound.floor && !allowFloor) throw reportNone(ErrorCode.ConfigUnsupported, 'floor attribute is not supported for this config');
  }
  if (outNode) {
    bw.outbound = parseRate(outNode);
    if (bw.outbound.floor) throw reportNone(ErrorCode.ConfigUnsupported, "'floor' attribute allowed only in <inbound> element");
  }
  return bw.inbound || bw.outbound ? bw : undefined;
}

function nz(v: bigint | undefined): bigint | undefined {
  return v ? v : undefined;
}

export function formatBandwidth(w: XmlWriter, bw: Bandwidth | undefined): void {
  if (!bw) return;
  w.element(
    'bandwidth',
    undefined,
    () => {
      for (const [name, r] of [['inbound', bw.inbound], ['outbound', bw.outbound]] as const) {
        if (!r || !(r.average || r.floor)) continue;
        w.empty(name, [['average', nz(r.average)], ['peak', nz(r.peak)], ['floor', nz(r.floor)], ['burst', nz(r.burst)]]);
      }
    },
    { keepEmpty: true },
  );
}

// --- <vlan> ---

export const NativeVlanMode = ['default', 'tagged', 'untagged'] as const;
export type NativeVlanMode = (typeof NativeVlanMode)[number];

export interface Vlan {
  tags: number[];
  trunk: boolean;
  nativeMode?: Exclude<NativeVlanMode, 'default'>;
  nativeTag?: number;
}

/** virNetDevVlanParse */
export function parseVlan(node: XmlEl): Vlan {
  const tagNodes = elements(node, 'tag');
  if (tagNodes.length === 0) {
    throw reportNone(ErrorCode.XmlError, 'missing tag id - each <vlan> must have at least one <tag id=\'n\'/> subelement');
  }
  const vlan: Vlan = { tags: [], trunk: false };
  for (const t of tagNodes) {
    const id = propUInt(t, 'id', { required: true })!;
    if (id > 4095) throw reportNone(ErrorCode.XmlError, `vlan tag id ${id} too large (maximum 4095)`);
    vlan.tags.push(id);
    const mode = propEnum(t, 'nativeMode', NativeVlanMode, { nonzero: true });
    if (mode !== undefined && mode !== 'default') {
      if (vlan.nativeMode) throw reportNone(ErrorCode.XmlError, 'duplicate native vlan setting');
      vlan.nativeMode = mode;
      vlan.nativeTag = id;
    }
  }
  if (vlan.tags.length > 1) vlan.trunk = true;
  const trunk = prop(node, 'trunk');
  if (trunk !== undefined && trunk !== '') {
    vlan.trunk = trunk.toLowerCase() === 'yes';
    if (!vlan.trunk) {
      if (vlan.tags.length > 1) {
        throw reportNone(ErrorCode.XmlError, `invalid "trunk='${trunk}'" in <vlan> - trunk='yes' is required for more than one vlan tag`);
      }
      if (vlan.nativeMode) {
        throw reportNone(ErrorCode.XmlError, 'invalid configuration in <vlan> - "trunk=\'no\'" is not allowed with a native vlan id');
      }
      if (trunk.toLowerCase() !== 'no') throw reportNone(ErrorCode.XmlError, `invalid "trunk='${trunk}'" in <vlan> - must be yes or no`);
    }
  }
  return vlan;
}

export function formatVlan(w: XmlWriter, vlan: Vlan | undefined): void {
  if (!vlan || vlan.tags.length === 0) return;
  w.element('vlan', [['trunk', vlan.trunk ? 'yes' : undefined]], () => {
    for (const t of vlan.tags) {
      const native = vlan.nativeMode && vlan.nativeTag === t ? vlan.nativeMode : undefined;
      w.empty('tag', [['id', t], ['nativeMode', native]]);
    }
  });
}

// --- <virtualport> ---

export const VirtualPortType = ['none', '802.1Qbg', '802.1Qbh', 'openvswitch', 'midonet'] as const;
export type VirtualPortType = (typeof VirtualPortType)[number];

export interface VirtualPort {
  type: VirtualPortType;
  managerId?: number;
  typeId?: number;
  typeIdVersion?: number;
  instanceId?: string;
  profileId?: string;
  interfaceId?: string;
}

/** virNetDevVPortProfileParse (with VIR_VPORT_XML_REQUIRE_TYPE when `requireType`). */
export function parseVirtualPort(node: XmlEl, requireType: boolean): VirtualPort {
  const typeS = prop(node, 'type');
  let type: VirtualPortType = 'none';
  if (typeS !== undefined) {
    const i = VirtualPortType.indexOf(typeS as VirtualPortType);
    if (i <= 0) throw reportNone(ErrorCode.ConfigUnsupported, `unknown virtualport type ${typeS}`);
    type = VirtualPortType[i];
  }
  if (type === 'none' && requireType) throw reportNone(ErrorCode.XmlError, 'missing required virtualport type');
  const vp: VirtualPort = { type };
  const params = firstEl(node, 'parameters');
  const num = (name: string, max: number, outOfRange: string): number | undefined => {
    const s = prop(params, name);
    if (s === undefined) return undefined;
    const v = strToUIntWrap(s, 0);
    if (v === null) throw reportNone(ErrorCode.XmlError, `cannot parse value of ${name} parameter`);
    if (v > max) throw reportNone(ErrorCode.XmlError, outOfRange);
    return v;
  };
  vp.managerId = num('managerid', 0xff, 'value of managerid out of range');
  vp.typeId = num('typeid', 0xffffff, 'value for typeid out of range');
  vp.typeIdVersion = num('typeidversion', 0xff, 'value of typeidversion out of range');
  const inst = prop(params, 'instanceid');
  if (inst !== undefined) {
    const u = parseUuid(inst);
    if (!u) throw reportNone(ErrorCode.XmlError, 'cannot parse instanceid parameter as a uuid');
    vp.instanceId = u;
  }
  const profile = prop(params, 'profileid');
  if (profile !== undefined && profile !== '') {
    if (Buffer.byteLength(profile) >= 40) throw reportNone(ErrorCode.XmlError, 'profileid parameter too long');
    vp.profileId = profile;
  }
  const iface = prop(params, 'interfaceid');
  if (iface !== undefined) {
    const u = parseUuid(iface);
    if (!u) throw reportNone(ErrorCode.XmlError, 'cannot parse interfaceid parameter as a uuid');
    vp.interfaceId = u;
  }
  let extra: string | undefined;
  if (type === '802.1Qbg') {
    if (vp.profileId) extra = 'profileid';
    else if (vp.interfaceId) extra = 'interfaceid';
  } else if (type === '802.1Qbh') {
    extra = extraOf(vp, ['managerId', 'typeId', 'typeIdVersion', 'instanceId', 'interfaceId']);
  } else if (type === 'openvswitch') {
    extra = extraOf(vp, ['managerId', 'typeId', 'typeIdVersion', 'instanceId']);
  }
  if (extra) throw reportNone(ErrorCode.XmlError, `extra ${extra} unsupported in <virtualport type='${type}'>`);
  return vp;
}

function extraOf(vp: VirtualPort, keys: (keyof VirtualPort)[]): string | undefined {
  const k = keys.find((key) => vp[key] !== undefined);
  return k === undefined ? undefined : k.toLowerCase();
}

export function formatVirtualPort(w: XmlWriter, vp: VirtualPort | undefined): void {
  if (!vp) return;
  const t = vp.type;
  const qbgOrNone = t === '802.1Qbg' || t === 'none';
  const attrs: [string, string | number | undefined][] = [
    ['managerid', qbgOrNone ? vp.managerId : undefined],
    ['typeid', qbgOrNone ? vp.typeId : undefined],
    ['typeidversion', qbgOrNone ? vp.typeIdVersion : undefined],
    ['instanceid', qbgOrNone && vp.instanceId ? formatUuid(vp.instanceId) : undefined],
    ['interfaceid', (t === 'midonet' || t === 'openvswitch' || t === 'none') && vp.interfaceId ? formatUuid(vp.interfaceId) : undefined],
    ['profileid', t === 'openvswitch' || t === '802.1Qbh' || t === 'none' ? vp.profileId : undefined],
  ];
  const noParams = vp.managerId === undefined && vp.typeId === undefined && vp.typeIdVersion === undefined && !vp.instanceId && !vp.profileId && !vp.interfaceId;
  if (noParams) {
    if (t !== 'none') w.empty('virtualport', [['type', t]]);
    return;
  }
  w.element('virtualport', [['type', t === 'none' ? undefined : t]], () => {
    w.empty('parameters', attrs);
  });
}

// --- <route> ---

export interface Route {
  family?: string;
  address: IpAddr;
  netmask?: IpAddr;
  prefix?: number;
  gateway: IpAddr;
  metric?: number;
}

/** virNetDevIPRouteParseXML; `detail` names the owner in messages (the network's name). */
export function parseRoute(detail: string, node: XmlEl): Route {
  const family = prop(node, 'family');
  const address = prop(node, 'address');
  const netmask = prop(node, 'netmask');
  const gateway = prop(node, 'gateway');
  const prefix = propUInt(node, 'prefix');
  const metric = propUInt(node, 'metric', { nonzero: true });
  const xmlErr = (msg: string) => reportNet(ErrorCode.XmlError, `${detail}: ${msg}`);
  if (address === undefined) throw xmlErr('Missing required address attribute in route definition');
  if (gateway === undefined) throw xmlErr('Missing required gateway attribute in route definition');
  const parse = (s: string, what: string): IpAddr => {
    try {
      return parseIp(s, ErrorDomain.None);
    } catch {
      throw xmlErr(`Bad ${what} '${s}' in route definition`);
    }
  };
  const addr = parse(address, 'network address');
  const gw = parse(gateway, 'gateway address');
  const route: Route = { family, address: addr, gateway: gw, prefix, metric };
  if (family === undefined || family === 'ipv4') {
    if (addr.family !== 4) {
      throw xmlErr(family === undefined ? `No family specified for non-IPv4 address '${address}' in route definition` : `IPv4 family specified for non-IPv4 address '${address}' in route definition`);
    }
    if (gw.family !== 4) {
      throw xmlErr(family === undefined ? `No family specified for non-IPv4 gateway '${address}' in route definition` : `IPv4 family specified for non-IPv4 gateway '${address}' in route definition`);
    }
    if (netmask !== undefined) {
      let nm: IpAddr;
      try {
        nm = parseIp(netmask, ErrorDomain.None);
      } catch {
        throw xmlErr(`Bad netmask address '${netmask}' in route definition`);
      }
      if (nm.family !== 4) throw xmlErr(`Invalid netmask '${netmask}' for address '${address}' (both must be IPv4)`);
      if (prefix !== undefined) throw xmlErr('Route definition cannot have both a prefix and a netmask');
      route.netmask = nm;
    }
    if ((prefix ?? 0) > 32) throw xmlErr(`Invalid prefix ${prefix} specified in route definition, must be 0 - 32`);
  } else if (family === 'ipv6') {
    if (addr.family !== 6) throw xmlErr(`ipv6 family specified for non-IPv6 address '${address}' in route definition`);
    if (netmask !== undefined) throw xmlErr(`Specifying netmask invalid for IPv6 address '${address}' in route definition`);
    if (gw.family !== 6) throw xmlErr(`ipv6 specified for non-IPv6 gateway address '${gateway}' in route definition`);
    if ((prefix ?? 0) > 128) throw xmlErr(`Invalid prefix ${prefix} specified in route definition, must be 0 - 128`);
  } else {
    throw xmlErr(`Unrecognized family '${family}' in route definition`);
  }
  const mask = route.netmask ?? prefixToNetmask(prefix ?? 0, addr.family)!;
  if (!ipEqual(maskAddr(addr, mask), addr)) throw xmlErr(`Address '${address}' in route definition is not a network address`);
  return route;
}

export function formatRoute(w: XmlWriter, r: Route): void {
  w.empty('route', [
    ['family', r.family],
    ['address', formatIp(r.address)],
    ['netmask', r.netmask ? formatIp(r.netmask) : undefined],
    ['prefix', r.prefix],
    ['gateway', formatIp(r.gateway)],
    ['metric', r.metric ? r.metric : undefined],
  ]);
}
