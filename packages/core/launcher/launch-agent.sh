#!/bin/sh
# The command an agent's pane runs: `/bin/sh launch-agent.sh <launch-file>`.
#
# Real iTerm2 cannot give a new session environment variables, and a token must never be typed into
# a pane, shown in a title, kept in a user variable or put on a command line `ps` shows. So core
# writes the agent's launch file (shell assignments, every value single-quoted by core) only the user
# can read; this launcher checks it, reads it, deletes it, and replaces itself (`exec`) with the
# agent's CLI, SWITCHBOARD_URL, SWITCHBOARD_AGENT and SWITCHBOARD_TOKEN in its environment. Nothing of
# the launcher stays resident: the pane's process is the CLI itself.
# POSIX sh only (dash, bash, zsh as sh): it must start on any Mac or Linux without a build step.

fail() {
  # Never print the file's content: it holds the token.
  printf 'switchboard launcher: %s\n' "$1" >&2
  exit 1
}

launch_file=$1
[ -n "$launch_file" ] || fail 'usage: launch-agent.sh <launch-file>'
[ -e "$launch_file" ] || fail "$launch_file is gone (already used?); restart the agent from Switchboard"
[ -f "$launch_file" ] && [ ! -L "$launch_file" ] || fail "$launch_file is not a regular file"
[ -O "$launch_file" ] || fail "$launch_file belongs to another user"
case $(ls -ln -- "$launch_file") in
  -rw-------*) ;;
  *) fail "$launch_file is readable by other users; refusing to use it" ;;
esac
launch_script=$(cat -- "$launch_file") || fail "cannot read $launch_file"
rm -f -- "$launch_file"
case $launch_script in
  '# switchboard launch v1'*) ;;
  *) fail "$launch_file is malformed" ;;
esac

# Sets SWITCHBOARD_LAUNCH_COMMAND and SWITCHBOARD_LAUNCH_CWD, and exports the agent's environment.
eval "$launch_script" || fail "$launch_file is malformed"
unset launch_script
[ -n "$SWITCHBOARD_TOKEN" ] && [ -n "$SWITCHBOARD_AGENT" ] || fail "$launch_file is malformed"

if [ -n "$SWITCHBOARD_LAUNCH_CWD" ]; then
  cd -- "$SWITCHBOARD_LAUNCH_CWD" 2>/dev/null || fail "cannot enter $SWITCHBOARD_LAUNCH_CWD"
fi
launch_command=$SWITCHBOARD_LAUNCH_COMMAND
unset SWITCHBOARD_LAUNCH_COMMAND SWITCHBOARD_LAUNCH_CWD launch_file
if [ -n "$launch_command" ]; then
  # `sh -c` runs a simple command in place (exec), so a plain CLI line leaves no shell behind either.
  exec /bin/sh -c "$launch_command"
fi
exec "${SHELL:-/bin/sh}" -l
