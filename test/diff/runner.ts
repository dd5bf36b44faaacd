// The differential runner's machinery: run one case with Debian's virsh and with ours, mask and
// normalise both, and describe any difference. Used by diff.test.ts and run-one.ts.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DiffCase, Mask } from './case.js';
import { PEER_VIRSH } from '../helpers/peers.js';

export { PEER_VIRSH };
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

/** The URI environment variables virsh reads when no -c is given. */
const URI_ENV = ['LIBVIRT_DEFAULT_URI', 'VIRSH_DEFAULT_CONNECT_URI'];

/**
 * How one run of a case is made: which program, and (for the daemon ways) how the case's
 * test:/// URIs become URIs of a daemon's socket.
 */
export interface Variant {
  program: string;
  /** Replaces each test:// URI the case connects to (its -c URI, $LIBVIRT_DEFAULT_URI…); output reads the original again. */
  mapUri?: (uri: string) => string;
  /** The daemon runs as another user (Debian's libvirtd as `nobody` under root): let it into the case's folder. */
  shareDir?: (base: string, dir: string) => void;
}

/** test:///path → test+unix:///path?socket=SOCK (keeping any query the URI had). */
export function viaSocket(uri: string, sock: string): string {
  const rest = uri.slice('test:'.length);
  return `test+unix:${rest}${rest.includes('?') ? '&' : '?'}socket=${sock}`;
}

/**
 * Run `c` with `variant.program` in a fresh folder; paths of that folder and of HOME read "$DIR"
 * and "$HOME".
 */
export async function runWith(variant: Variant | string, c: DiffCase): Promise<RunResult> {
  const v: Variant = typeof variant === 'string' ? { program: variant } : variant;
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
    v.shareDir?.(base, dir);
    const mappings: [mapped: string, original: string][] = [];
    const map = (uri: string): string => {
      if (!v.mapUri || !uri.startsWith('test://')) return uri;
      const m = v.mapUri(uri);
      if (m !== uri) mappings.push([m, uri]);
      return m;
    };
    const argv = c.argv.map(sub);
    const uri = c.uri === null ? null : sub(c.uri ?? 'test:///default');
    if (uri !== null) argv.unshift('-c', map(uri));
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, LC_ALL: 'C', PWD: dir };
    delete env.XDG_CACHE_HOME;
    delete env.XDG_CONFIG_HOME;
    delete env.XDG_RUNTIME_DIR;
    delete env.LIBVIRT_DEFAULT_URI;
    delete env.VIRSH_DEFAULT_CONNECT_URI;
    delete env.VIRSH_DEBUG;
    delete env.VIRSH_LOG_FILE;
    for (const [k, val] of Object.entries(c.env ?? {})) env[k] = URI_ENV.includes(k) ? map(sub(val)) : sub(val);
    const r = await run(v.program, argv, dir, env, c.stdin === undefined ? undefined : sub(c.stdin));
    const unsub = (s: string): string => {
      for (const [m, o] of mappings) s = s.replaceAll(m, o);
      return s.replaceAll(dir, '$DIR').replaceAll(home, '$HOME');
    };
    return { ...r, stdout: unsub(r.stdout), stderr: unsub(r.stderr) };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

/** Whether a case connects to a test:// URI that a daemon way can carry (its -c URI or a default-URI variable). */
export function connectsToTestDriver(c: DiffCase): boolean {
  if (c.uri !== null) return (c.uri ?? 'test:///default').startsWith('test://');
  return URI_ENV.some((k) => c.env?.[k]?.startsWith('test://'));
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

/** The command line a case runs, for reports. */
export function describeCase(c: DiffCase): string {
  const argv = [...(c.uri === null ? [] : ['-c', c.uri ?? 'test:///default']), ...c.argv];
  return `case: virsh ${argv.map((a) => JSON.stringify(a)).join(' ')}${c.stdin !== undefined ? ` <<< ${JSON.stringify(c.stdin)}` : ''}`;
}

/**
 * Compare two runs of `c` (stdout, stderr, exit status) after the case's masks. `labels` name the
 * reference ("-" lines) and the run under test ("+" lines).
 */
export function compareRuns(c: DiffCase, expected: RunResult, actual: RunResult, labels: [string, string] = ['virsh', 'tsvirt']): Outcome {
  const t = applyMasks(c, expected);
  const o = applyMasks(c, actual);
  const [a, b] = labels;
  const parts: string[] = [];
  if (t.stdout !== o.stdout) parts.push(`stdout differs (- ${a}, + ${b}):\n${lineDiff(t.stdout, o.stdout)}`);
  if (t.stderr !== o.stderr) parts.push(`stderr differs (- ${a}, + ${b}):\n${lineDiff(t.stderr, o.stderr)}`);
  if (t.status !== o.status || t.signal !== o.signal) {
    parts.push(`exit status differs: ${a} ${t.status ?? t.signal}, ${b} ${o.status ?? o.signal}`);
  }
  return { identical: parts.length === 0, report: parts.length === 0 ? '' : `${describeCase(c)}\n${parts.join('\n')}` };
}

/** Run `c` with Debian's virsh and with ours (or `variant`), and compare. */
export async function compareCase(c: DiffCase, variant: Variant = { program: OUR_VIRSH }): Promise<Outcome> {
  // One program after the other: the runner's concurrency limit counts processes, not cases.
  const theirs = await runWith(PEER_VIRSH, c);
  const ours = await runWith(variant, c);
  return compareRuns(c, theirs, ours);
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

// ---------------------------------------------------------------------------------------------
// The daemon ways (issue 4): the same cases through a daemon, each compared with Debian's virsh
// in-process. A way is a client program and a daemon:
//   Debian virsh → our daemon, our virsh → Debian libvirtd, our virsh → our daemon.
// Debian's own virsh → Debian's libvirtd runs too, as the baseline. Where it equals the local run,
// every way must equal the local run. Where it does not, a named rule (DAEMON_RULES) must explain
// why no daemon can match, and says what the ways are held to instead; a rule that no longer
// finds a difference in Debian's own pair fails, so the rules stay honest.

export interface DaemonWay {
  id: 'virsh-ours' | 'ours-libvirtd' | 'ours-ours';
  label: string;
  program: string;
  daemon: 'ours' | 'debian';
}

export const DAEMON_WAYS: DaemonWay[] = [
  { id: 'virsh-ours', label: 'Debian virsh → our daemon', program: PEER_VIRSH, daemon: 'ours' },
  { id: 'ours-libvirtd', label: 'our virsh → Debian libvirtd', program: OUR_VIRSH, daemon: 'debian' },
  { id: 'ours-ours', label: 'our virsh → our daemon', program: OUR_VIRSH, daemon: 'ours' },
];

/** A reason why a case cannot give its in-process output through a daemon. */
export interface DaemonRule {
  name: string;
  why: string;
  /**
   * Whether the rule explains a case whose output Debian's own virsh → libvirtd changes, given its
   * key ("file/name") and Debian's two runs. Asked only for such cases.
   */
  applies(key: string, c: DiffCase, local: RunResult, debianRemote: RunResult): boolean;
  /** Cases the rule names: each must still differ through Debian's libvirtd, or the rule is stale. */
  cases?: string[];
  /**
   * The output every way must give, made from the local run; Debian's remote run must give it
   * too (the check that the explanation is the whole difference). Without it, the ways through
   * Debian's libvirtd are held to Debian's remote run, and ours to `ours`.
   */
  expected?: (local: RunResult) => RunResult;
  /** Without `expected`: what our daemon's ways are held to (default: Debian's remote run). */
  ours?: 'debian-remote' | 'local';
  /** Masks added to the case's own for every comparison under the rule (values no daemon can fix). */
  masks?: Mask[];
}

export const KEEPALIVE_CASES = ['general/keepalive-forced-on-test-driver', 'general/keepalive-count-forced-on-test-driver', 'general/debug-keepalive-message'];

/** Lines libxml2 and GLib print on the stderr of the process they run in (with the masks' <pid>/<time>). */
const PROCESS_WARNING = /^(?:I\/O warning : .*|\(process:[^)]*\): GLib-[A-Z]+ \*\*: .*)\n/gm;
const HAS_PROCESS_WARNING = new RegExp(PROCESS_WARNING.source, 'm');

/** The test driver's errors for a save image shorter than its header says (errno never set by the read). */
const STALE_ERRNO = /^(error: (?:incomplete save header|failed to read metadata length|incomplete metadata) in '[^']*'): [^\n]*$/m;
const STALE_ERRNO_G = new RegExp(STALE_ERRNO.source, 'gm');

export const DAEMON_RULES: DaemonRule[] = [
  {
    name: 'keepalive-on-the-test-driver',
    why: 'virsh -k/-K asks the connection for keepalive: the test driver refuses it, the remote driver accepts it',
    applies: (key) => KEEPALIVE_CASES.includes(key),
    cases: KEEPALIVE_CASES,
  },
  {
    name: 'warnings-of-the-parsing-process',
    why: "libxml2's I/O warnings and GLib's assertion messages go to the stderr of the process that parses the file or runs the driver: the daemon's, not virsh's",
    applies: (_key, _c, local) => HAS_PROCESS_WARNING.test(local.stderr),
    expected: (local) => ({ ...local, stderr: local.stderr.replace(/\n?(\(process:[^)]*\): GLib-)/g, '$1').replace(PROCESS_WARNING, '') }),
  },
  {
    name: 'auth-prompts-in-the-daemon',
    why: "a custom config's <auth> users are checked with the auth callback of the connection that opens the test driver: inside a daemon there is none, so libvirt refuses before virsh can prompt",
    applies: (_key, c) => Object.values(c.files ?? {}).some((f) => /<auth\b/.test(f)),
  },
  {
    name: 'libvirtd-free-pages-bug',
    why: "libvirt 9.0's test driver returns 0 from nodeGetFreePages, which libvirtd's dispatcher takes for a failure without an error: libvirtd's bug, not copied by our daemon, which answers as the driver does in-process",
    applies: (_key, c, _local, remote) => c.argv.some((a) => /\bfreepages\b/.test(a)) && remote.stderr.includes('Library function returned error but did not set virError'),
    ours: 'local',
  },
  {
    name: 'stale-errno-of-short-reads',
    why: "libvirt's test driver reports a short read of a save image with the calling thread's errno, which the read never set: a fresh virsh process says 'Success', a libvirtd worker thread whatever its last failed call left ('Resource temporarily unavailable', 'Protocol not available', …)",
    applies: (_key, _c, local) => STALE_ERRNO.test(local.stderr),
    masks: [{ name: 'errno text of a short read', pattern: STALE_ERRNO_G, replace: '$1: <errno>' }],
  },
];

/** The daemons one case uses, one case at a time (see test/helpers/exclusive.ts). */
export interface DaemonSlot {
  ours: { sock: string };
  debian: { sock: string };
  /** Debian's libvirtd runs as another user: let it into a case's folder. */
  shareDir?: (base: string, dir: string) => void;
}

export interface DaemonOutcome {
  /** Debian virsh → Debian libvirtd against Debian virsh in-process, under the rule that covers the case. */
  baseline: Outcome & { rule: DaemonRule | null };
  ways: { way: DaemonWay; outcome: Outcome }[];
}

const LOCAL = 'Debian virsh in-process';
const REMOTE = 'Debian virsh → Debian libvirtd';

/** Run `c` ("file/name" is `key`) the daemon ways on `slot`; `ref` is Debian's local run, if already made. */
export async function compareThroughDaemons(key: string, c: DiffCase, slot: DaemonSlot, ways = DAEMON_WAYS, ref?: RunResult): Promise<DaemonOutcome> {
  const local = ref ?? (await runWith(PEER_VIRSH, c));
  const variant = (program: string, daemon: 'ours' | 'debian'): Variant =>
    daemon === 'ours'
      ? { program, mapUri: (u) => viaSocket(u, slot.ours.sock) }
      : { program, mapUri: (u) => viaSocket(u, slot.debian.sock), shareDir: slot.shareDir };
  const remote = await runWith(variant(PEER_VIRSH, 'debian'), c);
  // A masking rule holds whenever it applies, even where Debian's own pair happens to agree: the
  // values it masks differ from run to run.
  const masking = DAEMON_RULES.find((r) => r.masks && r.applies(key, c, local, remote));
  if (masking) c = { ...c, masks: [...(c.masks ?? []), ...masking.masks!] };
  const plain = compareRuns(c, local, remote, [LOCAL, REMOTE]);
  const rule = masking ?? (plain.identical ? null : (DAEMON_RULES.find((r) => r.applies(key, c, local, remote)) ?? null));
  const stale = plain.identical ? DAEMON_RULES.find((r) => r.cases?.includes(key)) : undefined;
  // What each daemon's ways are held to, with its label.
  let refs: Record<'ours' | 'debian', [RunResult, string]> = { ours: [local, LOCAL], debian: [local, LOCAL] };
  let baseline: DaemonOutcome['baseline'];
  if (stale) {
    baseline = { identical: false, report: `rule ${stale.name} is no longer needed for ${key}: Debian's virsh gives its in-process output through Debian's libvirtd`, rule: stale };
  } else if (plain.identical) {
    baseline = { ...plain, rule };
  } else if (rule === masking) {
    baseline = { ...plain, report: `rule ${rule.name} does not explain the whole difference\n${plain.report}`, rule };
  } else if (rule === null) {
    baseline = { identical: false, report: `Debian's own virsh → libvirtd differs from its in-process run, and no rule in DAEMON_RULES explains it\n${plain.report}`, rule };
  } else if (rule.expected) {
    const expected = rule.expected(local);
    const label = `${LOCAL}, under rule ${rule.name}`;
    const check = compareRuns(c, expected, remote, [label, REMOTE]);
    baseline = { ...check, report: check.identical ? '' : `rule ${rule.name} does not explain the whole difference\n${check.report}`, rule };
    refs = { ours: [expected, label], debian: [expected, label] };
  } else {
    baseline = { identical: true, report: '', rule };
    refs = { ours: rule.ours === 'local' ? [local, LOCAL] : [remote, REMOTE], debian: [remote, REMOTE] };
  }
  const out: DaemonOutcome['ways'] = [];
  for (const way of ways) {
    const r = await runWith(variant(way.program, way.daemon), c);
    const [reference, label] = refs[way.daemon];
    out.push({ way, outcome: compareRuns(c, reference, r, [label, way.label]) });
  }
  return { baseline, ways: out };
}
