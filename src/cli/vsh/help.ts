// virsh's help printer: the grouped command list, one group, and one command's manual page
// (vshCmdGrpHelp / vshCmddefHelp). The layout is virsh's; the prose comes from each definition.
import type { CommandDef, OptDef } from './command-def.js';

export interface CommandGroup {
  /** The heading, as "Domain Management". */
  name: string;
  /** The word `help KEYWORD` accepts, as "domain". */
  keyword: string;
  commands: readonly CommandDef[];
}

/**
 * A group as a program declares it: its commands are loaded on first need, so that a one-shot
 * command evaluates only its own group's module (see ShellControl.loadCommands).
 */
export interface GroupSource {
  name: string;
  keyword: string;
  load(): Promise<readonly CommandDef[]>;
}

/**
 * Which group (index into the program's group list) first defines each command name, aliases
 * included. Only a hint: a name it does not know makes the shell load every group.
 */
export type CommandIndex = Readonly<Record<string, number>>;

/** The commands a listing shows: aliases and hidden commands are left out. */
export function listedCommands(g: CommandGroup): CommandDef[] {
  return g.commands.filter((c) => c.alias === undefined && !c.hidden);
}

function pad(s: string, width: number): string {
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}

/** One command line of a group listing ("    %-30s %s"). */
export function commandLine(c: CommandDef): string {
  return `    ${pad(c.name, 30)} ${c.info.help}\n`;
}

/** `help GROUP` */
export function groupHelp(g: CommandGroup): string {
  let out = ` ${g.name} (help keyword '${g.keyword}'):\n`;
  for (const c of listedCommands(g)) out += commandLine(c);
  return out;
}

/** `help` with no argument. */
export function groupedHelp(groups: readonly CommandGroup[]): string {
  let out = 'Grouped commands:\n\n';
  for (const g of groups) out += groupHelp(g) + '\n';
  return out;
}

function synopsisItem(o: OptDef, shortopt: boolean): string | null {
  switch (o.type) {
    case 'bool':
      return `[--${o.name}]`;
    case 'int':
      return o.required ? `<${o.name}>` : `[--${o.name} <number>]`;
    case 'string':
      return `[--${o.name} <string>]`;
    case 'data':
      return o.required ? `<${o.name}>` : `[<${o.name}>]`;
    case 'argv':
      if (shortopt) return o.required ? `{[--${o.name}] <string>}...` : `[[--${o.name}] <string>]...`;
      return o.required ? `<${o.name}>...` : `[<${o.name}>]...`;
    case 'alias':
      return null;
  }
}

function optionLabel(o: OptDef, shortopt: boolean): string | null {
  switch (o.type) {
    case 'bool':
      return `--${o.name}`;
    case 'int':
      return o.required ? `[--${o.name}] <number>` : `--${o.name} <number>`;
    case 'string':
      return `--${o.name} <string>`;
    case 'data':
      return `[--${o.name}] <string>`;
    case 'argv':
      return shortopt ? `[--${o.name}] <string>` : `<${o.name}>`;
    case 'alias':
      return null;
  }
}

/** `help COMMAND`: NAME, SYNOPSIS, DESCRIPTION (when there is one) and OPTIONS. */
export function commandHelp(def: CommandDef): string {
  let out = `  NAME\n    ${def.name} - ${def.info.help}\n`;
  out += `\n  SYNOPSIS\n    ${def.name}`;
  // Whether a value-taking option before an argv list can be given without its --name, which
  // changes how the argv list is written.
  let shortopt = false;
  for (const o of def.opts) {
    const item = synopsisItem(o, shortopt);
    if ((o.type === 'int' || o.type === 'string' || o.type === 'data') && !o.reqOpt) shortopt = true;
    if (item !== null) out += ` ${item}`;
  }
  out += '\n';
  if (def.info.desc) out += `\n  DESCRIPTION\n    ${def.info.desc}\n`;
  if (def.opts.length > 0) {
    out += '\n  OPTIONS\n';
    for (const o of def.opts) {
      const label = optionLabel(o, shortopt);
      if (label !== null) out += `    ${pad(label, 15)}  ${o.help}\n`;
    }
  }
  return out + '\n';
}
