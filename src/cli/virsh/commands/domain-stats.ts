// virsh's domifaddr and domstats ("Domain Monitoring" group, virsh-domain-monitor.c): interface
// addresses and the bulk statistics records. Output is virsh's; help texts ours.
import type { Domain } from '../../../api/domain.js';
import { CommandFailure, defineCommand, type OptDef } from '../../vsh/command-def.js';
import { typedParamValue } from './typed-param-text.js';
import { orFail } from './domain-monitor.js';
import { commandDomain, domainOpt, lookupDomainBy } from './lookup.js';

const ADDRESS_SOURCES = ['lease', 'agent', 'arp'];

const domifaddr = defineCommand({
  name: 'domifaddr',
  info: { help: 'Get network interfaces\' addresses for a running domain', desc: "Lists the IP addresses of a running domain's interfaces, from DHCP leases, the guest agent or the ARP table." },
  opts: [
    domainOpt(),
    { name: 'interface', type: 'string', help: 'only this interface' },
    { name: 'full', type: 'bool', help: 'repeat the name and MAC address on every line' },
    { name: 'source', type: 'string', help: "where the addresses come from: 'lease', 'agent' or 'arp'" },
  ],
  async run(ctl, cmd) {
    const iface = cmd.stringReq('interface');
    const full = cmd.has('full');
    const sourceStr = cmd.stringReq('source');
    let source = 0;
    if (sourceStr !== undefined) {
      source = ADDRESS_SOURCES.indexOf(sourceStr);
      if (source < 0) throw new CommandFailure(`Unknown data source '${sourceStr}'`);
    }
    const { dom } = await commandDomain(ctl, cmd);
    const ifaces = await orFail('Failed to query for interfaces addresses', () => dom.interfaceAddresses(source, 0));
    ctl.printExtra(` ${'Name'.padEnd(10)} ${'MAC address'.padEnd(20)} ${'Protocol'.padEnd(8)}     Address\n${'-'.repeat(49)}${'-'.repeat(30)}\n`);
    for (const i of ifaces) {
      if (iface !== undefined && iface !== i.name) continue;
      if (i.addrs.length === 0) {
        ctl.print(` ${i.name.padEnd(10)} ${(i.hwaddr ?? 'N/A').padEnd(17)}    ${'N/A'.padEnd(12)} N/A\n`);
        continue;
      }
      i.addrs.forEach((a, j) => {
        const text = `${(a.type === 1 ? 'ipv6' : 'ipv4').padEnd(12)} ${a.addr}/${a.prefix}`;
        if (full || j === 0) ctl.print(` ${i.name.padEnd(10)} ${(i.hwaddr ?? '').padEnd(17)}    ${text}\n`);
        else ctl.print(` ${'-'.padEnd(10)} ${'-'.padEnd(17)}    ${text}\n`);
      });
    }
    return true;
  },
});

/** The stats groups (virDomainStatsTypes) and list filters (VIR_CONNECT_GET_ALL_DOMAINS_STATS_*). */
const STAT_GROUPS: [string, number, string][] = [
  ['state', 0x1, 'domain state'],
  ['cpu-total', 0x2, 'total CPU time'],
  ['balloon', 0x4, 'balloon memory'],
  ['vcpu', 0x8, 'per-vCPU figures'],
  ['interface', 0x10, 'network interface counters'],
  ['block', 0x20, 'block device counters'],
  ['perf', 0x40, 'perf event counters'],
  ['iothread', 0x80, 'IOThread figures'],
  ['memory', 0x100, 'memory bandwidth figures'],
  ['dirtyrate', 0x200, 'memory dirty rate'],
  ['vm', 0x400, "the hypervisor's own VM counters"],
];
const LIST_FLAGS: [string, number, string][] = [
  ['list-active', 0x1, 'only running domains'],
  ['list-inactive', 0x2, 'only stopped domains'],
  ['list-persistent', 0x4, 'only persistent domains'],
  ['list-transient', 0x8, 'only transient domains'],
  ['list-running', 0x10, 'only domains in the running state'],
  ['list-paused', 0x20, 'only paused domains'],
  ['list-shutoff', 0x40, 'only shut off domains'],
  ['list-other', 0x80, 'only domains in any other state'],
];

const domstatsOpts: OptDef[] = [
  ...STAT_GROUPS.map(([name, , help]): OptDef => ({ name, type: 'bool', help: `report ${help}` })),
  ...LIST_FLAGS.map(([name, , help]): OptDef => ({ name, type: 'bool', help: `report ${help}` })),
  { name: 'raw', type: 'bool', help: 'print the values unformatted' },
  { name: 'enforce', type: 'bool', help: 'fail when a requested group is not supported' },
  { name: 'backing', type: 'bool', help: 'include the backing chain of each disk' },
  { name: 'nowait', type: 'bool', help: 'do not wait for a domain busy with another job' },
  { name: 'domain', type: 'argv', help: 'the domains to report on (all when none)' },
];

const domstats = defineCommand({
  name: 'domstats',
  info: { help: 'get statistics about one or multiple domains', desc: 'Prints statistics records for the given domains, or for all domains the filters select.' },
  opts: domstatsOpts,
  async run(ctl, cmd) {
    let stats = 0;
    for (const [name, bit] of STAT_GROUPS) if (cmd.has(name)) stats |= bit;
    let flags = 0;
    for (const [name, bit] of LIST_FLAGS) if (cmd.has(name)) flags |= bit;
    if (cmd.has('enforce')) flags |= 1 << 31;
    if (cmd.has('backing')) flags |= 1 << 30;
    if (cmd.has('nowait')) flags |= 1 << 29;
    const conn = await ctl.conn();
    let doms: Domain[] | null = null;
    if (cmd.has('domain')) {
      doms = [];
      for (const name of cmd.argv('domain')) doms.push(await lookupDomainBy(ctl, name));
    }
    const records = await conn.getAllDomainStats(stats, flags, doms);
    records.forEach((r, i) => {
      let out = `Domain: '${r.dom.name}'\n`;
      for (const p of r.params) out += `  ${p.field}=${typedParamValue(p)}\n`;
      ctl.print(out);
      if (i < records.length - 1) ctl.print('\n');
    });
    return true;
  },
});

export const statsCommands = { domifaddr, domstats };
