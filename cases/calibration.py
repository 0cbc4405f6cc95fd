#!/usr/bin/env python3
"""How well GraphLens's confidence levels are calibrated, over case files.

Runs the built jar behind the contract checker's fake Graph (../shared/tools/graphcheck.py supplies
the upstream, the proxy start-up and the tokens), sends every case, and reads the verdict's code,
X-Graph-Diagnosis-Confidence and X-Graph-Diagnosis-Alternative. Prints, per confidence level, how
often the first code was right, and how often the right code was the first or the runner-up; per
file, the accuracy (what a batch's first-look score is).

usage: cases/calibration.py [--repo DIR] [--misses] CASES.jsonl [...]
A 'certain' verdict that is wrong makes the exit status 1.
"""
import argparse, http.client, json, os, shutil, ssl, sys, tempfile
from urllib.parse import urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "shared", "tools"))
import graphcheck  # noqa: E402


def send(port, ca, case):
    """The case through the proxy: (code, confidence, alternative code), as graphcheck sends it."""
    req = case["request"]
    u = urlsplit(req["url"])
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=ssl.create_default_context(cafile=ca), timeout=20)
    conn.set_tunnel(u.hostname, u.port or 443)
    headers = {"X-Test-Case": case["id"], "Accept": "application/json"}
    auth = req.get("auth", "jwt")
    if auth == "jwt" and case.get("token"):
        headers["Authorization"] = "Bearer " + graphcheck.make_jwt(case["token"])
    elif isinstance(auth, str) and auth.startswith("opaque:"):
        headers["Authorization"] = auth[len("opaque:"):]
    headers.update(req.get("headers") or {})
    body = req.get("body")
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    elif isinstance(body, str):
        body = body.encode()
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    conn.request(req.get("method", "GET"), (u.path or "/") + ("?" + u.query if u.query else ""), body=body, headers=headers)
    r = conn.getresponse()
    r.read()
    first = lambda h: (r.getheader(h) or "").split(";")[0].strip() or None
    out = first("X-Graph-Diagnosis") or "(none)", r.getheader("X-Graph-Diagnosis-Confidence") or "(none)", first("X-Graph-Diagnosis-Alternative")
    conn.close()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cases", nargs="+")
    ap.add_argument("--repo", default=".")
    ap.add_argument("--misses", action="store_true", help="print each wrong first code")
    a = ap.parse_args()
    files = {}
    cases = {}
    for f in a.cases:
        for line in open(f):
            if line.strip():
                c = json.loads(line)
                cases[c["id"]] = c
                files.setdefault(f, []).append(c["id"])
    work = tempfile.mkdtemp(prefix="calibration-")
    up_ca, cert, key = graphcheck.make_upstream_pki(work)
    up = graphcheck.Upstream(cases, cert, key)
    proxy, port, certs = graphcheck.start_proxy(os.path.abspath(a.repo), up.port, up_ca, work, [])
    levels = {}
    right = {}
    wrong_certain = 0
    try:
        ca = graphcheck.find_ca(certs)
        for cid, c in cases.items():
            accepted = [c["expected"]] + (c.get("also_accept") or [])
            try:
                code, confidence, alternative = send(port, ca, c)
            except OSError as e:
                # As graphcheck does: a case that cannot be sent (a host the checker does not serve) is a miss.
                code, confidence, alternative = f"(error: {e})", "(unsent)", None
            hit = code in accepted
            right[cid] = hit
            l = levels.setdefault(confidence, [0, 0, 0])
            l[0] += 1
            l[1] += hit
            l[2] += hit or alternative in accepted
            wrong_certain += confidence == "certain" and not hit
            if a.misses and not hit:
                print(f"MISS {cid:8} expected {c['expected']:28} got {code:28} {confidence:8} runner-up {alternative}")
    finally:
        proxy.terminate()
        proxy.wait(10)
        up.httpd.shutdown()
        shutil.rmtree(work, ignore_errors=True)
    print(f"{'confidence':12} {'verdicts':>8} {'first right':>12} {'first or runner-up right':>25}")
    for level in ("certain", "likely", "possible", "(none)", "(unsent)"):  # (none): cases expecting no verdict
        if level in levels:
            n, first, either = levels[level]
            print(f"{level:12} {n:8} {first:5} ({first / n:5.1%}) {either:10} ({either / n:5.1%})")
    for f, ids in files.items():
        ok = sum(right[i] for i in ids)
        print(f"file {os.path.relpath(f)}: {ok}/{len(ids)} ({ok / len(ids):.1%})")
    print(f"wrong certain verdicts: {wrong_certain}")
    sys.exit(1 if wrong_certain else 0)


if __name__ == "__main__":
    main()
