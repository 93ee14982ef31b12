#!/bin/sh
# mcp-list-tools.sh — what an MCP client does when it connects: initialize, then tools/list, over Streamable HTTP
# with curl, as the agent whose SWITCHBOARD_URL and SWITCHBOARD_TOKEN the launcher put in this shell's environment.
# Prints "mcp-list-tools done" once the list came back.
set -e
url="$SWITCHBOARD_URL/mcp"
auth="Authorization: Bearer $SWITCHBOARD_TOKEN"
accept='Accept: application/json, text/event-stream'
json='Content-Type: application/json'
session=$(curl -sS -D - -o /dev/null -H "$auth" -H "$accept" -H "$json" \
  -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{},"clientInfo":{"name":"mcp-list-tools.sh","version":"1"}}}' \
  "$url" | tr -d '\r' | sed -n 's/^[Mm][Cc][Pp]-[Ss]ession-[Ii][Dd]: *//p')
[ -n "$session" ] || { echo "mcp-list-tools: no MCP session from $url" >&2; exit 1; }
curl -sS -o /dev/null -H "$auth" -H "$accept" -H "$json" -H "Mcp-Session-Id: $session" \
  -d '{"jsonrpc":"2.0","method":"notifications/initialized"}' "$url"
curl -sS -o /dev/null -H "$auth" -H "$accept" -H "$json" -H "Mcp-Session-Id: $session" \
  -d '{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{}}' "$url"
echo "mcp-list-tools done"
