#!/usr/bin/env python3
"""Records examples/invalidation-stampede.pcap: a real tcpdump capture of a cache-aside
service whose writer deletes a hot key under load, so that every reader misses it and each
rebuilds it from the database.

    sudo examples/record-invalidation-stampede-pcap.py [OUT.pcap]

Needs redis-server and tcpdump (run as root, or with tcpdump's capabilities). A throwaway
redis-server listens on a free loopback port below the ephemeral range, so the analyser tells
server from client by the lower port without --redis-port. Connections are kept open as a
client library's pool keeps them: eight readers, one writer, one cart service. Nothing here
is random except the ports: the story is fixed.

Its truth, counted by the clients themselves and printed at the end: the writer's one DEL,
then 8 misses and 8 rebuilds (SET ... EX 300) of product:42:detail, each after a 40 ms
"database query".
"""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

KEY = b"product:42:detail"
OLD = b'{"id":42,"name":"kettle"}'
NEW = b'{"id":42,"name":"kettle","price":19}'
READERS = 8
REBUILD_SECONDS = 0.040


def free_port():
    for port in range(16379, 16479):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    sys.exit("no free port in 16379-16478")


def command(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


class Connection:
    """One pooled connection: a command, then its whole reply (simple, integer, bulk, nil or array)."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.file = self.sock.makefile("rb")

    def call(self, *args):
        self.sock.sendall(command(*args))
        return self.reply()

    def reply(self):
        line = self.file.readline()
        kind, rest = line[:1], line[1:-2]
        if kind in (b"+", b":"):
            return rest
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            data = self.file.read(n + 2)
            return data[:-2]
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self.reply() for _ in range(n)]
        raise RuntimeError("unexpected reply %r" % line)

    def close(self):
        self.file.close()
        self.sock.close()


def main():
    out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                          os.path.join(os.path.dirname(__file__), "invalidation-stampede.pcap"))
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="stampede-example-")
    redis = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no", "--dir", workdir], stdout=subprocess.DEVNULL)
    dump = None
    try:
        for _ in range(50):
            try:
                Connection(port).close()
                break
            except OSError:
                time.sleep(0.1)
        # -U writes each packet as it comes; tcpdump owns the file it writes (it may drop root).
        dump = subprocess.Popen(["tcpdump", "-i", "lo", "-U", "-n", "-s", "0", "-w", out, "tcp port %d" % port],
                                stderr=subprocess.PIPE)
        dump.stderr.readline()  # "listening on lo ...": it is capturing now
        time.sleep(0.3)
        truth = run_story(port)
        time.sleep(0.5)
    finally:
        if dump is not None:
            dump.send_signal(signal.SIGINT)
            dump.wait(10)
        redis.terminate()
        redis.wait(10)
    print("wrote %s (%d bytes): %s" % (out, os.path.getsize(out), truth))


def run_story(port):
    writer = Connection(port)
    cart = Connection(port)
    readers = [Connection(port) for _ in range(READERS)]
    writer.call("SET", KEY, OLD, "EX", 300)
    for i in range(1, 41):
        writer.call("SET", "user:%d:profile" % (1000 + i), "{}", "EX", 600)
        time.sleep(0.005)
    cart.call("HSET", "cart:9f8a7b6c5d4e3f21", "sku:42", 1, "sku:7", 2)
    hits = 0
    for round_ in range(3):  # warm: every reader hits
        for r in readers:
            hits += r.call("GET", KEY) is not None
            cart.call("HGETALL", "cart:9f8a7b6c5d4e3f21")
            time.sleep(0.01)
    writer.call("DEL", KEY)  # the price changed: the writer invalidates instead of writing through
    misses = []
    rebuilds = []
    lock = threading.Lock()
    start = threading.Barrier(READERS)

    def read_through(r):
        start.wait()
        if r.call("GET", KEY) is None:
            with lock:
                misses.append(1)
            time.sleep(REBUILD_SECONDS)  # the database query each of them makes
            r.call("SET", KEY, NEW, "EX", 300)
            with lock:
                rebuilds.append(1)

    threads = [threading.Thread(target=read_through, args=(r,)) for r in readers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    after = 0
    for r in readers:  # the value is back: hits again
        after += r.call("GET", KEY) is not None
        time.sleep(0.01)
    for c in readers + [writer, cart]:
        c.close()
    return "%d hits before the DEL, then %d misses and %d rebuilds of %s, %d hits after" % (
        hits, len(misses), len(rebuilds), KEY.decode(), after)


if __name__ == "__main__":
    main()
