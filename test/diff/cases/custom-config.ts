// Differential cases for test:///path/to/config.xml: host info overrides, interfaces and node
// devices inline and by file='…' reference, every node device capability kind, broken configs
// (each section's first error), and <auth> users asked for through virsh's prompts.
import { readFileSync } from 'node:fs';
import type { DiffCase, Mask } from '../case.js';

// The sample configs live in test/data/test-driver (this file runs from dist/test/diff/cases).
const DATA = new URL('../../../../test/data/test-driver/', import.meta.url);
const data = (name: string): string => readFileSync(new URL(name, DATA), 'utf8');

const HOST_FILES = {
  'cfg.xml': data('host-devices.xml'),
  'br0.xml': data('br0.xml'),
  'net-eth0.xml': data('net-eth0.xml'),
};
const host = (name: string, argv: string[]): DiffCase => ({ name, argv, uri: 'test://$DIR/cfg.xml', files: HOST_FILES });
const s390 = (name: string, argv: string[]): DiffCase => ({ name, argv, uri: 'test://$DIR/cfg.xml', files: { 'cfg.xml': data('s390-devices.xml') } });
const broken = (name: string, cfg: string, extra: Record<string, string> = {}): DiffCase => ({
  name,
  argv: ['nodeinfo'],
  uri: 'test://$DIR/cfg.xml',
  files: { 'cfg.xml': cfg, ...extra },
});
const auth = (name: string, stdin: string, env: Record<string, string> = {}, files: Record<string, string> = {}): DiffCase => ({
  name,
  argv: ['iface-list'],
  uri: 'test://$DIR/cfg.xml',
  stdin,
  env,
  files: { 'cfg.xml': data('auth.xml'), ...files },
});

/** GLib's assertion report carries a process id and the time of day. */
const GLIB_CRITICAL_MASK: Mask = {
  name: 'glib-critical-pid-time',
  pattern: /\(process:\d+\): GLib-CRITICAL \*\*: [\d:.]+:/g,
  replace: '(process:<pid>): GLib-CRITICAL **: <time>:',
};

export const cases: DiffCase[] = [
  // --- a config with host info, interfaces and devices ---
  host('cfg-nodeinfo-overrides', ['nodeinfo']),
  host('cfg-iface-list', ['iface-list', '--all']),
  host('cfg-iface-from-file', ['iface-dumpxml', 'br0']),
  host('cfg-iface-inline', ['iface-dumpxml', 'eth0']),
  host('cfg-nodedev-system', ['nodedev-dumpxml', 'computer']),
  host('cfg-nodedev-net-from-file', ['nodedev-dumpxml', 'net_eth0_52_54_00_11_22_33']),
  host('cfg-nodedev-pci', ['nodedev-dumpxml', 'pci_0000_00_1f_2']),
  host('cfg-nodedev-usb-device', ['nodedev-dumpxml', 'usb_1_1']),
  host('cfg-nodedev-storage', ['nodedev-dumpxml', 'block_sda']),
  host('cfg-nodedev-mdev', ['nodedev-dumpxml', 'mdev_1']),
  host('cfg-nodedev-info', ['nodedev-info', 'mdev_1']),
  { ...host('cfg-iface-name-matches-macless-bridge', ['iface-name', '52:54:00:AA:BB:CC']), masks: [GLIB_CRITICAL_MASK] },
  s390('cfg-nodedev-css', ['nodedev-dumpxml', 'css_0_0_0052']),
  s390('cfg-nodedev-ccw', ['nodedev-dumpxml', 'ccw_0_0_ffff']),
  s390('cfg-nodedev-ap', ['nodedev-dumpxml ap_card07; nodedev-dumpxml ap_07_0004; nodedev-dumpxml ap_matrix']),
  s390('cfg-nodedev-drm', ['nodedev-dumpxml', 'drm_card0']),
  s390('cfg-nodedev-scsi-target-and-lun', ['nodedev-dumpxml scsi_target0_0_0; nodedev-dumpxml scsi_0_0_0_0']),
  s390('cfg-nodedev-usb-interface', ['nodedev-dumpxml', 'usb_1_1_1_0']),
  s390('cfg-nodedev-removable-storage', ['nodedev-dumpxml', 'block_sr0']),

  // --- broken configs: open fails with the first error found ---
  broken('cfg-broken-root', '<nodex/>'),
  broken('cfg-broken-unterminated', '<node>'),
  { name: 'cfg-broken-missing-file', argv: ['nodeinfo'], uri: 'test://$DIR/nonexist.xml' },
  broken('cfg-broken-cpu-nodes', '<node><cpu><nodes>abc</nodes></cpu></node>\n'),
  broken('cfg-broken-memory', '<node><memory>lots</memory></node>\n'),
  broken('cfg-broken-cpu-model-too-long', '<node><cpu><model>a-very-long-cpu-model-name-exceeding-31</model></cpu></node>\n'),
  broken('cfg-cpu-active-is-not-clamped-upwards', '<node><cpu><nodes>1</nodes><sockets>1</sockets><cores>2</cores><threads>1</threads><active>99</active></cpu></node>\n'),
  broken('cfg-broken-interface-no-name', "<node><interface type='ethernet'/></node>\n"),
  broken('cfg-broken-interface-bond-mode', "<node><interface type='bond' name='b'><bond mode='fast'/></interface></node>\n"),
  broken('cfg-broken-interface-file-missing', "<node><interface file='missing.xml'/></node>\n"),
  broken('cfg-broken-device-wrong-file-root', "<node><device file='br0.xml'/></node>\n", { 'br0.xml': data('br0.xml') }),
  broken('cfg-broken-device-no-caps', '<node><device><name>x</name></device></node>\n'),
  broken('cfg-broken-device-no-name', "<node><device><capability type='system'/></device></node>\n"),
  broken('cfg-broken-device-scsi-host-id', "<node><device><name>d</name><capability type='scsi_host'><host>x</host></capability></device></node>\n"),
  broken('cfg-broken-device-top-level-fc-host', "<node><device><name>d</name><capability type='fc_host'/></device></node>\n"),
  broken('cfg-broken-device-pci-product', "<node><device><name>d</name><capability type='pci'><domain>0</domain><bus>0</bus><slot>40</slot><function>0</function><vendor id='0x8086'/><product id='zz'/></capability></device></node>\n"),
  broken('cfg-broken-device-net-feature', "<node><device><name>d</name><capability type='net'><interface>e</interface><feature name='bogus'/></capability></device></node>\n"),
  broken('cfg-broken-device-storage-size', "<node><device><name>d</name><capability type='storage'><block>/dev/x</block></capability></device></node>\n"),
  broken('cfg-broken-auth-empty-user', "<node><auth><user password='x'></user></auth></node>\n"),
  broken('cfg-broken-interface-before-device', "<node><device><name>x</name></device><interface type='ethernet'/></node>\n"),

  // --- <auth>: virsh asks for a user name, then a password unless the user has none ---
  auth('cfg-auth-user-without-password', 'bob\n'),
  auth('cfg-auth-user-and-password', 'alice\nsecret\n'),
  auth('cfg-auth-wrong-password', 'alice\nwrong\n'),
  auth('cfg-auth-unknown-user', 'carol\nx\n'),
  auth('cfg-auth-no-input', ''),
  auth('cfg-auth-from-auth-file', '', { LIBVIRT_AUTH_FILE: '$DIR/auth.conf' }, { 'auth.conf': '[credentials-t]\nusername=alice\npassword=secret\n[auth-test-localhost]\ncredentials=t\n' }),
  auth('cfg-auth-file-wrong-password', '', { LIBVIRT_AUTH_FILE: '$DIR/auth.conf' }, { 'auth.conf': '[credentials-t]\nusername=alice\npassword=nope\n[auth-test-default]\ncredentials=t\n' }),
  auth('cfg-auth-file-missing-credentials-item', '', { LIBVIRT_AUTH_FILE: '$DIR/auth.conf' }, { 'auth.conf': '[auth-test-localhost]\nfoo=1\n' }),
  auth('cfg-auth-file-missing-group', '', { LIBVIRT_AUTH_FILE: '$DIR/auth.conf' }, { 'auth.conf': '[auth-test-default]\ncredentials=zz\n' }),
];
