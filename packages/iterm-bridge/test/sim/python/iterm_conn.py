"""A connection on the iTerm2 Python library's transport (websockets' legacy client, subprotocol
api.iterm2.com, the library's headers) with a reader task, so one script can answer server-originated
RPCs while another connection waits on the call. Messages are Python protobuf classes generated from
the vendored api.proto (the caller puts GEN_DIR on sys.path)."""
import asyncio

import json

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


async def register(script, name, arguments, defaults, role=api_pb2.RPCRegistrationRequest.GENERIC, attributes=None):
    """Registers a function as iterm2.notifications.async_subscribe_to_server_originated_rpc_notification does;
    `attributes` fills the role's attributes (a function of the RPCRegistrationRequest)."""
    def fill(m):
        m.notification_request.subscribe = True
        m.notification_request.notification_type = api_pb2.NOTIFY_ON_SERVER_ORIGINATED_RPC
        r = m.notification_request.rpc_registration_request
        r.name = name
        r.timeout = 5
        r.role = role
        for a in arguments:
            r.arguments.add().name = a
        for k, path in defaults.items():
            d = r.defaults.add()
            d.name = k
            d.path = path
        if attributes:
            attributes(r)
    return (await script.call(fill)).notification_response.status


async def invoke(caller, invocation, session=None, tab=None, method=None):
    """InvokeFunction in a session, tab, method-receiver or app context: the JSON result, or the error."""
    def fill(m):
        r = m.invoke_function_request
        if method:
            r.method.receiver = method
        elif session:
            r.session.session_id = session
        elif tab:
            r.tab.tab_id = tab
        else:
            r.app.SetInParent()
        r.invocation = invocation
        r.timeout = 5
    response = (await caller.call(fill)).invoke_function_response
    if response.HasField("success"):
        return json.loads(response.success.json_result)
    return {"error": response.error.error_reason, "status": response.error.status}


async def set_user_variable(conn, session, name, value):
    """VariableRequest setting `user.<name>` of a session (anything with .call(fill) will do)."""
    def fill(m):
        m.variable_request.session_id = session
        s = m.variable_request.set.add()
        s.name = "user." + name
        s.value = json.dumps(value)
    await conn.call(fill)
