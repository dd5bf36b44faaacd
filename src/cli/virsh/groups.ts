// virsh's command groups, in the order `help` lists them, with their headings and keywords
// (cmdGroups in virsh.c). Each group's commands live in commands/<group>.ts, loaded when a
// command of the group is first needed: a one-shot `virsh list` evaluates one group, not fifteen.
import type { GroupSource } from '../vsh/help.js';

export const cmdGroups: readonly GroupSource[] = [
  { name: 'Domain Management', keyword: 'domain', load: async () => (await import('./commands/domain.js')).commands },
  { name: 'Domain Monitoring', keyword: 'monitor', load: async () => (await import('./commands/domain-monitor.js')).commands },
  { name: 'Domain Events', keyword: 'events', load: async () => (await import('./commands/domain-events.js')).commands },
  { name: 'Host and Hypervisor', keyword: 'host', load: async () => (await import('./commands/host.js')).commands },
  { name: 'Checkpoint', keyword: 'checkpoint', load: async () => (await import('./commands/checkpoint.js')).commands },
  { name: 'Interface', keyword: 'interface', load: async () => (await import('./commands/interface.js')).commands },
  { name: 'Network Filter', keyword: 'filter', load: async () => (await import('./commands/nwfilter.js')).commands },
  { name: 'Networking', keyword: 'network', load: async () => (await import('./commands/network.js')).commands },
  { name: 'Node Device', keyword: 'nodedev', load: async () => (await import('./commands/nodedev.js')).commands },
  { name: 'Secret', keyword: 'secret', load: async () => (await import('./commands/secret.js')).commands },
  { name: 'Snapshot', keyword: 'snapshot', load: async () => (await import('./commands/snapshot.js')).commands },
  { name: 'Backup', keyword: 'backup', load: async () => (await import('./commands/backup.js')).commands },
  { name: 'Storage Pool', keyword: 'pool', load: async () => (await import('./commands/pool.js')).commands },
  { name: 'Storage Volume', keyword: 'volume', load: async () => (await import('./commands/volume.js')).commands },
  { name: 'Virsh itself', keyword: 'virsh', load: async () => (await import('./commands/virsh.js')).commands },
];
