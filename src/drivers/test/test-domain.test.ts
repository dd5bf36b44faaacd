// The test driver's domains through the public API: test:///default's domain, lifecycle state
// changes and their errors, define/undefine, read-only refusals.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { open, openReadOnly } from '../../api/index.js';

const XML = "<domain type='test'><name>unit</name><uuid>12345678-1234-1234-1234-123456789abc</uuid><memory>65536</memory><os><type>hvm</type></os></domain>";

describe('test driver domains', () => {
  it('has the default running domain', async () => {
    const conn = await open('test:///default');
    try {
      const dom = await conn.domainLookupByName('test');
      assert.equal(dom.uuid, '6695eb01-f6a4-8304-79aa-97f2502e193f');
      assert.deepEqual(await dom.getState(), { state: 1, reason: 0 });
      const info = await dom.getInfo();
      assert.equal(info.maxMem, 8388608n);
      assert.equal(info.memory, 2097152n);
      assert.equal(info.nrVirtCpu, 2);
    } finally {
      await conn.close();
    }
  });

  it('defines, starts, stops and undefines', async () => {
    const conn = await open('test:///default');
    try {
      const dom = await conn.domainDefineXML(XML);
      assert.equal(dom.id, -1);
      await dom.create();
      assert.ok(dom.id > 1);
      await assert.rejects(dom.create(), { message: "internal error: Domain 'unit' is already running" });
      await dom.suspend();
      assert.deepEqual(await dom.getState(), { state: 3, reason: 1 });
      await dom.resume();
      await dom.destroy();
      assert.deepEqual(await dom.getState(), { state: 5, reason: 2 });
      await assert.rejects(dom.destroy(), { message: 'Requested operation is not valid: domain is not running' });
      await dom.undefine();
      await assert.rejects(conn.domainLookupByName('unit'), { message: 'Domain not found' });
    } finally {
      await conn.close();
    }
  });

  it('refuses changes on a read-only connection', async () => {
    const conn = await openReadOnly('test:///default');
    try {
      const dom = await conn.domainLookupByName('test');
      await assert.rejects(dom.destroy(), { message: 'operation forbidden: read only access prevents virDomainDestroy' });
      await assert.rejects(dom.setMemory(1024n, 1), { message: 'operation forbidden: read only access prevents virDomainSetMemoryFlags' });
      assert.match(await dom.getXMLDesc(), /<name>test<\/name>/);
    } finally {
      await conn.close();
    }
  });
});
