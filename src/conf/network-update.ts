// net-update on a network definition (libvirt's virNetworkDefUpdateSection): add, delete or
// modify one element of a section (DHCP hosts and ranges, DNS records, portgroups, forward
// interfaces), with libvirt's checks and messages. Sections libvirt cannot update are refused.
import { ErrorCode, ErrorDomain, errorsFrom } from '../util/error.js';
import { formatIp, ipEqual } from './network/addr.js';
import {
  formatNetworkDef,
  parseDhcpHost,
  parseDhcpRange,
  parseDnsHost,
  parseDnsSrv,
  parseDnsTxt,
  parseNetworkDef,
  parsePortGroup,
  type NetworkDef,
  type NetworkIp,
} from './network-conf.js';
import { prop } from './network/props.js';
import { parseXml, type XmlEl } from './xml/parse.js';

const report = errorsFrom(ErrorDomain.Network);

/** virNetworkUpdateCommand */
export const NetworkUpdateCommand = {
  NONE: 0,
  MODIFY: 1,
  DELETE: 2,
  ADD_LAST: 3,
  ADD_FIRST: 4,
} as const;

/** virNetworkUpdateSection */
export const NetworkSection = {
  NONE: 0,
  BRIDGE: 1,
  DOMAIN: 2,
  IP: 3,
  IP_DHCP_HOST: 4,
  IP_DHCP_RANGE: 5,
  FORWARD: 6,
  FORWARD_INTERFACE: 7,
  FORWARD_PF: 8,
  PORTGROUP: 9,
  DNS_HOST: 10,
  DNS_TXT: 11,
  DNS_SRV: 12,
} as const;

/** virNetworkUpdateFlags */
export const NetworkUpdateFlags = {
  AFFECT_CURRENT: 0,
  AFFECT_LIVE: 1 << 0,
  AFFECT_CONFIG: 1 << 1,
} as const;

const C = NetworkUpdateCommand;

function noSupport(def: NetworkDef, section: string) {
  return report(ErrorCode.OperationUnsupported, `can't update '${section}' section of network '${def.name}'`);
}

function unknownCommand(command: number) {
  return report(ErrorCode.OperationUnsupported, `unrecognized network update command code ${command}`);
}

function checkName(def: NetworkDef, node: XmlEl, section: string): void {
  if (node.name !== section) {
    throw report(ErrorCode.XmlError, `unexpected element <${node.name}>, expecting <${section}>, while updating network '${def.name}'`);
  }
}

function insert<T>(list: T[], command: number, item: T): void {
  if (command === C.ADD_FIRST) list.unshift(item);
  else list.push(item);
}

const isAdd = (command: number) => command === C.ADD_FIRST || command === C.ADD_LAST;

/** virNetworkIPDefByIndex: the <ip> whose DHCP section is meant. */
function ipByIndex(def: NetworkDef, parentIndex: number): NetworkIp {
  if (parentIndex >= 0) {
    const ip = def.ips[parentIndex];
    if (!ip) {
      throw report(ErrorCode.OperationInvalid, `couldn't update dhcp host entry - no <ip> element found at index ${parentIndex} in network '${def.name}'`);
    }
    return ip;
  }
  const ip = def.ips.find((i) => i.ranges.length || i.hosts.length) ?? def.ips.find((i) => i.address.family === 4) ?? def.ips.find((i) => i.address.family === 6);
  if (!ip) throw report(ErrorCode.OperationInvalid, `couldn't update dhcp host entry - no <ip> element found in network '${def.name}'`);
  return ip;
}

function checkMultiDhcp(def: NetworkDef, ip: NetworkIp): void {
  for (const other of def.ips) {
    if (other === ip || other.address.family !== ip.address.family) continue;
    if (other.ranges.length || other.hosts.length) {
      throw report(ErrorCode.OperationInvalid, `dhcp is supported only for a single ${ip.address.family === 4 ? 'IPv4' : 'IPv6'} address on each network`);
    }
  }
}

const macEq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function updateDhcpHost(def: NetworkDef, command: number, parentIndex: number, node: XmlEl): void {
  const ip = ipByIndex(def, parentIndex);
  checkName(def, node, 'host');
  const partial = command === C.DELETE;
  const host = parseDhcpHost(def.name, ip, node, partial);
  if (!partial && (!host.ip || host.ip.family !== ip.address.family)) {
    throw report(ErrorCode.OperationInvalid, "the address family of a host entry IP must match the address family of the dhcp element's parent");
  }
  const ipText = host.ip ? formatIp(host.ip) : 'unknown';
  if (command === C.MODIFY) {
    const i = ip.hosts.findIndex((h) => (host.mac && h.mac && macEq(host.mac, h.mac)) || (host.ip && h.ip && ipEqual(host.ip, h.ip)) || (host.name && host.name === h.name));
    if (i < 0) {
      throw report(ErrorCode.OperationInvalid, `couldn't locate an existing dhcp host entry with "mac='${host.mac ?? 'unknown'}'" "name='${host.name ?? '(null)'}'" "ip='${ipText}'" in network '${def.name}'`);
    }
    ip.hosts[i] = host;
  } else if (isAdd(command)) {
    checkMultiDhcp(def, ip);
    const dup = ip.hosts.some((h) => (host.mac && h.mac && macEq(host.mac, h.mac)) || (host.name && host.name === h.name) || (host.ip && h.ip && ipEqual(host.ip, h.ip)));
    if (dup) {
      throw report(
        ErrorCode.OperationInvalid,
        `there is an existing dhcp host entry in network '${def.name}' that matches "<host mac='${host.mac ?? 'unknown'}' name='${host.name ?? '(null)'}' ip='${ipText}'/>"`,
      );
    }
    insert(ip.hosts, command, host);
  } else if (command === C.DELETE) {
    const i = ip.hosts.findIndex(
      (h) => (!host.mac || !h.mac || macEq(host.mac, h.mac)) && (!host.name || host.name === h.name) && (!host.ip || (h.ip !== undefined && ipEqual(host.ip, h.ip))),
    );
    if (i < 0) throw report(ErrorCode.OperationInvalid, `couldn't locate a matching dhcp host entry in network '${def.name}'`);
    ip.hosts.splice(i, 1);
  } else throw unknownCommand(command);
}

function updateDhcpRange(def: NetworkDef, command: number, parentIndex: number, node: XmlEl): void {
  const ip = ipByIndex(def, parentIndex);
  checkName(def, node, 'range');
  if (command === C.MODIFY) throw report(ErrorCode.OperationUnsupported, 'dhcp ranges cannot be modified, only added or deleted');
  const range = parseDhcpRange(def.name, ip, node);
  if (range.start.family !== ip.address.family) {
    throw report(ErrorCode.OperationInvalid, "the address family of a dhcp range must match the address family of the dhcp element's parent");
  }
  const i = ip.ranges.findIndex((r) => ipEqual(r.start, range.start) && ipEqual(r.end, range.end));
  if (isAdd(command)) {
    checkMultiDhcp(def, ip);
    if (i >= 0) {
      throw report(
        ErrorCode.OperationInvalid,
        `there is an existing dhcp range entry in network '${def.name}' that matches "<range start='${formatIp(range.start)}' end='${formatIp(range.end)}'/>"`,
      );
    }
    insert(ip.ranges, command, range);
  } else if (command === C.DELETE) {
    if (i < 0) throw report(ErrorCode.OperationInvalid, `couldn't locate a matching dhcp range entry in network '${def.name}'`);
    ip.ranges.splice(i, 1);
  } else throw unknownCommand(command);
}

function updateForwardInterface(def: NetworkDef, command: number, node: XmlEl): void {
  checkName(def, node, 'interface');
  if (command === C.MODIFY) throw report(ErrorCode.OperationUnsupported, 'forward interface entries cannot be modified, only added or deleted');
  const dev = prop(node, 'dev');
  if (dev === undefined) throw report(ErrorCode.XmlError, 'missing dev attribute in <interface> element');
  const ifs = def.forward.ifs;
  const i = ifs.findIndex((f) => f.type === 'netdev' && f.dev === dev);
  if (isAdd(command)) {
    if (i >= 0) throw report(ErrorCode.OperationInvalid, `there is an existing interface entry in network '${def.name}' that matches "<interface dev='${dev}'>"`);
    insert(ifs, command, { type: 'netdev', dev });
  } else if (command === C.DELETE) {
    if (i < 0) throw report(ErrorCode.OperationInvalid, `couldn't find an interface entry in network '${def.name}' matching <interface dev='${dev}'>`);
    const f = ifs[i];
    if (f.type === 'netdev' && f.connections) {
      throw report(ErrorCode.OperationInvalid, `unable to delete interface '${dev}' in network '${def.name}'. It is currently being used  by ${f.connections} domains.`);
    }
    ifs.splice(i, 1);
  } else throw unknownCommand(command);
}

function updatePortGroup(def: NetworkDef, command: number, node: XmlEl): void {
  checkName(def, node, 'portgroup');
  const pg = parsePortGroup(node);
  const foundName = def.portGroups.findIndex((p) => p.name === pg.name);
  let foundDefault = -1;
  def.portGroups.forEach((p, i) => {
    if (p.isDefault) foundDefault = i;
  });
  if (foundName < 0 && (command === C.MODIFY || command === C.DELETE)) {
    throw report(ErrorCode.OperationInvalid, `couldn't find a portgroup entry in network '${def.name}' matching <portgroup name='${pg.name}'>`);
  }
  if (foundName >= 0 && isAdd(command)) {
    throw report(ErrorCode.OperationInvalid, `there is an existing portgroup entry in network '${def.name}' that matches "<portgroup name='${pg.name}'>"`);
  }
  if (command !== C.DELETE && pg.isDefault && foundDefault >= 0 && foundDefault !== foundName) {
    throw report(ErrorCode.OperationInvalid, `a different portgroup entry in network '${def.name}' is already set as the default. Only one default is allowed.`);
  }
  if (command === C.MODIFY) def.portGroups[foundName] = pg;
  else if (isAdd(command)) insert(def.portGroups, command, pg);
  else if (command === C.DELETE) def.portGroups.splice(foundName, 1);
  else throw unknownCommand(command);
}

function updateDnsHost(def: NetworkDef, command: number, node: XmlEl): void {
  if (command === C.MODIFY) throw report(ErrorCode.OperationUnsupported, 'DNS HOST records cannot be modified, only added or deleted');
  checkName(def, node, 'host');
  const add = isAdd(command);
  const host = parseDnsHost(def.name, node, !add);
  const dns = def.dns;
  let foundCt = 0;
  let foundIdx = -1;
  dns.hosts.forEach((h, i) => {
    let found = host.ip !== undefined && h.ip !== undefined && ipEqual(host.ip, h.ip);
    // when adding, only the address counts: one name on several addresses is legitimate
    if (!add && !found) found = host.names.some((n) => h.names.includes(n));
    if (found) {
      foundCt++;
      foundIdx = i;
    }
  });
  if (add) {
    if (foundCt > 0) throw report(ErrorCode.OperationInvalid, `there is already at least one DNS HOST record with a matching field in network ${def.name}`);
    insert(dns.hosts, command, host);
  } else if (command === C.DELETE) {
    if (foundCt === 0) throw report(ErrorCode.OperationInvalid, `couldn't locate a matching DNS HOST record in network ${def.name}`);
    if (foundCt > 1) throw report(ErrorCode.OperationInvalid, `multiple matching DNS HOST records were found in network ${def.name}`);
    dns.hosts.splice(foundIdx, 1);
  } else throw unknownCommand(command);
}

function updateDnsSrv(def: NetworkDef, command: number, node: XmlEl): void {
  if (command === C.MODIFY) throw report(ErrorCode.OperationUnsupported, 'DNS SRV records cannot be modified, only added or deleted');
  checkName(def, node, 'srv');
  const add = isAdd(command);
  const srv = parseDnsSrv(def.name, node, !add);
  const dns = def.dns;
  let foundCt = 0;
  let foundIdx = -1;
  dns.srvs.forEach((s, i) => {
    const same = (a: string | undefined, b: string | undefined) => a === undefined || a === b;
    if (same(srv.domain, s.domain) && same(srv.service, s.service) && same(srv.protocol, s.protocol) && same(srv.target, s.target)) {
      foundCt++;
      foundIdx = i;
    }
  });
  if (add) {
    if (foundCt > 0) throw report(ErrorCode.OperationInvalid, `there is already at least one DNS SRV record matching all specified fields in network ${def.name}`);
    insert(dns.srvs, command, srv);
  } else if (command === C.DELETE) {
    if (foundCt === 0) throw report(ErrorCode.OperationInvalid, `couldn't locate a matching DNS SRV record in network ${def.name}`);
    if (foundCt > 1) throw report(ErrorCode.OperationInvalid, `multiple DNS SRV records matching all specified fields were found in network ${def.name}`);
    dns.srvs.splice(foundIdx, 1);
  } else throw unknownCommand(command);
}

function updateDnsTxt(def: NetworkDef, command: number, node: XmlEl): void {
  if (command === C.MODIFY) throw report(ErrorCode.OperationUnsupported, 'DNS TXT records cannot be modified, only added or deleted');
  checkName(def, node, 'txt');
  const add = isAdd(command);
  const txt = parseDnsTxt(def.name, node, !add);
  const i = def.dns.txts.findIndex((t) => t.name === txt.name);
  if (add) {
    if (i >= 0) throw report(ErrorCode.OperationInvalid, `there is already a DNS TXT record with name '${txt.name}' in network ${def.name}`);
    insert(def.dns.txts, command, txt);
  } else if (command === C.DELETE) {
    if (i < 0) throw report(ErrorCode.OperationInvalid, `couldn't locate a matching DNS TXT record in network ${def.name}`);
    def.dns.txts.splice(i, 1);
  } else throw unknownCommand(command);
}

/** virNetworkDefUpdateSection: change `def` in place, then check the result still reads back. */
export async function updateNetworkDef(def: NetworkDef, command: number, section: number, parentIndex: number, xml: string): Promise<void> {
  const node = await parseXml(xml, 'network_update_xml', ErrorDomain.Network);
  const S = NetworkSection;
  switch (section) {
    case S.BRIDGE:
      throw noSupport(def, 'bridge');
    case S.DOMAIN:
      throw noSupport(def, 'domain');
    case S.IP:
      throw noSupport(def, 'ip');
    case S.IP_DHCP_HOST:
      updateDhcpHost(def, command, parentIndex, node);
      break;
    case S.IP_DHCP_RANGE:
      updateDhcpRange(def, command, parentIndex, node);
      break;
    case S.FORWARD:
      throw noSupport(def, 'forward');
    case S.FORWARD_INTERFACE:
      updateForwardInterface(def, command, node);
      break;
    case S.FORWARD_PF:
      throw noSupport(def, 'forward pf');
    case S.PORTGROUP:
      updatePortGroup(def, command, node);
      break;
    case S.DNS_HOST:
      updateDnsHost(def, command, node);
      break;
    case S.DNS_TXT:
      updateDnsTxt(def, command, node);
      break;
    case S.DNS_SRV:
      updateDnsSrv(def, command, node);
      break;
    default:
      throw report(ErrorCode.OperationUnsupported, "can't update unrecognized section of network");
  }
  // a final write/read cycle catches anything the section change made illegal
  parseNetworkDef(await parseXml(formatNetworkDef(def), '(network_definition)', ErrorDomain.Network));
}
