#!/usr/bin/env python3
# A DNS server on 127.0.0.1:<argv[1]> (UDP and TCP) that answers every UDP question with TC=1
# (truncated: ask again over TCP) and every TCP question with a NOERROR answer sent one byte
# every <argv[2]> seconds (default 1.5), about a minute in all. ldns bounds each read, not the
# exchange, so before `dns check` raced its questions against --timeout this held the check
# for the whole trickle. Prints when a client closes the connection before the end. Used by
# DNSCheckTests.
import socket, struct, sys, threading, time

port = int(sys.argv[1])
interval = float(sys.argv[2]) if len(sys.argv) > 2 else 1.5


def question_end(query):
    i = 12
    while query[i] != 0:
        i += 1 + query[i]
    return i + 5  # the root label, QTYPE and QCLASS


def reply(query, truncated):
    flags = 0x8000 | 0x0400 | (0x0200 if truncated else 0) | (query[2] & 0x01) << 8  # QR, AA, TC, RD
    header = query[:2] + struct.pack(">HHHHH", flags, 1, 0 if truncated else 1, 0, 0)
    question = query[12:question_end(query)]
    if truncated:
        return header + question
    # One TXT answer, long enough that the trickle lasts about a minute.
    text = b"x" * 20
    answer = b"\xc0\x0c" + struct.pack(">HHIH", 16, 1, 60, len(text) + 1) + bytes([len(text)]) + text
    return header + question + answer


def serve_udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", port))
    while True:
        query, peer = s.recvfrom(4096)
        try:
            s.sendto(reply(query, True), peer)
        except (IndexError, OSError):
            pass


def trickle(conn):
    sent = 0
    try:
        size = struct.unpack(">H", conn.recv(2))[0]
        query = b""
        while len(query) < size:
            query += conn.recv(size - len(query))
        message = reply(query, False)
        for byte in struct.pack(">H", len(message)) + message:
            conn.sendall(bytes([byte]))
            sent += 1
            time.sleep(interval)
        print("sent the whole answer", flush=True)
    except OSError:
        print("the client closed the connection after %d bytes" % sent, flush=True)
    except (IndexError, struct.error):
        pass
    finally:
        conn.close()


threading.Thread(target=serve_udp, daemon=True).start()
tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
tcp.bind(("127.0.0.1", port))
tcp.listen(64)
while True:
    c, _ = tcp.accept()
    threading.Thread(target=trickle, args=(c,), daemon=True).start()
