// Malformed XML handed to define commands: libvirt's parse-error report (file pseudo-name, line,
// libxml2's first fatal message, the offending line and a caret under the failing byte).
import type { DiffCase } from '../case.js';

const inputs: Record<string, string> = {
  'unterminated-tag': '<network><name>x</name>',
  'open-attribute': "<network><host mac='",
  'end-after-blank-lines': '<network>\n<name>x</name>\n\n',
  'empty-file': '',
  'blank-file': '  \n',
  'mismatched-close-after-utf8': '<network>\n<name>é</name></netw\n',
  'tab-before-error': '<domain>\n\t<name>x</name>\t</dom>\n',
  'garbage-after-root': '<secret/>junk',
};

const commands = ['net-define', 'define', 'pool-define', 'iface-define', 'nodedev-create', 'secret-define'];

export const cases: DiffCase[] = [];
for (const [name, text] of Object.entries(inputs)) {
  for (const cmd of commands) {
    cases.push({ name: `${cmd}-${name}`, argv: [cmd, '$DIR/in.xml'], files: { 'in.xml': text } });
  }
}
