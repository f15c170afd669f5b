#!/usr/bin/env python3
"""A stand-in OpenTelemetry collector for the tracing benchmark (bench/run.sh tracing-compare): accepts OTLP/HTTP
exports (POST /v1/traces, protobuf or JSON), answers 200 with an empty ExportTraceServiceResponse, and counts
requests and bytes. It decodes nothing, so its own CPU stays small; the harness reports it.

usage: otlp-sink.py PORT STATS_FILE      (stats written on SIGTERM/SIGINT)
"""
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

stats = {"requests": 0, "bytes": 0}
lock = threading.Lock()


class Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(n)
        with lock:
            stats["requests"] += 1
            stats["bytes"] += n
        self.send_response(200)
        self.send_header("Content-Type", self.headers.get("Content-Type") or "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def main():
    port, stats_file = int(sys.argv[1]), sys.argv[2]
    server = ThreadingHTTPServer(("127.0.0.1", port), Sink)

    def stop(*_):
        with open(stats_file, "w") as f:
            f.write("otlp.requests=%d\notlp.bytes=%d\n" % (stats["requests"], stats["bytes"]))
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.serve_forever()


if __name__ == "__main__":
    main()
