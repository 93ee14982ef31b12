import { describe, expect, it } from 'vitest';
import { isSimpleCommand } from '../../src/fleet/simple-command';

describe("isSimpleCommand: may `exec` replace the launcher's shell with this line?", () => {
  it.each([
    'claude',
    "claude --mcp-config '/data/agents/a b/claude-mcp.json' --settings /x --resume 0b4f6c1e-8f0a-4c55-9d7e-2a1f3b5c7d9e",
    `codex -c "mcp_servers.switchboard.url=\\"$SWITCHBOARD_URL/mcp\\"" -c 'mcp_servers.switchboard.bearer_token_env_var="SWITCHBOARD_TOKEN"'`,
    "/usr/bin/node '/opt/demo agent.js' ada",
    "gemini --model 'gemini-2.5-pro' 'a;b' \"x|y\"",
    'printf %s\\;done',
  ])('yes: %s', (line) => expect(isSimpleCommand(line)).toBe(true));

  it.each([
    '',
    '   ',
    'make build && make watch',
    'a; b',
    'a | b',
    'a || b',
    'cmd > out.log',
    'cmd < in',
    'sleep 1 &',
    '(cd x; y)',
    'FOO=1 claude',
    'export X=1; gemini',
    'if true; then x; fi',
    '{ a; }',
    '! false',
    'echo $(whoami)',
    'echo `whoami`',
    'echo "$(whoami)"',
    'claude # comment',
    "echo 'unclosed",
    'a\nb',
    'exec claude',
    'for x in 1; do y; done',
    'exit 7',
    'cd /tmp',
    ': nothing',
    '. ./env.sh',
    'export X=1',
    'wait',
  ])('no: %j', (line) => expect(isSimpleCommand(line)).toBe(false));
});
