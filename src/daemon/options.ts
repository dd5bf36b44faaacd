// libvirtd's command line, parsed as glibc's getopt_long parses it for libvirtd (optstring
// "ldf:p:t:vVh"): bundled short options, attached or separate arguments, unambiguous long-option
// prefixes, options after operands, "--" to stop. Diagnostics are glibc's words.

export interface DaemonOptions {
  verbose: boolean;
  daemon: boolean;
  listen: boolean;
  config: string | null;
  pidFile: string | null;
  timeout: number;
  version: boolean;
  help: boolean;
}

export type ParseOutcome =
  | { ok: true; options: DaemonOptions }
  /** usage: print the usage text after the message; exit status 1. */
  | { ok: false; message: string; usage: boolean };

interface OptSpec {
  long: string;
  short: string;
  arg: boolean;
}

const SPECS: OptSpec[] = [
  { long: 'verbose', short: 'v', arg: false },
  { long: 'daemon', short: 'd', arg: false },
  { long: 'listen', short: 'l', arg: false },
  { long: 'config', short: 'f', arg: true },
  { long: 'timeout', short: 't', arg: true },
  { long: 'pid-file', short: 'p', arg: true },
  { long: 'version', short: 'V', arg: false },
  { long: 'help', short: 'h', arg: false },
];

/** strtol-like: leading blanks, optional sign, digits; trailing text tolerated (libvirt passes an end pointer). */
function parseTimeout(s: string): number | null {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  if (!m) return null;
  const n = Number(m[1]);
  if (n < 0 || n > Math.floor(2147483647 / 1000)) return null;
  return n;
}

export function parseDaemonArgs(argv0: string, args: readonly string[]): ParseOutcome {
  const o: DaemonOptions = { verbose: false, daemon: false, listen: false, config: null, pidFile: null, timeout: 0, version: false, help: false };
  const operands: string[] = [];
  // getopt returns the first of -V/-h immediately (the program exits there), so stop at it.
  const apply = (spec: OptSpec, value: string | undefined): ParseOutcome | 'stop' | null => {
    switch (spec.short) {
      case 'v':
        o.verbose = true;
        break;
      case 'd':
        o.daemon = true;
        break;
      case 'l':
        o.listen = true;
        break;
      case 'f':
        o.config = value!;
        break;
      case 'p':
        o.pidFile = value!;
        break;
      case 't': {
        const t = parseTimeout(value!);
        if (t === null) return { ok: false, message: 'Invalid value for timeout', usage: false };
        o.timeout = t;
        break;
      }
      case 'V':
        o.version = true;
        return 'stop';
      case 'h':
        o.help = true;
        return 'stop';
    }
    return null;
  };

  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const exact = SPECS.find((s) => s.long === name);
      const candidates = exact ? [exact] : SPECS.filter((s) => s.long.startsWith(name));
      if (candidates.length === 0) return { ok: false, message: `${argv0}: unrecognized option '--${name}'`, usage: true };
      if (candidates.length > 1) {
        const list = candidates.map((c) => ` '--${c.long}'`).join('');
        return { ok: false, message: `${argv0}: option '--${name}' is ambiguous; possibilities:${list}`, usage: true };
      }
      const spec = candidates[0]!;
      let value: string | undefined;
      if (spec.arg) {
        if (eq >= 0) value = a.slice(eq + 1);
        else if (i + 1 < args.length) value = args[++i];
        else return { ok: false, message: `${argv0}: option '--${spec.long}' requires an argument`, usage: true };
      } else if (eq >= 0) {
        return { ok: false, message: `${argv0}: option '--${spec.long}' doesn't allow an argument`, usage: true };
      }
      const r = apply(spec, value);
      if (r === 'stop') break;
      if (r) return r;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      let stop = false;
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const spec = SPECS.find((s) => s.short === c);
        if (!spec) return { ok: false, message: `${argv0}: invalid option -- '${c}'`, usage: true };
        let value: string | undefined;
        if (spec.arg) {
          if (j + 1 < a.length) value = a.slice(j + 1);
          else if (i + 1 < args.length) value = args[++i];
          else return { ok: false, message: `${argv0}: option requires an argument -- '${c}'`, usage: true };
          const r = apply(spec, value);
          if (r === 'stop') stop = true;
          else if (r) return r;
          break;
        }
        const r = apply(spec, value);
        if (r === 'stop') {
          stop = true;
          break;
        }
        if (r) return r;
      }
      if (stop) break;
      continue;
    }
    operands.push(a);
  }
  if (!o.version && !o.help && operands.length > 0) {
    return { ok: false, message: `${argv0}: unexpected, non-option, command line arguments`, usage: false };
  }
  return { ok: true, options: o };
}

/** The usage text: libvirtd's layout and paths; the option descriptions are ours. */
export function daemonUsage(argv0: string, privileged: boolean): string {
  const opts: Array<[string, string]> = [
    ['-h | --help', 'Show this help and exit'],
    ['-v | --verbose', 'Log more (informational messages too)'],
    ['-d | --daemon', 'Detach into the background and write a PID file'],
    ['-l | --listen', 'Accept TCP/IP connections as the config allows'],
    ['-t | --timeout <secs>', 'Quit after this many idle seconds'],
    ['-f | --config <file>', 'Read settings from this file'],
    ['-V | --version', 'Show the version and exit'],
    ['-p | --pid-file <file>', 'Write the PID to this file'],
  ];
  const lines: string[] = ['', 'Usage:', `  ${argv0} [options]`, '', 'Options:'];
  for (const [o, h] of opts) lines.push(`  ${o.padEnd(22)} ${h}`);
  lines.push('', 'libvirt management daemon:', '', '  Default paths:', '');
  lines.push('    Configuration file (unless overridden by -f):');
  lines.push(`      ${privileged ? '/etc' : '$XDG_CONFIG_HOME'}/libvirt/libvirtd.conf`, '');
  lines.push('    Sockets:');
  lines.push(`      ${privileged ? '/run' : '$XDG_RUNTIME_DIR'}/libvirt/libvirt-sock`);
  if (privileged) lines.push('      /run/libvirt/libvirt-sock-ro');
  lines.push('');
  lines.push('    TLS:');
  lines.push(`      CA certificate: ${privileged ? '/etc/pki/CA/cacert.pem' : '$HOME/.pki/libvirt/cacert.pem'}`);
  lines.push(`      Server certificate: ${privileged ? '/etc/pki/libvirt/servercert.pem' : '$HOME/.pki/libvirt/servercert.pem'}`);
  lines.push(`      Server private key: ${privileged ? '/etc/pki/libvirt/private/serverkey.pem' : '$HOME/.pki/libvirt/serverkey.pem'}`);
  lines.push('');
  lines.push('    PID file (unless overridden by -p):');
  lines.push(`      ${privileged ? '/run' : '$XDG_RUNTIME_DIR/libvirt'}/libvirtd.pid`);
  lines.push('', '');
  return lines.join('\n');
}
