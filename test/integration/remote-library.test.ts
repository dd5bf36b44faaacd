// Our library through the remote driver: test+unix:// to our daemon must answer as test:/// does
// in-process — the same calls on both, results and errors (code, domain, message) compared.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { open, openReadOnly, VirError, type Connect } from '../../src/api/index.js';
import { startOurDaemon, type OurDaemon } from '../helpers/our-daemon.js';

type Step = [name: string, run: (c: Connect) => Promise<unknown>];

const DOM_XML = `<domain type='test'><name>lib1</name><uuid>0e5ea4f5-5b3c-4a2e-9d55-6a1d2c3b4e01</uuid>
<memory unit='KiB'>131072</memory><vcpu>1</vcpu><os><type arch='i686'>hvm</type></os></domain>`;

const STEPS: Step[] = [
  ['getType', (c) => c.getType()],
  ['getVersion', (c) => c.getVersion()],
  ['getLibVersion', (c) => c.getLibVersion()],
  ['getHostname', (c) => c.getHostname()],
  ['nodeGetInfo', (c) => c.nodeGetInfo()],
  ['getCapabilities', (c) => c.getCapabilities()],
  ['isAlive', (c) => c.isAlive()],
  ['listAllDomains', async (c) => (await c.listAllDomains(0)).map((d) => d.ref)],
  ['numOfDomains', (c) => c.numOfDomains()],
  ['listDefinedDomains', (c) => c.listDefinedDomains(10)],
  ['nodeGetCellsFreeMemory', (c) => c.nodeGetCellsFreeMemory(0, 2)],
  ['nodeGetCPUMap', (c) => c.nodeGetCPUMap(0)],
  ['lookup.test', async (c) => (await c.domainLookupByName('test')).ref],
  ['lookup.missing', (c) => c.domainLookupByName('nosuch')],
  ['getState', async (c) => (await c.domainLookupByName('test')).getState()],
  ['getXMLDesc', async (c) => (await c.domainLookupByName('test')).getXMLDesc()],
  ['getSecurityLabel', async (c) => (await c.domainLookupByName('test')).getSecurityLabel()],
  ['getSchedulerParameters', async (c) => (await c.domainLookupByName('test')).getSchedulerParameters()],
  ['getVcpus', async (c) => {
    // The test driver derives each vCPU's time from the clock, as libvirt's does.
    const v = await (await c.domainLookupByName('test')).getVcpus(2, 1);
    return { ...v, info: v.info.map((i) => ({ ...i, cpuTime: 0n })) };
  }],
  ['getDiskErrors', async (c) => (await c.domainLookupByName('test')).getDiskErrors(4)],
  ['suspend', async (c) => (await c.domainLookupByName('test')).suspend()],
  ['suspend.again', async (c) => (await c.domainLookupByName('test')).suspend()],
  ['resume', async (c) => (await c.domainLookupByName('test')).resume()],
  ['define', async (c) => (await c.domainDefineXML(DOM_XML)).ref],
  ['create', async (c) => (await c.domainLookupByName('lib1')).create()],
  ['lib1.info', async (c) => {
    const i = await (await c.domainLookupByName('lib1')).getInfo();
    return { ...i, cpuTime: 0n };
  }],
  ['destroy', async (c) => (await c.domainLookupByName('lib1')).destroy()],
  ['undefine', async (c) => (await c.domainLookupByName('lib1')).undefine()],
  ['networks', async (c) => (await c.listAllNetworks(0)).map((n) => n.ref)],
  ['pools', async (c) => (await c.listAllStoragePools(0)).map((p) => p.ref)],
  ['nodedevs', async (c) => (await c.listAllNodeDevices(0)).map((d) => d.name)],
  ['interfaces', async (c) => (await c.listAllInterfaces(0)).map((i) => i.name)],
  ['secrets', (c) => c.listAllSecrets(0)],
];

async function outcomes(uri: string): Promise<Record<string, unknown>> {
  const c = await open(uri);
  const out: Record<string, unknown> = {};
  try {
    for (const [name, run] of STEPS) {
      try {
        out[name] = { ok: await run(c) };
      } catch (e) {
        if (!(e instanceof VirError)) throw e;
        out[name] = { err: [e.code, e.domain, e.message] };
      }
    }
  } finally {
    await c.close();
  }
  return out;
}

describe('our library through our daemon (test+unix://)', () => {
  let d: OurDaemon;
  before(async () => {
    d = await startOurDaemon();
  });
  after(async () => {
    await d?.stop();
  });

  it('answers as test:/// in-process', async () => {
    const local = await outcomes('test:///default');
    const remote = await outcomes(d.uri());
    for (const [name] of STEPS) assert.deepEqual(remote[name], local[name], name);
  });

  it('reports the URI it was opened with', async () => {
    const c = await open(d.uri());
    try {
      assert.equal(await c.getURI(), d.uri());
    } finally {
      await c.close();
    }
  });

  it('takes keepalive on a remote connection, which the test driver in-process refuses (virConnectSetKeepAlive)', async () => {
    const local = await open('test:///default');
    try {
      await assert.rejects(local.setKeepAlive(5, 6), (e: unknown) => e instanceof VirError && e.message === 'this function is not supported by the connection driver: virConnectSetKeepAlive');
    } finally {
      await local.close();
    }
    const c = await open(d.uri());
    try {
      assert.equal(await c.setKeepAlive(1, 3), 0);
      assert.equal(await c.setKeepAlive(0, 3), 0, 'interval 0 stops it');
      assert.equal(await c.isAlive(), true);
    } finally {
      await c.close();
    }
  });

  it('refuses modifying calls on a read-only connection as libvirt does', async () => {
    const c = await openReadOnly(d.uri());
    try {
      const dom = await c.domainLookupByName('test');
      await assert.rejects(dom.destroy(), (e: unknown) => e instanceof VirError && e.message === 'operation forbidden: read only access prevents virDomainDestroy');
    } finally {
      await c.close();
    }
  });
});
