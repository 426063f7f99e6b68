#!/usr/bin/env python3
"""Shared measuring for the benchmark scripts under benchmarks/ (one place, no copies).

  measure.py load
      The machine's 1-, 5- and 15-minute load averages.
  measure.py run [--server NAME=PID]... [--repeat N] [--stdout FILE] [--stderr FILE] -- CMD...
      Runs CMD (N times, default 1) and prints shell assignments for `eval`: elapsed (wall s),
      cpu, user, sys (client CPU s: user + sys of CMD's whole process tree, from the rusage
      wait4 returns, which includes every descendant CMD waited for), rss (peak KB of the
      largest process in the tree), server_cpu (CPU s each --server process used meanwhile,
      from /proc/PID/stat, with its descendants, summed) and status (exit status of the last run); with --repeat, the
      median of each figure over the runs. `summary` is a one-line human reading of them.
      --rss no skips GNU time (one exec less in the wall time of short commands; the peak RSS
      then includes Python's own, about 15 MB, inherited at exec).
  measure.py profile [--match REGEX] [--top N] [--data FILE] -- CMD...
      `perf record -g` of CMD, then a top-N (default 20) of the symbols whose object matches
      REGEX (default: rootmail's binary and libraries) by self time (`perf report
      --no-children --sort dso,symbol`), Swift names demangled with swift-demangle.

Used from bash through benchmarks/lib/measure.sh and from Python by importing this file.
"""
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")
GNU_TIME = "/usr/bin/time"


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def _stat(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def proc_cpu(pid):
    """CPU seconds (user + sys, all threads, plus reaped children) process pid and its living
    descendants have used."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat(entry)
            if fields:
                children.setdefault(int(fields[1]), []).append(int(entry))
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        fields = _stat(p)
        if fields:
            # After the ")": state is field 3, so utime (14) is index 11, stime 12, cutime 13, cstime 14.
            total += sum(int(x) for x in fields[11:15]) / CLK_TCK
        todo.extend(children.get(p, []))
    return total


def run_once(argv, servers=(), stdout=None, stderr=None, env=None, rss="yes"):
    """Runs argv once; returns a dict of wall, cpu, user, sys, rss (KB), server_cpu, status."""
    # The peak RSS comes from GNU time, which forks from its own small image: a process started
    # straight from Python would inherit Python's high-water mark (about 15 MB) at exec.
    rss_file = f"/tmp/rootmail-measure-{os.getpid()}.rss"
    if rss == "yes" and os.path.exists(GNU_TIME):
        argv = [GNU_TIME, "-q", "-f", "%M", "-o", rss_file, "--"] + list(argv)
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL
    err = open(stderr, "wb") if stderr else None
    try:
        before = [proc_cpu(p) for p in servers]
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        server = sum(proc_cpu(p) - b for p, b in zip(servers, before))
        peak = usage.ru_maxrss
        if os.path.exists(rss_file):
            with open(rss_file) as f:
                last = f.read().split()
            os.unlink(rss_file)
            peak = int(last[-1]) if last and last[-1].isdigit() else peak
    finally:
        if stdout:
            out.close()
        if err:
            err.close()
    return {"elapsed": wall, "user": usage.ru_utime, "sys": usage.ru_stime,
            "cpu": usage.ru_utime + usage.ru_stime, "rss": peak,
            "server_cpu": server, "status": proc.returncode}


def run(argv, servers=(), repeat=1, **kw):
    """Median of each figure over repeat runs (the status of the last run)."""
    runs = [run_once(argv, servers, **kw) for _ in range(repeat)]
    result = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k != "status"}
    result["status"] = runs[-1]["status"]
    result["repeat"] = repeat
    result["server_count"] = len(servers)
    return result


def summary(r):
    what = "median " if r.get("repeat", 1) > 1 else ""
    server = f", server CPU {r['server_cpu']:.3f} s" if r.get("server_count") else ""
    return (f"{what}wall {r['elapsed']:.3f} s, client CPU {r['cpu']:.3f} s (user {r['user']:.3f} + sys "
            f"{r['sys']:.3f}){server}, peak RSS {r['rss'] / 1024:.1f} MB")


DEFAULT_MATCH = r"rootmail|Rootmail"


def demangle(names):
    tool = shutil.which("swift-demangle")
    if not tool or not names:
        return names
    out = subprocess.run([tool, "--simplified"], input="\n".join(names) + "\n", capture_output=True,
                         text=True).stdout.splitlines()
    return out if len(out) == len(names) else names


def profile(argv, match=DEFAULT_MATCH, top=20, data=None, env=None):
    """perf record -g of argv; returns (status, lines of the top own symbols)."""
    keep = data is not None
    data = data or f"/tmp/rootmail-perf-{os.getpid()}.data"
    rec = subprocess.run(["perf", "record", "-q", "-g", "-o", data, "--"] + argv, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    report = subprocess.run(["perf", "report", "-i", data, "--no-children", "--sort", "dso,symbol",
                             "--stdio", "-g", "none", "--percent-limit", "0"],
                            capture_output=True, text=True).stdout
    if not keep and os.path.exists(data):
        os.unlink(data)
    pattern = re.compile(match)
    # Where the rest goes: the share of each object (kernel, Swift runtime, libc, GMime, ...).
    by_dso = {}
    for line in report.splitlines():
        m = re.match(r"\s*([\d.]+)%\s+(\S+)\s+\[[.k]\]", line)
        if m:
            by_dso[m.group(2)] = by_dso.get(m.group(2), 0.0) + float(m.group(1))
    top_dsos = sorted(by_dso.items(), key=lambda kv: -kv[1])[:8]
    rows = []
    total_own = 0.0
    for line in report.splitlines():
        m = re.match(r"\s*([\d.]+)%\s+(\S+)\s+\[[.k]\]\s+(\S+)", line)
        if not m or not pattern.search(m.group(2)):
            continue
        total_own += float(m.group(1))
        rows.append((float(m.group(1)), m.group(2), m.group(3)))
    rows.sort(key=lambda r: -r[0])
    rows = rows[:top]
    names = demangle([r[2] for r in rows])
    lines = ["samples by object: " + ", ".join(f"{d} {p:.1f}%" for d, p in top_dsos),
             f"own code (objects matching /{match}/): {total_own:.1f}% of samples; top {len(rows)} by self time:"]
    for (pct, dso, _), name in zip(rows, names):
        lines.append(f"  {pct:6.2f}%  {dso:<32} {name.strip()[:150]}")
    if rec.returncode != 0 and not rows:
        lines.append("  perf record failed: " + rec.stderr.strip().splitlines()[-1] if rec.stderr.strip() else "")
    return rec.returncode, lines


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    cmd, args = args[0], args[1:]
    if cmd == "load":
        print(load())
        return
    if "--" not in args:
        sys.exit("usage: measure.py run|profile [options] -- CMD...")
    split = args.index("--")
    opts, argv = args[:split], args[split + 1:]
    kw, servers, i = {}, [], 0
    while i < len(opts):
        key, value = opts[i], opts[i + 1]
        i += 2
        if key == "--server":
            servers.append(int(value.rpartition("=")[2]))
        else:
            kw[key.lstrip("-").replace("-", "_")] = value
    if cmd == "run":
        repeat = int(kw.pop("repeat", 1))
        r = run(argv, servers, repeat, **kw)
        for k, v in r.items():
            print(f"{k}={v if isinstance(v, int) else format(v, '.6f')}")
        print(f"summary={shlex.quote(summary(r))}")
    elif cmd == "profile":
        status, lines = profile(argv, kw.get("match", DEFAULT_MATCH), int(kw.get("top", 20)), kw.get("data"))
        print("\n".join(lines))
        sys.exit(0 if status == 0 else 1)
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
