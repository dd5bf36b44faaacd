// Save images, core dumps and screenshots of the test driver through the public API: the file
// format on disk, what save and restore do to the domain, and the errors of a damaged image.
// (Debian's virsh races its job watcher on save and dump, so these are checked here as well as
// in a few differential cases.)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open, openReadOnly } from '../../api/index.js';
import { VirError } from '../../util/error.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tsvirt-save-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const MAGIC = Buffer.from('TestGuestMagic\0', 'latin1');

describe('test driver save images', () => {
  it('writes the magic, the length and the XML, then restores a running domain', () =>
    withDir(async (dir) => {
      const conn = await open('test:///default');
      try {
        const dom = await conn.domainLookupByName('test');
        const path = join(dir, 'test.img');
        await dom.save(path);
        const data = await readFile(path);
        assert.deepEqual(data.subarray(0, 15), MAGIC);
        const len = data.readInt32LE(15);
        assert.equal(data.length, 19 + len);
        assert.match(data.subarray(19).toString(), /^<domain type='test' id='1'>\n  <name>test<\/name>/);
        assert.deepEqual(await dom.getState(), { state: 5, reason: 5 });
        await conn.domainRestore(path);
        const again = await conn.domainLookupByName('test');
        assert.deepEqual(await again.getState(), { state: 1, reason: 3 });
        assert.notEqual(again.id, 1);
        const xml = await conn.domainSaveImageGetXMLDesc(path);
        assert.match(xml, /^<domain type='test'>/);
      } finally {
        await conn.close();
      }
    }));

  it('refuses flags, XML changes and a stopped domain as the test driver does', () =>
    withDir(async (dir) => {
      const conn = await open('test:///default');
      try {
        const dom = await conn.domainLookupByName('test');
        const path = join(dir, 's.img');
        await assert.rejects(dom.save(path, null, 2), /unsupported flags \(0x2\) in function testDomainSaveFlags/);
        await assert.rejects(dom.save(path, '<domain/>', 0), /argument unsupported: xml modification unsupported/);
        await assert.rejects(dom.save(path, null, 6), /Flags 'VIR_DOMAIN_SAVE_RUNNING' and 'VIR_DOMAIN_SAVE_PAUSED' are mutually exclusive/);
        await dom.destroy();
        await assert.rejects(dom.save(path), /domain is not running/);
      } finally {
        await conn.close();
      }
    }));

  it('reports damaged images with libvirt texts', () =>
    withDir(async (dir) => {
      const conn = await open('test:///default');
      const cases: [string, Buffer, RegExp][] = [
        ['short', Buffer.from('abc'), /incomplete save header in '.*short': Success/],
        ['magic', Buffer.from('XestGuestMagic\0xxxx', 'latin1'), /internal error: mismatched header magic/],
        ['len0', Buffer.concat([MAGIC, Buffer.alloc(4)]), /internal error: length of metadata out of range/],
        ['trunc', Buffer.concat([MAGIC, Buffer.from([16, 0, 0, 0]), Buffer.from('<dom')]), /incomplete metadata in '.*trunc': Success/],
      ];
      try {
        for (const [name, bytes, re] of cases) {
          const p = join(dir, name);
          await writeFile(p, bytes);
          await assert.rejects(conn.domainSaveImageGetXMLDesc(p), re);
        }
        await assert.rejects(conn.domainSaveImageGetXMLDesc(join(dir, 'none')), /cannot read domain image '.*none': No such file or directory/);
      } finally {
        await conn.close();
      }
    }));

  it('redefines an image and keeps relative paths relative to the working directory', () =>
    withDir(async (dir) => {
      const conn = await open('test:///default');
      const cwd = process.cwd();
      process.chdir(dir);
      try {
        const dom = await conn.domainLookupByName('test');
        await dom.save('rel.img');
        const xml = (await conn.domainSaveImageGetXMLDesc('rel.img')).replace('<vcpu placement=\'static\'>2</vcpu>', '<vcpu>1</vcpu>');
        await conn.domainSaveImageDefineXML('rel.img', xml);
        assert.match(await conn.domainSaveImageGetXMLDesc(join(dir, 'rel.img')), /<vcpu placement='static'>1<\/vcpu>/);
      } finally {
        process.chdir(cwd);
        await conn.close();
      }
    }));

  it('dumps a header-only core and crashes the domain on request', () =>
    withDir(async (dir) => {
      const conn = await open('test:///default');
      try {
        const dom = await conn.domainLookupByName('test');
        const core = join(dir, 'core');
        await dom.coreDump(core);
        assert.deepEqual(await readFile(core), MAGIC);
        await assert.rejects(dom.coreDump(core, 2), /kdump-compressed format is not supported here/);
        await assert.rejects(dom.coreDump(core, null, 3), /Flags 'VIR_DUMP_CRASH' and 'VIR_DUMP_LIVE' are mutually exclusive/);
        await dom.coreDump(core, null, 1);
        assert.deepEqual(await dom.getState(), { state: 5, reason: 3 });
      } finally {
        await conn.close();
      }
    }));

  it('streams the screenshot and refuses read-only callers', async () => {
    const conn = await open('test:///default');
    const ro = await openReadOnly('test:///default');
    try {
      const dom = await conn.domainLookupByName('test');
      const st = conn.newStream();
      const mime = await dom.screenshot(st, 0);
      assert.equal(mime, 'image/png');
      const chunks: Uint8Array[] = [];
      await st.recvAll((c) => {
        chunks.push(c);
      });
      await st.finish();
      const png = Buffer.concat(chunks);
      assert.deepEqual(png.subarray(1, 4), Buffer.from('PNG'));
      const roDom = await ro.domainLookupByName('test');
      await assert.rejects(roDom.screenshot(ro.newStream(), 0), (e: unknown) => e instanceof VirError && /read only access prevents virDomainScreenshot/.test(e.message));
      await assert.rejects(dom.screenshot(ro.newStream(), 0), /stream must match connection of domain 'test'/);
    } finally {
      await conn.close();
      await ro.close();
    }
  });
});
