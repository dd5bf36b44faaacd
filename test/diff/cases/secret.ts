// Differential cases for the "Secret" group: the test driver has no secret driver, so every
// command ends in libvirt's "not supported" error; option checks come first.
import type { DiffCase } from '../case.js';

const UUID = '0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f';

export const cases: DiffCase[] = [
  { name: 'secret-list', argv: ['secret-list'] },
  { name: 'secret-list-filter', argv: ['secret-list', '--ephemeral'] },
  { name: 'secret-list-read-only', argv: ['-r', 'secret-list'] },
  { name: 'secret-define', argv: ['secret-define', 's.xml'], files: { 's.xml': "<secret ephemeral='no'/>\n" } },
  { name: 'secret-define-read-only', argv: ['-r', 'secret-define', 's.xml'], files: { 's.xml': "<secret ephemeral='no'/>\n" } },
  { name: 'secret-define-missing-file', argv: ['secret-define', 'nonexist.xml'] },
  { name: 'secret-dumpxml', argv: ['secret-dumpxml', UUID] },
  { name: 'secret-dumpxml-bad-uuid', argv: ['secret-dumpxml', 'bad'] },
  { name: 'secret-dumpxml-missing-arg', argv: ['secret-dumpxml'] },
  { name: 'secret-undefine-bad-uuid', argv: ['secret-undefine', 'bad'] },
  { name: 'secret-get-value', argv: ['secret-get-value', UUID] },
  { name: 'secret-get-value-read-only', argv: ['-r', 'secret-get-value', UUID] },
  { name: 'secret-set-value-base64', argv: ['secret-set-value', UUID, '--base64', 'abc'] },
  { name: 'secret-set-value-exclusive', argv: ['secret-set-value', 'x', '--base64', 'abc', '--plain'] },
  { name: 'secret-set-value-file-and-interactive', argv: ['secret-set-value', 'x', '--file', 'f', '--interactive'] },
  { name: 'secret-event-list', argv: ['secret-event', '--list'] },
  { name: 'secret-event-unsupported', argv: ['secret-event', '--event', 'lifecycle', '--timeout', '1'] },
  { name: 'secret-event-bad-secret', argv: ['secret-event', '--event', 'lifecycle', '--secret', 'bad'] },
  { name: 'secret-event-no-event', argv: ['secret-event'] },
  { name: 'secret-event-unknown-event', argv: ['secret-event', '--event', 'rotated'] },
  // network filters: also absent from the test driver
  { name: 'nwfilter-list', argv: ['nwfilter-list'] },
  { name: 'nwfilter-binding-list', argv: ['nwfilter-binding-list'] },
  { name: 'nwfilter-define', argv: ['nwfilter-define', 'f.xml'], files: { 'f.xml': "<filter name='x'/>\n" } },
  { name: 'nwfilter-define-read-only', argv: ['-r', 'nwfilter-define', 'f.xml'], files: { 'f.xml': "<filter name='x'/>\n" } },
  { name: 'nwfilter-dumpxml', argv: ['nwfilter-dumpxml', 'clean-traffic'] },
  { name: 'nwfilter-dumpxml-uuid', argv: ['nwfilter-dumpxml', UUID] },
  { name: 'nwfilter-undefine', argv: ['nwfilter-undefine', 'clean-traffic'] },
  { name: 'nwfilter-edit', argv: ['nwfilter-edit', 'clean-traffic'] },
  { name: 'nwfilter-binding-create', argv: ['nwfilter-binding-create', 'b.xml'], files: { 'b.xml': '<filterbinding/>\n' } },
  { name: 'nwfilter-binding-delete', argv: ['nwfilter-binding-delete', 'vnet0'] },
  { name: 'nwfilter-binding-dumpxml', argv: ['nwfilter-binding-dumpxml', 'vnet0'] },
];
