// The differential runner's machinery: run one case with Debian's virsh and with ours, mask and
// normalise both, and describe any difference. Used by diff.test.ts and run-one.ts.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DiffCase } from './case.js';

export const PEER_VIRSH = process.env.TSVIRT_PEER_VIRSH ?? '/usr/bin/virsh';
const here = dirname(fileURLToPath(import.meta.url));
/** The repository root (this file runs from dist/test/diff/). */
export const REPO = resolve(here, '..', '..', '..');
export const OUR_VIRSH = join(REPO, 'bin', 'virsh');
export const CASES_DIR = join(here, 'cases');

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number | null;
  signal: string | null;
}

export interface CaseFile {
  file: string;
  cases: DiffCase[];
}

/** Every test/diff/cases/*.js module's `cases`, in file name order. */
export async function loadCaseFiles(dir = CASES_DIR): Promise<CaseFile[]> {
  const names = readdirSync(dir)
    .filter((n) => n.endsWith('.js') && !n.endsWith('.test.js'))
    .sort();
  const out: CaseFile[] = [];
  for (const n of names) out.push(await loadCaseFile(join(dir, n)));
  return out;
}

export async function loadCaseFile(path: string): Promise<CaseFile> {
  const mod = (await import(pathToFileURL(path).href)) as { cases?: DiffCase[] };
  return { file: path.slice(path.lastIndexOf('/') + 1).replace(/\.js$/, ''), cases: mod.cases ?? [] };
}

function run(program: string, argv: string[], cwd: string, env: NodeJS.ProcessEnv, stdin: string | undefined): Promise<RunResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(program, argv, { cwd, env, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolveRun({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), status, signal });
    });
    if (stdin !== undefined) {
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(stdin);
    }
  });
}

/**
 * Run `c` with `program` in a fresh folder; paths of that folder and of HOME read "$DIR" and "$HOME".
 * `mapUri` (the via-daemon mode, test/interop/virsh-via-daemon.test.ts) replaces the case's URI
 * for this run, and its output reads the original URI again.
 */
export async function runWith(program: string, c: DiffCase, mapUri?: (uri: string) => string): Promise<RunResult> {
  const base = mkdtempSync(join(tmpdir(), 'tsvirt-diff-'));
  const dir = join(base, 'dir');
  const home = join(base, 'home');
  mkdirSync(dir);
  mkdirSync(home);
  try {
    const sub = (s: string): string => s.replaceAll('$DIR', dir);
    for (const [name, content] of Object.entries(c.files ?? {})) {
      const p = join(dir, name);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, sub(content));
    }
    const argv = c.argv.map(sub);
    const uri = c.uri === null ? null : sub(c.uri ?? 'test:///default');
    const mapped = uri !== null && mapUri ? mapUri(uri) : uri;
    if (mapped !== null) argv.unshift('-c', mapped);
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, LC_ALL: 'C', PWD: dir };
    delete env.XDG_CACHE_HOME;
    delete env.XDG_CONFIG_HOME;
    delete env.LIBVIRT_DEFAULT_URI;
    delete env.VIRSH_DEFAULT_CONNECT_URI;
    delete env.VIRSH_DEBUG;
    delete env.VIRSH_LOG_FILE;
    for (const [k, v] of Object.entries(c.env ?? {})) env[k] = sub(v);
    const r = await run(program, argv, dir, env, c.stdin === undefined ? undefined : sub(c.stdin));
    const unmap = (s: string): string => (mapped !== uri && mapped !== null ? s.replaceAll(mapped, uri!) : s);
    const unsub = (s: string): string => unmap(s).replaceAll(dir, '$DIR').replaceAll(home, '$HOME');
    return { ...r, stdout: unsub(r.stdout), stderr: unsub(r.stderr) };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

/**
 * Help output with the prose replaced by placeholders: command names, option names, the synopsis
 * and the section layout stay, so our own descriptions compare equal to virsh's.
 */
export function normalizeHelp(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let section = '';
  let desc: string[] | null = null;
  const flushDesc = (): void => {
    if (desc === null) return;
    let blanks = 0;
    while (desc.length > 0 && desc[desc.length - 1] === '') {
      desc.pop();
      blanks++;
    }
    if (desc.length > 0) out.push('    <description>');
    for (let i = 0; i < blanks; i++) out.push('');
    desc = null;
  };
  for (const line of lines) {
    const header = /^  (NAME|SYNOPSIS|DESCRIPTION|OPTIONS)$/.exec(line);
    if (header) {
      flushDesc();
      section = header[1]!;
      out.push(line);
      if (section === 'DESCRIPTION') desc = [];
      continue;
    }
    if (desc !== null) {
      desc.push(line);
      continue;
    }
    let m: RegExpExecArray | null;
    if (/^ \S.* \(help keyword '[^']*'\):?$/.test(line)) {
      section = 'group';
      out.push(line);
    } else if (line === '  options:') {
      section = 'usage';
      out.push(line);
    } else if (line === '  commands (non interactive mode):') {
      section = '';
      out.push(line);
    } else if (section === 'NAME' && (m = /^    (\S+) - /.exec(line))) {
      out.push(`    ${m[1]} - <help>`);
    } else if (section === 'OPTIONS' && (m = /^    (.*?)  (.*)$/.exec(line))) {
      out.push(`    ${m[1]!.trimEnd()}  <help>`);
    } else if (section === 'group' && (m = /^    (\S+) /.exec(line))) {
      out.push(`    ${m[1]} <help>`);
    } else if (section === 'usage' && (m = /^( +)(-.*?)  +\S/.exec(line))) {
      out.push(`${m[1]}${m[2]} <help>`);
    } else if (section === 'usage' && /^ {28}\S/.test(line)) {
      out.push(`${' '.repeat(28)}<help>`);
    } else {
      out.push(line);
    }
  }
  flushDesc();
  return out.join('\n');
}

export function applyMasks(c: DiffCase, r: RunResult): RunResult {
  let { stdout, stderr } = r;
  for (const m of c.masks ?? []) {
    stdout = stdout.replace(m.pattern, m.replace);
    stderr = stderr.replace(m.pattern, m.replace);
  }
  if (c.helpLayout) stdout = normalizeHelp(stdout);
  return { ...r, stdout, stderr };
}

/** A small line diff (longest common subsequence), "-" for Debian's lines, "+" for ours. */
export function lineDiff(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  if (a.length * b.length > 4_000_000) return `--- virsh\n${expected}\n+++ tsvirt\n${actual}`;
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  const show = (s: string): string => JSON.stringify(s).slice(1, -1);
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${show(a[i]!)}`);
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      out.push(`+ ${show(b[j]!)}`);
      j++;
    } else {
      out.push(`- ${show(a[i]!)}`);
      i++;
    }
  }
  return out.join('\n');
}

export interface Outcome {
  identical: boolean;
  /** A readable account of the differences (empty when identical). */
  report: string;
}

/** The second run of a comparison: another program and/or the case's URI mapped (a daemon's socket). */
export interface Variant {
  program: string;
  mapUri?: (uri: string) => string;
}

/** Run `c` with both programs (or with Debian's and `variant`) and compare stdout, stderr and exit status. */
export async function compareCase(c: DiffCase, variant: Variant = { program: OUR_VIRSH }): Promise<Outcome> {
  // One program after the other: the runner's concurrency limit counts processes, not cases.
  const theirs = await runWith(PEER_VIRSH, c);
  const ours = await runWith(variant.program, c, variant.mapUri);
  const t = applyMasks(c, theirs);
  const o = applyMasks(c, ours);
  const parts: string[] = [];
  if (t.stdout !== o.stdout) parts.push(`stdout differs (- virsh, + tsvirt):\n${lineDiff(t.stdout, o.stdout)}`);
  if (t.stderr !== o.stderr) parts.push(`stderr differs (- virsh, + tsvirt):\n${lineDiff(t.stderr, o.stderr)}`);
  if (t.status !== o.status || t.signal !== o.signal) {
    parts.push(`exit status differs: virsh ${t.status ?? t.signal}, tsvirt ${o.status ?? o.signal}`);
  }
  const argv = [...(c.uri === null ? [] : ['-c', c.uri ?? 'test:///default']), ...c.argv];
  const head = `case: virsh ${argv.map((a) => JSON.stringify(a)).join(' ')}${c.stdin !== undefined ? ` <<< ${JSON.stringify(c.stdin)}` : ''}`;
  return { identical: parts.length === 0, report: parts.length === 0 ? '' : `${head}\n${parts.join('\n')}` };
}

export function peerAvailable(): boolean {
  return existsSync(PEER_VIRSH);
}

/** Run `tasks` with at most `limit` at a time. */
export async function pool<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const k = next++;
      results[k] = await tasks[k]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
