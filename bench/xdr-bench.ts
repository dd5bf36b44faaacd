// Cost of the wire layer on two typical replies: DomainGetInfo (small, fixed) and
// ConnectListAllDomains with 10,000 domains (large). Prints microseconds per operation.
// Run: npx tsc -p . && node dist/bench/xdr-bench.js
import { encodeFrame, FrameSplitter } from '../src/rpc/framing.js';
import { decodeHeader, MessageStatus, MessageType } from '../src/protocol/header.js';
import { remoteProcs } from '../src/protocol/remote/procedures.generated.js';
import type * as T from '../src/protocol/remote/types.generated.js';
import { XdrReader, XdrWriter } from '../src/protocol/xdr/index.js';

const header = { prog: 0x20008086, vers: 1, proc: 16, type: MessageType.Reply, serial: 7, status: MessageStatus.Ok };

// The best of several rounds: the machine may be shared, and the minimum is the codec's own cost.
function bench(name: string, iters: number, fn: () => void): number {
  for (let i = 0; i < Math.min(iters, 2000); i++) fn(); // warm up and compile
  let us = Infinity;
  for (let round = 0; round < 7; round++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iters; i++) fn();
    us = Math.min(us, Number(process.hrtime.bigint() - t0) / 1e3 / iters);
  }
  console.log(`${name.padEnd(52)} ${us < 10 ? us.toFixed(3) : us.toFixed(1)} µs`);
  return us;
}

// --- DomainGetInfo reply
const info: T.DomainGetInfoRet = { state: 1, maxMem: 8388608n, memory: 2097152n, nrVirtCpu: 2, cpuTime: 12345678901234n };
const infoDef = remoteProcs.domainGetInfo;
const w = new XdrWriter(256);
const infoFrame = Buffer.from(encodeFrame(header, (x) => infoDef.ret!.encode(x, info), w));
bench('DomainGetInfo reply: encode frame (reused writer)', 200_000, () => {
  w.reset();
  encodeFrame(header, (x) => infoDef.ret!.encode(x, info), w);
});
bench('DomainGetInfo reply: encode frame (fresh writer)', 200_000, () => {
  encodeFrame(header, (x) => infoDef.ret!.encode(x, info));
});
bench('DomainGetInfo reply: split + header + decode', 200_000, () => {
  new FrameSplitter((f) => {
    const r = new XdrReader(f, 4);
    decodeHeader(r);
    infoDef.ret!.decode(r);
  }).push(infoFrame);
});
const getInfoArgs: T.DomainGetInfoArgs = { dom: { name: 'guest-0001', uuid: Buffer.alloc(16, 1), id: 3 } };
const callFrame = Buffer.from(encodeFrame({ ...header, type: MessageType.Call }, (x) => infoDef.args!.encode(x, getInfoArgs)));
bench('DomainGetInfo call: split + header + decode args', 200_000, () => {
  new FrameSplitter((f) => {
    const r = new XdrReader(f, 4);
    decodeHeader(r);
    infoDef.args!.decode(r);
  }).push(callFrame);
});

// --- ConnectListAllDomains reply, 10,000 domains
const domains: T.NonnullDomain[] = [];
for (let i = 0; i < 10_000; i++) {
  const uuid = Buffer.alloc(16);
  uuid.writeUInt32BE(i, 12);
  domains.push({ name: `guest-${String(i).padStart(5, '0')}`, uuid, id: i % 3 === 0 ? -1 : i });
}
const listDef = remoteProcs.connectListAllDomains;
const list: T.ConnectListAllDomainsRet = { domains, ret: domains.length };
const big = new XdrWriter(1 << 20);
const listFrame = Buffer.from(encodeFrame({ ...header, proc: listDef.id }, (x) => listDef.ret!.encode(x, list), big));
console.log(`(listAllDomains reply with 10,000 domains: ${listFrame.length} bytes)`);
bench('ListAllDomains 10k reply: encode frame (reused writer)', 60, () => {
  big.reset();
  encodeFrame({ ...header, proc: listDef.id }, (x) => listDef.ret!.encode(x, list), big);
});
bench('ListAllDomains 10k reply: encode frame (fresh writer)', 60, () => {
  encodeFrame({ ...header, proc: listDef.id }, (x) => listDef.ret!.encode(x, list));
});
bench('ListAllDomains 10k reply: split + header + decode', 60, () => {
  new FrameSplitter((f) => {
    const r = new XdrReader(f, 4);
    decodeHeader(r);
    listDef.ret!.decode(r);
  }).push(listFrame);
});
// Arriving in 64 KiB socket reads: the splitter assembles once, then decodes.
const chunks: Buffer[] = [];
for (let o = 0; o < listFrame.length; o += 65536) chunks.push(listFrame.subarray(o, o + 65536));
bench('ListAllDomains 10k reply: 64 KiB chunks, assemble + decode', 60, () => {
  const s = new FrameSplitter((f) => {
    const r = new XdrReader(f, 4);
    decodeHeader(r);
    listDef.ret!.decode(r);
  });
  for (const c of chunks) s.push(c);
});
