#!/usr/bin/env python3
"""Reads a recording made with bench/alloc.jfc: what the proxy allocated per exchange, how often
G1 collected the young generation, and where the sampled allocations were made.

Usage: jfr-alloc.py RECORDING EXCHANGES SECONDS [TOP]
Prints one line "bytes-per-exchange|young-collections|how often|median-pause-ms|max-pause-ms|
on-event-loops|on-the-reporting-thread" (those two in bytes per exchange too),
then up to TOP lines "percent|site", a site being the first GraphLens frame of the stack (with the
frame that allocated, when that is elsewhere).
"""
import collections
import json
import re
import subprocess
import sys


def events(recording, kind, depth=1):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", str(depth), "--events", kind, recording],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["recording"]["events"]


def millis(duration):
    # JFR prints durations as ISO-8601 (PT0.0123S).
    m = re.fullmatch(r"PT(?:(\d+)M)?([\d.]+)S", duration)
    return (int(m.group(1) or 0) * 60 + float(m.group(2))) * 1000 if m else 0.0


def frame(f):
    return "%s.%s" % (f["method"]["type"]["name"].replace("/", ".").split(".")[-1], f["method"]["name"])


def main():
    recording, exchanges, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 6
    first, last, names = {}, {}, {}
    for e in events(recording, "jdk.ThreadAllocationStatistics"):
        thread = e["values"]["thread"] or {}
        name = thread.get("javaName") or ""
        if name.startswith("JFR"):
            continue  # the recorder's own threads
        key = thread.get("javaThreadId")
        first.setdefault(key, e["values"]["allocated"])
        last[key] = e["values"]["allocated"]
        names[key] = name
    allocated = sum(last[k] - first[k] for k in last)
    reporting = sum(last[k] - first[k] for k in last if names[k] == "graphlens-report")
    loops = sum(last[k] - first[k] for k in last if "EventLoop" in names[k])
    young = [millis(e["values"]["sumOfPauses"]) for e in events(recording, "jdk.GarbageCollection")
             if e["values"]["name"] in ("G1New", "ParallelScavenge", "DefNew")]
    young.sort()
    between = seconds / len(young) if young else float("inf")
    per = max(exchanges, 1)
    print("%d|%d|%s|%.1f|%.1f|%d|%d" % (allocated / per, len(young),
                                       "one every %.1f s" % between if young else "none in %.0f s" % seconds,
                                       young[len(young) // 2] if young else 0, young[-1] if young else 0,
                                       loops / per, reporting / per))
    sites = collections.Counter()
    total = 0
    sampled = set()
    samples = events(recording, "jdk.ObjectAllocationSample", 24)
    samples.sort(key=lambda e: e["values"]["startTime"])
    for e in samples:
        v = e["values"]
        # A thread's first sample weighs what it allocated since it last sampled, before this
        # recording began (on an event loop: the warm-up's handshakes); it would swamp the sites.
        thread = (v.get("eventThread") or {}).get("javaThreadId")
        if thread not in sampled:
            sampled.add(thread)
            continue
        frames = (v.get("stackTrace") or {}).get("frames") or []
        if not frames:
            continue
        own = next((f for f in frames if f["method"]["type"]["name"].startswith("dev/graphlens")), None)
        site = frame(frames[0]) if own is None or own is frames[0] else "%s (in %s)" % (frame(own), frame(frames[0]))
        sites[site] += v["weight"]
        total += v["weight"]
    for site, weight in sites.most_common(top):
        print("%.0f%%|%s" % (100 * weight / total, site))


if __name__ == "__main__":
    main()
