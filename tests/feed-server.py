#!/usr/bin/python3
# A loopback HTTP server for the feed tests, from Python's standard library:
# serves tests/data/ and a few misbehaving addresses. Prints its port on the
# first line of stdout, then serves until killed.
#
#   /data/NAME          tests/data/NAME, with an ETag and Last-Modified; 304 when they match
#   /status/CODE        an empty answer with that HTTP status
#   /hang               accepts, then never answers
#   /cut                announces 10000 bytes, sends 100, closes
#   /huge               4 MB of JSON
#   /redirect/N/NAME    N redirects, then /data/NAME
#   /loop               redirects to itself forever
#   /flaky/NAME         /data/NAME until /control/fail, errors (500) after it; /control/heal restores;
#                       after /control/empty, a feed that lists no initiatives
#   /statuses/PATH      the statuses answered to PATH so far: "200,304"
#   POST /submit        records the body, answers 201 (also as /submit/contributions,
#                       where the app posts when /submit is its server's address)
#   POST /submit-flaky  answers 500 to the first request, then like /submit
#   POST /submit-bad    answers 400
#   /received           the bodies received by POST so far, as a JSON list
#   /wrong/KIND/…       a moderation server that answers wrong, to GET and POST alike:
#                       not-json, wrong-shape, wrong-items, html (a 502 page), status-500,
#                       empty, huge (50 MB, its length said), huge-unannounced (50 MB until
#                       the connection closes), hang (reads the request, never answers)

import http.server
import json
import os
import sys
import threading
import time

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
answers = {}
received = []
flaky_seen = {"count": 0}
state = {"fail": False, "empty": False}
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_response(self, code, message=None):
        with lock:
            answers.setdefault(self.path, []).append(str(code))
        super().send_response(code, message)

    def send_body(self, code, body, content_type="application/json", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def serve_file(self, name):
        path = os.path.join(DATA, os.path.basename(name))
        if not os.path.isfile(path):
            return self.send_body(404, b"")
        with open(path, "rb") as f:
            body = f.read()
        etag = '"%x-%x"' % (len(body), hash(body) & 0xFFFFFFFF)
        modified = "Wed, 21 Oct 2026 07:28:00 GMT"
        if self.headers.get("If-None-Match") == etag or self.headers.get("If-Modified-Since") == modified:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_body(200, body, headers=[("ETag", etag), ("Last-Modified", modified)])

    def answer_wrong(self, kind):
        if kind == "not-json":
            self.send_body(200, b"Bonjour", "text/plain")
        elif kind == "wrong-shape":
            self.send_body(200, b'{"contributions": {"number": 1}, "state": "published"}')
        elif kind == "wrong-items":
            self.send_body(200, b'{"contributions": [{"number": "12", "initiative": {}}]}')
        elif kind == "html":
            self.send_body(502, b"<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html")
        elif kind == "status-500":
            self.send_body(500, b"")
        elif kind == "empty":
            self.send_body(200, b"")
        elif kind in ("huge", "huge-unannounced"):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            if kind == "huge":
                self.send_header("Content-Length", str(50 * 1024 * 1024))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            chunk = b" " * (1024 * 1024)
            try:
                for _ in range(50):
                    self.wfile.write(chunk)
            except OSError:
                # The client stopped reading: what it should do.
                self.close_connection = True
        elif kind == "hang":
            time.sleep(60)
        else:
            self.send_body(404, b"")

    def do_GET(self):
        path = self.path
        parts = path.strip("/").split("/")
        if parts[0] == "wrong" and len(parts) > 2:
            self.answer_wrong(parts[1])
        elif parts[0] == "data" and len(parts) == 2:
            self.serve_file(parts[1])
        elif parts[0] == "status" and len(parts) == 2:
            self.send_body(int(parts[1]), b"")
        elif parts[0] == "hang":
            time.sleep(60)
        elif parts[0] == "cut":
            self.send_response(200)
            self.send_header("Content-Length", "10000")
            self.end_headers()
            self.wfile.write(b'{"format": "moisson-feed", "initiatives": [' + b" " * 57)
            self.wfile.flush()
            self.close_connection = True
        elif parts[0] == "huge":
            body = b'{"initiatives": [], "padding": "' + b"x" * (4 * 1024 * 1024) + b'"}'
            self.send_body(200, body)
        elif parts[0] == "redirect" and len(parts) == 3:
            n = int(parts[1])
            target = "/data/" + parts[2] if n <= 1 else "/redirect/%d/%s" % (n - 1, parts[2])
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif parts[0] == "loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif parts[0] == "flaky" and len(parts) == 2:
            if state["fail"]:
                self.send_body(500, b"")
            elif state["empty"]:
                self.send_body(200, b'{"format": "moisson-feed", "initiatives": []}', headers=[("ETag", '"empty"')])
            else:
                self.serve_file(parts[1])
        elif parts[0] == "control" and len(parts) == 2:
            state["fail"] = parts[1] == "fail"
            state["empty"] = parts[1] == "empty"
            self.send_body(200, b"{}")
        elif parts[0] == "received":
            with lock:
                body = json.dumps(received).encode()
            self.send_body(200, body)
        elif parts[0] == "statuses":
            key = "/" + "/".join(parts[1:])
            self.send_body(200, ",".join(answers.get(key, [])).encode(), "text/plain")
        else:
            self.send_body(404, b"")


def do_post(self):
    length = int(self.headers.get("Content-Length", "0"))
    body = self.rfile.read(length)
    parts = self.path.strip("/").split("/")
    if parts[0] == "wrong" and len(parts) > 2:
        return self.answer_wrong(parts[1])
    # The app posts to <server>/contributions: /submit/contributions is /submit.
    path = self.path.removesuffix("/contributions")
    if path == "/submit-bad":
        return self.send_body(400, b"{}")
    if path == "/submit-flaky":
        with lock:
            flaky_seen["count"] += 1
            first = flaky_seen["count"] == 1
        if first:
            return self.send_body(500, b"{}")
    if path in ("/submit", "/submit-flaky"):
        if self.headers.get("Content-Type", "").split(";")[0] != "application/json":
            return self.send_body(415, b"{}")
        with lock:
            received.append(json.loads(body))
        return self.send_body(201, b'{"ok": true}')
    self.send_body(404, b"")


Handler.do_POST = do_post


def exit_with_parent():
    # The test that started this server may die on a failed assertion:
    # do not outlive it (meson waits for every holder of its pipes).
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(0)


def main():
    threading.Thread(target=exit_with_parent, daemon=True).start()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
