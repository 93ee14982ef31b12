"""Profiles, colour presets and OSC 1337;ClearScrollback as the iterm2 library reaches them (profile.py's
async_set_property / async_get_profile, colorpresets.py, screen.py's get_buffer with absolute lines).

usage: profile_client.py GEN_DIR (unix:PATH | tcp:PORT)
"""
import asyncio
import json
import sys

sys.path.insert(0, sys.argv[1])
import api_pb2  # noqa: E402  (generated at test time)
from iterm_conn import Conn  # noqa: E402


async def main():
    c = await Conn.open(sys.argv[2], "profile_client.py")
    out = {}
    session = (await c.call(lambda m: m.create_tab_request.SetInParent())).create_tab_response.session_id

    async def set_props(pairs):
        def fill(m):
            m.set_profile_property_request.session = session
            for key, value in pairs:
                a = m.set_profile_property_request.assignments.add()
                a.key = key
                a.json_value = json.dumps(value)
        return (await c.call(fill)).set_profile_property_response.status

    async def get_props(keys):
        def fill(m):
            m.get_profile_property_request.session = session
            m.get_profile_property_request.keys.extend(keys)
        props = (await c.call(fill)).get_profile_property_response.properties
        return {p.key: json.loads(p.json_value) for p in props}

    checked = ["Allow Title Setting", "Show Status Bar", "Blend", "Badge Text"]
    out["defaults"] = await get_props(checked)
    out["setKnown"] = await set_props([("Allow Title Setting", False), ("Show Status Bar", True), ("Blend", 0.25)])
    out["setUnknown"] = await set_props([("Badge Text", "changed?"), ("No Such Key", 1)])
    out["setWrongType"] = await set_props([("Badge Text", "changed?"), ("Blend", "high")])
    out["after"] = await get_props(checked + ["No Such Key"])
    out["allKeysCount"] = len(await get_props([]))

    presets = (await c.call(lambda m: m.color_preset_request.list_presets.SetInParent())).color_preset_response
    out["presets"] = list(presets.list_presets.name)

    def get_preset(m):
        m.color_preset_request.get_preset.name = "Solarized Dark"
    colors = (await c.call(get_preset)).color_preset_response.get_preset.color_settings
    background = next(s for s in colors if s.key == "Background Color")
    out["solarizedBackground"] = [round(background.red, 4), round(background.green, 4), round(background.blue, 4)]
    out["solarizedKeys"] = len(colors)

    def missing(m):
        m.color_preset_request.get_preset.name = "No Such Preset"
    out["missingPreset"] = (await c.call(missing)).color_preset_response.status

    async def buffer():
        def fill(m):
            m.get_buffer_request.session = session
            m.get_buffer_request.line_range.trailing_lines = 1000
        b = (await c.call(fill)).get_buffer_response
        return b.windowed_coord_range.coord_range.start.y, [l.text for l in b.contents]

    def send(text):
        def fill(m):
            m.send_text_request.session = session
            m.send_text_request.text = text
        return c.call(fill)

    async def until_line(marker):
        for _ in range(200):
            first, lines = await buffer()
            if marker in lines:
                break
            await asyncio.sleep(0.05)
        return first, lines

    await send("for i in $(seq 1 60); do echo line-$i; done; echo END-OF-LINES\r")
    first, lines = await until_line("END-OF-LINES")
    out["before"] = {"first": first, "count": len(lines), "endAt": first + lines.index("END-OF-LINES")}
    await send("printf '\\033]1337;ClearScrollback\\007'; echo CLEARED\r")
    first, lines = await until_line("CLEARED")
    out["after_clear"] = {"first": first, "count": len(lines), "hasLine1": "line-1" in lines,
                          "endAt": first + lines.index("END-OF-LINES") if "END-OF-LINES" in lines else None}
    await c.close()
    print(json.dumps(out))


asyncio.run(main())
