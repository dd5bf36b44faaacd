// virsh's guest commands of the "Domain Management" group (virsh-domain.c): file systems seen
// by the guest agent, keys, signals, NMIs, passwords and launch security. Messages are virsh's;
// help texts ours. Part of the group's command list (see domain.ts).
import { CommandFailure, defineCommand } from '../../vsh/command-def.js';
import { printTable, Table } from '../../vsh/table.js';
import { typedParamValue } from './domain-cpu.js';
import { orFail } from './domain-monitor.js';
import { commandDomain, domainOpt } from './lookup.js';

const domfsfreeze = defineCommand({
  name: 'domfsfreeze',
  info: { help: 'Freeze domain\'s mounted filesystems.', desc: "Freezes the guest's mounted file systems (all, or the given mount points) through the guest agent." },
  opts: [domainOpt(), { name: 'mountpoint', type: 'argv', help: 'the mount points to freeze' }],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const n = await orFail('Unable to freeze filesystems', () => dom.fsFreeze(cmd.argv('mountpoint'), 0));
    ctl.printExtra(`Froze ${n} filesystem(s)\n`);
    return true;
  },
});

const domfsthaw = defineCommand({
  name: 'domfsthaw',
  info: { help: 'Thaw domain\'s mounted filesystems.', desc: "Thaws the guest's frozen file systems (all, or the given mount points) through the guest agent." },
  opts: [domainOpt(), { name: 'mountpoint', type: 'argv', help: 'the mount points to thaw' }],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const n = await orFail('Unable to thaw filesystems', () => dom.fsThaw(cmd.argv('mountpoint'), 0));
    ctl.printExtra(`Thawed ${n} filesystem(s)\n`);
    return true;
  },
});

const domfsinfo = defineCommand({
  name: 'domfsinfo',
  info: { help: 'Get information of domain\'s mounted filesystems.', desc: "Lists the guest's mounted file systems: mount point, device, type and the disks behind them." },
  opts: [domainOpt()],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const info = await orFail('Unable to get filesystem information', () => dom.getFSInfo(0));
    if (info.length === 0) {
      ctl.printExtra('No filesystems are mounted in the domain');
      return true;
    }
    const table = new Table(['Mountpoint', 'Name', 'Type', 'Target']);
    for (const fs of info) table.addRow([fs.mountpoint, fs.name, fs.fstype, fs.devAliases.join(',')]);
    printTable(ctl, table);
    return true;
  },
});

const domfstrim = defineCommand({
  name: 'domfstrim',
  info: { help: 'Invoke fstrim on domain\'s mounted filesystems.', desc: 'Asks the guest to discard unused blocks of its file systems (all, or one mount point).' },
  opts: [
    domainOpt(),
    { name: 'minimum', type: 'int', help: 'the smallest free range worth discarding, in bytes' },
    { name: 'mountpoint', type: 'string', help: 'the one mount point to trim' },
  ],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const minimum = cmd.ulonglong('minimum') ?? 0n;
    const mountPoint = cmd.stringReq('mountpoint') ?? null;
    await orFail('Unable to invoke fstrim', () => dom.fsTrim(mountPoint, minimum, 0));
    return true;
  },
});

const injectNmi = defineCommand({
  name: 'inject-nmi',
  info: { help: 'Inject NMI to the guest', desc: 'Sends a non-maskable interrupt to a running guest.' },
  opts: [domainOpt()],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    await dom.injectNMI(0);
    return true;
  },
});

/** virKeycodeSet names, in enum order. */
const CODESETS = ['linux', 'xt', 'atset1', 'atset2', 'atset3', 'os_x', 'xt_kbd', 'usb', 'win32', 'qnum'];
/** VIR_DOMAIN_SEND_KEY_MAX_KEYS */
const MAX_KEYS = 16;

/** virshKeyCodeGetInt: decimal, octal or hex up to 0xffff. */
function keycodeNumber(s: string): number | undefined {
  const t = s.replace(/^\s+/, '');
  let v: number;
  if (/^\+?0x[0-9a-f]+$/i.test(t)) v = parseInt(t.replace(/^\+/, '').slice(2), 16);
  else if (/^\+?0[0-7]*$/.test(t)) v = parseInt(t.replace(/^\+/, ''), 8);
  else if (/^\+?[1-9]\d*$/.test(t)) v = parseInt(t.replace(/^\+/, ''), 10);
  else return undefined;
  return v > 0xffff ? undefined : v;
}

const sendKey = defineCommand({
  name: 'send-key',
  info: { help: 'Send keycodes to the guest', desc: 'Presses keys in the guest, given as numbers or as names of the chosen code set.' },
  opts: [
    domainOpt(),
    { name: 'codeset', type: 'string', reqOpt: true, help: 'the code set of the keys (linux unless given)' },
    { name: 'holdtime', type: 'int', reqOpt: true, help: 'how long to hold the keys down, in ms' },
    { name: 'keycode', type: 'argv', required: true, help: 'the keys' },
  ],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    let codesetName = cmd.string('codeset') || 'linux';
    const holdtime = cmd.uint('holdtime') ?? 0;
    // The qnum set was first called rfb; the old name still works.
    if (codesetName === 'rfb') codesetName = 'qnum';
    const codeset = CODESETS.indexOf(codesetName);
    if (codeset < 0) throw new CommandFailure(`unknown codeset: '${codesetName}'`);
    const keys: number[] = [];
    for (const k of cmd.argv('keycode')) {
      if (keys.length === MAX_KEYS) throw new CommandFailure('too many keycodes');
      // Key names need libvirt's key maps, which tsvirt does not carry: only numbers are read.
      const code = keycodeNumber(k);
      if (code === undefined) throw new CommandFailure(`invalid keycode: '${k}'`);
      keys.push(code);
    }
    await dom.sendKey(codeset, holdtime, keys, 0);
    return true;
  },
});

/** virshDomainProcessSignal names, by signal number. */
const SIGNALS = [
  'nop', 'hup', 'int', 'quit', 'ill', 'trap', 'abrt', 'bus', 'fpe', 'kill', 'usr1', 'segv', 'usr2', 'pipe', 'alrm', 'term', 'stkflt', 'chld',
  'cont', 'stop', 'tstp', 'ttin', 'ttou', 'urg', 'xcpu', 'xfsz', 'vtalrm', 'prof', 'winch', 'poll', 'pwr', 'sys',
  ...Array.from({ length: 33 }, (_, i) => `rt${i}`),
];

/** getSignalNumber: a number, or a name with or without "sig"/"sig_", any case. */
function signalNumber(name: string): number {
  const p = name.toLowerCase();
  if (/^\s*[+-]?\d+$/.test(p)) {
    const n = Number(p);
    if (n >= -0x80000000 && n <= 0x7fffffff) return n;
  }
  let rest = p;
  if (rest.startsWith('sig_')) rest = rest.slice(4);
  else if (rest.startsWith('sig')) rest = rest.slice(3);
  return SIGNALS.indexOf(rest);
}

const sendProcessSignal = defineCommand({
  name: 'send-process-signal',
  info: { help: 'Send signals to processes', desc: 'Sends a signal to a process inside the guest.' },
  opts: [
    domainOpt(),
    { name: 'pid', type: 'data', required: true, help: 'the process id' },
    { name: 'signame', type: 'data', required: true, help: 'the signal, by name or number' },
  ],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const pid = cmd.longlong('pid') ?? 0n;
    const signame = cmd.stringReq('signame') ?? '';
    const signum = signalNumber(signame);
    if (signum < 0) throw new CommandFailure(`malformed signal name: ${signame}`);
    await dom.sendProcessSignal(pid, signum, 0);
    return true;
  },
});

const setUserPassword = defineCommand({
  name: 'set-user-password',
  info: { help: 'set the user password inside the domain', desc: "Changes a user's password inside the guest." },
  opts: [
    domainOpt(),
    { name: 'user', type: 'data', required: true, help: 'the user name' },
    { name: 'password', type: 'data', required: true, help: 'the new password' },
    { name: 'encrypted', type: 'bool', help: 'the password is given already encrypted' },
  ],
  async run(ctl, cmd) {
    const flags = cmd.has('encrypted') ? 1 : 0;
    const user = cmd.stringReq('user') ?? '';
    const password = cmd.stringReq('password') ?? '';
    const { dom, name } = await commandDomain(ctl, cmd);
    await dom.setUserPassword(user, password, flags);
    ctl.printExtra(`Password set successfully for ${user} in ${name}`);
    return true;
  },
});

const domlaunchsecinfo = defineCommand({
  name: 'domlaunchsecinfo',
  info: { help: 'Get domain launch security info', desc: "Prints a domain's launch security measurement and related values." },
  opts: [domainOpt()],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const params = await orFail('Unable to get launch security parameters', () => dom.getLaunchSecurityInfo(0));
    for (const p of params) ctl.print(`${p.field.padEnd(15)}: ${typedParamValue(p)}\n`);
    return true;
  },
});

export const guestCommands = { domfsfreeze, domfsinfo, domfsthaw, domfstrim, domlaunchsecinfo, injectNmi, sendKey, sendProcessSignal, setUserPassword };
