import { chmodSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import {
  SwitchboardError,
  humanCaller,
  type Agent,
  type AttentionItem,
  type Caller,
  type CommandInput,
  type CommandName,
  type CommandOutput,
} from '@switchboard/protocol';
import { startHost, type Host } from '../../../src/index';
import { screenText, until } from '../../health/support/embedded-stack';

// Found by use (session 26's real walk): an agent whose pane ended with the host mid-turn comes back resuming its
// conversation, shows its last prompt and sits at its input box — `idle`, "finished" — and nothing continues it.
// A stand-in for Claude Code: its screens as 2.1.328 draws them (the input box between two rules, "esc to interrupt"
// while a turn runs; resumed, the last prompt above the input box and nothing else), a turn for each line typed:
// "Build…" runs forever, "Work…" three seconds (its spinner on one line, as Claude Code's), "Hang…" stops printing mid-turn, anything else is answered at once.
export const FAKE_CLAUDE = `#!/bin/bash
box() { printf '%s\\n' '────────────────────────' '❯ ' '────────────────────────' '  ⏸ manual mode on · ? for shortcuts'; }
printf '\\033[H\\033[2J' # a TUI starts on a clean screen (a restart in the same pane too)
for i in 1 2 3 4 5 6; do echo "loading $i"; sleep 0.25; done # output before its first frame: read \`working\`
printf '\\033[H\\033[2J'
echo "Claude Code v2.1.328 (stand-in) $*"
case " $* " in *" --resume "*) printf '\\n❯ Build the thing.\\n\\n' ;; esac
box
while IFS= read -r line; do
  printf '\\n❯ %s\\n\\n' "$line"
  case "$line" in
    Build*) while :; do printf '✻ Building… (3s · esc to interrupt)\\n'; sleep 0.3; done ;;
    Work*) for i in 1 2 3 4 5 6 7 8 9 10; do printf '\\r✻ Working… (%ss · esc to interrupt)' "$i"; sleep 0.3; done
      printf '\\r\\033[K● TURN: %s\\n\\n' "$line"; box ;;
    Ask*) printf '%s\\n' '● Creating the file' '  ⎿  $ touch out.txt' '────────────────────────' ' Bash command' ' touch out.txt' ' Do you want to proceed?' ' ❯ 1. Yes' '   2. No' ' Esc to cancel'
      read -r answer; printf '● TURN: %s\\n\\n' "$answer"; box ;;
    Hang*) printf '✻ Building… (3s · esc to interrupt)\\n'; exec sleep 600 ;;
    *) printf '● TURN: %s\\n\\n' "$line"; box ;;
  esac
done
`;

/** Hosts started by a test, closed after it (`forget` when the test closed one itself). */
const hosts: Host[] = [];
export const hostsPerTest = () =>
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.close();
  });
export const forgetHosts = () => void hosts.splice(0);

export const start = async (dataDir: string) => {
  const host = await startHost({ dataDir, backend: 'sim', writeHostFile: false });
  hosts.push(host);
  return host;
};
export const call = <N extends CommandName>(
  host: Host,
  name: N,
  input: CommandInput<N>,
  caller: Caller = humanCaller,
) => host.orchestrator.invoke(caller, name, input) as Promise<CommandOutput<N>>;
export const agentOf = async (host: Host, name: string) =>
  (await call(host, 'fleet.snapshot', {})).agents.find((a: Agent) => a.name === name)!;
export const openItems = async (host: Host, name: string) => {
  const id = (await agentOf(host, name)).id;
  return (await call(host, 'attention.list', {})).items.filter(
    (i: AttentionItem) => i.agentId === id && i.status === 'open',
  );
};
export const squeezed = (text: string) => text.replace(/\s+/g, '');
export const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: unknown) => (error instanceof SwitchboardError ? error.code : String(error)),
  );

export const screen = async (host: Host, name: string) =>
  screenText(await host.backend.readScreen((await agentOf(host, name)).paneId!));
export const stateIs = (host: Host, name: string, state: Agent['state']) =>
  until(
    async () => (await agentOf(host, name)).state === state,
    30_000,
    () => screen(host, name),
  );
/** What Claude Code's hooks report: a prompt submitted (with the session a restore resumes), a turn finished. */
export const hook = async (host: Host, name: string, event: 'UserPromptSubmit' | 'Stop') =>
  call(
    host,
    'health.reportHook',
    { event, sessionId: `sess-${name}` },
    {
      kind: 'agent',
      id: (await agentOf(host, name)).id,
    },
  );
/** The stand-in written into a fresh data folder. */
export function dataWithClaude(): { dataDir: string; claude: string } {
  const dataDir = realpathSync(mkdtempSync(join(tmpdir(), 'sb-interrupted-turn-')));
  const claude = join(dataDir, 'claude');
  writeFileSync(claude, FAKE_CLAUDE);
  chmodSync(claude, 0o755);
  return { dataDir, claude };
}
