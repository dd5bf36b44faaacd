// virsh's command groups, in the order `help` lists them, with their headings and keywords
// (cmdGroups in virsh.c). Each group's commands live in commands/<group>.ts.
import type { CommandGroup } from '../vsh/help.js';
import { commands as backup } from './commands/backup.js';
import { commands as checkpoint } from './commands/checkpoint.js';
import { commands as domainEvents } from './commands/domain-events.js';
import { commands as domainMonitor } from './commands/domain-monitor.js';
import { commands as domain } from './commands/domain.js';
import { commands as host } from './commands/host.js';
import { commands as iface } from './commands/interface.js';
import { commands as network } from './commands/network.js';
import { commands as nodedev } from './commands/nodedev.js';
import { commands as nwfilter } from './commands/nwfilter.js';
import { commands as pool } from './commands/pool.js';
import { commands as secret } from './commands/secret.js';
import { commands as snapshot } from './commands/snapshot.js';
import { commands as virsh } from './commands/virsh.js';
import { commands as volume } from './commands/volume.js';

export const cmdGroups: readonly CommandGroup[] = [
  { name: 'Domain Management', keyword: 'domain', commands: domain },
  { name: 'Domain Monitoring', keyword: 'monitor', commands: domainMonitor },
  { name: 'Domain Events', keyword: 'events', commands: domainEvents },
  { name: 'Host and Hypervisor', keyword: 'host', commands: host },
  { name: 'Checkpoint', keyword: 'checkpoint', commands: checkpoint },
  { name: 'Interface', keyword: 'interface', commands: iface },
  { name: 'Network Filter', keyword: 'filter', commands: nwfilter },
  { name: 'Networking', keyword: 'network', commands: network },
  { name: 'Node Device', keyword: 'nodedev', commands: nodedev },
  { name: 'Secret', keyword: 'secret', commands: secret },
  { name: 'Snapshot', keyword: 'snapshot', commands: snapshot },
  { name: 'Backup', keyword: 'backup', commands: backup },
  { name: 'Storage Pool', keyword: 'pool', commands: pool },
  { name: 'Storage Volume', keyword: 'volume', commands: volume },
  { name: 'Virsh itself', keyword: 'virsh', commands: virsh },
];
