#!/usr/bin/env python3
"""Metamorphic variants of graphcheck cases: each mutation changes a case the way real traffic
varies (beta for v1.0, $select, OData content types, Graph's extra headers, shuffled scopes, a
v2.0-shaped token, pretty JSON, trace lines dropped, a refusal sent as 400 or 401...) while keeping the case's expected code.
A diagnosis that changes under one of them read something it should not depend on.

Usage: mutate.py [--per-mutation N] [--seed S] CASES.jsonl... > MUTATED.jsonl
Every mutation that applies to a case gives one candidate; N of each mutation are kept (all with 0).
"""
import argparse
import copy
import json
import random
import re
import sys

GRAPH_GUID = "00000003-0000-0000-c000-000000000000"
GRAPH_PATH = re.compile(r"(https://graph\.microsoft\.com/(?:v1\.0|beta))(/[^?]*)(.*)")


def token(c):
    return c.get("token") if isinstance(c.get("token"), dict) else None


def claims(c):
    t = token(c)
    return t.get("claims") if t and isinstance(t.get("claims"), dict) else None


def graph(c):
    return GRAPH_PATH.match(c["request"]["url"])


def body(c):
    return c["response"].get("body")


def graph_error(c):
    b = body(c)
    return b["error"] if isinstance(b, dict) and isinstance(b.get("error"), dict) else None


def headers(c):
    return dict(c["response"].get("headers") or {})


def has_header(c, name):
    return any(k.lower() == name for k in headers(c))


def beta(c):
    if "/v1.0/" not in c["request"]["url"] or not graph(c):
        return None
    c["request"]["url"] = c["request"]["url"].replace("/v1.0/", "/beta/", 1)
    return c


def query(extra):
    def mutate(c):
        if not graph(c) or c["request"].get("method", "GET") != "GET":
            return None
        u = c["request"]["url"]
        c["request"]["url"] = u + ("&" if "?" in u else "?") + extra
        return c
    return mutate


def odata_content_type(c):
    if not graph(c) or not isinstance(body(c), dict):
        return None
    h = {k: v for k, v in headers(c).items() if k.lower() != "content-type"}
    h["Content-Type"] = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"
    c["response"]["headers"] = h
    return c


def no_content_type(c):
    if not graph(c) or not isinstance(body(c), dict):
        return None
    c["response"]["headers"] = {k: v for k, v in headers(c).items() if k.lower() != "content-type"}
    c["response"]["body"] = json.dumps(body(c))
    return c


def no_inner_error(c):
    e = graph_error(c)
    if not e or "innerError" not in e:
        return None
    del e["innerError"]
    return c


def inner_error_lower(c):
    e = graph_error(c)
    if not e or "innerError" not in e:
        return None
    e["innererror"] = e.pop("innerError")
    return c


def pretty(c):
    if not isinstance(body(c), dict):
        return None
    c["response"]["body"] = json.dumps(body(c), indent=2)
    c["response"].setdefault("headers", {}).setdefault("Content-Type", "application/json")
    return c


def trailing_slash(c):
    m = re.match(r"(https://graph\.microsoft\.com/(?:v1\.0|beta)/[^?]*[^/?])(\?.*)?$", c["request"]["url"])
    if not m or "$" in c["request"]["url"].split("?")[0] or "(" in c["request"]["url"]:
        return None
    c["request"]["url"] = m.group(1) + "/" + (m.group(2) or "")
    return c


def graph_headers(c):
    if not graph(c):
        return None
    h = headers(c)
    h.update({"Cache-Control": "no-cache", "Strict-Transport-Security": "max-age=31536000", "x-ms-resource-unit": "1",
              "x-ms-ags-diagnostic": '{"ServerInfo":{"DataCenter":"West Europe","Slice":"E","Ring":"5","ScaleUnit":"003"}}'})
    c["response"]["headers"] = h
    return c


def www_authenticate(error):
    def mutate(c):
        if not graph(c) or c["response"]["status"] != 401 or has_header(c, "www-authenticate"):
            return None
        h = headers(c)
        h["WWW-Authenticate"] = ('Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", '
                                 'client_id="00000003-0000-0000-c000-000000000000"' + (', error="%s"' % error if error else ""))
        c["response"]["headers"] = h
        return c
    return mutate


def noise_claims(c):
    cl = claims(c)
    if cl is None:
        return None
    extra = {"aio": "AWQAm/8YAAAA", "uti": "AbCdEf", "rh": "0.AAAA.", "xms_tcdt": 1600000000, "tenant_region_scope": "EU"}
    if "scp" in cl:
        extra.update({"acr": "1", "amr": ["pwd", "mfa"], "family_name": "Vance", "given_name": "Adele", "platf": "3"})
    for k, v in extra.items():
        cl.setdefault(k, v)
    return c


def agent_identity(c):
    """The same token as an Entra Agent ID agent identity's (autonomous, or acting for the signed-in user)."""
    cl = claims(c)
    if cl is None or "xms_mirid" in cl or cl.get("aud") in (cl.get("appid"), cl.get("azp")) or "xms_par_app_azp" in cl:
        return None
    cl["xms_par_app_azp"] = "30cf4c22-9985-4ef7-8756-91cc888176bd"
    cl["xms_act_fct"] = "3 9 11"
    if "scp" not in cl:
        cl["xms_sub_fct"] = "9 3 11"
    return c


def shuffled_scopes(rng):
    def mutate(c):
        cl = claims(c)
        if cl is None or not isinstance(cl.get("scp"), str) or " " not in cl["scp"]:
            return None
        scopes = cl["scp"].split()
        rng.shuffle(scopes)
        cl["scp"] = " ".join(scopes)
        return c
    return mutate


def no_idtyp(c):
    cl = claims(c)
    if cl is None or "idtyp" not in cl:
        return None
    del cl["idtyp"]
    return c


def v2_token(c):
    cl = claims(c)
    if cl is None or cl.get("ver") != "1.0" or not str(cl.get("iss", "")).startswith("https://sts.windows.net/"):
        return None
    # sts.windows.net also issues US Government tokens, whose v2.0 issuer is login.microsoftonline.us: global ones only.
    if cl.get("aud") not in (GRAPH_GUID, "https://graph.microsoft.com") or not c["request"]["url"].startswith("https://graph.microsoft.com/"):
        return None
    cl["iss"] = "https://login.microsoftonline.com/%s/v2.0" % cl["iss"].split("/")[3]
    cl["ver"] = "2.0"
    for old, new in (("appid", "azp"), ("appidacr", "azpacr"), ("upn", "preferred_username")):
        if old in cl:
            cl[new] = cl.pop(old)
    for k in ("unique_name", "ipaddr", "app_displayname"):
        cl.pop(k, None)
    return c


def graph_audience(to):
    def mutate(c):
        cl = claims(c)
        if cl is None or cl.get("aud") not in (GRAPH_GUID, "https://graph.microsoft.com") or cl.get("aud") == to:
            return None
        cl["aud"] = to
        return c
    return mutate


def default_wids(c):
    cl = claims(c)
    if cl is None or "scp" not in cl or "wids" in cl:
        return None
    cl["wids"] = ["b79fbf4d-3ef9-4689-8143-76b194e85509"]
    return c


def upn_for_guid(c):
    cl = claims(c) or {}
    m = re.match(r"(https://graph\.microsoft\.com/(?:v1\.0|beta)/users/)([0-9a-f-]{36})(.*)", c["request"]["url"])
    if not m or m.group(2) == cl.get("oid"):
        return None
    c["request"]["url"] = m.group(1) + "megan.bowen@contoso.onmicrosoft.com" + m.group(3)
    return c


def encoded_at(c):
    if not graph(c):
        return None
    path, _, q = c["request"]["url"].partition("?")
    if "@" not in path:
        return None
    c["request"]["url"] = path.replace("@", "%40") + ("?" + q if q else "")
    return c


def tenant_name(c):
    m = re.match(r"(https://login\.microsoftonline\.com/)([0-9a-f-]{36})(/.*)", c["request"]["url"])
    if not m:
        return None
    c["request"]["url"] = m.group(1) + "contoso.onmicrosoft.com" + m.group(3)
    return c


def aadsts_error_uri(c):
    b = body(c)
    if not isinstance(b, dict) or "error_description" not in b:
        return None
    b["error_uri"] = "https://login.microsoftonline.com/error?code=%s" % ((b.get("error_codes") or [0])[0])
    return c


def aadsts_without_trace(c):
    b = body(c)
    if not isinstance(b, dict) or "error_description" not in b:
        return None
    b["error_description"] = re.split(r"\r?\n", b["error_description"])[0]
    for k in ("trace_id", "correlation_id", "timestamp", "error_codes"):
        b.pop(k, None)
    return c


def empty_details(c):
    e = graph_error(c)
    if not graph(c) or not e or "details" in e:
        return None
    e["details"] = []
    return c


def lower_error_code(c):
    e = graph_error(c)
    if not e or not e.get("code") or e["code"] == e["code"].lower():
        return None
    e["code"] = e["code"].lower()
    return c


def no_final_period(c):
    e = graph_error(c)
    if not e or not isinstance(e.get("message"), str) or not e["message"].endswith("."):
        return None
    e["message"] = e["message"][:-1]
    return c


def lower_permissions(c):
    cl = claims(c)
    if cl is None:
        return None
    changed = False
    if isinstance(cl.get("scp"), str) and cl["scp"] != cl["scp"].lower():
        cl["scp"] = cl["scp"].lower()
        changed = True
    if isinstance(cl.get("roles"), list) and any(isinstance(r, str) and r != r.lower() for r in cl["roles"]):
        cl["roles"] = [r.lower() if isinstance(r, str) else r for r in cl["roles"]]
        changed = True
    return c if changed else None


def lifetime(exp, nbf):
    def mutate(c):
        t = token(c)
        if not t or t.get("exp_offset", 0) < 600 or t.get("nbf_offset", 0) > 0:
            return None
        t["exp_offset"] = exp
        if nbf is not None:
            t["nbf_offset"] = t["iat_offset"] = nbf
        return c
    return mutate


def refusal_status(status):
    """Graph sends some refusals as 400, or as 401 to a token with nothing wrong with it."""
    def mutate(c):
        e = graph_error(c)
        if (c["response"].get("status") != 403 or not graph(c) or not e or not e.get("message")
                or c.get("expected") in ("NOT_AN_AUTH_ERROR", "THROTTLED")):
            return None
        # A 401 coded Unauthorized reads as the token's problem unless its message says otherwise.
        if status == 401 and (not token(c) or token(c).get("exp_offset", 0) <= 0 or e.get("code", "").lower() == "unauthorized"):
            return None
        c["response"]["status"] = status
        return c
    return mutate


def mutations(rng):
    return {
        "beta": beta, "select": query("$select=id,displayName"), "top": query("$top=5&$count=true"),
        "odata-content-type": odata_content_type, "no-content-type": no_content_type, "no-inner-error": no_inner_error,
        "innererror": inner_error_lower, "pretty": pretty, "trailing-slash": trailing_slash, "graph-headers": graph_headers,
        "www-authenticate": www_authenticate(None), "www-invalid-token": www_authenticate("invalid_token"),
        "noise-claims": noise_claims, "shuffled-scopes": shuffled_scopes(rng), "no-idtyp": no_idtyp, "v2-token": v2_token,
        "aud-url": graph_audience("https://graph.microsoft.com"), "aud-guid": graph_audience(GRAPH_GUID),
        "aud-slash": graph_audience("https://graph.microsoft.com/"), "default-wids": default_wids, "upn-for-guid": upn_for_guid,
        "encoded-at": encoded_at, "tenant-name": tenant_name, "error-uri": aadsts_error_uri, "no-trace-lines": aadsts_without_trace,
        "empty-details": empty_details, "lower-error-code": lower_error_code, "no-final-period": no_final_period,
        "lower-permissions": lower_permissions, "expires-soon": lifetime(240, None), "issued-long-ago": lifetime(600, -3000),
        "refusal-as-400": refusal_status(400), "refusal-as-401": refusal_status(401), "agent-identity": agent_identity,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-mutation", type=int, default=20)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("cases", nargs="+")
    args = ap.parse_args()
    source = [json.loads(line) for f in args.cases for line in open(f, encoding="utf-8") if line.strip()]
    rng = random.Random(args.seed)
    for name, mutate in mutations(rng).items():
        candidates = [m for m in (mutate(copy.deepcopy(c)) for c in source) if m is not None]
        if args.per_mutation and len(candidates) > args.per_mutation:
            candidates = rng.sample(candidates, args.per_mutation)
        for m in candidates:
            m["id"] = m["id"] + "~" + name
            sys.stdout.write(json.dumps(m) + "\n")


if __name__ == "__main__":
    main()
