import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameSplitter, encodeFrame, encodeRawFrame, checkLengthWord, PAYLOAD_OFFSET } from './framing.js';
import { MessageType, MessageStatus, decodeHeader } from '../protocol/header.js';
import { XdrReader } from '../protocol/xdr/reader.js';
import { VirError, ErrorCode, ErrorDomain } from '../util/error.js';

const hdr = (serial: number) => ({ prog: 0x20008086, vers: 1, proc: 66, type: MessageType.Call, serial, status: MessageStatus.Ok });
const f1 = encodeFrame(hdr(1), (w) => w.string('hello', 100));
const f2 = encodeFrame(hdr(2));
const f3 = encodeFrame(hdr(3), (w) => w.opaque(Buffer.alloc(1000, 7), 2000));

function collect(feed: (s: FrameSplitter) => void): string[] {
  const got: string[] = [];
  const s = new FrameSplitter((f) => got.push(f.toString('hex')));
  feed(s);
  assert.equal(s.pending, 0, 'nothing left over');
  return got;
}

test('encodeFrame: length word counts itself and the header (libvirt test bytes)', () => {
  // The header bytes of libvirt's tests/virnetmessagetest.c testMessageHeaderEncode.
  const f = encodeFrame({ prog: 0x11223344, vers: 1, proc: 0x666, type: MessageType.Call, serial: 0x99, status: MessageStatus.Ok });
  assert.equal(f.toString('hex'), '0000001c' + '11223344' + '00000001' + '00000666' + '00000000' + '00000099' + '00000000');
});

test('one frame cut at every offset', () => {
  for (let cut = 0; cut <= f1.length; cut++) {
    const got = collect((p) => {
      p.push(f1.subarray(0, cut));
      p.push(f1.subarray(cut));
    });
    assert.deepStrictEqual(got, [f1.toString('hex')], `cut at ${cut}`);
  }
});

test('three frames in one stream, cut at every pair of offsets', () => {
  const all = Buffer.concat([f1, f2, f3]);
  const want = [f1, f2, f3].map((f) => f.toString('hex'));
  // Every single cut, and every pair of cuts around the boundaries (pairs over the whole 1,100
  // bytes would be slow and add nothing: the middle of the opaque is all alike).
  const edges = [...Array(all.length + 1).keys()].filter((i) => i < 80 || Math.abs(i - (f1.length + f2.length)) < 12 || i > all.length - 12);
  for (const a of edges) {
    for (const b of edges) {
      if (b < a) continue;
      const got = collect((p) => {
        p.push(all.subarray(0, a));
        p.push(all.subarray(a, b));
        p.push(all.subarray(b));
      });
      assert.deepStrictEqual(got, want, `cuts at ${a}, ${b}`);
    }
  }
});

test('byte by byte', () => {
  const all = Buffer.concat([f1, f2, f3]);
  const got = collect((p) => {
    for (let i = 0; i < all.length; i++) p.push(all.subarray(i, i + 1));
  });
  assert.deepStrictEqual(got, [f1, f2, f3].map((f) => f.toString('hex')));
});

test('a whole frame inside one chunk is a view, not a copy', () => {
  const all = Buffer.concat([f1, f2]);
  const frames: Buffer[] = [];
  new FrameSplitter((f) => frames.push(f)).push(all);
  assert.equal(frames.length, 2);
  assert.equal(frames[0]!.buffer, all.buffer);
  assert.equal(frames[1]!.byteOffset, all.byteOffset + f1.length);
});

test('frames decode: header at offset 4, payload at PAYLOAD_OFFSET', () => {
  const frames: Buffer[] = [];
  new FrameSplitter((f) => frames.push(f)).push(f1);
  const r = new XdrReader(frames[0]!, 4);
  assert.deepStrictEqual(decodeHeader(r), hdr(1));
  assert.equal(r.pos, PAYLOAD_OFFSET);
  assert.equal(r.string(100), 'hello');
});

function rpcError(re: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof VirError);
    assert.equal(e.code, ErrorCode.Rpc);
    assert.equal(e.domain, ErrorDomain.Rpc);
    assert.match(e.message, re);
    return true;
  };
}

test('length word too small: libvirt text', () => {
  const s = new FrameSplitter(() => assert.fail('no frame'));
  assert.throws(() => s.push(Buffer.from('00000003', 'hex')), rpcError(/^packet 3 bytes received from server too small, want 4$/));
});

test('length word too large: refused without allocating, libvirt text', () => {
  const s = new FrameSplitter(() => assert.fail('no frame'));
  const before = process.memoryUsage().arrayBuffers;
  // 0x02000005 - 4 = 33554433: one byte over VIR_NET_MESSAGE_MAX.
  assert.throws(() => s.push(Buffer.from('02000005', 'hex')), rpcError(/^packet 33554433 bytes received from server too large, want 33554432$/));
  assert.ok(process.memoryUsage().arrayBuffers - before < 1 << 20);
  // And a huge one prints as C's %d does.
  assert.throws(() => checkLengthWord(0xffffffff), rpcError(/^packet -5 bytes received from server too large, want 33554432$/));
});

test('largest allowed length word is accepted', () => {
  assert.equal(checkLengthWord(4 + 33554432), 33554432);
});

test('a cut length word is checked once whole', () => {
  const s = new FrameSplitter(() => assert.fail('no frame'), { messageMax: 100 });
  s.push(Buffer.from('0000', 'hex'));
  assert.throws(() => s.push(Buffer.from('0fff', 'hex')), rpcError(/too large, want 100/));
});

test('after a bad length word the splitter stays failed', () => {
  const s = new FrameSplitter(() => {});
  assert.throws(() => s.push(Buffer.from('00000000', 'hex')));
  assert.throws(() => s.push(f1), rpcError(/too small/));
});

test('length word of 4 gives an empty message (the header check comes later, as in libvirt)', () => {
  const got = collect((p) => p.push(Buffer.from('00000004', 'hex')));
  assert.deepStrictEqual(got, ['00000004']);
  const r = new XdrReader(Buffer.from('00000004', 'hex'), 4);
  assert.throws(() => decodeHeader(r), rpcError(/^Unable to decode message header$/));
});

test('encodeFrame refuses a message over VIR_NET_MESSAGE_MAX', () => {
  const big = Buffer.alloc(33554432 - 24 - 4 + 1);
  assert.throws(() => encodeFrame(hdr(1), (w) => w.opaque(big, 0xffffffff)), rpcError(/^Unable to encode message payload$/));
  // Exactly at the limit is fine.
  const ok = encodeFrame(hdr(1), (w) => w.opaque(big.subarray(1), 0xffffffff));
  assert.equal(ok.length, 4 + 33554432);
});

test('encodeRawFrame: stream data is sent as is', () => {
  const f = encodeRawFrame({ ...hdr(5), type: MessageType.Stream, status: MessageStatus.Continue }, Buffer.from('abc'));
  assert.equal(f.toString('hex'), '0000001f' + '20008086' + '00000001' + '00000042' + '00000003' + '00000005' + '00000002' + '616263');
});

test('encodeFrame into a reused writer returns only this frame', async () => {
  const { XdrWriter } = await import('../protocol/xdr/writer.js');
  const w = new XdrWriter(8);
  const a = encodeFrame(hdr(1), undefined, w);
  assert.equal(a.length, 28);
  w.reset();
  const b = encodeFrame(hdr(2), (x) => x.int(1), w);
  assert.equal(b.readUInt32BE(0), 32);
});
