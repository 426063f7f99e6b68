"""The request forwarding the test proxies share (fault_proxy, sqs_deny_proxy, cfn_state_proxy):
send a handler's request on to the upstream unchanged but for hop-by-hop headers, and relay an
answer back with a correct Content-Length (a HEAD answer keeps the length a GET would have)."""
import http.client

HOP = {"connection", "keep-alive", "transfer-encoding", "server", "date", "proxy-connection", "proxy-authorization", "te",
       "upgrade"}


def forward(handler, host, port, body):
    """The upstream's answer to `handler`'s request: (response, its body read whole)."""
    conn = http.client.HTTPConnection(host, int(port or 80), timeout=60)
    headers = {k: v for k, v in handler.headers.items() if k.lower() not in HOP}
    conn.request(handler.command, handler.path, body=body if body or handler.command in ("POST", "PUT") else None,
                 headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp, data


def relay(handler, resp, data):
    """Writes the upstream's answer back to the client."""
    handler.send_response(resp.status)
    for k, v in resp.getheaders():
        if k.lower() not in HOP and k.lower() != "content-length":
            handler.send_header(k, v)
    length = resp.getheader("Content-Length") if handler.command == "HEAD" else None
    handler.send_header("Content-Length", length if length is not None else str(len(data)))
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(data)
