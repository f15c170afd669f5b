#!/usr/bin/env python3
"""Connection flood for bench/connections.sh: holds N raw TCP connections to an OrderSync server and measures how the
server answers meanwhile.

The connections are spread over --addresses source addresses (127.0.1.1, 127.0.1.2, ...: all of 127/8 is loopback on
Linux) and cycle through the kinds an attacker uses: silent, half a request line, half the headers, an idle keep-alive
after one answered request, a body trickled one byte a second, and a WebSocket upgrade that stops mid-header. With
--reopen, a connection the server closes is opened again (a persistent attacker). While they are held, a probe from
127.0.0.1 asks for /observe/health and a public API page every --probe-every seconds on a fresh connection each time.

Prints one JSON object: what was opened, refused (closed before it sent anything back, or connect failed), cut later,
the probes' latencies, the server's memory (RSS, and heap after a full GC through jcmd if --server-pid and jcmd are
given) and its connection metrics, and this process's own CPU time.
"""
import argparse
import json
import os
import resource
import selectors
import socket
import subprocess
import sys
import time

KINDS = {
    "silent": b"",
    "half_request_line": b"GET /api/v1/restau",
    "half_headers": b"GET /observe/health HTTP/1.1\r\nHost: x\r\nAccept: appl",
    "idle_keep_alive": b"GET /observe/health HTTP/1.1\r\nHost: x\r\n\r\n",
    "trickled_body": b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    b"Content-Length: 60000\r\n\r\n{",
    "stalled_ws_upgrade": b"GET /ws/restaurants/me/orders HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
    b"Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-K",
}
KIND_NAMES = list(KINDS)


class Conn:
    __slots__ = ("kind", "sock", "opened", "received", "source")

    def __init__(self, kind, sock, source):
        self.kind = kind
        self.sock = sock
        self.opened = time.monotonic()
        self.received = 0
        self.source = source


def http_get(port, path, timeout=30.0):
    """One GET on a fresh connection from 127.0.0.1: (status, seconds, body), status 0 if it failed."""
    t0 = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = None
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            while (len(body) < length) if length is not None else not body.endswith(b"0\r\n\r\n"):
                chunk = s.recv(65536)
                if not chunk:
                    break
                body += chunk
        status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1 ") else 0
        return status, time.monotonic() - t0, body
    except (OSError, ValueError):
        return 0, time.monotonic() - t0, b""


def percentile(values, p):
    if not values:
        return None
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def server_memory(pid):
    out = {}
    if not pid:
        return out
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    out["rss_mib"] = round(int(line.split()[1]) / 1024, 1)
        out["fds"] = len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        pass
    jcmd = os.environ.get("JCMD")
    if jcmd:
        try:
            subprocess.run([jcmd, str(pid), "GC.run"], capture_output=True, timeout=60)
            info = subprocess.run([jcmd, str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=60)
            for line in info.stdout.splitlines():
                if " used " in line and "total" in line:
                    used = line.split(" used ")[1].split()[0]
                    out["heap_used_after_full_gc"] = used
                    break
        except (OSError, subprocess.SubprocessError):
            pass
    return out


def connection_metrics(port):
    # The metrics are on the management listener, which connections.sh puts on the next port.
    status, _, data = http_get(port + 1, "/observe/metrics")
    lines = {}
    if status == 200:
        for line in data.decode(errors="replace").splitlines():
            if line.startswith("ordersync_connections"):
                name, value = line.rsplit(" ", 1)
                lines[name] = float(value)
    return lines


class Flood:
    def __init__(self, args):
        self.args = args
        self.sel = selectors.DefaultSelector()
        self.conns = set()
        self.opened = 0
        self.connect_failed = 0
        self.refused = 0  # closed by the server before it answered anything, within a second of opening
        self.cut = {k: 0 for k in KIND_NAMES}
        self.cut_after = {k: [] for k in KIND_NAMES}
        self.next_index = 0

    def source(self, i):
        n = self.args.first_address + i % self.args.addresses
        return f"127.0.{1 + n // 250}.{1 + n % 250}"

    def open_one(self):
        i = self.next_index
        self.next_index += 1
        kind = KIND_NAMES[i % len(KIND_NAMES)]
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            src = self.source(i)
            s.bind((src, 0))
            s.settimeout(5)
            s.connect(("127.0.0.1", self.args.port))
            if KINDS[kind]:
                s.sendall(KINDS[kind])
            s.setblocking(False)
        except OSError:
            self.connect_failed += 1
            s.close()
            return
        c = Conn(kind, s, src)
        self.conns.add(c)
        self.sel.register(s, selectors.EVENT_READ, c)
        self.opened += 1

    def poll(self, timeout):
        for key, _ in self.sel.select(timeout):
            c = key.data
            try:
                data = c.sock.recv(65536)
            except OSError:
                data = b""
            if data:
                c.received += len(data)
                continue
            self.closed(c)

    def closed(self, c):
        self.sel.unregister(c.sock)
        c.sock.close()
        self.conns.discard(c)
        age = time.monotonic() - c.opened
        if c.received == 0 and age < 1.0:
            self.refused += 1
        else:
            self.cut[c.kind] += 1
            self.cut_after[c.kind].append(age)
        if self.args.reopen:
            self.open_one()

    def trickle(self):
        for c in list(self.conns):
            if c.kind == "trickled_body":
                try:
                    c.sock.send(b" ")
                except OSError:
                    pass


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--connections", type=int, default=25000)
    p.add_argument("--addresses", type=int, default=250)
    p.add_argument("--hold", type=float, default=60, help="seconds to hold them after opening")
    p.add_argument("--probe-every", type=float, default=1.0, help="0: no probes (a second client process)")
    p.add_argument("--first-address", type=int, default=0, help="where this process's addresses start")
    p.add_argument("--api-path", default="/.well-known/jwks.json")
    p.add_argument("--reopen", action="store_true")
    p.add_argument("--server-pid", type=int, default=0)
    args = p.parse_args()
    f = Flood(args)
    health, api, failed_probes = {"opening": [], "held": []}, {"opening": [], "held": []}, 0
    phase = "opening"

    def probe():
        nonlocal failed_probes
        if args.probe_every <= 0:
            return
        for path, into in (("/observe/health", health), (args.api_path, api)):
            status, secs, _ = http_get(args.port, path)
            if status == 200:
                into[phase].append(secs)
            else:
                failed_probes += 1

    t0 = time.monotonic()
    next_probe = t0
    while f.next_index < args.connections:
        for _ in range(200):
            if f.next_index >= args.connections:
                break
            f.open_one()
        f.poll(0)
        if time.monotonic() >= next_probe:
            probe()
            next_probe = time.monotonic() + max(args.probe_every, 1)
    opening_s = time.monotonic() - t0
    f.poll(0.5)
    held_at_open = len(f.conns)
    phase = "held"
    metrics_while_held = connection_metrics(args.port) if args.probe_every > 0 else {}
    end = time.monotonic() + args.hold
    memory_at = time.monotonic() + args.hold / 2
    memory = {}
    next_trickle = time.monotonic()
    while time.monotonic() < end:
        f.poll(0.05)
        now = time.monotonic()
        if now >= next_trickle:
            f.trickle()
            next_trickle = now + 1.0
        if now >= next_probe:
            probe()
            next_probe = time.monotonic() + max(args.probe_every, 1)
        if not memory and now >= memory_at:
            memory = server_memory(args.server_pid) or {"none": True}
            next_probe = time.monotonic() + 5  # the full GC of the measurement is not a probe's wait
    held_at_end = len(f.conns)
    metrics_at_end = connection_metrics(args.port) if args.probe_every > 0 else {}
    for c in list(f.conns):
        f.sel.unregister(c.sock)
        c.sock.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    elapsed = time.monotonic() - t0

    def ms(values):
        return {
            "n": len(values),
            "p50_ms": round(1000 * percentile(values, 50), 1) if values else None,
            "p99_ms": round(1000 * percentile(values, 99), 1) if values else None,
            "max_ms": round(1000 * max(values), 1) if values else None,
        }

    print(
        json.dumps(
            {
                "asked": args.connections,
                "addresses": args.addresses,
                "opened": f.opened,
                "connect_failed": f.connect_failed,
                "refused_at_once": f.refused,
                "opening_seconds": round(opening_s, 1),
                "held_after_opening": held_at_open,
                "held_at_end": held_at_end,
                "cut_by_kind": f.cut,
                "cut_after_seconds_min_max": {
                    k: [round(min(v), 1), round(max(v), 1)] for k, v in f.cut_after.items() if v
                },
                "health_while_opening": ms(health["opening"]),
                "health_while_held": ms(health["held"]),
                "api_while_opening": ms(api["opening"]),
                "api_while_held": ms(api["held"]),
                "failed_probes": failed_probes,
                "server_while_held": memory,
                "server_metrics_while_held": metrics_while_held,
                "server_metrics_at_end": metrics_at_end,
                "generator_cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
                "generator_wall_seconds": round(elapsed, 1),
                "generator_cpu_share_of_one_core": round((usage.ru_utime + usage.ru_stime) / elapsed, 2),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    sys.exit(main())
