#!/usr/bin/env python3
"""PUT stdin to 127.0.0.1:PORT at PATH exactly as given (http.client sends the path unchanged, dot
segments included), so an object with a `..` key exists whatever rootmail's transport would do.
Exit 0 on HTTP 200.

  raw_put.py PORT PATH < body
"""
import http.client, sys

connection = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))
connection.request("PUT", sys.argv[2], body=sys.stdin.buffer.read())
sys.exit(connection.getresponse().status != 200)
