"""iTerm2's scripting ecosystem against the server, built the way the iterm2 Python library builds its
requests (registration.py, notifications.py, variables.py, selection.py): a "script" connection
registers functions whose defaults are variable references and answers the calls with the arguments it
received; a "caller" connection invokes them in session, tab and app contexts, monitors variables and
sets a selection. Prints one JSON object describing what came back.

usage: scripting_client.py GEN_DIR (unix:PATH | tcp:PORT)
"""
import asyncio
import base64
import json
import sys

sys.path.insert(0, sys.argv[1])
import api_pb2  # noqa: E402  (generated at test time)
from iterm_conn import Conn, invoke, register  # noqa: E402


async def answer_calls(script):
    """Answers every RPC with {"function": name, "args": {name: value}} (generic_handle_rpc's decoding)."""
    while True:
        n = await script.notifications.get()
        if not n.HasField("server_originated_rpc_notification"):
            continue
        rpc = n.server_originated_rpc_notification
        args = {a.name: json.loads(a.json_value) if a.HasField("json_value") else None for a in rpc.rpc.arguments}

        def result(m, rpc=rpc, args=args):
            m.server_originated_rpc_result_request.request_id = rpc.request_id
            m.server_originated_rpc_result_request.json_value = json.dumps({"function": rpc.rpc.name, "args": args})
        asyncio.ensure_future(script.call(result))


async def get_vars(caller, session, names):
    def fill(m):
        m.variable_request.session_id = session
        m.variable_request.get.extend(names)
    return [json.loads(v) for v in (await caller.call(fill)).variable_response.values]


async def send(caller, session, text):
    def fill(m):
        m.send_text_request.session = session
        m.send_text_request.text = text
    await caller.call(fill)


async def main():
    target = sys.argv[2]
    script = await Conn.open(target, "scripting_client.py (script)")
    caller = await Conn.open(target, "scripting_client.py (caller)")
    out = {}

    def create(m):
        m.create_tab_request.SetInParent()
    created = (await caller.call(create)).create_tab_response
    session, tab = created.session_id, str(created.tab_id)

    out["registered"] = [
        await register(script, "probe",
                       ["session_id", "cols", "tab_title", "app_pid", "current", "missing"],
                       {"session_id": "id", "cols": "columns", "tab_title": "tab.title", "app_pid": "iterm2.pid",
                        "current": "tab.currentSession.id", "missing": "user.nothing?"}),
        await register(script, "strict", ["needed"], {"needed": "user.nothing"}),
        await register(script, "tab_probe", ["tab_id", "current", "window_number"],
                       {"tab_id": "id", "current": "currentSession.id", "window_number": "window.number"}),
    ]
    answering = asyncio.ensure_future(answer_calls(script))

    out["inSession"] = await invoke(caller, "probe()", session=session)
    out["explicitOverridesDefault"] = await invoke(caller, 'probe(cols: 7, missing: "given")', session=session)
    out["inTab"] = await invoke(caller, "tab_probe()", tab=tab)
    out["sessionDefaultsInTab"] = await invoke(caller, "probe(session_id: currentSession.id)", tab=tab)
    out["tabId"] = tab
    out["strictUnset"] = await invoke(caller, "strict()", session=session)
    out["referenceUnset"] = await invoke(caller, "probe(missing: user.nothing)", session=session)
    out["referenceOptional"] = await invoke(caller, "probe(missing: user.nothing?)", session=session)
    out["paths"] = await get_vars(caller, session, ["tab.currentSession.id", "iterm2.pid", "tab.window.number",
                                                    "selectionLength", "mouseReportingMode", "showingAlternateScreen"])

    # Variable monitors (VariableMonitorRequest, as iterm2.VariableMonitor subscribes them).
    watched = ["columns", "rows", "terminalIconName", "terminalWindowName", "autoName", "user.phase",
               "selection"]
    statuses = []
    for name in watched:
        def monitor(m, name=name):
            m.notification_request.subscribe = True
            m.notification_request.notification_type = api_pb2.NOTIFY_ON_VARIABLE_CHANGE
            m.notification_request.variable_monitor_request.name = name
            m.notification_request.variable_monitor_request.scope = api_pb2.SESSION
            m.notification_request.variable_monitor_request.identifier = session
        statuses.append((await caller.call(monitor)).notification_response.status)
    out["monitorStatuses"] = statuses
    changes = {}

    async def collect(wanted):
        while not wanted <= changes.keys():
            n = await caller.notification(lambda n: n.HasField("variable_changed_notification"))
            v = n.variable_changed_notification
            if v.identifier == session:
                changes[v.name] = json.loads(v.json_new_value)

    def split(m):
        m.split_pane_request.session = session
        m.split_pane_request.split_direction = api_pb2.SplitPaneRequest.VERTICAL
    await caller.call(split)
    await collect({"columns"})
    phase = base64.b64encode(b"review").decode()
    await send(caller, session,
               "printf '\\033]1;icon-1\\007\\033]2;window-2\\007\\033]1337;SetUserVar=phase=%s\\007'\r" % phase)
    await collect({"terminalIconName", "terminalWindowName", "autoName", "user.phase"})

    # Selection: select the first four columns of the line that shows the echo of a marker.
    await send(caller, session, "echo SELECT-ME-NOW\r")
    line = None
    for _ in range(100):
        def screen(m):
            m.get_buffer_request.session = session
            m.get_buffer_request.line_range.screen_contents_only = True
        buf = (await caller.call(screen)).get_buffer_response
        rows = [c.text for c in buf.contents]
        if rows.count("SELECT-ME-NOW") == 1:
            line = buf.windowed_coord_range.coord_range.start.y + rows.index("SELECT-ME-NOW")
            break
        await asyncio.sleep(0.05)

    def select(m):
        m.selection_request.set_selection_request.session_id = session
        sub = m.selection_request.set_selection_request.selection.sub_selections.add()
        sub.windowed_coord_range.coord_range.start.x = 0
        sub.windowed_coord_range.coord_range.start.y = line
        sub.windowed_coord_range.coord_range.end.x = 6
        sub.windowed_coord_range.coord_range.end.y = line
        sub.selection_mode = api_pb2.CHARACTER
    out["selectStatus"] = (await caller.call(select)).selection_response.status
    await collect({"selection"})
    out["changes"] = changes
    out["afterChanges"] = await get_vars(caller, session, ["terminalIconName", "terminalWindowName", "autoName",
                                                           "selection", "selectionLength", "columns"])
    answering.cancel()
    await script.close()
    await caller.close()
    print(json.dumps(out))


asyncio.run(main())
