import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  configureLogging,
  currentLogSettings,
  flushLogs,
  logger,
  logTimestamp,
  parseFilters,
  parseOutputs,
  resetLogging,
  setStderrSink,
} from './log.js';
import type { VirError } from './error.js';

function capture(fn: () => void): string[] {
  const lines: string[] = [];
  const prev = setStderrSink((l) => lines.push(...l.split(/(?<=\n)/)));
  try {
    fn();
  } finally {
    setStderrSink(prev);
  }
  return lines;
}

const LINE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}\+0000: \d+: (debug|info|warning|error) : /;

test('timestamp is libvirt\'s UTC format with milliseconds', () => {
  assert.equal(logTimestamp(new Date(Date.UTC(2026, 10, 25, 8, 35, 0, 870))), '2026-11-25 08:35:00.870+0000');
});

test('default: warnings and errors to stderr, preceded once by the version and hostname lines', () => {
  resetLogging();
  const log = logger('test.default');
  const lines = capture(() => {
    log.debug('hidden');
    log.info('hidden');
    log.warn('shown');
    log.error(() => 'lazy shown');
  });
  assert.equal(lines.length, 4);
  for (const l of lines) assert.match(l, LINE);
  assert.match(lines[0]!, /: info : libvirt version: 9\.0\.0\n$/);
  assert.match(lines[1]!, /: info : hostname: /);
  assert.match(lines[2]!, /: warning : test\.default : shown\n$/);
  assert.match(lines[3]!, /: error : test\.default : lazy shown\n$/);
});

test('filters match substrings of the category; the first matching filter decides', () => {
  resetLogging();
  configureLogging({ level: 4, filters: '1:rpc.server 3:rpc', outputs: '1:stderr', env: {} });
  let built = 0;
  const lines = capture(() => {
    logger('rpc.server-client').debug('a');
    logger('rpc.keepalive').info(() => {
      built++;
      return 'b';
    });
    logger('rpc.keepalive').warn('c');
    logger('daemon.main').warn('d');
  });
  const msgs = lines.filter((l) => !/libvirt version|hostname/.test(l)).map((l) => l.replace(LINE, ''));
  assert.deepEqual(msgs, ['rpc.server-client : a\n', 'rpc.keepalive : c\n']);
  assert.equal(built, 0, 'a filtered message is never formatted');
  assert.equal(currentLogSettings().filters, '1:rpc.server 3:rpc');
});

test('environment beats the config; --verbose lowers to info', () => {
  resetLogging();
  configureLogging({ level: 4, filters: '4:x', env: { LIBVIRT_LOG_FILTERS: '2:y', LIBVIRT_DEBUG: '3' }, verbose: true });
  const s = currentLogSettings();
  assert.equal(s.level, 2);
  assert.equal(s.filters, '2:y');
  assert.equal(s.outputs, '2:stderr');
});

test('parse errors carry libvirt\'s texts', () => {
  const err = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as VirError).message;
    }
    return 'ok';
  };
  assert.equal(err(() => parseFilters('x')), "invalid argument: Malformed format for filter 'x'");
  assert.equal(err(() => parseFilters('9:x')), "invalid argument: Invalid priority '9' for filter '9:x'");
  assert.equal(err(() => parseFilters('1:+')), "invalid argument: Invalid match string '+'");
  assert.deepEqual(parseFilters('1:+qemu').map((f) => f.match), ['qemu']);
  assert.equal(err(() => parseOutputs('1:nowhere')), "invalid argument: Invalid log destination 'nowhere' for log output '1:nowhere'");
  assert.equal(err(() => parseOutputs('stderr')), "invalid argument: Malformed format for log output 'stderr'");
  assert.equal(err(() => parseOutputs('0:stderr')), "invalid argument: Invalid log priority '0' for log output '0:stderr'");
  assert.equal(
    err(() => parseOutputs('1:file')),
    "invalid argument: Log output '1:file' does not meet the format requirements for destination type 'file'",
  );
  assert.equal(err(() => configureLogging({ level: 7, env: {} })), "invalid argument: Failed to set logging priority, argument '7' is invalid");
  assert.equal(parseOutputs('1:stderr 3:stderr').length, 1, 'a later output of the same kind replaces the earlier');
});

test('file output appends lines at or above its priority', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsvirt-log-'));
  try {
    const path = join(dir, 'd.log');
    resetLogging();
    configureLogging({ level: 1, outputs: `3:file:${path}`, env: {} });
    logger('t.file').info('no');
    logger('t.file').error('yes');
    await flushLogs();
    const text = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    assert.equal(text.length, 3);
    assert.match(text[2]!, /: error : t\.file : yes$/);
  } finally {
    resetLogging();
    rmSync(dir, { recursive: true, force: true });
  }
});
