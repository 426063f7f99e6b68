#!/usr/bin/env python3
# moto_server's app behind one lock, on 127.0.0.1:<argv[1]>. moto's threaded server applies
# concurrent requests interleaved, so a conditional write is not atomic there; DynamoDB applies
# each request atomically, which this restores for race tests. Used by MotoServer(serialized:).
import sys, threading
from moto.server import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple
app = DomainDispatcherApplication(create_backend_app)
lock = threading.Lock()
def serialized(environ, start_response):
    with lock:
        return list(app(environ, start_response))
run_simple("127.0.0.1", int(sys.argv[1]), serialized, threaded=True)
