// Differential cases for the "Node Device" group on the test driver: test:///default's computer
// and SCSI hosts, vHBA creation and destruction (libvirt's mock copies scsi_host11), lookups by WWN
// pair, events, and the commands the test driver leaves to "not supported".
import type { DiffCase } from '../case.js';

const VHBA_XML = `<device>
  <parent>scsi_host1</parent>
  <capability type='scsi_host'>
    <capability type='fc_host'>
      <wwnn>2001001b32a9da4e</wwnn>
      <wwpn>2101001b32a9da4e</wwpn>
    </capability>
  </capability>
</device>
`;

const vhba = (edit: (s: string) => string) => ({ 'vhba.xml': edit(VHBA_XML) });

export const cases: DiffCase[] = [
  // --- listing: the test driver refuses virsh's active/inactive filter flags ---
  { name: 'nodedev-list', argv: ['nodedev-list'] },
  { name: 'nodedev-list-tree', argv: ['nodedev-list', '--tree'] },
  { name: 'nodedev-list-cap', argv: ['nodedev-list', '--cap', 'scsi_host'] },
  { name: 'nodedev-list-all-and-inactive', argv: ['nodedev-list', '--all', '--inactive'] },
  { name: 'nodedev-list-tree-and-cap', argv: ['nodedev-list', '--tree', '--cap', 'system'] },
  { name: 'nodedev-list-unknown-cap', argv: ['nodedev-list', '--cap', 'foo'] },

  // --- dumpxml / info ---
  { name: 'nodedev-dumpxml-computer', argv: ['nodedev-dumpxml', 'computer'] },
  { name: 'nodedev-dumpxml-scsi-host-vport-ops', argv: ['nodedev-dumpxml', 'scsi_host1'] },
  { name: 'nodedev-dumpxml-scsi-host2', argv: ['nodedev-dumpxml', 'scsi_host2'] },
  { name: 'nodedev-dumpxml-vhba', argv: ['nodedev-dumpxml', 'scsi_host11'] },
  { name: 'nodedev-dumpxml-xpath-wrap', argv: ['nodedev-dumpxml', 'computer', '--xpath', '//hardware', '--wrap'] },
  { name: 'nodedev-dumpxml-unknown', argv: ['nodedev-dumpxml', 'nosuch'] },
  { name: 'nodedev-dumpxml-wwn-pair', argv: ['nodedev-dumpxml', '2000000012341234,1000000012341234'] },
  { name: 'nodedev-dumpxml-malformed-wwn', argv: ['nodedev-dumpxml', 'a,b'] },
  { name: 'nodedev-dumpxml-three-values', argv: ['nodedev-dumpxml', 'a,b,c'] },
  { name: 'nodedev-dumpxml-missing-arg', argv: ['nodedev-dumpxml'] },
  { name: 'nodedev-info-computer', argv: ['nodedev-info', 'computer'] },
  { name: 'nodedev-info-child', argv: ['nodedev-info', 'scsi_host11'] },
  { name: 'nodedev-info-unknown', argv: ['nodedev-info', 'nosuch'] },

  // --- create / destroy (vHBA) ---
  {
    name: 'nodedev-create-vhba',
    argv: ['nodedev-create vhba.xml; nodedev-dumpxml scsi_host12; nodedev-info scsi_host12; nodedev-destroy scsi_host12; nodedev-dumpxml scsi_host12'],
    files: vhba((s) => s),
  },
  { name: 'nodedev-create-quiet', argv: ['-q', 'nodedev-create', 'vhba.xml'], files: vhba((s) => s) },
  { name: 'nodedev-create-parent-without-vports', argv: ['nodedev-create', 'vhba.xml'], files: vhba((s) => s.replace('scsi_host1<', 'scsi_host11<')) },
  { name: 'nodedev-create-unknown-parent', argv: ['nodedev-create', 'vhba.xml'], files: vhba((s) => s.replace('scsi_host1<', 'nope<')) },
  { name: 'nodedev-create-no-parent', argv: ['nodedev-create', 'vhba.xml'], files: vhba((s) => s.replace(/ *<parent>.*\n/, '')) },
  { name: 'nodedev-create-no-wwnn', argv: ['nodedev-create', 'vhba.xml'], files: vhba((s) => s.replace(/ *<wwnn>.*\n/, '')) },
  { name: 'nodedev-create-not-fc', argv: ['nodedev-create', 'vhba.xml'], files: { 'vhba.xml': "<device><capability type='system'><hardware><uuid>11111111-2222-3333-4444-555555555555</uuid></hardware></capability></device>" } },
  { name: 'nodedev-create-bad-uuid', argv: ['nodedev-create', 'vhba.xml'], files: { 'vhba.xml': "<device><capability type='system'><hardware><uuid>x</uuid></hardware></capability></device>" } },
  { name: 'nodedev-create-no-caps', argv: ['nodedev-create', 'vhba.xml'], files: { 'vhba.xml': '<device/>' } },
  { name: 'nodedev-create-wrong-root', argv: ['nodedev-create', 'vhba.xml'], files: { 'vhba.xml': '<interface/>' } },
  { name: 'nodedev-create-missing-file', argv: ['nodedev-create', '/nonexist'] },
  { name: 'nodedev-create-missing-arg', argv: ['nodedev-create'] },
  { name: 'nodedev-create-read-only', argv: ['-r', 'nodedev-create', 'vhba.xml'], files: vhba((s) => s) },
  { name: 'nodedev-destroy-vhba', argv: ['nodedev-destroy', 'scsi_host11'] },
  { name: 'nodedev-destroy-by-name-alias', argv: ['nodedev-destroy', '--name', 'scsi_host11'] },
  { name: 'nodedev-destroy-not-fc-still-says-ok', argv: ['nodedev-destroy computer; nodedev-dumpxml computer'] },
  { name: 'nodedev-destroy-orphan-still-says-ok', argv: ['nodedev-destroy scsi_host1; nodedev-dumpxml scsi_host1; nodedev-destroy scsi_host11; nodedev-dumpxml scsi_host11'] },
  { name: 'nodedev-destroy-read-only', argv: ['-r', 'nodedev-destroy', 'scsi_host1'] },
  { name: 'nodedev-destroy-unknown', argv: ['nodedev-destroy', 'nosuch'] },

  // --- not supported by the test driver ---
  { name: 'nodedev-detach', argv: ['nodedev-detach', 'computer'] },
  { name: 'nodedev-detach-driver', argv: ['nodedev-detach', 'computer', '--driver', 'vfio'] },
  { name: 'nodedev-dettach-alias', argv: ['nodedev-dettach', 'computer'] },
  { name: 'nodedev-reattach', argv: ['nodedev-reattach', 'computer'] },
  { name: 'nodedev-reset', argv: ['nodedev-reset', 'computer'] },
  { name: 'nodedev-reset-unknown', argv: ['nodedev-reset', 'nosuch'] },
  { name: 'nodedev-reset-read-only', argv: ['-r', 'nodedev-reset', 'computer'] },
  { name: 'nodedev-define', argv: ['nodedev-define', 'vhba.xml'], files: vhba((s) => s) },
  { name: 'nodedev-undefine', argv: ['nodedev-undefine', 'computer'] },
  { name: 'nodedev-start', argv: ['nodedev-start', 'computer'] },
  { name: 'nodedev-autostart', argv: ['nodedev-autostart', 'computer'] },
  { name: 'nodedev-autostart-disable', argv: ['nodedev-autostart', '--disable', 'computer'] },

  // --- events ---
  { name: 'nodedev-event-list', argv: ['nodedev-event', '--list'] },
  { name: 'nodedev-event-timeout', argv: ['nodedev-event', '--event', 'lifecycle', '--timeout', '1'] },
  { name: 'nodedev-event-device-timeout', argv: ['nodedev-event', '--event', 'update', '--device', 'computer', '--timeout', '1'] },
  { name: 'nodedev-event-unknown-device', argv: ['nodedev-event', '--event', 'lifecycle', '--device', 'nosuch', '--timeout', '1'] },
  { name: 'nodedev-event-bad-timeout', argv: ['nodedev-event', '--event', 'update', '--timeout', '0'] },
  { name: 'nodedev-event-no-event', argv: ['nodedev-event'] },
  { name: 'nodedev-event-unknown-event', argv: ['nodedev-event', '--event', 'foo'] },
];
