#!/usr/bin/env python3
"""How long the disk takes to make 8 KiB durable (write + fdatasync, as PostgreSQL's WAL flush does), over some seconds.

Every synchronous COMMIT waits for one of these, so their tail is a floor under the order path's tail: a stall of
80 ms here holds up every order committing at that moment. Run beside the benchmark's numbers so a bad tail can be
told from a bad disk minute.

    bench/fsync-latency.py [DIRECTORY] [SECONDS]     # default: /var/tmp for 10 s
"""
import os
import sys
import time


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else "/var/tmp"
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
    path = os.path.join(directory, ".ordersync-fsync-probe-%d" % os.getpid())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        block = os.urandom(8192)
        latencies = []
        stalls = []
        end = time.monotonic() + seconds
        i = 0
        while time.monotonic() < end:
            os.pwrite(fd, block, (i % 128) * 8192)
            started = time.perf_counter()
            os.fdatasync(fd)
            ms = (time.perf_counter() - started) * 1000
            latencies.append(ms)
            if ms > 20:
                stalls.append("%s %.0f ms" % (time.strftime("%H:%M:%S"), ms))
            i += 1
            time.sleep(0.002)  # about 400 flushes a second: a WAL writer's pace, not a disk benchmark's
    finally:
        os.close(fd)
        os.unlink(path)
    latencies.sort()
    n = len(latencies)

    def q(p):
        return latencies[min(n - 1, int(n * p))]

    print("fdatasync of 8 KiB in %s, %d times over %.0f s: p50 %.2f p99 %.2f p99.9 %.2f max %.1f ms; stalls over 20 ms: %d%s"
          % (directory, n, seconds, q(0.5), q(0.99), q(0.999), latencies[-1], len(stalls),
             (" (" + ", ".join(stalls[:8]) + (", ..." if len(stalls) > 8 else "") + ")") if stalls else ""))


if __name__ == "__main__":
    main()
