#!/bin/sh
# mcp-call.sh TOOL JSON-ARGUMENTS — one MCP tool call over Streamable HTTP with curl, as the agent whose
# SWITCHBOARD_URL and SWITCHBOARD_TOKEN the launcher put in this shell's environment (no Node needed: what
# an agent on a remote machine has). Prints the tools/call reply, then "mcp-call done TOOL".
# mcp-call.sh --list — what an MCP client does when it connects: tools/list; prints "mcp-call done --list".
set -e
url="$SWITCHBOARD_URL/mcp"
auth="Authorization: Bearer $SWITCHBOARD_TOKEN"
accept='Accept: application/json, text/event-stream'
json='Content-Type: application/json'
session=$(curl -sS -D - -o /dev/null -H "$auth" -H "$accept" -H "$json" \
  -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{},"clientInfo":{"name":"mcp-call.sh","version":"1"}}}' \
  "$url" | tr -d '\r' | sed -n 's/^[Mm][Cc][Pp]-[Ss]ession-[Ii][Dd]: *//p')
[ -n "$session" ] || { echo "mcp-call: no MCP session from $url" >&2; exit 1; }
curl -sS -o /dev/null -H "$auth" -H "$accept" -H "$json" -H "Mcp-Session-Id: $session" \
  -d '{"jsonrpc":"2.0","method":"notifications/initialized"}' "$url"
if [ "$1" = --list ]; then
  request='{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{}}'
else
  request="{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"$1\",\"arguments\":$2}}"
fi
curl -sS -H "$auth" -H "$accept" -H "$json" -H "Mcp-Session-Id: $session" -d "$request" "$url"
echo
echo "mcp-call done $1"
