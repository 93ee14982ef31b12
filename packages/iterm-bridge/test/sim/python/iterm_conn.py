"""A connection on the iTerm2 Python library's transport (websockets' legacy client, subprotocol
api.iterm2.com, the library's headers) with a reader task, so one script can answer server-originated
RPCs while another connection waits on the call. Messages are Python protobuf classes generated from
the vendored api.proto (the caller puts GEN_DIR on sys.path)."""
import asyncio

import api_pb2
import websockets
import websockets.legacy.client

HEADERS = {
    "origin": "ws://localhost/",
    "x-iterm2-library-version": "python 2.21",
    "x-iterm2-disable-auth-ui": "true",
}


async def connect(target, name):
    """A websocket to `unix:PATH` or `tcp:PORT`, opened as iterm2/connection.py opens it."""
    headers = dict(HEADERS, **{"x-iterm2-advisory-name": name})
    if target.startswith("unix:"):
        return await websockets.legacy.client.unix_connect(
            target[5:], "ws://localhost/", ping_interval=None, close_timeout=0,
            extra_headers=headers, subprotocols=["api.iterm2.com"], max_size=None)
    return await websockets.connect(
        "ws://localhost:%s" % target[4:], ping_interval=None, close_timeout=0,
        extra_headers=headers, subprotocols=["api.iterm2.com"])


class Conn:
    def __init__(self, ws):
        self.ws = ws
        self.next_id = 1
        self.pending = {}
        self.notifications = asyncio.Queue()
        self.reader = asyncio.ensure_future(self._read())

    @staticmethod
    async def open(target, name):
        return Conn(await connect(target, name))

    async def _read(self):
        try:
            async for frame in self.ws:
                message = api_pb2.ServerOriginatedMessage()
                message.ParseFromString(frame)
                if message.HasField("notification"):
                    self.notifications.put_nowait(message.notification)
                elif message.id in self.pending:
                    self.pending.pop(message.id).set_result(message)
        except websockets.ConnectionClosed:
            pass

    async def call(self, fill):
        request = api_pb2.ClientOriginatedMessage()
        request.id = self.next_id
        self.next_id += 1
        fill(request)
        future = asyncio.get_event_loop().create_future()
        self.pending[request.id] = future
        await self.ws.send(request.SerializeToString())
        message = await asyncio.wait_for(future, 20)
        if message.HasField("error"):
            raise RuntimeError(message.error)
        return message

    async def notification(self, predicate, timeout=10):
        """The next notification matching `predicate` (others are dropped)."""
        async def wait():
            while True:
                n = await self.notifications.get()
                if predicate(n):
                    return n
        return await asyncio.wait_for(wait(), timeout)

    async def close(self):
        await self.ws.close()
        self.reader.cancel()
