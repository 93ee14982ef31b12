"""A script as iTerm2's own scripting ecosystem writes them (iterm2 library: StatusBarComponent with knobs and
an onclick handler, TitleProviderRPC, ContextMenuProviderRPC, an RPC bound to a key, alert / get_string,
set_status_bar_component_unread_count, keystroke monitor and filter), against the server. The test plays
the person through the server's hooks once this prints its first JSON line, then writes "done" on stdin;
the last JSON line says what the script saw.

usage: ecosystem_client.py GEN_DIR (unix:PATH | tcp:PORT)
"""
import asyncio
import json
import sys

sys.path.insert(0, sys.argv[1])
import api_pb2  # noqa: E402  (generated at test time)
from iterm_conn import Conn, invoke, register, set_user_variable  # noqa: E402

STATE = "com.switchboard.test.state"
Role = api_pb2.RPCRegistrationRequest


def status_bar_attributes(r):
    a = r.status_bar_component_attributes
    a.short_description = "Agent state"
    a.detailed_description = "state of the agent in this pane"
    a.unique_identifier = STATE
    a.exemplar = "sb:working"
    knob = a.knobs.add()
    knob.name = "Prefix"
    knob.type = Role.StatusBarComponentAttributes.Knob.String
    knob.placeholder = "prefix"
    knob.json_default_value = json.dumps("sb")
    knob.key = "prefix"


def title_attributes(r):
    r.session_title_attributes.display_name = "Upper"
    r.session_title_attributes.unique_identifier = "com.switchboard.test.upper"


def menu_attributes(r):
    r.context_menu_attributes.display_name = "Open in Switchboard"
    r.context_menu_attributes.unique_identifier = "com.switchboard.test.menu"


async def main():
    target = sys.argv[2]
    script = await Conn.open(target, "ecosystem_client.py (script)")
    created = (await script.call(lambda m: m.create_tab_request.SetInParent())).create_tab_response
    session = created.session_id
    seen = {"clicks": [], "menu": [], "keystrokes": []}

    handlers = {
        # Knobs arrive as a JSON string, as from iTerm2 (the iterm2 library json.loads them the same way).
        "agent_state": lambda a: "%s:%s:%s" % (json.loads(a["knobs"])["prefix"], a["phase"], a["session_id"][:8]),
        "__com_switchboard_test_state__on_click": lambda a: seen["clicks"].append(a["session_id"]),
        "upper_title": lambda a: (a["auto_name"] or "").upper(),
        "open_in_switchboard": lambda a: seen["menu"].append(a["session_id"]),
        "on_key": lambda a: {"session": a["session_id"], "double": a["n"] * 2},
    }
    registered = [
        await register(script, "agent_state", ["knobs", "session_id", "phase"],
                       {"session_id": "id", "phase": "user.phase?"}, Role.STATUS_BAR_COMPONENT,
                       status_bar_attributes),
        await register(script, "__com_switchboard_test_state__on_click", ["session_id"], {}),
        await register(script, "upper_title", ["auto_name"], {"auto_name": "autoName?"}, Role.SESSION_TITLE,
                       title_attributes),
        await register(script, "open_in_switchboard", ["session_id"], {"session_id": "id"}, Role.CONTEXT_MENU,
                       menu_attributes),
        await register(script, "on_key", ["session_id", "n"], {"session_id": "id"}),
    ]

    await set_user_variable(script, session, "phase", "review")
    unread = await invoke(script, 'iterm2.set_status_bar_component_unread_count(identifier: "%s", count: 3)' % STATE,
                          method=session)

    for kind in (api_pb2.NOTIFY_ON_KEYSTROKE, api_pb2.KEYSTROKE_FILTER):
        def subscribe(m, kind=kind):
            m.notification_request.session = session
            m.notification_request.subscribe = True
            m.notification_request.notification_type = kind
            if kind == api_pb2.KEYSTROKE_FILTER:
                escape = m.notification_request.keystroke_filter_request.patterns_to_ignore.add()
                escape.keycodes.append(53)
                f5 = m.notification_request.keystroke_filter_request.patterns_to_ignore.add()
                f5.characters.append(chr(0xF708))
                f5.forbidden_modifiers.append(api_pb2.SHIFT)
            else:
                m.notification_request.keystroke_monitor_request.advanced = False
        await script.call(subscribe)

    async def answer_calls():
        while True:
            n = await script.notifications.get()
            if n.HasField("keystroke_notification"):
                k = n.keystroke_notification
                seen["keystrokes"].append([k.keyCode, k.characters, k.charactersIgnoringModifiers,
                                           sorted(k.modifiers)])
                continue
            if not n.HasField("server_originated_rpc_notification"):
                continue
            rpc = n.server_originated_rpc_notification
            args = {a.name: json.loads(a.json_value) for a in rpc.rpc.arguments}

            def result(m, rpc=rpc, args=args):
                m.server_originated_rpc_result_request.request_id = rpc.request_id
                m.server_originated_rpc_result_request.json_value = json.dumps(handlers[rpc.rpc.name](args))
            asyncio.ensure_future(script.call(result))
    answering = asyncio.ensure_future(answer_calls())

    alert = asyncio.ensure_future(invoke(
        script, 'iterm2.alert(title: "Approve?", subtitle: "rm -rf build", buttons: ["Approve", "Later"])'))
    text = asyncio.ensure_future(invoke(
        script, 'iterm2.get_string(title: "Message", subtitle: "to the agent", placeholder: "…", defaultValue: "hi")'))
    print(json.dumps({"session": session, "registered": registered, "unread": unread}), flush=True)

    done = (await asyncio.get_event_loop().run_in_executor(None, sys.stdin.readline)).split()
    # "done N": the person pressed keys whose N notifications may still be on their way; wait for them (at most
    # 10 s: the test then sees which are missing) before the reader is cancelled.
    expected = int(done[1]) if len(done) > 1 else 0
    for _ in range(1000):
        if len(seen["keystrokes"]) >= expected:
            break
        await asyncio.sleep(0.01)
    seen["alert"] = await alert
    seen["text"] = await text
    answering.cancel()
    await script.close()
    print(json.dumps(seen))


asyncio.run(main())
