// The public API's entry-point checks hold for a raw protocol client of our daemon, as libvirtd
// runs them server-side: a client that skips libvirt's library (no client-side check at all) gets
// the same refusal, error code, domain and text from our daemon as from Debian's libvirtd.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RpcClient } from '../../src/rpc/client.js';
import { connectUnix } from '../../src/drivers/remote/transports/unix.js';
import { remoteProgram, remoteProcs } from '../../src/protocol/remote/procedures.generated.js';
import type { NonnullDomain } from '../../src/protocol/remote/types.generated.js';
import { VirError } from '../../src/util/error.js';
import { startOurDaemon, type OurDaemon } from '../helpers/our-daemon.js';
import { skipWithoutLibvirtd, startDebianLibvirtd, type DebianLibvirtd } from '../helpers/debian-libvirtd.js';

const prog = { program: remoteProgram.program, version: remoteProgram.version };
const P = remoteProcs;

/** VIR_DOMAIN_XML_SECURE */
const XML_SECURE = 1;
/** VIR_DOMAIN_VCPU_GUEST */
const VCPU_GUEST = 8;
/** VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, _SRC_AGENT */
const ADDRESSES_FROM_LEASES = 0;
const ADDRESSES_FROM_AGENT = 1;
/** VIR_DOMAIN_VCPU_GUEST | VIR_DOMAIN_AFFECT_CONFIG: mutually exclusive in virDomainSetVcpusFlags */
const VCPU_GUEST_AND_CONFIG = 8 | 2;

interface Outcome {
  ok: boolean;
  code?: number;
  domain?: number;
  message?: string;
}

/** VIR_CONNECT_RO */
const CONNECT_RO = 1;

/** A raw client on `sock`, its test:///default connection open (with `openFlags`) and domain 'test' looked up. */
async function rawSession(sock: string, openFlags = 0): Promise<{ rpc: RpcClient; dom: NonnullDomain }> {
  const rpc = await RpcClient.connect(await connectUnix(sock));
  await rpc.call(prog, P.connectOpen, { name: 'test:///default', flags: openFlags });
  const { dom } = (await rpc.call(prog, P.domainLookupByName, { name: 'test' })) as { dom: NonnullDomain };
  return { rpc, dom };
}

async function outcome(p: Promise<unknown>): Promise<Outcome> {
  try {
    await p;
    return { ok: true };
  } catch (e) {
    if (!(e instanceof VirError)) throw e;
    return { ok: false, code: e.code, domain: e.domain, message: e.message };
  }
}

/**
 * The calls under test, each on a raw read-only or read-write client. Read-only is asked for with
 * VIR_CONNECT_RO: Debian's libvirtd, run unprivileged here, has no read-only socket.
 */
async function probe(sock: string): Promise<Record<string, Outcome>> {
  const ro = await rawSession(sock, CONNECT_RO);
  const rw = await rawSession(sock);
  try {
    return {
      secureXmlReadOnly: await outcome(ro.rpc.call(prog, P.domainGetXMLDesc, { dom: ro.dom, flags: XML_SECURE })),
      plainXmlReadOnly: await outcome(ro.rpc.call(prog, P.domainGetXMLDesc, { dom: ro.dom, flags: 0 })),
      // Refused to read-only clients only for the guest agent's view (the refusal is under an `if` in libvirt).
      vcpusGuestReadOnly: await outcome(ro.rpc.call(prog, P.domainGetVcpusFlags, { dom: ro.dom, flags: VCPU_GUEST })),
      vcpusLiveReadOnly: await outcome(ro.rpc.call(prog, P.domainGetVcpusFlags, { dom: ro.dom, flags: 0 })),
      addressesFromAgentReadOnly: await outcome(ro.rpc.call(prog, P.domainInterfaceAddresses, { dom: ro.dom, source: ADDRESSES_FROM_AGENT, flags: 0 })),
      addressesFromLeasesReadOnly: await outcome(ro.rpc.call(prog, P.domainInterfaceAddresses, { dom: ro.dom, source: ADDRESSES_FROM_LEASES, flags: 0 })),
      setVcpusZero: await outcome(rw.rpc.call(prog, P.domainSetVcpus, { dom: rw.dom, nvcpus: 0 })),
      setVcpusFlagsExclusive: await outcome(rw.rpc.call(prog, P.domainSetVcpusFlags, { dom: rw.dom, nvcpus: 1, flags: VCPU_GUEST_AND_CONFIG })),
      setMemoryZero: await outcome(rw.rpc.call(prog, P.domainSetMemory, { dom: rw.dom, memory: 0n })),
      // Checked before the read-only refusal in libvirt.
      signalPidZeroReadOnly: await outcome(ro.rpc.call(prog, P.domainSendProcessSignal, { dom: ro.dom, pidValue: 0n, signum: 0, flags: 0 })),
      coreDumpBadFormat: await outcome(rw.rpc.call(prog, P.domainCoreDumpWithFormat, { dom: rw.dom, to: '/nonexistent/dump', dumpformat: 99, flags: 0 })),
      coreDumpCrashAndLive: await outcome(rw.rpc.call(prog, P.domainCoreDumpWithFormat, { dom: rw.dom, to: '/nonexistent/dump', dumpformat: 0, flags: 1 | 2 })),
      pinInfoLiveAndConfig: await outcome(rw.rpc.call(prog, P.domainGetVcpuPinInfo, { dom: rw.dom, ncpumaps: 1, maplen: 1, flags: 1 | 2 })),
      cpuStatsBadCpu: await outcome(rw.rpc.call(prog, P.nodeGetCPUStats, { cpuNum: -2, nparams: 0, flags: 0 })),
    };
  } finally {
    await Promise.allSettled([ro.rpc.close(), rw.rpc.close()]);
  }
}

describe('entry-point checks through the daemon (raw protocol client)', () => {
  let ours: OurDaemon;
  before(async () => {
    ours = await startOurDaemon();
  });
  after(async () => {
    await ours?.stop();
  });

  it("refuses what libvirt's API entry points refuse, with their texts", async () => {
    const got = await probe(ours.sock);
    const roSocket = await rawSession(ours.sockRo);
    try {
      assert.deepEqual(await outcome(roSocket.rpc.call(prog, P.domainGetXMLDesc, { dom: roSocket.dom, flags: XML_SECURE })), got.secureXmlReadOnly);
    } finally {
      await roSocket.rpc.close();
    }
    assert.deepEqual(got.secureXmlReadOnly, { ok: false, code: 29, domain: 20, message: 'operation forbidden: virDomainGetXMLDesc with secure flag' });
    assert.equal(got.plainXmlReadOnly.ok, true);
    assert.deepEqual(got.vcpusGuestReadOnly, { ok: false, code: 29, domain: 20, message: 'operation forbidden: read only access prevents virDomainGetVcpusFlags' });
    assert.equal(got.vcpusLiveReadOnly.ok, true);
    assert.deepEqual(got.addressesFromAgentReadOnly, { ok: false, code: 29, domain: 20, message: 'operation forbidden: read only access prevents virDomainInterfaceAddresses' });
    assert.equal(got.addressesFromLeasesReadOnly.ok, true);
    assert.deepEqual(got.setVcpusZero, { ok: false, code: 8, domain: 20, message: 'nvcpus in virDomainSetVcpus must not be zero' });
    assert.deepEqual(got.setVcpusFlagsExclusive, {
      ok: false,
      code: 8,
      domain: 20,
      message: "Flags 'VIR_DOMAIN_VCPU_GUEST' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive",
    });
    assert.equal(got.setMemoryZero.ok, false);
    assert.equal(got.signalPidZeroReadOnly.message, 'pid_value in virDomainSendProcessSignal must not be zero');
    assert.equal(got.coreDumpBadFormat.message, "dumpformat '99' is not supported");
    assert.equal(got.coreDumpCrashAndLive.message, "Flags 'VIR_DUMP_CRASH' and 'VIR_DUMP_LIVE' are mutually exclusive");
    assert.equal(got.pinInfoLiveAndConfig.message, "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
    assert.equal(got.cpuStatsBadCpu.message, 'cpuNum in virNodeGetCPUStats only accepts -1 as a negative value');
  });

  it("answers as Debian's libvirtd does", { skip: skipWithoutLibvirtd }, async () => {
    const debian: DebianLibvirtd = await startDebianLibvirtd();
    try {
      const theirs = await probe(debian.sock);
      const mine = await probe(ours.sock);
      assert.deepEqual(mine, theirs);
    } finally {
      await debian.stop();
    }
  });
});
