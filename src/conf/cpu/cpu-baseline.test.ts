import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { open } from '../../api/index.js';
import { ErrorDomain, VirError } from '../../util/error.js';
import { cpuMapDir } from './cpu-map-load.js';

// These run against libvirt's installed CPU map (Debian's libvirt0); without it they are skipped.
const skip = existsSync(`${cpuMapDir()}/index.xml`) ? false : 'libvirt CPU map not installed';

const cpu = (model: string, opts: { arch?: string; vendor?: string; features?: string[] } = {}) =>
  `<cpu><arch>${opts.arch ?? 'x86_64'}</arch><model>${model}</model>${opts.vendor ? `<vendor>${opts.vendor}</vendor>` : ''}${(opts.features ?? []).map((f) => `<feature name='${f}'/>`).join('')}</cpu>`;

async function withConn<T>(fn: (conn: Awaited<ReturnType<typeof open>>) => Promise<T>): Promise<T> {
  const conn = await open('test:///default');
  try {
    return await fn(conn);
  } finally {
    await conn.close();
  }
}

test('two Intel hosts: the older model, the features both share, the vendor both name', { skip }, async () => {
  const xml = await withConn((c) => c.baselineCPU([cpu('Haswell', { vendor: 'Intel', features: ['vmx'] }), cpu('SandyBridge', { vendor: 'Intel', features: ['vmx', 'aes'] })]));
  assert.equal(xml, "<cpu mode='custom' match='exact'>\n  <model fallback='allow'>SandyBridge</model>\n  <vendor>Intel</vendor>\n  <feature policy='require' name='vmx'/>\n</cpu>\n");
});

test('one model named by every input is kept, with fallback forbidden', { skip }, async () => {
  const xml = await withConn((c) => c.baselineCPU([cpu('Westmere', { vendor: 'Intel' }), cpu('Westmere', { vendor: 'Intel' })]));
  assert.match(xml, /<model fallback='forbid'>Westmere<\/model>/);
});

test('the model choice weighs disabled features as libvirt does (n270 over kvm32)', { skip }, async () => {
  const xml = await withConn((c) =>
    c.baselineCPU([
      cpu('Westmere', { vendor: 'Intel', features: ['pni', 'syscall', 'smap', 'sgx-tokenkey'] }),
      cpu('Icelake-Server-noTSX', { vendor: 'Intel', features: ['syscall', '3dnowprefetch', 'sse4.2', 'avx512vbmi2'] }),
      cpu('n270', { vendor: 'Intel' }),
    ]),
  );
  assert.equal(xml, "<cpu mode='custom' match='exact'>\n  <model fallback='allow'>n270</model>\n  <vendor>Intel</vendor>\n  <feature policy='disable' name='vme'/>\n  <feature policy='disable' name='monitor'/>\n</cpu>\n");
});

test('--features lists every feature of the model, sorted by name', { skip }, async () => {
  const xml = await withConn((c) => c.baselineCPU([cpu('Haswell', { vendor: 'Intel', features: ['vmx'] }), cpu('SandyBridge', { vendor: 'Intel', features: ['vmx', 'aes'] })], 1));
  const names = [...xml.matchAll(/name='([^']+)'/g)].map((m) => m[1]);
  assert.ok(names.includes('sse4.2') && names.includes('vmx') && names.includes('xsave'));
  assert.deepEqual(names, [...names].sort());
});

test('errors: vendors differ, unknown model and feature, migratable flag refused, no architecture driver', { skip }, async () => {
  await withConn(async (c) => {
    await assert.rejects(c.baselineCPU([cpu('Haswell', { vendor: 'Intel' }), cpu('Opteron_G4', { vendor: 'AMD' })]), (e: VirError) => e.message === 'operation failed: CPU vendors do not match' && e.domain === ErrorDomain.Cpu);
    await assert.rejects(c.baselineCPU([cpu('NoSuchCPU')]), (e: VirError) => e.message === 'internal error: Unknown CPU model NoSuchCPU');
    await assert.rejects(c.baselineCPU([cpu('Haswell', { features: ['nosuchflag'] })]), (e: VirError) => e.message === 'internal error: Unknown CPU feature nosuchflag');
    await assert.rejects(c.baselineCPU([cpu('Haswell')], 2), (e: VirError) => e.message === 'unsupported flags (0x2) in function testConnectBaselineCPU');
    await assert.rejects(c.baselineCPU([cpu('z13', { arch: 's390x' })]), (e: VirError) => e.message === 'this function is not supported by the connection driver: cannot compute baseline CPU of s390x architecture');
    await assert.rejects(c.baselineCPU(['<cpu><model>Haswell</model></cpu>']), (e: VirError) => e.message === 'XML error: Missing CPU architecture');
    await assert.rejects(c.baselineCPU([]), (e: VirError) => e.message === 'invalid argument: no CPUs given');
  });
});

test('ppc64 compares by model name; ARM takes the first model', { skip }, async () => {
  await withConn(async (c) => {
    assert.match(await c.baselineCPU([cpu('POWER8', { arch: 'ppc64', vendor: 'IBM' }), cpu('POWER8', { arch: 'ppc64' })]), /<model fallback='forbid'>POWER8<\/model>\n<\/cpu>/);
    await assert.rejects(c.baselineCPU([cpu('POWER8', { arch: 'ppc64' }), cpu('POWER9', { arch: 'ppc64' })]), (e: VirError) => e.message === 'operation failed: CPUs are incompatible');
    assert.equal(await c.baselineCPU([cpu('cortex-a57', { arch: 'aarch64' }), cpu('other', { arch: 'aarch64' })]), "<cpu mode='custom' match='exact'>\n  <model fallback='allow'>cortex-a57</model>\n</cpu>\n");
  });
});

test('a missing CPU map is reported, not crashed on (TSVIRT_CPU_MAP_DIR)', async () => {
  const saved = process.env.TSVIRT_CPU_MAP_DIR;
  process.env.TSVIRT_CPU_MAP_DIR = '/nonexistent/cpu_map';
  try {
    // ppc64 reads its map on each call, so this does not disturb the x86 map cached by other tests.
    await withConn((c) =>
      assert.rejects(c.baselineCPU([cpu('POWER8', { arch: 'ppc64' })]), (e: VirError) => e.message === "XML error: failed to parse xml document '/nonexistent/cpu_map/index.xml'"),
    );
  } finally {
    if (saved === undefined) delete process.env.TSVIRT_CPU_MAP_DIR;
    else process.env.TSVIRT_CPU_MAP_DIR = saved;
  }
});
