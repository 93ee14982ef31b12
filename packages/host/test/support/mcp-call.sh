#!/bin/sh
# mcp-call.sh TOOL JSON-ARGUMENTS — one MCP tool call over Streamable HTTP with curl, as the agent whose
# SWITCHBOARD_URL and SWITCHBOARD_TOKEN the launcher put in this shell's environment (no Node needed: what
# an agent on a remote machine has). Prints the tools/call reply, then "mcp-call done TOOL" — only when the
# reply is an answer: an HTTP error, a JSON-RPC error or a tool result with isError ends it with status 1.
# mcp-call.sh --list — what an MCP client does when it connects: tools/list; prints "mcp-call done --list".
# The token goes to curl as a config on its stdin (printf is a builtin), never in a process's argv.
set -e
url="$SWITCHBOARD_URL/mcp"
accept='Accept: application/json, text/event-stream'
json='Content-Type: application/json'
post() {
  printf 'header = "Authorization: Bearer %s"\n' "$SWITCHBOARD_TOKEN" |
    curl -K - -sS --fail-with-body -H "$accept" -H "$json" "$@" "$url"
}
session=$(post -D - -o /dev/null \
  -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{},"clientInfo":{"name":"mcp-call.sh","version":"1"}}}' |
  tr -d '\r' | sed -n 's/^[Mm][Cc][Pp]-[Ss]ession-[Ii][Dd]: *//p')
[ -n "$session" ] || { echo "mcp-call: no MCP session from $url" >&2; exit 1; }
post -o /dev/null -H "Mcp-Session-Id: $session" -d '{"jsonrpc":"2.0","method":"notifications/initialized"}'
if [ "$1" = --list ]; then
  request='{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{}}'
else
  request="{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"$1\",\"arguments\":$2}}"
fi
reply=$(post -H "Mcp-Session-Id: $session" -d "$request")
printf '%s\n' "$reply"
case "$reply" in
  *'"error":{"code":-'* | *'"isError":true'*) echo "mcp-call failed $1" >&2; exit 1 ;;
esac
echo "mcp-call done $1"
