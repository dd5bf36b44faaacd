#!/usr/bin/python3
"""Paired, interleaved scale benchmark of two daemons (A and B) on the test driver.

  /usr/bin/python3 bench/scale-ab.py URI_A PID_A URI_B PID_B [--count 10000] [--block 500]
                                      [--list-reps 10] [--json OUT]

The shared harness's scale_domains.py runs one daemon after the other, so a burst of load on
this 2-core machine lands on one side only. Here both sides do the same work in alternating
blocks (A B, B A, ...): defineXML in blocks of --block domains until --count are defined on
each, then listAllDomains --list-reps times each (alternating), lookupByName over all, and
undefine over all, also in alternating blocks. Reported per side: calls/s and daemon CPU per
call (from /proc, 10 ms ticks); per pair: the median over blocks of the A/B rate ratio, and for
listAllDomains the ratio of the medians of the timed calls.
Domain XML is the harness's minimal test-driver domain (benchlib.minimal_test_domain_xml).
"""
import argparse
import json
import os
import sys
import uuid

HARNESS = os.environ.get("TSVIRT_BENCH_DIR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench")
sys.path.insert(0, HARNESS)
import benchlib as B  # noqa: E402

import libvirt  # noqa: E402


class Side:
    def __init__(self, label, uri, pid):
        self.label, self.uri, self.pid = label, uri, pid
        self.conn = libvirt.open(uri)
        self.defined = []
        self.acc = {}  # phase -> [calls, wall_s, cpu_s, samples_ms]

    def add(self, phase, calls, wall, cpu, sample=None):
        a = self.acc.setdefault(phase, [0, 0.0, 0.0, []])
        a[0] += calls
        a[1] += wall
        a[2] += cpu
        if sample is not None:
            a[3].append(sample)

    def timed(self, phase, fn, items):
        c0 = B.cpu_seconds(self.pid)
        t0 = B.now_ns()
        for it in items:
            fn(it)
        wall = (B.now_ns() - t0) / 1e9
        cpu = B.cpu_seconds(self.pid) - c0
        self.add(phase, len(items), wall, cpu)
        return len(items) / wall if wall else 0.0


def blocks(n, size):
    return [(i, min(n, i + size)) for i in range(0, n, size)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("uri_a")
    ap.add_argument("pid_a", type=int)
    ap.add_argument("uri_b")
    ap.add_argument("pid_b", type=int)
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--block", type=int, default=500)
    ap.add_argument("--list-reps", type=int, default=10)
    ap.add_argument("--json", default=None)
    a = ap.parse_args()
    B.quiet_libvirt_errors()

    sides = [Side("A", a.uri_a, a.pid_a), Side("B", a.uri_b, a.pid_b)]
    tag = "ab%d" % os.getpid()
    names = {s.label: ["%s-%s-%06d" % (tag, s.label, i) for i in range(a.count)] for s in sides}
    xmls = {s.label: [B.minimal_test_domain_xml(n, str(uuid.uuid4())) for n in names[s.label]] for s in sides}
    ratios = {"defineXML": [], "lookupByName": [], "undefine": []}
    res = {"bench": "scale_ab", "env": B.env_info(a.uri_a), "uri_b": a.uri_b, "count": a.count,
           "block": a.block, "loadavg_start": os.getloadavg()}
    try:
        def pairwise(phase, make_fn, items_of):
            for k, (lo, hi) in enumerate(blocks(a.count, a.block)):
                order = sides if k % 2 == 0 else sides[::-1]
                rate = {}
                for s in order:
                    rate[s.label] = s.timed(phase, make_fn(s), items_of(s)[lo:hi])
                if rate["B"]:
                    ratios[phase].append(rate["A"] / rate["B"])

        pairwise("defineXML", lambda s: (lambda x: s.defined.append(s.conn.defineXML(x))), lambda s: xmls[s.label])
        for r in range(a.list_reps):
            for s in (sides if r % 2 == 0 else sides[::-1]):
                c0 = B.cpu_seconds(s.pid)
                t0 = B.now_ns()
                got = s.conn.listAllDomains()
                ms = (B.now_ns() - t0) / 1e6
                s.add("listAllDomains", 1, ms / 1e3, B.cpu_seconds(s.pid) - c0, ms)
                res.setdefault("domains_listed", {})[s.label] = len(got)
                del got
        pairwise("lookupByName", lambda s: s.conn.lookupByName, lambda s: names[s.label])
        for s in sides:
            s.undef = list(s.defined)
        pairwise("undefine", lambda s: (lambda d: d.undefine()), lambda s: s.undef)
        for s in sides:
            s.defined.clear()
    finally:
        for s in sides:
            for d in s.defined:  # only after an error
                try:
                    d.undefine()
                except libvirt.libvirtError:
                    pass
    out = {}
    for s in sides:
        o = {}
        for phase, (calls, wall, cpu, samples) in s.acc.items():
            o[phase] = {"calls": calls, "calls_per_s": round(calls / wall, 1) if wall else None,
                        "daemon_cpu_us_per_call": round(cpu / calls * 1e6, 1)}
            if samples:
                o[phase].update({"median_ms": round(B.median(samples), 3), "min_ms": round(min(samples), 3),
                                 "max_ms": round(max(samples), 3)})
        out[s.label] = o
    res["A"], res["B"] = out["A"], out["B"]
    res["ratio_A_over_B"] = {p: {"median": round(B.median(r), 3), "min": round(min(r), 3), "max": round(max(r), 3)}
                             for p, r in ratios.items() if r}
    res["ratio_A_over_B"]["listAllDomains_time"] = round(out["A"]["listAllDomains"]["median_ms"] /
                                                         out["B"]["listAllDomains"]["median_ms"], 3)
    res["loadavg_end"] = os.getloadavg()
    for phase in ("defineXML", "listAllDomains", "lookupByName", "undefine"):
        pa, pb = out["A"][phase], out["B"][phase]
        if phase == "listAllDomains":
            print("%-15s A median %8.2f ms cpu %8.0f us | B median %8.2f ms cpu %8.0f us | A/B time %.3f" % (
                phase, pa["median_ms"], pa["daemon_cpu_us_per_call"], pb["median_ms"], pb["daemon_cpu_us_per_call"],
                res["ratio_A_over_B"]["listAllDomains_time"]), file=sys.stderr)
        else:
            r = res["ratio_A_over_B"][phase]
            print("%-15s A %8.0f/s cpu %6.1f us | B %8.0f/s cpu %6.1f us | A/B rate %.3f (%.3f..%.3f)" % (
                phase, pa["calls_per_s"], pa["daemon_cpu_us_per_call"], pb["calls_per_s"], pb["daemon_cpu_us_per_call"],
                r["median"], r["min"], r["max"]), file=sys.stderr)
    for s in sides:
        s.conn.close()
    B.emit(res, a.json)


if __name__ == "__main__":
    main()
