import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { KeepAlive, KeepAliveProc, KEEPALIVE_PROGRAM, KEEPALIVE_PROTOCOL_VERSION } from './keepalive.js';
import { MessageStatus, MessageType, decodeHeader } from './server-message.js';

const pong = { prog: KEEPALIVE_PROGRAM, vers: KEEPALIVE_PROTOCOL_VERSION, proc: KeepAliveProc.Pong, type: MessageType.Message, serial: 0, status: MessageStatus.Ok };

test('silence: count pings an interval apart, then the peer is dead', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  try {
    const sent: number[] = [];
    let dead = 0;
    const ka = new KeepAlive(5, 2, { send: (f) => sent.push(decodeHeader(f).proc), dead: () => dead++ });
    ka.start();
    mock.timers.tick(4999);
    assert.deepEqual(sent, []);
    mock.timers.tick(1);
    assert.deepEqual(sent, [KeepAliveProc.Ping]);
    mock.timers.tick(5000);
    assert.deepEqual(sent, [KeepAliveProc.Ping, KeepAliveProc.Ping]);
    assert.equal(dead, 0);
    mock.timers.tick(5000);
    assert.equal(dead, 1);
  } finally {
    mock.timers.reset();
  }
});

test('any packet from the peer resets the count; PONG is consumed, PING answered', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  try {
    const sent: number[] = [];
    let dead = 0;
    const ka = new KeepAlive(5, 1, { send: (f) => sent.push(decodeHeader(f).proc), dead: () => dead++ });
    ka.start();
    for (let i = 0; i < 10; i++) {
      mock.timers.tick(4000);
      assert.equal(ka.received({ ...pong, prog: 0x20008086, type: MessageType.Call }), false, 'ordinary calls are not consumed');
    }
    assert.deepEqual(sent, []);
    mock.timers.tick(5000);
    assert.deepEqual(sent, [KeepAliveProc.Ping]);
    assert.equal(ka.received(pong), true);
    mock.timers.tick(9000);
    assert.equal(dead, 0);
    assert.equal(ka.received({ ...pong, proc: KeepAliveProc.Ping }), true);
    assert.equal(sent.at(-1), KeepAliveProc.Pong);
    ka.stop();
  } finally {
    mock.timers.reset();
  }
});

test('interval 0 disables pinging', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  try {
    let n = 0;
    const ka = new KeepAlive(0, 5, { send: () => n++, dead: () => n++ });
    ka.start();
    mock.timers.tick(100_000);
    assert.equal(n, 0);
    assert.equal(ka.active, false);
  } finally {
    mock.timers.reset();
  }
});
