// One differential case: the same virsh invocation run by Debian's /usr/bin/virsh and by ours,
// compared on stdout, stderr and exit status.

/** A named rewrite applied to both outputs before comparing: only for values that change with the clock or at random. */
export interface Mask {
  name: string;
  pattern: RegExp;
  replace: string;
}

export interface DiffCase {
  /** Unique within its file; names the scenario ("dominfo-unknown-domain"). */
  name: string;
  /**
   * Arguments after the program name. `$DIR` is replaced by the case's temporary folder (where
   * `files` are written; it is also the working directory). Unless `uri` is null, `-c URI` is put
   * first (default test:///default).
   */
  argv: string[];
  uri?: string | null;
  /** Fed on standard input (interactive sessions). */
  stdin?: string;
  /** Files written into $DIR before the run. Values may use `$DIR` too. */
  files?: Record<string, string>;
  masks?: Mask[];
  /** For help output: compare command names, options and layout only, not the prose. */
  helpLayout?: boolean;
  /** Extra environment (e.g. LIBVIRT_DEFAULT_URI). */
  env?: Record<string, string>;
}

/** A mask for random UUIDs printed by define/create (libvirt generates one when the XML has none). */
export const UUID_MASK: Mask = {
  name: 'generated-uuid',
  pattern: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
  replace: '<uuid>',
};

/** The test driver reports CPU time from the wall clock. */
export const CPU_TIME_MASK: Mask = {
  name: 'cpu-time-from-clock',
  pattern: /(CPU time:\s+)\d+\.\ds/g,
  replace: '$1<cpu-time>',
};
