// Keepalive, both ends (libvirt's rpc/virkeepalive.c): each side may PING; the other answers PONG.
// Any packet from the peer counts as a sign of life. Once started, if nothing has come for
// `interval` seconds a PING is sent; after `count` unanswered PINGs (interval × (count + 1)
// seconds of silence) the peer is declared dead.
//
// Sign-of-life bookkeeping is two timestamps per packet; the timer is not touched per packet (it
// looks at the timestamps when it fires and sleeps for the remainder), so busy connections pay
// nothing for it.
import { logger } from '../util/log.js';
import { KEEPALIVE_PROGRAM, KEEPALIVE_PROTOCOL_VERSION } from '../protocol/keepalive/types.generated.js';
import { keepaliveProcs } from '../protocol/keepalive/procedures.generated.js';
import { MessageStatus, MessageType, buildFrame, type RpcHeader } from './server-message.js';

const log = logger('rpc.keepalive');

export { KEEPALIVE_PROGRAM, KEEPALIVE_PROTOCOL_VERSION };

/** The keepalive program's procedures, by number (from the generated table). */
export const KeepAliveProc = {
  Ping: keepaliveProcs.ping.id,
  Pong: keepaliveProcs.pong.id,
} as const;
export type KeepAliveProc = (typeof KeepAliveProc)[keyof typeof KeepAliveProc];

export function keepAliveFrame(proc: KeepAliveProc): Buffer {
  return buildFrame({
    prog: KEEPALIVE_PROGRAM,
    vers: KEEPALIVE_PROTOCOL_VERSION,
    proc,
    type: MessageType.Message,
    serial: 0,
    status: MessageStatus.Ok,
  });
}

const PING = keepAliveFrame(KeepAliveProc.Ping);
const PONG = keepAliveFrame(KeepAliveProc.Pong);

export interface KeepAliveHooks {
  /** Queue a keepalive packet to the peer. */
  send(frame: Buffer): void;
  /** The peer stopped answering; close the connection. */
  dead(): void;
}

export class KeepAlive {
  #interval: number;
  #count: number;
  #countToDeath: number;
  #lastPacket = Date.now();
  #intervalStart = 0;
  #timer: NodeJS.Timeout | null = null;
  #hooks: KeepAliveHooks;
  readonly label: string;

  /** interval in seconds (≤ 0 disables), count of unanswered pings tolerated. */
  constructor(interval: number, count: number, hooks: KeepAliveHooks, label = 'peer') {
    this.#interval = interval;
    this.#count = count;
    this.#countToDeath = count;
    this.#hooks = hooks;
    this.label = label;
  }

  get active(): boolean {
    return this.#timer !== null;
  }

  /** Start pinging; interval/count given here replace the constructor's (client side). */
  start(interval = 0, count = 0): void {
    if (this.#timer) return;
    if (interval > 0) {
      this.#interval = interval;
      this.#count = count;
      this.#countToDeath = count;
    }
    if (this.#interval <= 0) {
      log.debug(`keepalive with ${this.label} disabled by configuration`);
      return;
    }
    const now = Date.now();
    const ms = this.#interval * 1000;
    const delay = Math.max(0, ms - (now - this.#lastPacket));
    this.#intervalStart = now - (ms - delay);
    this.#schedule(delay);
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /**
   * Note a packet from the peer. Returns true when it was a keepalive packet, which the caller
   * must not dispatch any further (a PING has been answered already).
   */
  received(h: RpcHeader): boolean {
    const now = Date.now();
    this.#countToDeath = this.#count;
    this.#intervalStart = now;
    this.#lastPacket = now;
    if (h.prog !== KEEPALIVE_PROGRAM || h.vers !== KEEPALIVE_PROTOCOL_VERSION || h.type !== MessageType.Message) {
      return false;
    }
    if (h.proc === KeepAliveProc.Ping) {
      log.debug(() => `got keepalive request from ${this.label}`);
      this.#hooks.send(PONG);
    } else if (h.proc === KeepAliveProc.Pong) {
      log.debug(() => `got keepalive response from ${this.label}`);
    } else {
      log.debug(() => `ignoring unknown keepalive message ${h.proc} from ${this.label}`);
    }
    return true;
  }

  #schedule(ms: number): void {
    this.#timer = setTimeout(() => this.#fire(), ms);
    // A keepalive timer alone must not keep a process alive.
    this.#timer.unref?.();
  }

  #fire(): void {
    this.#timer = null;
    const now = Date.now();
    const ms = this.#interval * 1000;
    const elapsed = now - this.#intervalStart;
    if (elapsed < ms) {
      this.#schedule(ms - elapsed);
      return;
    }
    if (this.#countToDeath === 0) {
      log.debug(() => `no response from ${this.label} after ${this.#count} keepalive messages in ${Math.round((now - this.#lastPacket) / 1000)} seconds`);
      this.#hooks.dead();
      return;
    }
    this.#countToDeath--;
    this.#intervalStart = now;
    log.debug(() => `sending keepalive request to ${this.label}`);
    this.#hooks.send(PING);
    this.#schedule(ms);
  }
}
