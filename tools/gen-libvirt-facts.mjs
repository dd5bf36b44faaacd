#!/usr/bin/env node
// Reads libvirt 9.0.0's driver tables (src/driver-*.h) and its test driver's tables
// (src/test/test_driver.c) and writes tools/data/libvirt-9.0-drivers.json: for each driver kind,
// every field with the public API it serves, and the fields libvirt's test driver fills in.
// The support matrix (tools/gen-hvsupport.ts) compares our drivers against these facts.
// Run: node tools/gen-libvirt-facts.mjs /tmp/libvirt-src/libvirt-9.0.0
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const src = process.argv[2];
if (!src) {
  console.error('usage: gen-libvirt-facts.mjs LIBVIRT_SRC_DIR');
  process.exit(2);
}
const kinds = {
  hypervisor: ['driver-hypervisor.h', 'virHypervisorDriver'],
  network: ['driver-network.h', 'virNetworkDriver'],
  storage: ['driver-storage.h', 'virStorageDriver'],
  interface: ['driver-interface.h', 'virInterfaceDriver'],
  nodeDevice: ['driver-nodedev.h', 'virNodeDeviceDriver'],
  secret: ['driver-secret.h', 'virSecretDriver'],
  nwfilter: ['driver-nwfilter.h', 'virNWFilterDriver'],
};
const out = { source: 'libvirt 9.0.0', kinds: {}, test: {} };
for (const [kind, [file, struct]] of Object.entries(kinds)) {
  const text = readFileSync(join(src, 'src', file), 'utf8');
  const body = text.slice(text.indexOf(`struct _${struct} {`));
  const fields = [];
  for (const m of body.slice(0, body.indexOf('};')).matchAll(/^\s+virDrv(\w+)\s+(\w+);/gm)) {
    fields.push({ field: m[2], api: `vir${m[1]}` });
  }
  out.kinds[kind] = fields;
}
const test = readFileSync(join(src, 'src/test/test_driver.c'), 'utf8');
for (const [kind, [, struct]] of Object.entries(kinds)) {
  const start = test.search(new RegExp(`^static ${struct} test\\w+ = \\{`, 'm'));
  if (start < 0) {
    out.test[kind] = [];
    continue;
  }
  const body = test.slice(start, test.indexOf('\n};', start));
  out.test[kind] = [...body.matchAll(/^\s+\.(\w+)\s*=\s*\w+,/gm)].map((m) => m[1]).filter((f) => f !== 'name');
}
writeFileSync(new URL('./data/libvirt-9.0-drivers.json', import.meta.url), JSON.stringify(out, null, 1) + '\n');
for (const k of Object.keys(kinds)) console.log(`${k}: ${out.kinds[k].length} fields, test driver ${out.test[k].length}`);
