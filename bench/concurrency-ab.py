#!/usr/bin/python3
"""Paired, interleaved throughput of two daemons with K concurrent clients.

  /usr/bin/python3 bench/concurrency-ab.py URI_A PID_A URI_B PID_B [--procs 8,32] [--calls 2000]
                                            [--rounds 6] [--json OUT]

The shared harness's rpc_concurrency.py measures one daemon at a time; on this 2-core machine,
shared with other work, two such runs minutes apart differ more than the daemons do. Here each
round runs the same burst (K processes, one connection each, M dom.info() calls each, started
together: rpc_concurrency.run_k) against A and against B back to back, alternating which goes
first, and the A/B ratio of total calls/s is taken per round; the median over rounds is the
figure to quote. Daemon CPU per call comes from /proc as in run_k.
"""
import argparse
import os
import sys

HARNESS = os.environ.get("TSVIRT_BENCH_DIR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench")
sys.path.insert(0, HARNESS)
import benchlib as B  # noqa: E402
import rpc_concurrency as RC  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("uri_a")
    ap.add_argument("pid_a", type=int)
    ap.add_argument("uri_b")
    ap.add_argument("pid_b", type=int)
    ap.add_argument("--procs", default="8,32")
    ap.add_argument("--calls", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--domain", default="test")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--json", default=None)
    a = ap.parse_args()
    sides = {"A": (a.uri_a, a.pid_a), "B": (a.uri_b, a.pid_b)}
    res = {"bench": "concurrency_ab", "env": B.env_info(a.uri_a), "uri_b": a.uri_b, "calls_per_proc": a.calls,
           "rounds": a.rounds, "loadavg_start": os.getloadavg(), "runs": []}
    for k in (int(x) for x in a.procs.split(",")):
        per = {"A": [], "B": []}
        ratios = []
        for r in range(a.rounds):
            rate = {}
            for side in (("A", "B") if r % 2 == 0 else ("B", "A")):
                uri, pid = sides[side]
                o = RC.run_k(uri, a.domain, k, a.calls, 50, pid, a.timeout)
                per[side].append(o)
                rate[side] = o["calls_per_s"]
            ratios.append(rate["A"] / rate["B"])
        run = {"procs": k, "ratio_calls_per_s_A_over_B": {"median": round(B.median(ratios), 3),
                                                          "min": round(min(ratios), 3), "max": round(max(ratios), 3)}}
        for side in ("A", "B"):
            os_ = per[side]
            run[side] = {"calls_per_s_median": round(B.median([o["calls_per_s"] for o in os_]), 1),
                         "daemon_cpu_us_per_call_median": B.median([o.get("daemon_cpu_us_per_call") or 0 for o in os_]),
                         "p50_us_median": round(B.median([o["p50_us"] for o in os_]), 1),
                         "p99_us_median": round(B.median([o["p99_us"] for o in os_]), 1)}
        res["runs"].append(run)
        rr = run["ratio_calls_per_s_A_over_B"]
        print("K=%-3d A %8.0f calls/s cpu %5.1f us | B %8.0f calls/s cpu %5.1f us | A/B %.3f (%.3f..%.3f)" % (
            k, run["A"]["calls_per_s_median"], run["A"]["daemon_cpu_us_per_call_median"],
            run["B"]["calls_per_s_median"], run["B"]["daemon_cpu_us_per_call_median"],
            rr["median"], rr["min"], rr["max"]), file=sys.stderr)
    res["loadavg_end"] = os.getloadavg()
    B.emit(res, a.json)


if __name__ == "__main__":
    main()
