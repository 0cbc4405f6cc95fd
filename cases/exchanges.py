#!/usr/bin/env python3
"""Turns case files into the exchanges graphcheck would put through the proxy, for VerdictSnapshot.

Each output line is one exchange: the request as graphcheck's client sends it (its Authorization
header built from the case's token, now) and the response as its fake Graph answers it, with the
time it was made ("at"), which VerdictSnapshot takes as the engine's clock. Tokens carry times
relative to that, so make the file once and give the same file to every build compared.

usage: cases/exchanges.py CASES.jsonl [...] > exchanges.jsonl
"""
import json, os, sys, time
from urllib.parse import urlsplit

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "tools"))
import graphcheck  # noqa: E402


def exchange(case):
    req, resp = case["request"], case["response"]
    u = urlsplit(req["url"])
    headers = [["X-Test-Case", case["id"]], ["Accept", "application/json"]]
    auth = req.get("auth", "jwt")
    if auth == "jwt" and case.get("token"):
        headers.append(["Authorization", "Bearer " + graphcheck.make_jwt(case["token"])])
    elif isinstance(auth, str) and auth.startswith("opaque:"):
        headers.append(["Authorization", auth[len("opaque:"):]])
    headers += [[k, v] for k, v in (req.get("headers") or {}).items()]
    body = req.get("body")
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
        headers.append(["Content-Type", "application/json"])
    elif isinstance(body, str) and not any(k.lower() == "content-type" for k, _ in headers):
        headers.append(["Content-Type", "application/x-www-form-urlencoded"])
    out_headers = [[k, v] for k, v in (resp.get("headers") or {}).items()
                   if k.lower() not in ("content-length", "transfer-encoding", "connection")]
    b = resp.get("body")
    if isinstance(b, (dict, list)):
        payload = json.dumps(b)
        if not any(k.lower() == "content-type" for k, _ in out_headers):
            out_headers.append(["Content-Type", "application/json"])
    else:
        payload = "" if b is None else str(b)
    out_headers.append(["request-id", "00000000-0000-4000-8000-000000000000"])
    return {"id": case["id"], "at": time.time(), "method": req.get("method", "GET"), "host": u.hostname, "port": u.port or 443,
            "uri": (u.path or "/") + ("?" + u.query if u.query else ""), "requestHeaders": headers,
            "requestBody": body, "status": int(resp["status"]), "responseHeaders": out_headers, "responseBody": payload}


for path in sys.argv[1:]:
    for line in open(path):
        if line.strip():
            print(json.dumps(exchange(json.loads(line))))
