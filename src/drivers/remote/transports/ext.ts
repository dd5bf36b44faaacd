// The ext transport: run `command=` (one program path, no arguments and no shell, as libvirt
// runs it) and speak the protocol over its stdin/stdout.
import { connectCommand, helperEnv, type CommandTransport } from './command.js';

export function connectExt(command: string, env: NodeJS.ProcessEnv = process.env): Promise<CommandTransport> {
  return connectCommand([command], helperEnv([], env));
}
