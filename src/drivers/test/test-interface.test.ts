import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DriverRegistry } from '../../driver/registry.js';
import { openWith } from '../../api/index.js';
import { VirError } from '../../util/error.js';
import { testConnectDriver } from './test-driver.js';

const reg = () => new DriverRegistry().registerConnectDriver(testConnectDriver);

test('transactions: rollback restores definitions but leaves every interface down', async () => {
  const conn = await openWith(reg(), 'test:///default', null, 0);
  try {
    await conn.interfaceChangeBegin();
    await conn.interfaceDefineXML("<interface type='ethernet' name='eth9'/>");
    assert.deepEqual((await conn.listAllInterfaces()).map((i) => i.name), ['eth1', 'eth9']);
    await conn.interfaceChangeRollback();
    const ifaces = await conn.listAllInterfaces();
    assert.deepEqual(ifaces.map((i) => i.name), ['eth1']);
    assert.equal(await ifaces[0].isActive(), false);
    await assert.rejects(conn.interfaceChangeCommit(), /no transaction running, nothing to be committed\./);
  } finally {
    await conn.close();
  }
});

test('read-only connections refuse changes in the interface error domain', async () => {
  const conn = await openWith(reg(), 'test:///default', null, 1);
  try {
    await assert.rejects(conn.interfaceChangeBegin(), (e: unknown) => e instanceof VirError && e.message === 'operation forbidden: read only access prevents virInterfaceChangeBegin' && e.domain === 26);
    assert.equal(await (await conn.interfaceLookupByMACString('AA:BB:CC:DD:EE:FF')).name, 'eth1');
  } finally {
    await conn.close();
  }
});

test('node devices: vHBA creation copies scsi_host11 and destroy removes it; secrets are not supported', async () => {
  const conn = await openWith(reg(), 'test:///default', null, 0);
  try {
    const dev = await conn.nodeDeviceCreateXML(
      "<device><parent>scsi_host2</parent><capability type='scsi_host'><capability type='fc_host'><wwnn>2001001b32a9da4e</wwnn><wwpn>2101001b32a9da4e</wwpn></capability></capability></device>",
    );
    assert.equal(dev.name, 'scsi_host12');
    assert.equal(await dev.getParent(), 'scsi_host2');
    assert.match(await dev.getXMLDesc(), /<wwnn>2001001b32a9da4e<\/wwnn>/);
    await dev.destroy();
    await assert.rejects(conn.nodeDeviceLookupByName('scsi_host12'), /no node device with matching name 'scsi_host12'/);
    await assert.rejects(conn.numOfSecrets(), /not supported by the connection driver: virConnectNumOfSecrets/);
    await assert.rejects(conn.listAllNodeDevices(0x80000000), /unsupported flags \(0x80000000\) in function testConnectListAllNodeDevices/);
  } finally {
    await conn.close();
  }
});

test('custom config: users are asked for through the auth callback', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsvirt-auth-'));
  try {
    writeFileSync(join(dir, 'cfg.xml'), "<node><auth><user password='pw'>alice</user></auth></node>");
    const asked: string[] = [];
    const answers: Record<number, string> = { 2: 'alice', 5: 'pw' };
    const auth = {
      credTypes: [2, 5],
      callback(creds: { type: number; prompt: string; result?: string }[]) {
        for (const c of creds) {
          asked.push(c.prompt);
          c.result = answers[c.type];
        }
      },
    };
    // Answers must come from the callback, not from an auth.conf named in the environment.
    const prev = process.env.LIBVIRT_AUTH_FILE;
    delete process.env.LIBVIRT_AUTH_FILE;
    try {
      const conn = await openWith(reg(), `test://${dir}/cfg.xml`, auth, 0);
      await conn.close();
    } finally {
      if (prev !== undefined) process.env.LIBVIRT_AUTH_FILE = prev;
    }
    assert.deepEqual(asked, ['Enter username for localhost', "Enter alice's password for localhost"]);
    answers[5] = 'wrong';
    await assert.rejects(openWith(reg(), `test://${dir}/cfg.xml`, auth, 0), /authentication failed: authentication failed, see test XML for the correct username\/password/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
