#!/usr/bin/env python3
"""Runs every GraphLens command that README.md and docs/*.md show, as written, in a fresh copy of
the repository (its tracked files only: no certs/, logs/ or build output), and fails if one fails.

A command is a code span or code-block line that starts with ./graphlens, bin/graphlens or
eval "$(./graphlens". Commands that start the proxy run until it prints "listening on" (with
--port 0 added, since 8080 may be taken), then get SIGTERM; the others must exit 0. They run in
document order after the proxy commands, so "report" finds the calls log a proxy run wrote. The
inputs the docs name as the reader's own ($TOKEN, t.txt, saved-error.json, aadsts.json,
session.har) are made up here. bin/graphlens commands run in the unpacked distribution archive.
Each distinct command runs once, reported with every place that shows it.

Usage: tools/check-doc-commands.py [--jar proxy/target/graphlens.jar] [--archive graphlens-VERSION.tar.gz]
  --jar      copied into the fresh copy so ./graphlens need not build (it would, with Maven)
  --archive  unpacked for the bin/graphlens commands (skipped, and said so, without it)
"""
import argparse
import base64
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOCS = ["README.md"] + sorted(str(p.relative_to(REPO)) for p in (REPO / "docs").glob("*.md"))
COMMAND = re.compile(r'^(?:\./graphlens|bin/graphlens|eval "\$\(\./graphlens)(?:\s|$|\))')
# Run by hand only: each says why.
NOT_RUN = {
    "sudo": "changes the machine's trust store",
}
TIMEOUT = 180


def commands(doc):
    """(line number, command) for each command in the document, code blocks joined at a trailing backslash."""
    found = []
    lines = (REPO / doc).read_text(encoding="utf-8").splitlines()
    pending, start = None, 0
    in_fence = False
    for number, line in enumerate(lines, 1):
        if line.strip().startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence or line.startswith("    "):
            text = line.strip()
            if pending is not None:
                pending += " " + text.rstrip("\\").strip()
                if not text.endswith("\\"):
                    found.append((start, pending))
                    pending = None
                continue
            if COMMAND.match(text) or text.startswith("sudo ./graphlens"):
                if text.endswith("\\"):
                    pending, start = text.rstrip("\\").strip(), number
                else:
                    found.append((number, text))
            continue
        for span in re.findall(r"`([^`]+)`", line):
            if COMMAND.match(span) or span.startswith("sudo ./graphlens"):
                found.append((number, span))
    return found


def starts_proxy(command):
    words = command.split()
    if words[0] not in ("./graphlens", "bin/graphlens"):
        return False
    rest = words[1:]
    return not rest or rest[0] == "run" or (rest[0].startswith("-") and rest[0] not in ("--help", "-h", "--version", "-V"))


def fresh_copy(target):
    files = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z"], check=True, capture_output=True).stdout.split(b"\0")
    for name in filter(None, files):
        source = REPO / name.decode()
        if source.is_file():
            (target / name.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name.decode())


def jwt(claims):
    b = lambda o: base64.urlsafe_b64encode(json.dumps(o).encode()).decode().rstrip("=")
    return b({"alg": "RS256", "typ": "JWT"}) + "." + b(claims) + ".c2ln"


def readers_files(where):
    """The inputs the docs call the reader's own."""
    now = int(time.time())
    token = jwt({"aud": "https://graph.microsoft.com", "iss": "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/",
                 "tid": "72f988bf-86f1-41af-91ab-2d7cd011db47", "idtyp": "user", "scp": "openid profile User.Read",
                 "appid": "3f1c5a9e-2b7d-4e8f-9a6b-0c1d2e3f4a5b", "exp": now + 3600, "nbf": now - 60, "ver": "1.0"})
    graph_error = {"error": {"code": "ErrorAccessDenied", "message": "Access is denied. Check credentials and try again."}}
    (where / "t.txt").write_text(token + "\n")
    (where / "saved-error.json").write_text(json.dumps(graph_error))
    (where / "aadsts.json").write_text(json.dumps({
        "error": "invalid_client", "error_codes": [7000215],
        "error_description": "AADSTS7000215: Invalid client secret provided."}))
    (where / "session.har").write_text(json.dumps({"log": {"version": "1.2", "creator": {"name": "check", "version": "1"}, "entries": [{
        "startedDateTime": "2026-12-06T22:00:00.000Z", "time": 20,
        "request": {"method": "GET", "url": "https://graph.microsoft.com/v1.0/me/messages", "httpVersion": "HTTP/1.1",
                    "headers": [{"name": "Authorization", "value": "Bearer " + token}], "queryString": [], "cookies": [],
                    "headersSize": -1, "bodySize": 0},
        "response": {"status": 403, "statusText": "Forbidden", "httpVersion": "HTTP/1.1",
                     "headers": [{"name": "Content-Type", "value": "application/json"}], "cookies": [],
                     "content": {"size": 90, "mimeType": "application/json", "text": json.dumps(graph_error)},
                     "redirectURL": "", "headersSize": -1, "bodySize": -1},
        "cache": {}, "timings": {"send": 0, "wait": 20, "receive": 0}}]}}))
    return token


def run_proxy(command, cwd, env):
    """Starts it with --port 0, waits for "listening on", sends one call through it, stops it."""
    out = cwd / ".check-proxy.out"
    with open(out, "w") as sink:
        process = subprocess.Popen(["bash", "-c", "exec " + command + " --port 0"], cwd=cwd, env=env, stdout=sink,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            printed = out.read_text(errors="replace")
            m = re.search(r"listening on (\S+:\d+)", printed)
            if m:
                # one intercepted call, so the calls log that "report" reads exists (no network: a 502 is fine)
                subprocess.run(["curl", "-s", "-o", "/dev/null", "-x", "http://" + m.group(1), "--insecure", "--max-time", "20",
                                "https://graph.microsoft.com/v1.0/me"], cwd=cwd)
                return True, ""
            if process.poll() is not None:
                return False, printed
            time.sleep(0.2)
        return False, "no 'listening on' within %d s:\n%s" % (TIMEOUT, out.read_text(errors="replace"))
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        out.unlink()


def run_command(command, cwd, env):
    script = command
    if command.startswith('eval "$('):
        script = command + ' && test -n "$HTTPS_PROXY"'
    try:
        done = subprocess.run(["bash", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return False, "did not finish in %d s" % TIMEOUT
    return done.returncode == 0, "exit %d\n%s%s" % (done.returncode, done.stdout[-2000:], done.stderr[-2000:])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jar")
    parser.add_argument("--archive")
    args = parser.parse_args()

    found = [(doc, line, command) for doc in DOCS for line, command in commands(doc)]
    if not found:
        print("check-doc-commands: no commands found in " + ", ".join(DOCS))
        return 1
    work = Path(tempfile.mkdtemp(prefix="graphlens-doc-commands-"))
    failures = 0
    try:
        clone = work / "graphlens"
        clone.mkdir()
        fresh_copy(clone)
        if args.jar:
            (clone / "proxy/target").mkdir(parents=True, exist_ok=True)
            shutil.copy(args.jar, clone / "proxy/target/graphlens.jar")  # newer than the copied sources: not rebuilt
        dist = None
        if args.archive:
            with tarfile.open(args.archive) as archive:
                archive.extractall(work / "dist")
            dist = next((work / "dist").iterdir())
        # the suite's leak policy, and a home of its own for the distribution's ~/.graphlens
        env = dict(os.environ, HOME=str(work / "home"), TOKEN=readers_files(clone),
                   JAVA_OPTS="-Dio.netty.leakDetection.level=paranoid")
        env.pop("GRAPHLENS_STATE", None)
        if dist is not None:
            readers_files(dist)
        # each distinct command once, reported with every place that shows it
        places = {}
        for doc, line, command in found:
            places.setdefault(command, []).append("%s:%d" % (doc, line))
        for command in sorted(places, key=lambda c: not starts_proxy(c)):
            where = ", ".join(places[command])
            skipped = next((why for prefix, why in NOT_RUN.items() if command.startswith(prefix)), None)
            if command.startswith("bin/graphlens") and dist is None:
                skipped = "no --archive given"
            if skipped:
                print("SKIP %s  (%s)\n     in %s" % (command, skipped, where))
                continue
            cwd = dist if command.startswith("bin/graphlens") else clone
            ok, detail = run_proxy(command, cwd, env) if starts_proxy(command) else run_command(command, cwd, env)
            print("%s %s\n     in %s" % ("ok  " if ok else "FAIL", command, where))
            if not ok:
                failures += 1
                print("     " + detail.replace("\n", "\n     "))
        print("%d commands (%d distinct), %d failed" % (len(found), len(places), failures))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
