#!/usr/bin/env python3
"""A stand-in for Microsoft Graph and the token endpoint, for screenshot.sh: HTTPS on 127.0.0.1,
answering each path with the error Graph (or Entra ID) sends in that situation. GraphLens reaches
it through --upstream-override, so the run needs no network and no real tenant.

Usage: fake_graph.py CERT.pem KEY.pem  (prints "port N" once listening)
"""
import json
import ssl
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REQUEST_ID = {"date": "2026-12-06T22:00:00", "request-id": "5f8c2d1e-9b7a-4c3d-8e6f-1a2b3c4d5e6f"}


def graph_error(status, code, message, extra_headers=None):
    return status, {"error": {"code": code, "message": message, "innerError": REQUEST_ID}}, extra_headers or {}


ANSWERS = {
    ("GET", "/v1.0/me"): (200, {"displayName": "Adele Vance", "mail": "adele@contoso.com"}, {}),
    ("GET", "/v1.0/me/messages"): graph_error(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again."),
    ("GET", "/v1.0/users"): graph_error(401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.",
                                        {"WWW-Authenticate": 'Bearer realm="", error="invalid_token"'}),
    ("GET", "/v1.0/me/events"): graph_error(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience."),
    ("GET", "/v1.0/groups"): graph_error(401, "InvalidAuthenticationToken", "Access token is empty."),
    ("GET", "/v1.0/sites/root"): graph_error(429, "TooManyRequests", "Too many requests.", {"Retry-After": "30"}),
    ("POST", "/contoso.onmicrosoft.com/oauth2/v2.0/token"): (400, {
        "error": "invalid_client",
        "error_description": "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client"
                             " secret value, not the client secret ID, for a secret added to app '00000000-0000-0000-0000-000000000000'.",
        "error_codes": [7000215]}, {}),
}


class Handler(BaseHTTPRequestHandler):
    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        status, body, headers = ANSWERS.get((self.command, self.path.split("?")[0]),
                                            graph_error(404, "Request_ResourceNotFound", "Resource not found."))
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("request-id", REQUEST_ID["request-id"])
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    do_GET = answer
    do_POST = answer

    def log_message(self, *args):
        pass


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[1], sys.argv[2])
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print("port", server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
