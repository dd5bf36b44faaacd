#!/usr/bin/env python3
# Medians of whole-process time of one-shot virsh on test:///default: ours, Debian's C virsh and
# bare `node -e 0`, run in turn (one of each, repeated) so that a change of load on a shared
# machine hits all alike. Unlike hyperfine, which reports only the mean CPU time, this reads each
# run's own user+sys time (wait4), so the CPU figure is a median too.
# Usage: bench/virsh-startup.py [RUNS [JSON_OUT]]   (run `npm run build` first)
import json
import os
import statistics
import subprocess
import sys
import time

here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ours = os.path.join(here, 'bin', 'virsh')
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 40
uri = 'test:///default'

mode = subprocess.run([ours, '-c', uri, 'uri'], env={**os.environ, 'TSVIRT_VIRSH_REPORT_MODE': '1'},
                      capture_output=True, text=True).stderr.strip()
print(f'bin/virsh runs: {mode}')

devnull = os.open(os.devnull, os.O_WRONLY)


def one(argv):
    """Wall and user+sys milliseconds of one run of argv."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execvp(argv[0], argv)
    _, status, usage = os.wait4(pid, 0)
    wall = (time.perf_counter() - start) * 1000
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f'{argv} failed')
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


results = {}
for cmd in (['list', '--all'], ['dominfo', 'test']):
    programs = {
        'node -e 0': ['node', '-e', '0'],
        'tsvirt': [ours, '-c', uri, *cmd],
        'libvirt virsh': ['/usr/bin/virsh', '-c', uri, *cmd],
    }
    times = {name: ([], []) for name in programs}
    for i in range(runs + 3):
        for name, argv in programs.items():
            wall, cpu = one(argv)
            if i >= 3:  # the first rounds warm the page cache
                times[name][0].append(wall)
                times[name][1].append(cpu)
    med = {name: (statistics.median(w), statistics.median(c)) for name, (w, c) in times.items()}
    n, t, l = med['node -e 0'], med['tsvirt'], med['libvirt virsh']
    label = ' '.join(cmd)
    print(f'{label} (medians of {runs} runs):')
    for name, (wall, cpu) in med.items():
        print(f'  {name:14} wall {wall:6.1f} ms   user+sys {cpu:6.1f} ms')
    print(f'  tsvirt - node -e 0: wall +{t[0] - n[0]:.1f} ms, user+sys +{t[1] - n[1]:.1f} ms; '
          f'tsvirt/node: wall {t[0] / n[0]:.2f}x, user+sys {t[1] / n[1]:.2f}x')
    print(f'  tsvirt / libvirt virsh: wall {t[0] / l[0]:.2f}x, user+sys {t[1] / l[1]:.2f}x')
    results[label] = med
if len(sys.argv) > 2:
    with open(sys.argv[2], 'w') as f:
        json.dump(results, f, indent=1)
