// Each public API of ours calls the driver method libvirt's public function of the same name
// calls (virDomainCreate → domainCreate, not domainCreateWithFlags). Through a daemon that method
// decides the procedure sent, so a wrong one changes what a libvirtd answers and which API its
// errors name. The expected methods come from libvirt's driver tables
// (tools/data/libvirt-9.0-drivers.json, made by tools/gen-libvirt-facts.mjs); the API under test
// is ours, over a driver object that records which of its methods is called.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Connect } from './connect.js';
import { networkApi } from './network.js';
import { storageApi } from './storage-pool.js';
import { ErrorCode, VirError } from '../util/error.js';
import type { DriverConnection } from '../driver/registry.js';

interface DriverFacts {
  kinds: Record<string, Array<{ field: string; api: string }>>;
}

const factsPath = fileURLToPath(new URL('../../../tools/data/libvirt-9.0-drivers.json', import.meta.url));
const facts = JSON.parse(readFileSync(factsPath, 'utf8')) as DriverFacts;

/** libvirt's driver field behind each public API, by API name. */
const libvirtField = new Map<string, string>();
for (const entries of Object.values(facts.kinds)) for (const { field, api } of entries) libvirtField.set(api, field);

const REF = { name: 'd', uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f', id: 1 };

/** A driver whose every method answers a plausible value and notes its own name. */
function recordingDriver(calls: string[]): Record<string, unknown> {
  return new Proxy({}, {
    get(_t, key) {
      if (typeof key !== 'string' || key === 'then') return undefined;
      return async () => {
        calls.push(key);
        return { ...REF };
      };
    },
  });
}

function recordingConnect(calls: string[]): Connect {
  const d = recordingDriver(calls);
  const drivers = { hypervisor: d, network: d, storage: d, close: async () => {} } as unknown as DriverConnection;
  return new Connect(drivers, 'test:///default', false);
}

const XML = '<domain/>';
const MAP = new Uint8Array([1]);

/** Each case: the public API it is, and how our API is asked for it. */
const CASES: ReadonlyArray<readonly [string, (c: Connect) => Promise<unknown>]> = [
  ['virDomainCreate', async (c) => (await c.domainLookupByName('d')).create()],
  ['virDomainCreateWithFlags', async (c) => (await c.domainLookupByName('d')).create(1)],
  ['virDomainDestroy', async (c) => (await c.domainLookupByName('d')).destroy()],
  ['virDomainDestroyFlags', async (c) => (await c.domainLookupByName('d')).destroy(1)],
  ['virDomainShutdown', async (c) => (await c.domainLookupByName('d')).shutdown()],
  ['virDomainShutdownFlags', async (c) => (await c.domainLookupByName('d')).shutdown(1)],
  ['virDomainUndefine', async (c) => (await c.domainLookupByName('d')).undefine()],
  ['virDomainUndefineFlags', async (c) => (await c.domainLookupByName('d')).undefine(1)],
  ['virDomainDefineXML', (c) => c.domainDefineXML(XML)],
  ['virDomainDefineXMLFlags', (c) => c.domainDefineXML(XML, 1)],
  ['virDomainSave', async (c) => (await c.domainLookupByName('d')).save('/tmp/img')],
  ['virDomainSaveFlags', async (c) => (await c.domainLookupByName('d')).save('/tmp/img', null, 2)],
  ['virDomainRestore', (c) => c.domainRestore('/tmp/img')],
  ['virDomainRestoreFlags', (c) => c.domainRestore('/tmp/img', null, 2)],
  ['virDomainCoreDump', async (c) => (await c.domainLookupByName('d')).coreDump('/tmp/core')],
  ['virDomainCoreDumpWithFormat', async (c) => (await c.domainLookupByName('d')).coreDump('/tmp/core', 0)],
  ['virDomainSetVcpus', async (c) => (await c.domainLookupByName('d')).setVcpus(2)],
  ['virDomainSetVcpusFlags', async (c) => (await c.domainLookupByName('d')).setVcpus(2, 0)],
  ['virDomainPinVcpu', async (c) => (await c.domainLookupByName('d')).pinVcpu(0, MAP, null)],
  ['virDomainPinVcpuFlags', async (c) => (await c.domainLookupByName('d')).pinVcpu(0, MAP, 0)],
  ['virDomainSetMemory', async (c) => (await c.domainLookupByName('d')).setMemory(1024n)],
  ['virDomainSetMemoryFlags', async (c) => (await c.domainLookupByName('d')).setMemory(1024n, 0)],
  ['virDomainSetMaxMemory', async (c) => (await c.domainLookupByName('d')).setMaxMemory(1024n)],
  ['virDomainGetSchedulerParameters', async (c) => (await c.domainLookupByName('d')).getSchedulerParameters()],
  ['virDomainGetSchedulerParametersFlags', async (c) => (await c.domainLookupByName('d')).getSchedulerParametersFlags(0)],
  ['virDomainSetSchedulerParameters', async (c) => (await c.domainLookupByName('d')).setSchedulerParameters([])],
  ['virDomainSetSchedulerParametersFlags', async (c) => (await c.domainLookupByName('d')).setSchedulerParametersFlags([], 0)],
  ['virDomainAttachDevice', async (c) => (await c.domainLookupByName('d')).attachDevice(XML)],
  ['virDomainAttachDeviceFlags', async (c) => (await c.domainLookupByName('d')).attachDevice(XML, 1)],
  ['virDomainDetachDevice', async (c) => (await c.domainLookupByName('d')).detachDevice(XML)],
  ['virDomainDetachDeviceFlags', async (c) => (await c.domainLookupByName('d')).detachDevice(XML, 1)],
  ['virDomainBlockStats', async (c) => (await c.domainLookupByName('d')).blockStats('vda')],
  ['virDomainGetVcpus', async (c) => (await c.domainLookupByName('d')).getVcpus(1, 1)],
  ['virDomainGetXMLDesc', async (c) => (await c.domainLookupByName('d')).getXMLDesc(0)],
  ['virNetworkCreate', async (c) => (await c.networkLookupByName('n')).create()],
  ['virNetworkCreateXML', (c) => networkApi.createXML(c, XML, 0)],
  ['virNetworkCreateXMLFlags', (c) => networkApi.createXML(c, XML, 1)],
  ['virNetworkDefineXML', (c) => networkApi.defineXML(c, XML, 0)],
  ['virNetworkDefineXMLFlags', (c) => networkApi.defineXML(c, XML, 1)],
  ['virStoragePoolCreate', async (c) => (await c.storagePoolLookupByName('p')).create()],
  ['virStoragePoolCreateXML', (c) => storageApi.createXML(c, XML, 0)],
];

describe('public API → driver method', () => {
  for (const [api, call] of CASES) {
    it(`${api} calls libvirt's driver method for it`, async () => {
      const want = libvirtField.get(api);
      assert.ok(want, `libvirt's driver tables name no method for ${api}`);
      const calls: string[] = [];
      const conn = recordingConnect(calls);
      await call(conn);
      // The last call is the API's own; lookups that fetch the object come before it.
      assert.equal(calls.at(-1), want);
    });
  }

  it('a driver without the flag-less twin answers "not supported" naming the flag-less API', async () => {
    const calls: string[] = [];
    const withFlagsOnly: Record<string, unknown> = {
      domainLookupByName: async () => ({ ...REF }),
      domainCreateWithFlags: async () => calls.push('domainCreateWithFlags'),
      domainSetVcpusFlags: async () => calls.push('domainSetVcpusFlags'),
    };
    const conn = new Connect({ hypervisor: withFlagsOnly, close: async () => {} } as unknown as DriverConnection, 'test:///default', false);
    const dom = await conn.domainLookupByName('d');
    for (const [run, api] of [
      [() => dom.create(), 'virDomainCreate'],
      [() => dom.setVcpus(2), 'virDomainSetVcpus'],
    ] as const) {
      await assert.rejects(run(), (e: unknown) => {
        assert.ok(e instanceof VirError);
        assert.equal(e.code, ErrorCode.NoSupport);
        assert.equal(e.message, `this function is not supported by the connection driver: ${api}`);
        return true;
      });
    }
    assert.deepEqual(calls, []);
  });

  it('the flag-less APIs check their arguments before the driver, naming themselves', async () => {
    const calls: string[] = [];
    const dom = await recordingConnect(calls).domainLookupByName('d');
    calls.length = 0;
    await assert.rejects(dom.setVcpus(0), { code: ErrorCode.InvalidArg, message: 'nvcpus in virDomainSetVcpus must not be zero' });
    await assert.rejects(dom.setMemory(0n, 1), { code: ErrorCode.InvalidArg, message: 'memory in virDomainSetMemoryFlags must not be zero' });
    await assert.rejects(dom.setMemory(1n << 60n), { code: ErrorCode.Overflow, message: `numerical overflow: input too large: ${1n << 60n}` });
    await assert.rejects(dom.setMaxMemory(0n), { code: ErrorCode.InvalidArg, message: 'memory in virDomainSetMaxMemory must not be zero' });
    await assert.rejects(dom.pinVcpu(0, new Uint8Array(0), null), { code: ErrorCode.InvalidArg, message: 'maplen in virDomainPinVcpu must be greater than zero' });
    assert.deepEqual(calls, []);
  });
});
