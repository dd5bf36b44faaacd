// Calls that pass file descriptors (CALL_WITH_FDS) against bin/libvirtd. Node cannot receive
// SCM_RIGHTS, so the daemon takes such a call without its descriptors (the kernel closes them)
// and answers it as libvirtd's test driver does; whatever it cannot take is an error reply to that
// call. In every case the connection goes on serving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { RawClient, REMOTE_PROGRAM, errorMessage, frame, startDaemon } from './daemon-harness.js';
import { run } from '../helpers/our-daemon.js';
import { PEER_PYTHON as PYTHON, STRICT_PEERS as STRICT, havePythonLibvirt } from '../helpers/peers.js';

const REMOTE_PROC_AUTH_LIST = 66;
const CALL_WITH_FDS = 4;
const skipPython = !havePythonLibvirt() && !STRICT ? `${PYTHON} with the libvirt module is not installed` : false;

function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

function u32(n: number) {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

// Debian's python3-libvirt sends real descriptors with SCM_RIGHTS. The answers are those Debian's
// libvirtd gives with the test driver (checked by hand against it).
const SCRIPT = `
import libvirt, os, socket, sys
libvirt.registerErrorHandler(lambda *a: None, None)
c = libvirt.open(sys.argv[1])
d = c.lookupByName('test')
def t(name, f):
    try:
        print(name, 'OK', f())
    except libvirt.libvirtError as e:
        print(name, 'ERR', e.get_error_code(), e.get_error_domain(), e.get_error_message())
a, b = socket.socketpair()
r, w = os.pipe()
for i in range(3):
    t('openGraphics', lambda: d.openGraphics(0, a.fileno(), 0))
    t('state', lambda: d.info()[0])
t('createWithFiles', lambda: d.createWithFiles([os.dup(r) for i in range(30)], 0))
t('fdAssociate', lambda: d.FDAssociate('x', [r, w], 0))
t('createXMLWithFiles', lambda: c.createXMLWithFiles("<domain type='test'><name>fds</name><memory>1024</memory><os><type>hvm</type></os></domain>", [r], 0).name())
t('version', lambda: c.getLibVersion())
`;

test('python3-libvirt passing descriptors: each call answered as libvirtd does, nothing kept open', { skip: skipPython }, async () => {
  const d = await startDaemon();
  try {
    const pid = d.proc.pid!;
    const before = openFds(pid);
    const r = await run(PYTHON, ['-c', SCRIPT, `test+unix:///default?socket=${d.sock}`], { timeoutMs: 60000 });
    assert.equal(r.status, 0, r.stderr);
    const notSupported = (api: string) => `ERR 3 20 this function is not supported by the connection driver: ${api}`;
    assert.deepEqual(r.stdout.trim().split('\n'), [
      `openGraphics ${notSupported('virDomainOpenGraphics')}`,
      'state OK 1',
      `openGraphics ${notSupported('virDomainOpenGraphics')}`,
      'state OK 1',
      `openGraphics ${notSupported('virDomainOpenGraphics')}`,
      'state OK 1',
      "createWithFiles ERR 1 12 internal error: Domain 'test' is already running",
      `fdAssociate ${notSupported('virDomainFDAssociate')}`,
      'createXMLWithFiles OK fds',
      'version OK 9000000',
    ]);
    // The 35 descriptors sent were closed by the kernel, not leaked into the daemon.
    assert.ok(openFds(pid) <= before + 1, `daemon descriptors ${before} → ${openFds(pid)}`);
  } finally {
    await d.stop();
    d.cleanup();
  }
});

test('malformed CALL_WITH_FDS: an error reply to the call, the connection keeps serving', async () => {
  const d = await startDaemon();
  try {
    const c = await RawClient.connect(d.sock);
    const call = (serial: number, body?: ReturnType<typeof u32>) => frame({ prog: REMOTE_PROGRAM, vers: 1, proc: REMOTE_PROC_AUTH_LIST, type: CALL_WITH_FDS, serial }, body);
    // No descriptor count at all.
    c.write(call(1));
    // More descriptors than libvirt accepts.
    c.write(call(2, u32(33)));
    // Two descriptors' carrier bytes, as a sender without SCM_RIGHTS leaves them, then a plain call.
    c.write(Buffer.concat([call(3, u32(2)), Buffer.from([0, 0]), frame({ prog: REMOTE_PROGRAM, vers: 1, proc: REMOTE_PROC_AUTH_LIST, serial: 4 })]));
    await c.waitFrames(4);
    const bySerial = new Map(c.frames.map((f) => [f.serial, f]));
    assert.equal(errorMessage(bySerial.get(1)!.body).message, 'Unable to decode number of FDs');
    assert.equal(errorMessage(bySerial.get(2)!.body).message, 'Received too many FDs 33, expected 32 maximum');
    for (const s of [3, 4]) assert.deepEqual([bySerial.get(s)!.type, bySerial.get(s)!.status], [1, 0], `serial ${s}`);
    assert.equal(c.closed, false);
    c.close();
  } finally {
    await d.stop();
    d.cleanup();
  }
});
