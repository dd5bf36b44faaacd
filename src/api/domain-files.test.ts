import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, openReadOnly, DomainState, VirError, ErrorCode } from './index.js';

const XML = "<domain type='test'><name>withfiles</name><memory>1024</memory><os><type>hvm</type></os></domain>";

test('createXMLWithFiles and createWithFiles start domains on the test driver, which ignores the files', async () => {
  const conn = await open('test:///default');
  try {
    const dom = await conn.domainCreateXMLWithFiles(XML, [], 0);
    assert.equal((await dom.getInfo()).state, DomainState.Running);
    assert.ok(dom.id > 0);
    await dom.destroy();
    const defined = await conn.domainDefineXML(XML.replace('withfiles', 'withfiles2'));
    await defined.createWithFiles([], 0);
    assert.equal((await defined.getState()).state, DomainState.Running);
    await defined.destroy();
    await defined.undefine();
  } finally {
    await conn.close();
  }
});

test('createXMLWithFiles is refused on a read-only connection', async () => {
  const conn = await openReadOnly('test:///default');
  try {
    await assert.rejects(conn.domainCreateXMLWithFiles(XML, [], 0), (e: unknown) => {
      assert.ok(e instanceof VirError);
      assert.equal(e.code, ErrorCode.OperationDenied);
      assert.equal(e.message, 'operation forbidden: read only access prevents virDomainCreateXMLWithFiles');
      return true;
    });
  } finally {
    await conn.close();
  }
});
