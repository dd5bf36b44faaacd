// Pairs of daemons (ours and Debian's libvirtd) for running differential cases through them, each
// pair lent to one case at a time (a daemon forgets test:///default when its last client leaves,
// so every case starts from libvirt's default objects, as it does in-process).
import type { DaemonSlot } from '../diff/runner.js';
import { libvirtdRunsAsNobody, shareWithDaemon, startDebianLibvirtd, type DebianLibvirtd } from './debian-libvirtd.js';
import { Exclusive } from './exclusive.js';
import { startOurDaemon, type OurDaemon } from './our-daemon.js';

export interface DaemonSlots {
  slots: Exclusive<DaemonSlot>;
  ours: OurDaemon[];
  debian: DebianLibvirtd[];
  stop(): Promise<void>;
}

export async function startDaemonSlots(n: number): Promise<DaemonSlots> {
  const ours: OurDaemon[] = [];
  const debian: DebianLibvirtd[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all([...ours.map((d) => d.stop()), ...debian.map((d) => d.stop())]);
  };
  try {
    // Pushed as each starts, so a failure part-way still stops the others.
    await Promise.all(
      Array.from({ length: n }, async () => {
        ours.push(await startOurDaemon());
        debian.push(await startDebianLibvirtd());
      }),
    );
  } catch (e) {
    await stop();
    throw e;
  }
  const slots = ours.map((o, i): DaemonSlot => ({ ours: o, debian: debian[i]!, shareDir: libvirtdRunsAsNobody ? shareWithDaemon : undefined }));
  return { slots: new Exclusive(slots), ours, debian, stop };
}
