import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { open, openReadOnly } from '../../api/index.js';

describe('test driver storage through the public API', () => {
  it('has default-pool running, 100 GiB, with no volumes', async () => {
    await using conn = await open('test:///default');
    const [pool] = await conn.listAllStoragePools(0);
    assert.equal(pool.name, 'default-pool');
    assert.deepEqual(await pool.getInfo(), { state: 2, capacity: 107374182400n, allocation: 0n, available: 107374182400n });
    assert.deepEqual(await pool.listAllVolumes(0), []);
  });

  it('tracks allocation as volumes come and go, and finds them by key and path', async () => {
    await using conn = await open('test:///default');
    const pool = await conn.storagePoolLookupByName('default-pool');
    const vol = await pool.volCreateXML("<volume><name>t1</name><capacity unit='M'>10</capacity></volume>");
    assert.equal(vol.key, '/default-pool/t1');
    assert.equal((await pool.getInfo()).allocation, 10485760n);
    assert.equal((await conn.storageVolLookupByPath('/default-pool/t1')).name, 't1');
    await assert.rejects(pool.volCreateXML("<volume><name>t1</name><capacity>1</capacity></volume>"), { message: 'operation failed: storage vol already exists' });
    await vol.delete(0);
    assert.equal((await pool.getInfo()).allocation, 0n);
    await assert.rejects(conn.storageVolLookupByKey('/default-pool/t1'), { message: "Storage volume not found: no storage vol with matching key '/default-pool/t1'" });
  });

  it('refuses changes on a read-only connection and reports missing driver methods', async () => {
    await using ro = await openReadOnly('test:///default');
    const pool = await ro.storagePoolLookupByName('default-pool');
    await assert.rejects(pool.destroy(), { message: 'operation forbidden: read only access prevents virStoragePoolDestroy' });
    await assert.rejects(ro.getStoragePoolCapabilities(0), { message: 'this function is not supported by the connection driver: virConnectGetStoragePoolCapabilities' });
  });

  it('removes a created (transient) pool when it stops', async () => {
    await using conn = await open('test:///default');
    const p = await conn.storagePoolCreateXML("<pool type='dir'><name>tmp1</name><target><path>/tmp1</path></target></pool>", 0);
    assert.equal(await p.isPersistent(), false);
    await p.destroy();
    await assert.rejects(conn.storagePoolLookupByName('tmp1'), { message: "Storage pool not found: no storage pool with matching name 'tmp1'" });
  });
});

describe('test driver networks through the public API', () => {
  it('starts, stops and undefines a defined network', async () => {
    await using conn = await open('test:///default');
    const net = await conn.networkDefineXML("<network><name>tn</name><uuid>66666666-2222-3333-4444-555555555555</uuid></network>");
    assert.equal(await net.isActive(), false);
    await net.create();
    await assert.rejects(net.create(), { message: "Requested operation is not valid: Network 'tn' is already running" });
    await assert.rejects(net.undefine(), { message: "Requested operation is not valid: Network 'tn' is still running" });
    await net.destroy();
    await net.undefine();
    assert.deepEqual((await conn.listAllNetworks(0)).map((n) => n.name), ['default']);
  });
});
