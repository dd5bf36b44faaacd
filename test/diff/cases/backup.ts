// virsh's backup group on the test driver, which has no backups: libvirt's "not supported" after
// virsh's own checks (domain lookup, reading the XML files).
import type { DiffCase } from '../case.js';

export const cases: DiffCase[] = [
  { name: 'backup-begin-default-xml', argv: ['backup-begin', 'test'] },
  { name: 'backup-begin-files', argv: ['backup-begin', 'test', '--backupxml', '$DIR/b.xml', '--checkpointxml', '$DIR/c.xml', '--reuse-external'], files: { 'b.xml': '<domainbackup/>', 'c.xml': '<domaincheckpoint/>' } },
  { name: 'backup-begin-missing-file', argv: ['backup-begin', 'test', '--backupxml', '$DIR/none.xml'] },
  { name: 'backup-begin-unknown-domain', argv: ['backup-begin', 'nosuch'] },
  { name: 'backup-begin-no-domain', argv: ['backup-begin'] },
  { name: 'backup-begin-empty-backupxml', argv: ['backup-begin', 'test', '--backupxml', ''] },
  { name: 'backup-begin-readonly', argv: ['-r', 'backup-begin', 'test'] },
  { name: 'backup-dumpxml', argv: ['backup-dumpxml', 'test'] },
  { name: 'backup-dumpxml-xpath', argv: ['backup-dumpxml', 'test', '--xpath', '//disk', '--wrap'] },
  { name: 'backup-dumpxml-unknown-domain', argv: ['backup-dumpxml', '--domain', 'nosuch'] },
  { name: 'backup-help', argv: ['help', 'backup'], helpLayout: true },
  { name: 'backup-begin-help', argv: ['help', 'backup-begin'], helpLayout: true },
  { name: 'backup-dumpxml-help', argv: ['help', 'backup-dumpxml'], helpLayout: true },
];
