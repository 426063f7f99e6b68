#!/usr/bin/env python3
"""A TCP proxy on 127.0.0.1 that adds a fixed delay in each direction (10 ms each way: 20 ms of
round trip), so a benchmark on loopback sees the handshakes and round trips a real network
costs. Bytes are forwarded unchanged (TLS passes through) and in order.
Usage: delay_proxy.py LISTEN_PORT UPSTREAM_PORT [ONE_WAY_MS]
"""
import asyncio
import sys


async def pump(reader, writer, delay):
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def send():
        while True:
            at, data = await queue.get()
            wait = at + delay - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if not data:
                break
            writer.write(data)
            await writer.drain()
        try:
            writer.write_eof()
        except (OSError, RuntimeError):
            pass

    sender = asyncio.create_task(send())
    try:
        while True:
            data = await reader.read(65536)
            queue.put_nowait((loop.time(), data))
            if not data:
                break
    except OSError:
        queue.put_nowait((loop.time(), b""))
    try:
        await sender
    except OSError:
        pass


async def main():
    listen, upstream = int(sys.argv[1]), int(sys.argv[2])
    delay = (float(sys.argv[3]) if len(sys.argv) > 3 else 10.0) / 1000

    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", upstream)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pump(client_reader, server_writer, delay), pump(server_reader, client_writer, delay))
        for w in (client_writer, server_writer):
            w.close()

    server = await asyncio.start_server(handle, "127.0.0.1", listen, backlog=256)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
