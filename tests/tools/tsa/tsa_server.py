#!/usr/bin/env python3
"""tsa_server.py DIR — a local RFC 3161 time-stamping authority over HTTP, for tests only.

DIR is one made by make-tsa.sh. Listens on 127.0.0.1 on a free port and prints the port on its
first line (flushed), then answers each POSTed application/timestamp-query with the reply of
`openssl ts -reply` (application/timestamp-reply). Requests are answered one at a time, so the
TSA's serial file is never written by two at once. Paths that misbehave on purpose, for error tests:
  /http-500      answers HTTP 500
  /not-a-reply   answers 200 with an HTML page instead of a time-stamp reply
Stop it by its process id (SIGTERM).
"""
import http.server
import os
import subprocess
import sys
import tempfile


class TimeStampingAuthority(http.server.BaseHTTPRequestHandler):
    tsa_dir = ""

    def answer(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        query = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path == "/http-500":
            return self.answer(500, "text/plain", b"the test TSA fails on purpose\n")
        if self.path == "/not-a-reply":
            return self.answer(200, "text/html", b"<html><body>Not a time-stamping authority</body></html>\n")
        if self.headers.get("Content-Type") != "application/timestamp-query":
            return self.answer(415, "text/plain", b"send application/timestamp-query\n")
        with tempfile.TemporaryDirectory() as tmp:
            query_path = os.path.join(tmp, "query.tsq")
            reply_path = os.path.join(tmp, "reply.tsr")
            with open(query_path, "wb") as out:
                out.write(query)
            done = subprocess.run(
                ["openssl", "ts", "-reply", "-config", os.path.join(self.tsa_dir, "openssl.cnf"),
                 "-queryfile", query_path, "-out", reply_path],
                capture_output=True)
            if done.returncode != 0 or not os.path.exists(reply_path):
                return self.answer(500, "text/plain", done.stderr)
            with open(reply_path, "rb") as reply:
                return self.answer(200, "application/timestamp-reply", reply.read())

    def do_GET(self):
        self.answer(405, "text/plain", b"POST an RFC 3161 query\n")

    def log_message(self, format, *args):
        sys.stderr.write("tsa_server: " + (format % args) + "\n")


def main():
    if len(sys.argv) != 2 or not os.path.exists(os.path.join(sys.argv[1], "openssl.cnf")):
        sys.exit("usage: tsa_server.py DIR (a directory made by make-tsa.sh)")
    TimeStampingAuthority.tsa_dir = os.path.abspath(sys.argv[1])
    server = http.server.HTTPServer(("127.0.0.1", 0), TimeStampingAuthority)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
