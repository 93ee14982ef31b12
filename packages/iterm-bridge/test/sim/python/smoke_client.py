"""An independent client on the iTerm2 Python library's own transport stack.

It connects the way iterm2/connection.py does (websockets' legacy client, subprotocol
api.iterm2.com, the same extra headers, unix socket or TCP) and encodes/decodes with Python
protobuf classes generated from the vendored api.proto by protoc. It replays the library's common
calls and prints one JSON line describing what the server answered.

usage: smoke_client.py GEN_DIR (unix:PATH | tcp:PORT)
"""
import asyncio
import json
import sys

sys.path.insert(0, sys.argv[1])
import api_pb2  # noqa: E402  (generated at test time)
from iterm_conn import connect, set_user_variable  # noqa: E402


class Client:
    def __init__(self, ws):
        self.ws = ws
        self.next_id = 0
        self.notifications = []

    async def call(self, fill):
        request = api_pb2.ClientOriginatedMessage()
        request.id = self.next_id
        self.next_id += 1
        fill(request)
        await self.ws.send(request.SerializeToString())
        while True:
            message = api_pb2.ServerOriginatedMessage()
            message.ParseFromString(await self.ws.recv())
            if message.HasField("notification"):
                self.notifications.append(message.notification)
                continue
            assert message.id == request.id, (message.id, request.id)
            if message.HasField("error"):
                raise RuntimeError(message.error)
            return message


async def main():
    target = sys.argv[2]
    ws = await connect(target, "smoke_client.py")
    out = {
        "subprotocol": ws.subprotocol,
        "protocolVersion": ws.response_headers.get("X-iTerm2-Protocol-Version"),
        "extensions": ws.response_headers.get("Sec-WebSocket-Extensions"),
    }
    c = Client(ws)

    r = await c.call(lambda m: m.list_sessions_request.SetInParent())
    out["initialWindows"] = len(r.list_sessions_response.windows)
    statuses = []
    for t in (api_pb2.NOTIFY_ON_NEW_SESSION, api_pb2.NOTIFY_ON_TERMINATE_SESSION, api_pb2.NOTIFY_ON_LAYOUT_CHANGE,
              api_pb2.NOTIFY_ON_FOCUS_CHANGE, api_pb2.NOTIFY_ON_BROADCAST_CHANGE):
        def sub(m, t=t):
            m.notification_request.session = "all"
            m.notification_request.subscribe = True
            m.notification_request.notification_type = t
        statuses.append((await c.call(sub)).notification_response.status)
    out["subscribeStatuses"] = statuses
    await c.call(lambda m: m.focus_request.SetInParent())
    await c.call(lambda m: m.get_broadcast_domains_request.SetInParent())

    def create(m):
        m.create_tab_request.SetInParent()
        m.create_tab_request.select_tab = True
    created = (await c.call(create)).create_tab_response
    out["create"] = {"status": created.status, "tabIdType": type(created.tab_id).__name__, "windowPrefix": created.window_id[:4]}
    session = created.session_id

    def split(m):
        m.split_pane_request.session = session
        m.split_pane_request.split_direction = api_pb2.SplitPaneRequest.VERTICAL
        m.split_pane_request.before = False
    split_r = (await c.call(split)).split_pane_response
    out["split"] = {"status": split_r.status, "count": len(split_r.session_id)}

    tree = (await c.call(lambda m: m.list_sessions_request.SetInParent())).list_sessions_response.windows[0].tabs[0].root
    out["tree"] = {"vertical": tree.vertical, "widths": [l.session.grid_size.width for l in tree.links]}

    def send(m):
        m.send_text_request.session = session
        m.send_text_request.text = "echo py-$((20+22))\r"
        m.send_text_request.suppress_broadcast = False
    out["sendStatus"] = (await c.call(send)).send_text_response.status

    lines = []
    for _ in range(100):
        def screen(m):
            m.get_buffer_request.session = session
            m.get_buffer_request.line_range.screen_contents_only = True
            m.get_buffer_request.include_styles = True
        buf = (await c.call(screen)).get_buffer_response
        lines = [l.text for l in buf.contents]
        if "py-42" in lines:
            break
        await asyncio.sleep(0.05)
    out["screen"] = {"rows": len(lines), "sawOutput": "py-42" in lines}

    def set_props(m):
        m.set_profile_property_request.session = session
        for key, value in (("Tab Color", json.dumps({"Red Component": 0.0, "Green Component": 0.5, "Blue Component": 1.0, "Color Space": "sRGB"})),
                           ("Use Tab Color", "true"), ("Badge Text", json.dumps("py"))):
            a = m.set_profile_property_request.assignments.add()
            a.key = key
            a.json_value = value
    out["setProfileStatus"] = (await c.call(set_props)).set_profile_property_response.status

    def get_props(m):
        m.get_profile_property_request.session = session
        m.get_profile_property_request.keys.extend(["Badge Text", "Use Tab Color"])
    props = (await c.call(get_props)).get_profile_property_response.properties
    out["profile"] = {p.key: json.loads(p.json_value) for p in props}

    await set_user_variable(c, session, "team", "red")

    def get_var(m):
        m.variable_request.session_id = session
        m.variable_request.get.extend(["user.team", "columns"])
    out["variables"] = [json.loads(v) for v in (await c.call(get_var)).variable_response.values]

    def move(m):
        m.invoke_function_request.app.SetInParent()
        m.invoke_function_request.invocation = "iterm2.move_session_to_new_tab(session: %s)" % json.dumps(split_r.session_id[0])
    moved = (await c.call(move)).invoke_function_response
    out["moveToNewTab"] = moved.WhichOneof("disposition")

    def close(m):
        m.close_request.sessions.session_ids.append(session)
        m.close_request.force = False
    out["closeStatuses"] = list((await c.call(close)).close_response.statuses)
    await asyncio.sleep(0.2)
    out["notificationKinds"] = sorted({n.ListFields()[0][0].name for n in c.notifications})
    await ws.close()
    print(json.dumps(out))


asyncio.run(main())
