// virsh's command parser (vshCommandParse): turns a token stream into commands with their options.
//
// Rules, as virsh applies them:
//   - the first word names the command (aliases resolve to their target); a first word starting
//     with '#' makes the rest of the command a comment;
//   - "--name" or "--name=value" names an option; an alias may stand for "other" or "other=value";
//   - "--" alone makes every later word data;
//   - any other word fills the first option, in definition order, that takes a value and has not
//     been given yet (bools and --name-only options excepted); an argv option takes all the rest;
//   - "--help" anywhere turns the command into "help <command>";
//   - `help` ignores unknown options and surplus words.
// The whole line is parsed before anything runs: one error and nothing on the line runs.
import type { CommandDef, OptDef } from './command-def.js';
import { ParsedCommandImpl, type GivenOpt } from './parsed-command.js';
import type { TokenSource } from './tokenizer.js';

export interface ParseEnv {
  /** vshCmddefSearch: a command by name (alias entries included). */
  lookup(name: string): CommandDef | undefined;
  /** vshError */
  error(msg: string): void;
  /** vshDebug at VSH_ERR_INFO (the caller filters by level). */
  debug?(msg: string): void;
}

/** The option every command accepts, reporting itself as `help`. */
export const HELP_OPT: OptDef = { name: 'help', type: 'bool', help: 'print help for this command' };

interface Found {
  opt: OptDef;
  index: number;
  optstr: string | null;
}

function isAsciiAlnum(c: string | undefined): boolean {
  return c !== undefined && /^[A-Za-z0-9]$/.test(c);
}

/** vshCmddefGetOption */
function getOption(
  env: ParseEnv,
  cmd: CommandDef,
  name: string,
  seen: Set<number>,
  optstr: string | null,
): Found | null {
  if (name === HELP_OPT.name) return { opt: HELP_OPT, index: -1, optstr };
  const opts = cmd.opts;
  for (let i = 0; i < opts.length; i++) {
    const o = opts[i]!;
    if (o.name !== name) continue;
    if (o.type === 'alias') {
      // An alias names a later option, possibly with a value that comes with it.
      const eq = o.help.indexOf('=');
      if (eq < 0) {
        name = o.help;
      } else {
        name = o.help.slice(0, eq);
        if (optstr !== null) {
          env.error(`invalid '=' after option --${o.name}`);
          return null;
        }
        optstr = o.help.slice(eq + 1);
      }
      continue;
    }
    if (seen.has(i) && o.type !== 'argv') {
      env.error(`option --${name} already seen`);
      return null;
    }
    seen.add(i);
    return { opt: o, index: i, optstr };
  }
  if (cmd.name !== 'help') env.error(`command '${cmd.name}' doesn't support option --${name}`);
  return null;
}

/** Options a bare word may fill (virsh's opts_need_arg), by index. */
function positionalSlots(cmd: CommandDef): number[] {
  const out: number[] = [];
  cmd.opts.forEach((o, i) => {
    if (o.type !== 'bool' && o.type !== 'alias' && !o.reqOpt) out.push(i);
  });
  return out;
}

/**
 * The command names `src` would make parseCommands look up (the first word of each command,
 * and `help` when a word asks for it), read without reporting errors, up to the first syntax
 * error. Lets the shell load those commands' groups before parsing.
 */
export function commandWords(src: TokenSource): string[] {
  const words: string[] = [];
  let first = true;
  let comment = false;
  for (let tk = src.next(false); tk.kind === 'arg' || tk.kind === 'subcmd-end'; tk = src.next(false)) {
    if (tk.kind === 'subcmd-end') {
      first = true;
      comment = false;
    } else if (comment) {
      // the rest of a commented-out command
    } else if (first) {
      first = false;
      if (tk.value.startsWith('#')) comment = true;
      else words.push(tk.value);
    } else if (tk.value.startsWith('--help')) {
      words.push('help');
    }
  }
  return words;
}

/**
 * Parse every command in `src`. Returns the commands, or null after reporting the first syntax
 * error (missing required options are all reported).
 */
export function parseCommands(env: ParseEnv, src: TokenSource): ParsedCommandImpl[] | null {
  const commands: ParsedCommandImpl[] = [];
  for (;;) {
    let cmd: CommandDef | undefined;
    let given: GivenOpt[] = [];
    let dataOnly = false;
    let needArg: number[] = [];
    const seen = new Set<number>();
    let tk = src.next(true);

    for (; ; tk = src.next(true)) {
      if (tk.kind === 'error') return null;
      if (tk.kind !== 'arg') break;
      const word = tk.value;

      if (cmd === undefined) {
        if (word.startsWith('#')) {
          do tk = src.next(false);
          while (tk.kind === 'arg');
          break;
        }
        cmd = env.lookup(word);
        if (!cmd) {
          env.error(`unknown command: '${word}'`);
          return null;
        }
        if (cmd.alias !== undefined) cmd = env.lookup(cmd.alias);
        if (!cmd) return null;
        needArg = positionalSlots(cmd);
        continue;
      }

      let opt: OptDef | null = null;
      let data: string | null = null;
      if (!dataOnly && word.startsWith('--') && isAsciiAlnum(word[2])) {
        const eq = word.indexOf('=', 2);
        const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
        const found = getOption(env, cmd, name, seen, eq < 0 ? null : word.slice(eq + 1));
        if (!found) {
          if (cmd.name === 'help') continue;
          return null;
        }
        opt = found.opt;
        if (opt.type !== 'bool') {
          if (found.optstr !== null) {
            data = found.optstr;
          } else {
            tk = src.next(true);
            if (tk.kind === 'error') return null;
            if (tk.kind !== 'arg') {
              env.error(`expected syntax: --${opt.name} <${opt.type === 'int' ? 'number' : 'string'}>`);
              return null;
            }
            data = tk.value;
          }
          if (opt.type !== 'argv') needArg = needArg.filter((i) => i !== found.index);
        } else if (found.optstr !== null) {
          env.error(`invalid '=' after option --${opt.name}`);
          return null;
        }
      } else if (!dataOnly && word === '--') {
        dataOnly = true;
        continue;
      } else {
        // vshCmddefGetData: the first option still waiting for a value.
        const index = needArg[0];
        if (index !== undefined) {
          opt = cmd.opts[index]!;
          if (opt.type !== 'argv') needArg = needArg.slice(1);
          seen.add(index);
          data = word;
        } else if (cmd.name !== 'help') {
          env.error(`unexpected data '${word}'`);
          return null;
        }
      }
      if (opt) {
        given.push({ def: opt, data });
        env.debug?.(`${cmd.name}: ${opt.name}(${opt.type !== 'bool' ? 'optdata' : 'bool'}): ${opt.type !== 'bool' ? data : '(none)'}\n`);
      }
    }

    if (cmd) {
      let checkRequired = true;
      if (given.some((o) => o.def.name === 'help')) {
        // "CMD ... --help" is "help CMD".
        const help = env.lookup('help');
        if (help && help.opts[0]) {
          given = [{ def: help.opts[0], data: cmd.name }];
          cmd = help;
          checkRequired = false;
        }
      }
      if (checkRequired) {
        let missing = false;
        cmd.opts.forEach((o, i) => {
          if (!o.required || seen.has(i)) return;
          missing = true;
          env.error(
            o.type === 'data' || o.type === 'argv'
              ? `command '${cmd!.name}' requires <${o.name}> option`
              : `command '${cmd!.name}' requires --${o.name} option`,
          );
        });
        if (missing) return null;
      }
      commands.push(new ParsedCommandImpl(cmd, given));
    }
    if (tk.kind === 'end') break;
  }
  return commands;
}
