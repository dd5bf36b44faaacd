// The ssh transport: the system's ssh client runs virt-ssh-helper or nc on the far side, and we
// talk to it over its stdin/stdout (virNetClientNewSSH / virNetSocketNewConnectSSH).
import type { RemoteOpenPlan } from '../remote-uri.js';
import { RemoteOpenFlag, sshHelperCommand } from '../remote-uri.js';
import { connectCommand, helperEnv, type CommandTransport } from './command.js';

/** Variables ssh needs beyond the common ones (agent, Kerberos, askpass, X11); TERM as Debian's build passes it. */
const SSH_ENV = ['XDG_RUNTIME_DIR', 'KRB5CCNAME', 'SSH_AUTH_SOCK', 'SSH_ASKPASS', 'TERM', 'OPENSSL_CONF', 'DISPLAY', 'XAUTHORITY'];

/** The argv libvirt runs: ssh [-p port] [-l user] [-i key] -T -e none [-o …] -- host 'sh -c …'. */
export function sshArgv(plan: RemoteOpenPlan): string[] {
  const argv = [plan.command ?? 'ssh'];
  if (plan.port) argv.push('-p', plan.port);
  if (plan.user) argv.push('-l', plan.user);
  if (plan.keyfile) argv.push('-i', plan.keyfile);
  argv.push('-T', '-e', 'none');
  if (!plan.tty) argv.push('-o', 'BatchMode=yes');
  if (!plan.verify) argv.push('-o', 'StrictHostKeyChecking=no');
  const remote = sshHelperCommand(plan.proxy, plan.netcat, plan.socketPath, plan.name, (plan.flags & RemoteOpenFlag.ReadOnly) !== 0);
  argv.push('--', plan.hostname, remote);
  return argv;
}

export function connectSsh(plan: RemoteOpenPlan, env: NodeJS.ProcessEnv = process.env): Promise<CommandTransport> {
  return connectCommand(sshArgv(plan), helperEnv(SSH_ENV, env));
}
