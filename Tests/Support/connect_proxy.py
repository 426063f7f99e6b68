#!/usr/bin/env python3
"""A small HTTP CONNECT proxy for rootmail's proxy tests (HTTPS_PROXY): it tunnels CONNECT
host:port to that address (127.0.0.1 only) and counts the tunnels it opened.
GET /connect-proxy/stats returns {"connects": N, "targets": ["127.0.0.1:port", ...]} as JSON.
"""
import argparse
import json
import socket
import socketserver
import threading


def pipe(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    args = ap.parse_args()
    lock = threading.Lock()
    stats = {"connects": 0, "targets": []}

    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            line = self.rfile.readline(8192).decode("latin-1").strip()
            while True:  # the rest of the request head
                h = self.rfile.readline(8192)
                if h in (b"\r\n", b"\n", b""):
                    break
            parts = line.split()
            if len(parts) == 3 and parts[0] == "GET" and parts[1] == "/connect-proxy/stats":
                with lock:
                    body = json.dumps(stats).encode()
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
                                 b"Connection: close\r\n\r\n%s" % (len(body), body))
                return
            if len(parts) != 3 or parts[0] != "CONNECT":
                self.wfile.write(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                return
            host, _, port = parts[1].rpartition(":")
            if host not in ("127.0.0.1", "localhost"):
                self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", int(port)), timeout=10)
                upstream.settimeout(None)
            except OSError:
                self.wfile.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                return
            with lock:
                stats["connects"] += 1
                stats["targets"].append(parts[1])
            self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            self.wfile.flush()
            t = threading.Thread(target=pipe, args=(upstream, self.connection), daemon=True)
            t.start()
            pipe(self.connection, upstream)
            t.join(60)

    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True

    with Server(("127.0.0.1", args.port), Handler) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
