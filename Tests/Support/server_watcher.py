#!/usr/bin/env python3
# Runs a test server (argv[1:]) and ends it when the test process that started it goes away,
# even if that process crashed, so no server outlives its test run. Used by LocalServer.
import os, signal, subprocess, sys, time
# The spawning process may have left signals blocked; the server must be stoppable.
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
p = subprocess.Popen(sys.argv[1:])
def stop(*a):
    p.terminate()
    try: p.wait(5)
    except Exception: p.kill()
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)
parent = os.getppid()
while p.poll() is None:
    if os.getppid() != parent: stop()
    time.sleep(0.3)
sys.exit(p.returncode)
