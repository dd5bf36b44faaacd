import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Table, printTable } from './table.js';

test('columns are padded to the widest cell plus two, the last one not at all', () => {
  const t = new Table(['Id', 'Name', 'State']).addRow(['1', 'test', 'running']).addRow(['-', 'a-longer-name', 'shut off']);
  assert.equal(
    t.toString(),
    ' Id   Name            State\n' +
      '--------------------------------\n' +
      ' 1    test            running\n' +
      ' -    a-longer-name   shut off\n',
  );
});

test('without the header, widths come from the rows only', () => {
  const t = new Table(['Id', 'Name', 'State']).addRow(['1', 'test', 'running']);
  assert.equal(t.toString(false), ' 1   test   running\n');
  let out = '';
  printTable({ quiet: true, print: (s) => (out += s) }, t);
  assert.equal(out, ' 1   test   running\n');
});

test('control characters and "\\x" are shown escaped and counted as four columns', () => {
  const t = new Table(['A', 'B']).addRow(['a\tb', 'x']).addRow(['\\x', 'y']);
  assert.equal(t.toString(), ' A        B\n-------------\n a\\x09b   x\n \\x5cx    y\n');
});

test('rows must match the header', () => {
  assert.throws(() => new Table(['A', 'B']).addRow(['1']), /Incorrect number of cells/);
});
