// The interactive session: prompt, read a line, parse it, run it, until `quit` or end of input.
//
// Debian's virsh reads lines through GNU readline even when standard input is not a terminal;
// readline then echoes each line after the prompt, so a piped session prints "virsh # list\n"
// before the command's output. A carriage return ends a line as a newline does. At the end
// virsh always prints one more newline, after the last prompt or after `quit`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ShellControl } from './control.js';
import { listedCommands } from './help.js';
import type { StdinLines } from './io.js';
import { strerror } from './strerror.js';

export interface SessionOptions {
  prompt(): string;
  stdin: StdinLines;
  /** Standard input is a terminal: use line editing, completion and history. */
  istty: boolean;
}

/** Run one line as the shell does (empty lines are skipped). */
async function runLine(ctl: ShellControl, line: string): Promise<void> {
  if (line === '') return;
  const cmds = await ctl.parseString(line);
  if (cmds) await ctl.runCommands(cmds);
}

export async function runSession(ctl: ShellControl, o: SessionOptions): Promise<void> {
  const file = historyPath(ctl.name);
  const size = historySize(ctl);
  let history: string[] = [];
  try {
    history = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
  } catch {
    // no history yet
  }
  if (o.istty) {
    history = await runTerminalSession(ctl, o, history.slice(-size), size);
  } else {
    do {
      ctl.print(o.prompt());
      const line = o.stdin.readLine(true);
      if (line === null) break;
      ctl.print(`${line}\n`);
      if (line !== '') history.push(line);
      await runLine(ctl, line);
    } while (ctl.imode);
    ctl.print('\n');
  }
  // virsh saves the session's lines whether or not a terminal was attached.
  const dir = join(file, '..');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    writeFileSync(file, history.length ? `${history.slice(-size).join('\n')}\n` : '');
  } catch (e) {
    ctl.error(`Failed to create '${dir}': ${strerror((e as NodeJS.ErrnoException).code)}`);
  }
}

/** Where virsh keeps its line history: $XDG_CACHE_HOME/libvirt/virsh/history. */
export function historyPath(name: string): string {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'libvirt', name, 'history');
}

function historySize(ctl: ShellControl): number {
  const raw = process.env[`${ctl.envPrefix}_HISTSIZE`];
  if (raw === undefined) return 500;
  const n = Number.parseInt(raw, 10);
  if (!/^\s*[+-]?\d+$/.test(raw) || n < 0 || n > 500000) return 500;
  return n;
}

/** Completion of command names, then of the options a command has not been given yet. */
function completer(ctl: ShellControl, line: string): [string[], string] {
  const words = line.split(/[ \t]+/);
  const current = words[words.length - 1] ?? '';
  const lastCmd = line.split(/[;\n]/).pop() ?? '';
  const cmdWords = lastCmd.trimStart().split(/[ \t]+/);
  if (cmdWords.length <= 1) {
    const all = ctl.groups.flatMap((g) => listedCommands(g).map((c) => c.name));
    return [all.filter((n) => n.startsWith(current)), current];
  }
  const def = ctl.lookup(cmdWords[0]!);
  if (!def) return [[], current];
  const given = new Set(cmdWords.slice(1).filter((w) => w.startsWith('--')).map((w) => w.slice(2).split('=')[0]));
  const opts = def.opts
    .filter((op) => op.type !== 'alias' && (op.type === 'argv' || !given.has(op.name)))
    .map((op) => `--${op.name}`);
  return [opts.filter((n) => n.startsWith(current)), current];
}

/** The session with line editing; returns the history to save, oldest first. */
async function runTerminalSession(ctl: ShellControl, o: SessionOptions, history: string[], size: number): Promise<string[]> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: true,
    history: [...history].reverse(),
    historySize: size,
    removeHistoryDuplicates: false,
    completer: (line: string) => completer(ctl, line),
  });
  let closed = false;
  rl.on('close', () => {
    closed = true;
  });
  rl.on('SIGINT', () => {
    // As readline in virsh: drop the line being typed and prompt again.
    rl.write(null, { ctrl: true, name: 'u' });
    ctl.print('\n');
    rl.prompt();
  });
  const ask = (prompt: string): Promise<string | null> =>
    new Promise((resolve) => {
      if (closed) return resolve(null);
      const onClose = (): void => resolve(null);
      rl.once('close', onClose);
      rl.question(prompt, (answer) => {
        rl.off('close', onClose);
        resolve(answer);
      });
    });
  let line: string | null = null;
  do {
    line = await ask(o.prompt());
    if (line === null) break;
    rl.pause();
    await runLine(ctl, line);
    rl.resume();
  } while (ctl.imode);
  const entries = [...((rl as unknown as { history?: string[] }).history ?? [])].reverse();
  rl.close();
  ctl.print('\n');
  return entries;
}
