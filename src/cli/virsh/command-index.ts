// Which of cmdGroups (groups.ts) holds each virsh command. Left null here, so that the module
// tree built by tsc loads every group; tools/build-virsh.mjs fills it in for the bundled virsh
// from the same build's command modules, so it cannot go stale.
import type { CommandIndex } from '../vsh/help.js';

export const commandIndex: CommandIndex | null = null;
