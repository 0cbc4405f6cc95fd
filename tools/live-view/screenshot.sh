#!/usr/bin/env bash
# Makes docs/live-view.png, the README's picture of the live view, from a real run: starts a local
# stand-in for Graph (fake_graph.py: no network or tenant needed), starts GraphLens in front of it
# with ./graphlens, sends a few typical failing calls through it with curl, and has headless
# Chromium screenshot http://127.0.0.1:PORT/_graphlens/. Prints the console and the diagnosis
# headers it saw, which the README quotes.
#
# Usage: tools/live-view/screenshot.sh [OUT.png]   (needs java, mvn, python3, openssl, curl, chromium)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$(realpath -m "${1:-$repo/docs/live-view.png}")"
chromium="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
[ -n "$chromium" ] || { echo "screenshot.sh: no chromium on the PATH (Debian: apt-get install chromium)" >&2; exit 2; }

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A CA and a leaf for the two hosts the calls go to; GraphLens trusts the CA upstream (--upstream-trust).
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=live view screenshot CA" \
  -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=graph.microsoft.com" -keyout "$work/leaf.key" -out "$work/leaf.csr" 2>/dev/null
printf 'subjectAltName=DNS:graph.microsoft.com,DNS:login.microsoftonline.com\n' > "$work/san.ext"
openssl x509 -req -in "$work/leaf.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 2 \
  -extfile "$work/san.ext" -out "$work/leaf.pem" 2>/dev/null

# Waits until FILE has a line matching PATTERN, and prints it.
await_line() {
  for _ in $(seq 1 600); do
    if grep -m1 -E "$2" "$1" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "screenshot.sh: no '$2' in $1:" >&2; cat "$1" >&2; exit 1
}

python3 "$repo/tools/live-view/fake_graph.py" "$work/leaf.pem" "$work/leaf.key" > "$work/graph.out" 2>&1 &
pids+=($!)
upstream="127.0.0.1:$(await_line "$work/graph.out" '^port ' | cut -d' ' -f2)"

"$repo/graphlens" --port 0 --certs-dir "$work/certs" --log-file "$work/logs/graphlens.jsonl" \
  --upstream-override "graph.microsoft.com=$upstream" --upstream-override "login.microsoftonline.com=$upstream" \
  --upstream-trust "$work/ca.pem" > "$work/graphlens.out" 2>&1 &
pids+=($!)
proxy="$(await_line "$work/graphlens.out" 'listening on' | sed -E 's/.*listening on ([0-9.]+:[0-9]+).*/\1/')"

# Unsigned tokens with the claims real ones carry (GraphLens decodes tokens, never verifies them).
token() {
  python3 -c 'import base64, json, sys, time
b = lambda o: base64.urlsafe_b64encode(json.dumps(o).encode()).decode().rstrip("=")
claims = json.loads(sys.argv[1]); now = int(time.time())
claims.setdefault("exp", now + 3600); claims.setdefault("nbf", now - 60)
claims.update({k: now + v for k, v in claims.pop("relative", {}).items()})
base = {"iss": "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/", "tid": "72f988bf-86f1-41af-91ab-2d7cd011db47",
        "ver": "1.0", "appid": "3f1c5a9e-2b7d-4e8f-9a6b-0c1d2e3f4a5b", "app_displayname": "Contoso Mail Sync"}
base.update(claims)
print(b({"alg": "RS256", "typ": "JWT"}) + "." + b(base) + ".c2lnbmF0dXJl")' "$1"
}
delegated="$(token '{"aud": "https://graph.microsoft.com", "idtyp": "user", "scp": "openid profile User.Read email"}')"
expired="$(token '{"aud": "https://graph.microsoft.com", "idtyp": "app", "roles": ["User.Read.All"], "relative": {"exp": -5400, "nbf": -9000}}')"
aad_graph="$(token '{"aud": "https://graph.windows.net", "idtyp": "user", "scp": "User.Read"}')"

call() {
  curl -sS -o /dev/null -D - -x "http://$proxy" --cacert "$work/certs/graphlens-ca.pem" "$@" | grep -i '^X-Graph-Diagnosis' || true
}
echo "== response headers"
call https://graph.microsoft.com/v1.0/me -H "Authorization: Bearer $delegated"
call https://graph.microsoft.com/v1.0/me/messages -H "Authorization: Bearer $delegated"
call https://graph.microsoft.com/v1.0/users -H "Authorization: Bearer $expired"
call https://graph.microsoft.com/v1.0/me/events -H "Authorization: Bearer $aad_graph"
call https://graph.microsoft.com/v1.0/groups
call https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token \
  -d "grant_type=client_credentials&client_id=3f1c5a9e-2b7d-4e8f-9a6b-0c1d2e3f4a5b&client_secret=not-the-value&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
call https://graph.microsoft.com/v1.0/sites/root -H "Authorization: Bearer $delegated"

# --timeout, not --virtual-time-budget: the page's open event stream keeps the network busy for ever.
mkdir -p "$(dirname "$out")"
"$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$work/chromium" --timeout=4000 \
  --window-size=1280,460 --screenshot="$out" "http://$proxy/_graphlens/" > "$work/chromium.out" 2>&1 || {
  cat "$work/chromium.out" >&2; exit 1; }
[ -s "$out" ] || { echo "screenshot.sh: chromium wrote no screenshot" >&2; cat "$work/chromium.out" >&2; exit 1; }

echo "== console"
sed -n '/listening on/,$p' "$work/graphlens.out"
echo "== wrote $out"
