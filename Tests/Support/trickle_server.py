#!/usr/bin/env python3
# Answers every GET, PUT and POST with HTTP 200 and a body sent slowly, on 127.0.0.1:<argv[1]>.
# The path says how: /<bytes>/<chunk>/<interval ms>[/<delay ms>]/… sends <bytes> bytes
# (announced in Content-Length) as <chunk> bytes every <interval ms>, after waiting <delay ms>
# before the status line, then ends the response. Used by
# SlowServerTests: a server trickling its answer must not hold a call past total_timeout or
# below the minimum speed; before those existed the call ran for as long as the trickle.
# Prints "cut <path> <seconds>" when the client hangs up first, "sent <path> <seconds>" when the
# whole answer went out: the seconds since the status line, timed here, outside the test process;
# "start <path>" when a request arrives.
import http.server, sys, threading, time
said = threading.Lock()
def say(line):
    # One whole line per write, under a lock: print() writes the text and the newline apart, so
    # two threads' lines could run together.
    with said:
        sys.stdout.write(line + "\n"); sys.stdout.flush()
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def answer(self):
        say("start %s" % self.path)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = self.path.strip("/").split("/")
        try:
            size, chunk, interval = (int(p) for p in parts[:3])
        except ValueError:
            self.send_response(400); self.send_header("Content-Length", "0"); self.end_headers(); return
        if len(parts) > 3 and parts[3].isdigit(): time.sleep(int(parts[3]) / 1000)
        started = time.monotonic()
        sent = 0
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(size)); self.end_headers(); self.wfile.flush()
            while sent < size:
                n = min(chunk, size - sent)
                self.wfile.write(b"x" * n); self.wfile.flush(); sent += n
                if sent < size: time.sleep(interval / 1000)
        except (BrokenPipeError, ConnectionResetError):
            say("cut %s %.1f" % (self.path, time.monotonic() - started))
        else:
            say("sent %s %.1f" % (self.path, time.monotonic() - started))
    do_GET = do_PUT = do_POST = answer
http.server.ThreadingHTTPServer.daemon_threads = True
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
