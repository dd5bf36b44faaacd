// Facts about the generated procedure tables, checked against numbers and annotations in libvirt
// 9.0.0's .x files and behaviour of its public API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { remoteProgram, remoteProcs } from './remote/procedures.generated.js';
import { qemuProgram, qemuProcs } from './qemu/procedures.generated.js';
import { lxcProgram } from './lxc/procedures.generated.js';
import { adminProgram, adminProcs } from './admin/procedures.generated.js';
import { lockProgram } from './lock/procedures.generated.js';
import { keepaliveProgram } from './keepalive/procedures.generated.js';
import * as T from './remote/types.generated.js';
import { readOnlyAllows, type Program } from './procedure.js';
import { XdrReader, encodeValue } from './xdr/index.js';
import { readOnlyRefusedApis } from '../api/api-facts.generated.js';

const all: Program[] = [remoteProgram, qemuProgram, lxcProgram, adminProgram, lockProgram, keepaliveProgram];

test('procedure counts per program', () => {
  assert.deepStrictEqual(
    Object.fromEntries(all.map((p) => [p.name, Object.keys(p.procs).length])),
    { remote: 443, qemu: 7, lxc: 1, admin: 19, lock: 8, keepalive: 2 },
  );
});

test('byId is indexed by procedure number and numbers are unique', () => {
  for (const p of all) {
    const ids = Object.values(p.procs).map((d) => d.id);
    assert.equal(new Set(ids).size, ids.length, p.name);
    for (const d of Object.values(p.procs)) assert.equal(p.byId[d.id], d);
    assert.equal(p.byId[0], undefined);
  }
  // remote numbers run 1..443 with no hole in 9.0.0
  assert.equal(remoteProgram.byId.filter(Boolean).length, 443);
  assert.equal(remoteProgram.byId.length, 444);
});

test('entries carry libvirt\'s numbers, codecs and annotations', () => {
  const g = remoteProcs.domainGetInfo;
  assert.equal(g.id, 16);
  assert.equal(g.name, 'REMOTE_PROC_DOMAIN_GET_INFO');
  assert.equal(g.api, 'virDomainGetInfo');
  assert.equal(g.args, T.DomainGetInfoArgs);
  assert.equal(g.ret, T.DomainGetInfoRet);
  assert.equal(g.generate, 'both');
  assert.equal(g.priority, 'low');
  assert.deepStrictEqual(g.acl, ['domain:read']);
  assert.equal(remoteProcs.connectListAllDomains.id, 273);
  assert.deepStrictEqual(remoteProcs.connectListAllDomains.aclFilter, ['domain:getattr']);
  assert.equal(remoteProcs.connectOpen.generate, 'none');
  assert.equal(remoteProcs.connectClose.args, null);
  assert.equal(remoteProcs.domainCreate.priority, 'low');
  assert.deepStrictEqual(remoteProcs.domainGetXMLDesc.acl, ['domain:read', 'domain:read_secure:VIR_DOMAIN_XML_SECURE', 'domain:read_secure:VIR_DOMAIN_XML_MIGRATABLE']);
  assert.equal(remoteProcs.domainFDAssociate.id, 443);
  assert.equal(qemuProcs.domainQemuMonitorCommand.api, 'virDomainQemuMonitorCommand');
  assert.equal(adminProcs.serverGetThreadPoolParameters.api, 'virAdmServerGetThreadPoolParameters');
});

test('streams and events', () => {
  assert.equal(remoteProcs.domainOpenConsole.stream, 'read');
  assert.equal(remoteProcs.storageVolUpload.stream, 'write');
  assert.equal(remoteProcs.storageVolUpload.sparseFlag, 'VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM');
  assert.equal(remoteProcs.storageVolDownload.stream, 'read');
  assert.equal(remoteProcs.domainGetInfo.stream, null);
  const ev = remoteProcs.domainEventCallbackLifecycle;
  assert.equal(ev.event, true);
  assert.equal(ev.args, T.DomainEventCallbackLifecycleMsg);
  assert.equal(ev.ret, null);
  assert.deepStrictEqual(
    Object.values(remoteProcs).filter((p) => p.stream !== null).map((p) => p.id),
    [148, 201, 208, 209, 211, 215, 296],
  );
});

test('read-only rule comes from the public API', () => {
  assert.equal(remoteProcs.domainDestroy.readonly, 'refused');
  assert.equal(readOnlyAllows(remoteProcs.domainDestroy), false);
  assert.equal(remoteProcs.domainGetInfo.readonly, 'allowed');
  assert.equal(readOnlyAllows(remoteProcs.connectListAllDomains, 0), true);
  // virDomainGetXMLDesc refuses read-only callers only with VIR_DOMAIN_XML_SECURE (1) or MIGRATABLE (8)
  assert.equal(readOnlyAllows(remoteProcs.domainGetXMLDesc, 0), true);
  assert.equal(readOnlyAllows(remoteProcs.domainGetXMLDesc, 1), false);
  assert.equal(readOnlyAllows(remoteProcs.domainGetXMLDesc, 8), false);
  assert.equal(readOnlyAllows(remoteProcs.domainGetXMLDesc, 2), true);
  assert.equal(remoteProcs.authList.readonly, null);
});

test('every API the API facts table refuses is refused here too', () => {
  // One direction only: the table here also finds APIs defined as `int virXxx(` on one line
  // (virDomainSetPerfEvents, virDomainGetGuestInfo, …), which that table did not list when written.
  for (const p of Object.values(remoteProcs)) {
    if (p.api !== null && readOnlyRefusedApis().has(p.api)) assert.equal(p.readonly, 'refused', `${p.name} (${p.api})`);
  }
  assert.equal(remoteProcs.domainSetPerfEvents.readonly, 'refused');
  assert.equal(remoteProcs.domainGetGuestInfo.readonly, 'refused');
});

test('every args/ret codec compiles and round-trips its all-zero value', () => {
  // Zero bytes are a valid value of almost every type (empty strings and lists, absent optionals,
  // zero numbers): decode them, encode the result, and expect the same bytes back.
  const zeros = Buffer.alloc(8192);
  let n = 0;
  for (const p of all) {
    for (const d of Object.values(p.procs)) {
      for (const c of [d.args, d.ret]) {
        if (!c) continue;
        const r = new XdrReader(zeros);
        const v = c.decode(r);
        assert.equal(encodeValue(c, v).toString('hex'), zeros.subarray(0, r.pos).toString('hex'), c.xdr);
        n++;
      }
    }
  }
  assert.ok(n > 500, `${n} codecs`);
});
