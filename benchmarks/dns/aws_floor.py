#!/usr/bin/env python3
"""The AWS side of `rootmail dns check` on its own: what moto_server needs to answer the check's
requests, measured with a client that costs (almost) nothing (benchmarks/dns/run).

  aws_floor.py record UPSTREAM_PORT RECORDING -- CMD...
      Starts a forwarder on a free 127.0.0.1 port that passes each HTTP/1.1 request to the
      moto_server on UPSTREAM_PORT and its answer back, runs CMD with AWS_ENDPOINT_URL
      pointing at the forwarder (twice: the first run, not recorded, leaves what a check
      remembers for the next), and saves every request (raw bytes, connection, arrival and
      answer times) and its answer to RECORDING (JSON). Prints the requests, one a line, with
      their times and whether they overlapped (parallel) or waited for an earlier one (series).
  aws_floor.py replay UPSTREAM_PORT RECORDING RUNS MOTO_PID|- [EXPECTED]...
      Replays the recorded requests against moto_server RUNS times (after one warm-up round), in
      the order the check needs them: a request whose bytes carry a value from an earlier answer
      (GetHostedZone carries the zone id ListHostedZonesByName returned) waits for that answer,
      the others start at once, each chain on its own thread (made once, before timing). Warm:
      each request's connection is opened before the round's clock starts (one per request:
      moto_server answers with "Connection: close"), so a round is moto's answer time and
      little else. Cold: the connections are opened inside the round (as a new process must).
      Series: all requests one at a time, warm. Each answer is checked against the recorded one
      (status 200, the body but for request ids), and each EXPECTED string (name servers,
      tokens) must be in some answer of every round. Prints shell assignments for `eval`:
      aws_warm_ms, aws_cold_ms and aws_series_ms (medians), aws_moto_cpu_ms (the CPU MOTO_PID,
      with its threads, used per warm round, connections' accepts included; nan with -),
      aws_requests, aws_chains and aws_summary (a one-line reading).
"""
import base64
import json
import os
import re
import shlex
import socket
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))
import measure as bench  # noqa: E402  (benchmarks/lib/measure.py: a process's CPU from /proc)


class Closed(Exception):
    """The peer closed the connection between messages."""


class Reader:
    """Reads whole HTTP/1.1 messages (head, then a Content-Length or chunked body) from a socket."""

    def __init__(self, sock):
        self.sock, self.buf = sock, b""

    def _more(self):
        data = self.sock.recv(65536)
        if not data:
            raise Closed()
        self.buf += data

    def _take(self, n):
        while len(self.buf) < n:
            self._more()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _line(self):
        while b"\r\n" not in self.buf:
            self._more()
        i = self.buf.index(b"\r\n") + 2
        out, self.buf = self.buf[:i], self.buf[i:]
        return out

    def message(self, response=False):
        """(raw bytes, first line, headers with lower-case names, body, time the first byte came)."""
        while not self.buf:
            self._more()
        first_byte = time.perf_counter()
        while b"\r\n\r\n" not in self.buf:
            self._more()
        end = self.buf.index(b"\r\n\r\n") + 4
        head, self.buf = self.buf[:end], self.buf[end:]
        lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        if "chunked" in headers.get("transfer-encoding", "").lower():
            raw_body, body = b"", b""
            while True:
                size_line = self._line()
                size = int(size_line.split(b";")[0], 16)
                chunk = self._take(size + 2)
                raw_body += size_line + chunk
                body += chunk[:size]
                if size == 0:
                    while True:  # trailers, then the empty line
                        trailer = self._line()
                        raw_body += trailer
                        if trailer == b"\r\n":
                            break
                    break
        elif "content-length" in headers:
            body = raw_body = self._take(int(headers["content-length"]))
        elif response and not lines[0].split(" ")[1].startswith(("1", "204", "304")):
            while True:  # no length: the body runs to the end of the connection
                try:
                    self._more()
                except Closed:
                    break
            body = raw_body = self.buf
            self.buf = b""
        else:
            body = raw_body = b""
        return head + raw_body, lines[0], headers, body, first_byte


# The REST calls a dns check makes (Route53), by method and path; query-API calls name themselves.
REST_NAMES = [(re.compile(r"GET /2013-04-01/hostedzonesbyname(\?|$)"), "ListHostedZonesByName"),
              (re.compile(r"GET /2013-04-01/hostedzone/[^/?]+$"), "GetHostedZone")]


def action(first_line, body):
    """A short name for a request: the query API's Action, the REST call's name, else the
    method and path."""
    m = re.search(rb"(?:^|&)Action=([A-Za-z0-9]+)", body)
    if m:
        return m.group(1).decode()
    method, target = first_line.split(" ")[:2]
    for pattern, name in REST_NAMES:
        if pattern.match(f"{method} {target}"):
            return name
    return f"{method} {target.split('?')[0]}"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# --- record -----------------------------------------------------------------------------------

def record(upstream, path, argv):
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    entries, lock, threads, errors = [], threading.Lock(), [], []

    def serve(client, conn_id, accepted):
        client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        from_client = Reader(client)
        try:
            while True:
                raw, first, headers, body, began = from_client.message()
                received = time.perf_counter()
                if "100-continue" in headers.get("expect", "").lower():
                    errors.append(f"{first!r} asked for 100-continue, which the recorder does not handle")
                    return
                # A connection to moto for each request: moto closes each after its answer.
                with socket.create_connection(("127.0.0.1", upstream), timeout=30) as upstream_sock:
                    upstream_sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    upstream_sock.sendall(raw)
                    answer, status_line, _, answer_body, _ = Reader(upstream_sock).message(response=True)
                answered = time.perf_counter()
                client.sendall(answer)
                with lock:
                    entries.append({"conn": conn_id, "accepted": accepted, "start": began, "received": received,
                                    "end": answered, "action": action(first, body), "line": first,
                                    "raw": base64.b64encode(raw).decode(),
                                    "status": int(status_line.split(" ")[1]),
                                    "answer": base64.b64encode(answer_body).decode()})
        except (Closed, ConnectionResetError):
            pass  # the client is done with the connection
        except OSError as error:
            errors.append(f"connection {conn_id}: {error!r}")
        finally:
            client.close()

    def accept():
        n = 0
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            n += 1
            t = threading.Thread(target=serve, args=(client, n, time.perf_counter()), daemon=True)
            threads.append(t)
            t.start()

    threading.Thread(target=accept, daemon=True).start()
    env = dict(os.environ, AWS_ENDPOINT_URL=f"http://127.0.0.1:{port}")
    # A first run, not recorded, leaves what a check remembers for the next one (the hosted
    # zone's id, per endpoint), as the timed checks find it after the run before them.
    first = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for t in list(threads):
        t.join(2)
    if first.returncode != 0:
        sys.exit(f"aws_floor.py: the first run failed ({first.returncode}): {first.stderr.decode(errors='replace')}")
    with lock:
        entries.clear()
    threads.clear()
    t0 = time.perf_counter()
    proc = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    t_exit = time.perf_counter()
    listener.close()
    for t in list(threads):
        t.join(2)
    if errors:
        sys.exit("aws_floor.py: recording failed: " + "; ".join(errors))
    if proc.returncode != 0 or not entries:
        sys.exit(f"aws_floor.py: the recorded command failed or sent no request ({proc.returncode}): "
                 f"{proc.stderr.decode(errors='replace')}")
    entries.sort(key=lambda e: e["start"])
    for e in entries:
        for k in ("accepted", "start", "received", "end"):
            e[k] = (e[k] - t0) * 1000
    deps = dependencies(entries)
    for e, d in zip(entries, deps):
        e["after"] = d
    with open(path, "w") as f:
        json.dump({"process_ms": (t_exit - t0) * 1000, "requests": entries}, f, indent=1)
    describe(entries, (t_exit - t0) * 1000)


def describe(entries, process_ms):
    """One line per recorded request: times from the process's start, and what it overlapped."""
    print(f"AWS requests of one dns check (recorded through a forwarder; ms from process start, "
          f"process {process_ms:.1f} ms):")
    for i, e in enumerate(entries):
        overlapped = [j + 1 for j, o in enumerate(entries)
                      if o is not e and o["start"] < e["end"] and e["start"] < o["end"]]
        waited = [j + 1 for j, o in enumerate(entries) if o["end"] <= e["start"]]
        needs = ", ".join(f"#{j + 1}" for j in e["after"])
        how = (f"parallel with {', '.join(f'#{j}' for j in overlapped)}" if overlapped else "alone")
        if waited:
            how += f"; after #{', #'.join(map(str, waited))} ended"
        print(f"  #{i + 1} {e['action']:<34} conn {e['conn']} (opened {e['accepted']:6.1f}) "
              f"sent {e['start']:6.1f} answered {e['end']:6.1f} ({e['end'] - e['start']:4.1f} ms, {e['status']}); "
              f"{how}; needs {needs or 'nothing'}")


def dependencies(entries):
    """For each request, the earlier requests it needs: those that had answered before it was
    sent and whose answer holds a value (an XML text of 6 or more characters) its bytes carry."""
    out = []
    for e in entries:
        raw = base64.b64decode(e["raw"])
        needs = []
        for j, o in enumerate(entries):
            if o["end"] > e["start"]:
                continue
            values = set(re.findall(rb">([^<>]{6,})<", base64.b64decode(o["answer"])))
            if any(v in raw for v in values):
                needs.append(j)
        out.append(needs)
    return out


# --- replay -----------------------------------------------------------------------------------

# What differs between two answers to the same request: moto's request ids.
REQUEST_ID = re.compile(rb"<RequestId>[^<]*</RequestId>|[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


def chains(entries):
    """Requests grouped into chains run one after another on one thread: a request joins the
    chain of the (last) request it needs if that chain ends there, else starts a chain."""
    lanes, lane_of = [], {}
    for i, e in enumerate(entries):
        parent = max(e["after"]) if e["after"] else None
        if parent is not None and lanes[lane_of[parent]][-1] == parent:
            lanes[lane_of[parent]].append(i)
            lane_of[i] = lane_of[parent]
        else:
            lane_of[i] = len(lanes)
            lanes.append([i])
    return lanes


def replay(upstream, path, runs, moto=None, expect=()):
    with open(path) as f:
        entries = json.load(f)["requests"]
    if not entries:
        sys.exit("aws_floor.py: the recording holds no request")
    raws = [base64.b64decode(e["raw"]) for e in entries]
    lanes = chains(entries)
    done = [threading.Event() for _ in entries]
    answers = [None] * len(entries)
    failures = []

    def connect():
        s = socket.create_connection(("127.0.0.1", upstream), timeout=10)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return s

    # One connection per request: moto_server answers each with "Connection: close".
    conns = [None] * len(entries)

    class Lane(threading.Thread):
        def __init__(self, requests):
            super().__init__(daemon=True)
            self.requests = requests
            self.go, self.finished = threading.Event(), threading.Event()

        def run(self):
            while True:
                self.go.wait()
                self.go.clear()
                try:
                    for i in self.requests:
                        for j in entries[i]["after"]:
                            done[j].wait()
                        sock = conns[i] or connect()
                        conns[i] = None
                        with sock:
                            sock.sendall(raws[i])
                            answers[i] = Reader(sock).message(response=True)
                        done[i].set()
                except Exception as error:  # noqa: BLE001  (reported, and the round does not count)
                    failures.append(f"{entries[self.requests[0]]['action']}: {error!r}")
                    for i in self.requests:
                        done[i].set()
                self.finished.set()

    parallel, series = [Lane(lane) for lane in lanes], [Lane(list(range(len(entries))))]
    for w in parallel + series:
        w.start()

    def one_round(warm, workers=parallel):
        for i, d in enumerate(done):
            d.clear()
            answers[i] = None
            conns[i] = connect() if warm else None
        for w in workers:
            w.finished.clear()
        start = time.perf_counter()
        for w in workers:
            w.go.set()
        for w in workers:
            w.finished.wait()
        took = (time.perf_counter() - start) * 1000
        check()
        return took

    def check():
        if failures:
            sys.exit("aws_floor.py: replay failed: " + "; ".join(failures))
        for e, answer in zip(entries, answers):
            if answer is None:
                sys.exit(f"aws_floor.py: the replayed {e['action']} got no answer")
            _, status_line, _, body, _ = answer
            status = int(status_line.split(" ")[1])
            recorded = base64.b64decode(e["answer"])
            if status != e["status"] or status != 200 or REQUEST_ID.sub(b"", body) != REQUEST_ID.sub(b"", recorded):
                sys.exit(f"aws_floor.py: the replayed {e['action']} got {status_line!r} and an answer unlike the "
                         f"recorded one:\n{body[:400]!r}\nrecorded:\n{recorded[:400]!r}")
        missing = [x for x in expect if not any(x.encode() in a[3] for a in answers)]
        if missing:
            sys.exit(f"aws_floor.py: no replayed answer holds {', '.join(missing)}")

    one_round(True)  # warm-up: moto's first answers, the threads' first wake-up
    cpu_before = bench.proc_cpu(moto) if moto else 0.0
    warm = [one_round(True) for _ in range(runs)]
    cpu = (bench.proc_cpu(moto) - cpu_before) * 1000 / runs if moto else float("nan")
    cold = [one_round(False) for _ in range(runs)]
    one_by_one = [one_round(True, series) for _ in range(runs)]
    name_servers = sum(len(re.findall(rb"<NameServer>", a[3])) for a in answers)
    warm_ms, cold_ms = statistics.median(warm), statistics.median(cold)
    summary = (f"{len(entries)} requests in {len(lanes)} chains "
               f"({' | '.join(' -> '.join(entries[i]['action'] for i in lane) for lane in lanes)}); "
               f"every answer 200, as recorded, with the {len(expect)} expected values "
               f"({name_servers} name servers); warm median {warm_ms:.2f} ms "
               f"(min {min(warm):.2f}), with new connections {cold_ms:.2f} ms, one request at a time "
               f"{statistics.median(one_by_one):.2f} ms; moto's CPU {cpu:.2f} ms a warm round")
    print(f"aws_warm_ms={warm_ms:.4f}\naws_cold_ms={cold_ms:.4f}\naws_series_ms={statistics.median(one_by_one):.4f}")
    print(f"aws_moto_cpu_ms={cpu:.4f}")
    print(f"aws_requests={len(entries)}\naws_chains={len(lanes)}")
    print(f"aws_summary={shlex.quote(summary)}")


def main():
    args = sys.argv[1:]
    if len(args) >= 4 and args[0] == "record" and args[3] == "--":
        record(int(args[1]), args[2], args[4:])
    elif len(args) >= 5 and args[0] == "replay":
        replay(int(args[1]), args[2], int(args[3]), int(args[4]) if args[4] != "-" else None, args[5:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
