import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeHelp } from './runner.js';

test('help prose is replaced; names, synopsis and layout stay', () => {
  const a =
    '  NAME\n    cd - change the current directory\n\n  SYNOPSIS\n    cd [--dir <string>]\n\n' +
    '  DESCRIPTION\n    Change the current directory.\n    Second line.\n\n  OPTIONS\n' +
    '    --dir <string>   directory to switch to\n    --a-very-long-option-name  text\n\n';
  const b =
    '  NAME\n    cd - go elsewhere\n\n  SYNOPSIS\n    cd [--dir <string>]\n\n' +
    '  DESCRIPTION\n    Moves.\n\n  OPTIONS\n' +
    '    --dir <string>   where to go\n    --a-very-long-option-name  other words\n\n';
  assert.equal(normalizeHelp(a), normalizeHelp(b));
  assert.match(normalizeHelp(a), /cd \[--dir <string>\]/);
  // A different synopsis or option set still differs.
  assert.notEqual(normalizeHelp(a), normalizeHelp(b.replace('cd [--dir <string>]', 'cd [--dir <number>]')));
  assert.notEqual(normalizeHelp(a), normalizeHelp(b.replace('--dir <string>   where', '--path <string>  where')));
});

test('group listings keep command names only', () => {
  const a = ' Virsh itself (help keyword \'virsh\'):\n    cd                             change the current directory\n';
  const b = ' Virsh itself (help keyword \'virsh\'):\n    cd                             move\n';
  assert.equal(normalizeHelp(a), normalizeHelp(b));
  assert.notEqual(normalizeHelp(a), normalizeHelp(b.replace('cd ', 'pwd')));
});
