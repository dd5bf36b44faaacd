import type { CommandDef } from '../../vsh/command-def.js';

export const commands: CommandDef[] = [];
