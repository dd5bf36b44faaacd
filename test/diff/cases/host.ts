// Differential cases for the "Host and Hypervisor" group on the test driver: connection facts,
// capabilities, NUMA memory and pages, CPU counters and maps, CPU models, and the errors of each.
// hostname is compared live too: both programs run on the same host.
import type { DiffCase } from '../case.js';

const NODE_XML = `<node>
  <cpu><nodes>4</nodes><sockets>1</sockets><cores>2</cores><threads>1</threads><active>8</active><mhz>2000</mhz><model>x86_64</model></cpu>
  <memory>4000</memory>
</node>
`;

const CPU_XML = `<cpu>
  <arch>x86_64</arch>
  <model>Haswell</model>
  <feature name='vmx'/>
</cpu>
`;

export const cases: DiffCase[] = [
  // --- connection facts ---
  { name: 'version', argv: ['version'] },
  { name: 'version-daemon', argv: ['version', '--daemon'] },
  { name: 'uri', argv: ['uri'] },
  { name: 'uri-custom-file', argv: ['uri'], uri: 'test://$DIR/node.xml', files: { 'node.xml': NODE_XML } },
  { name: 'hostname', argv: ['hostname'] },
  { name: 'sysinfo', argv: ['sysinfo'] },
  { name: 'nodeinfo', argv: ['nodeinfo'] },
  { name: 'nodeinfo-custom-file', argv: ['nodeinfo'], uri: 'test://$DIR/node.xml', files: { 'node.xml': NODE_XML } },
  { name: 'capabilities', argv: ['capabilities'] },
  { name: 'capabilities-custom-file-no-cells', argv: ['capabilities'], uri: 'test://$DIR/node.xml', files: { 'node.xml': NODE_XML } },
  { name: 'capabilities-extra-argument', argv: ['capabilities', 'extra'] },
  { name: 'capabilities-unknown-option', argv: ['capabilities', '--xpath', '//arch'] },
  { name: 'domcapabilities-unsupported', argv: ['domcapabilities'] },
  { name: 'domcapabilities-empty-virttype', argv: ['domcapabilities', '--virttype', ''] },
  { name: 'maxvcpus', argv: ['maxvcpus'] },
  { name: 'maxvcpus-type', argv: ['maxvcpus', '--type', 'kvm'] },
  { name: 'maxvcpus-empty-type', argv: ['maxvcpus', '--type', ''] },
  { name: 'maxvcpus-read-only', argv: ['-r', 'maxvcpus'] },

  // --- NUMA memory ---
  { name: 'freecell-total', argv: ['freecell'] },
  { name: 'freecell-all', argv: ['freecell', '--all'] },
  { name: 'freecell-all-quiet', argv: ['-q', 'freecell', '--all'] },
  { name: 'freecell-cell', argv: ['freecell', '--cellno', '1'] },
  { name: 'freecell-cell-positional', argv: ['freecell', '0'] },
  { name: 'freecell-bad-cell', argv: ['freecell', '--cellno', '2'] },
  { name: 'freecell-negative-cell', argv: ['freecell', '--cellno', '-1'] },
  { name: 'freecell-malformed-cell', argv: ['freecell', '--cellno', 'abc'] },
  { name: 'freecell-all-and-cell', argv: ['freecell', '--all', '--cellno', '0'] },
  { name: 'freecell-no-cells-custom-file', argv: ['freecell'], uri: 'test://$DIR/node.xml', files: { 'node.xml': NODE_XML } },
  { name: 'freecell-all-no-cells-custom-file', argv: ['freecell', '--all'], uri: 'test://$DIR/node.xml', files: { 'node.xml': NODE_XML } },
  { name: 'freecell-cell-custom-file', argv: ['freecell', '0'], uri: 'test://$DIR/node.xml', files: { 'node.xml': NODE_XML } },

  // --- pages ---
  { name: 'freepages-all', argv: ['freepages', '--all'] },
  { name: 'freepages-all-pagesize', argv: ['freepages', '--all', '--pagesize', '2048'] },
  { name: 'freepages-cell-pagesize', argv: ['freepages', '--cellno', '0', '--pagesize', '4'] },
  { name: 'freepages-pagesize-scaled', argv: ['freepages', '--cellno', '1', '--pagesize', '2M'] },
  { name: 'freepages-pagesize-rounded-up', argv: ['freepages', '--cellno', '-1', '--pagesize', '3'] },
  { name: 'freepages-no-cell', argv: ['freepages'] },
  { name: 'freepages-no-pagesize', argv: ['freepages', '--cellno', '0'] },
  { name: 'freepages-cell-too-negative', argv: ['freepages', '--cellno', '-2', '--pagesize', '4'] },
  { name: 'freepages-bad-pagesize', argv: ['freepages', '--cellno', '0', '--pagesize', '4Q'] },
  { name: 'freepages-all-and-cell', argv: ['freepages', '--all', '--cellno', '0'] },
  { name: 'freepages-all-no-cells-custom-file', argv: ['freepages', '--all'], uri: 'test://$DIR/node.xml', files: { 'node.xml': NODE_XML } },
  { name: 'allocpages-unsupported', argv: ['allocpages', '4', '10'] },
  { name: 'allocpages-all-unsupported', argv: ['allocpages', '--pagesize', '4', '--pagecount', '10', '--all'] },
  { name: 'allocpages-missing-count', argv: ['allocpages', '4'] },
  { name: 'allocpages-read-only', argv: ['-r', 'allocpages', '4', '10'] },

  // --- CPU counters and maps ---
  { name: 'nodecpustats', argv: ['nodecpustats'] },
  { name: 'nodecpustats-cpu', argv: ['nodecpustats', '--cpu', '3'] },
  { name: 'nodecpustats-cpu-positional', argv: ['nodecpustats', '99'] },
  { name: 'nodecpustats-bad-cpu', argv: ['nodecpustats', '--cpu', '-2'] },
  { name: 'nodecpustats-percent', argv: ['nodecpustats', '--percent'] },
  { name: 'nodecpumap', argv: ['nodecpumap'] },
  { name: 'nodecpumap-pretty', argv: ['nodecpumap', '--pretty'] },
  { name: 'nodememstats-unsupported', argv: ['nodememstats'] },
  { name: 'nodememstats-bad-cell', argv: ['nodememstats', '--cell', '-3'] },
  { name: 'node-memory-tune-get', argv: ['node-memory-tune'] },
  { name: 'node-memory-tune-set', argv: ['node-memory-tune', '--shm-pages-to-scan', '10'] },
  { name: 'node-memory-tune-set-read-only', argv: ['-r', 'node-memory-tune', '--shm-sleep-millisecs', '5'] },
  { name: 'nodesevinfo-unsupported', argv: ['nodesevinfo'] },

  // --- suspend ---
  { name: 'nodesuspend-unsupported', argv: ['nodesuspend', 'mem', '60'] },
  { name: 'nodesuspend-read-only', argv: ['-r', 'nodesuspend', 'disk', '60'] },
  { name: 'nodesuspend-bad-target', argv: ['nodesuspend', 'foo', '60'] },
  { name: 'nodesuspend-negative-duration', argv: ['nodesuspend', 'mem', '-5'] },
  { name: 'nodesuspend-malformed-duration', argv: ['nodesuspend', 'mem', 'abc'] },
  { name: 'nodesuspend-no-arguments', argv: ['nodesuspend'] },

  // --- CPU models, comparison, baseline ---
  { name: 'cpu-models-i686', argv: ['cpu-models', 'i686'] },
  { name: 'cpu-models-ppc64le', argv: ['cpu-models', 'ppc64le'] },
  { name: 'cpu-models-aarch64-any', argv: ['cpu-models', 'aarch64'] },
  { name: 'cpu-models-aarch64-any-quiet', argv: ['-q', 'cpu-models', 'aarch64'] },
  { name: 'cpu-models-no-cpu-driver', argv: ['cpu-models', 'riscv64'] },
  { name: 'cpu-models-unknown-arch', argv: ['cpu-models', 'foo'] },
  { name: 'cpu-models-none-arch', argv: ['cpu-models', 'none'] },
  { name: 'cpu-models-missing-arch', argv: ['cpu-models'] },
  { name: 'cpu-compare-unsupported', argv: ['cpu-compare', 'cpu.xml'], files: { 'cpu.xml': CPU_XML } },
  { name: 'cpu-compare-missing-file', argv: ['cpu-compare', 'nonexistent.xml'] },
  { name: 'cpu-compare-no-cpu', argv: ['cpu-compare', 'x.xml'], files: { 'x.xml': '<domain/>\n' } },
  { name: 'cpu-compare-malformed', argv: ['cpu-compare', 'bad.xml'], files: { 'bad.xml': '<cpu>\n' } },
  { name: 'cpu-compare-empty-file', argv: ['cpu-compare', 'empty.xml'], files: { 'empty.xml': '' } },
  { name: 'cpu-baseline-missing-file', argv: ['cpu-baseline', 'nonexistent.xml'] },
  { name: 'cpu-baseline-no-cpu', argv: ['cpu-baseline', 'x.xml'], files: { 'x.xml': '<?xml version="1.0"?>\n<capabilities><guest/></capabilities>\n' } },
  { name: 'hypervisor-cpu-compare-unsupported', argv: ['hypervisor-cpu-compare', 'cpu.xml'], files: { 'cpu.xml': CPU_XML } },
  { name: 'hypervisor-cpu-compare-read-only', argv: ['-r', 'hypervisor-cpu-compare', 'cpu.xml'], files: { 'cpu.xml': CPU_XML } },
  { name: 'hypervisor-cpu-baseline-model', argv: ['hypervisor-cpu-baseline', '--model', 'Haswell'] },
  { name: 'hypervisor-cpu-baseline-neither', argv: ['hypervisor-cpu-baseline'] },
  // --- help layout (names, options, synopsis; the prose is ours) ---
  { name: 'help-host-group', argv: ['help', 'host'], helpLayout: true },
  { name: 'help-freecell', argv: ['help', 'freecell'], helpLayout: true },
  { name: 'help-freepages', argv: ['help', 'freepages'], helpLayout: true },
  { name: 'help-allocpages', argv: ['help', 'allocpages'], helpLayout: true },
  { name: 'help-nodesuspend', argv: ['help', 'nodesuspend'], helpLayout: true },
  { name: 'help-hypervisor-cpu-baseline', argv: ['help', 'hypervisor-cpu-baseline'], helpLayout: true },
  { name: 'help-node-memory-tune', argv: ['help', 'node-memory-tune'], helpLayout: true },
  { name: 'help-hostname', argv: ['help', 'hostname'], helpLayout: true },
  { name: 'hypervisor-cpu-baseline-both', argv: ['hypervisor-cpu-baseline', 'cpu.xml', '--model', 'Haswell'], files: { 'cpu.xml': CPU_XML } },
];
