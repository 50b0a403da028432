#!/usr/bin/env python3
"""Whole-process timer for bench/run.sh (Python standard library only).

    bench/timeit.py [-n RUNS] [--warmup W] [--clean DIR] [--stderr FILE] -- COMMAND [ARG ...]

The same method as the anchors' bench.py (../shared/anchors/bench.py), so that figures are
comparable: COMMAND is started W times uncounted, then RUNS times; each run is timed from
spawn to reap with the monotonic clock, and wait4() gives its user+system CPU time and peak
resident memory (ru_maxrss: the largest single process among COMMAND and the descendants it
waited for, not a sum). With --clean, DIR is removed before every run, outside the timing, so
every run writes into an empty folder. COMMAND's stdout is discarded; the stderr of the last
failing run (or of the last run) goes to --stderr FILE.

Prints one tab-separated line:
    runs  failures  wall_min  wall_median  wall_max  cpu_median  peak_median_MiB  peak_max_MiB
Exit status 1 if any run of COMMAND exited non-zero.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def one_run(cmd, err):
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t0
    return {
        "wall": wall,
        "cpu": ru.ru_utime + ru.ru_stime,
        "peak": ru.ru_maxrss / 1024.0,  # Linux: KiB
        "rc": os.waitstatus_to_exitcode(status),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=5, dest="runs")
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--clean")
    ap.add_argument("--stderr")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    if not cmd or a.runs < 1:
        ap.error("no COMMAND given, or RUNS < 1")
    runs, kept = [], None
    for i in range(a.warmup + a.runs):
        if a.clean:
            shutil.rmtree(a.clean, ignore_errors=True)
        with tempfile.TemporaryFile() as err:
            r = one_run(cmd, err)
            if r["rc"] != 0 or kept is None or kept[0] == 0:
                err.seek(0)
                kept = (r["rc"], err.read())
        if i >= a.warmup:
            runs.append(r)
    if a.stderr:
        with open(a.stderr, "wb") as f:
            f.write(kept[1])
    bad = sum(1 for r in runs if r["rc"] != 0)
    med = statistics.median
    walls = [r["wall"] for r in runs]
    peaks = [r["peak"] for r in runs]
    print("\t".join([
        str(a.runs), str(bad),
        f"{min(walls):.4f}", f"{med(walls):.4f}", f"{max(walls):.4f}",
        f"{med([r['cpu'] for r in runs]):.4f}",
        f"{med(peaks):.1f}", f"{max(peaks):.1f}",
    ]))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
