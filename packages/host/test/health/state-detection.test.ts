// State detection with real processes on the embedded iTerm2-API server: real bash, and real Claude
// Code 2.1.328 offline against a scripted model, with and without hooks.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type AgentState, type EventOf, type SwitchboardEvent } from '@switchboard/protocol';
import type { Host } from '../../src/index';
import { spawnSandboxedClaude, submitToClaude } from './support/claude-env';
import { screenText, startEmbeddedHost, until } from './support/embedded-stack';
import { startScriptedModel, type ScriptedModel } from '../../../../test/support/scripted-model';
import { HOOK_COMMAND, quote } from '../support/shell-words';

describe('state detection on the embedded iTerm2-API server (real processes)', () => {
  let host: Host | undefined;
  let model: ScriptedModel | undefined;
  afterEach(async () => {
    await host?.close();
    await model?.close();
    host = model = undefined;
  });

  function record(target: Host) {
    const changes: EventOf<'health.state_changed'>[] = [];
    target.orchestrator.subscribe((event: SwitchboardEvent) => {
      if (event.type === 'health.state_changed') changes.push(event);
    });
    return changes;
  }

  async function reach(target: Host, agentId: string, paneId: string, state: AgentState, timeoutMs = 60_000) {
    return until(
      () =>
        target.orchestrator.health.get(agentId).state === state
          ? target.orchestrator.health.get(agentId)
          : undefined,
      timeoutMs,
      async () =>
        `state ${target.orchestrator.health.get(agentId).state} ${JSON.stringify(target.orchestrator.health.get(agentId).signals)}\n${screenText(await target.backend.readScreen(paneId))}`,
    );
  }

  it('a shell program that prints, then blocks on input, is waiting_for_input', async () => {
    host = await startEmbeddedHost();
    const changes = record(host);
    const script =
      'for i in 1 2 3 4 5; do echo "preparing step $i"; sleep 0.1; done; printf "Release version? "; read answer; echo "got $answer"; sleep 30';
    const agent = (await host.orchestrator.invoke(humanCaller, 'agent.spawn', {
      name: 'asker',
      kind: 'shell',
      command: `bash -c ${quote(script)}`,
    })) as { id: string; paneId: string };
    const health = await reach(host, agent.id, agent.paneId, 'waiting_for_input', 30_000);
    expect(health.signals[0]).toMatchObject({ source: 'screen', detail: 'question at the cursor' });
    expect(changes.map((c) => c.health.state)).toContain('waiting_for_input');
    // Answering moves it on; the badge carries the state, the team colour stays unset.
    await host.backend.sendText(agent.paneId, '1.2.3\r');
    await until(
      async () => /got 1\.2\.3/.test(screenText(await host!.backend.readScreen(agent.paneId))) || undefined,
      10_000,
      () => 'no echo',
    );
    const snapshot = (await host.orchestrator.invoke(humanCaller, 'fleet.snapshot', {})) as {
      agents: { state: string }[];
    };
    expect(snapshot.agents[0]!.state).not.toBe('starting');
  }, 60_000);

  it('a dozen custom agents in one team, at a read -p prompt in narrow panes, all become waiting_for_input', async () => {
    // Seen under load: the question wrapped at the pane's width (cursor on the next row) and a resize
    // reflowed it without a screen update, so some agents stayed `starting` or `working` (then `hung`).
    host = await startEmbeddedHost();
    await host.orchestrator.invoke(humanCaller, 'team.create', { name: 'askers' });
    const agents: { id: string; paneId: string }[] = [];
    for (let i = 0; i < 12; i++) {
      const command = `bash --norc --noprofile -c ${quote('read -p "Continue? " a; echo "answer=$a"; sleep 600')}`;
      agents.push(
        (await host.orchestrator.invoke(humanCaller, 'agent.spawn', {
          name: `asker-${i}`,
          team: 'askers',
          kind: 'custom',
          command,
        })) as { id: string; paneId: string },
      );
    }
    for (const agent of agents) await reach(host, agent.id, agent.paneId, 'waiting_for_input', 30_000);
  }, 120_000);

  it('a program declaring its state with OSC 1337 SetUserVar is heard through the iTerm2 API (variable monitor)', async () => {
    host = await startEmbeddedHost();
    const declare =
      'echo "starting the migration"; sleep 0.5; printf "\\033]1337;SetUserVar=switchboardState=%s\\007" "$(printf error | base64)"; sleep 30';
    const agent = (await host.orchestrator.invoke(humanCaller, 'agent.spawn', {
      name: 'declarer',
      kind: 'shell',
      command: `bash -c ${quote(declare)}`,
    })) as { id: string; paneId: string };
    const health = await reach(host, agent.id, agent.paneId, 'error', 20_000);
    expect(health.signals[0]).toMatchObject({ source: 'declared', state: 'error' });
  }, 60_000);

  it('pane.waitFor until idle follows the detected state of a real program, and times out with a summary', async () => {
    host = await startEmbeddedHost();
    const busyThenAsk =
      'for i in $(seq 1 15); do echo "building part $i"; sleep 0.1; done; printf "Deploy now? [y/N] "; read answer; sleep 30';
    const asker = (await host.orchestrator.invoke(humanCaller, 'agent.spawn', {
      name: 'deployer',
      kind: 'shell',
      command: `bash -c ${quote(busyThenAsk)}`,
    })) as { id: string };
    const waited = (await host.orchestrator.invoke(humanCaller, 'pane.waitFor', {
      target: 'deployer',
      until: 'idle',
      timeoutSeconds: 30,
    })) as { completed: boolean; timedOut: boolean; state: AgentState };
    expect(waited).toMatchObject({ completed: true, timedOut: false, state: 'waiting_for_input' });
    expect(host.orchestrator.health.get(asker.id).state).toBe('waiting_for_input');

    const forever = 'while true; do echo "compiling $RANDOM"; sleep 0.05; done';
    await host.orchestrator.invoke(humanCaller, 'agent.spawn', {
      name: 'busy',
      kind: 'shell',
      command: `bash -c ${quote(forever)}`,
    });
    const gaveUp = (await host.orchestrator.invoke(humanCaller, 'pane.waitFor', {
      target: 'busy',
      until: 'idle',
      timeoutSeconds: 2,
    })) as { completed: boolean; timedOut: boolean; summary: string };
    expect(gaveUp).toMatchObject({ completed: false, timedOut: true });
    expect(gaveUp.summary).toMatch(/compiling \d+/);
  }, 60_000);

  async function claudeRun(withHooks: boolean) {
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    model = await startScriptedModel([
      // The tool call is held mid-stream, so the turn stays visibly "working" until the test releases it.
      {
        kind: 'tool_use',
        name: 'Bash',
        input: { command: 'touch release-notes.md', description: 'Create the release notes file' },
        hold,
      },
      { kind: 'text', text: 'Created release-notes.md.' },
    ]);
    host = await startEmbeddedHost(withHooks ? { claudeHookCommand: HOOK_COMMAND } : {});
    const changes = record(host);
    const { agent, paneId, sandbox } = await spawnSandboxedClaude(host, { modelUrl: model.url, withHooks });
    const type = (text: string) => submitToClaude(host!.backend, paneId, text);
    await reach(host, agent.id, paneId, 'idle');
    await type('prepare the release');
    const working = await reach(host, agent.id, paneId, 'working');
    release();
    let waiting = await reach(host, agent.id, paneId, 'waiting_for_input');
    if (withHooks) {
      // The screen decides first (the PreToolUse hook's `working` came before the dialog); Claude Code's
      // Notification hook comes seconds later and confirms the state while the prompt waits.
      waiting = await until(
        () => {
          const health = host!.orchestrator.health.get(agent.id);
          return health.state === 'waiting_for_input' &&
            health.signals.some((s) => s.source === 'hook' && s.state === 'waiting_for_input')
            ? health
            : undefined;
        },
        20_000,
        () => JSON.stringify(host!.orchestrator.health.get(agent.id)),
      );
    }
    // Answered as Switchboard answers it (approval.decide): the answerer waits until the dialog has settled
    // (Claude Code drops keys pressed right after drawing it) and presses again while it stays. A bare '1'
    // typed the moment the screen showed the prompt was dropped at load ~18: the prompt stayed for 60 s.
    const { approvals } = (await until(
      async () => {
        const listed = (await host!.orchestrator.invoke(humanCaller, 'approval.list', {
          kind: 'permission',
        })) as { approvals: { id: string; requester: string }[] };
        return listed.approvals.some((a) => a.requester === agent.id) ? listed : undefined;
      },
      30_000,
      () => JSON.stringify(host!.orchestrator.health.get(agent.id)),
    ))!;
    await host.orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: approvals.find((a) => a.requester === agent.id)!.id, verdict: 'approve' }],
    });
    const idle = await reach(host, agent.id, paneId, 'idle');
    const states = changes.map((c) => c.health.state);
    const from = states.lastIndexOf('working', states.indexOf('waiting_for_input'));
    expect(states.slice(from)).toEqual(expect.arrayContaining(['working', 'waiting_for_input', 'idle']));
    return { agentId: agent.id, sandbox, working, waiting, idle, states };
  }

  it('real Claude Code without hooks: working → permission prompt → idle, from the screen alone', async () => {
    const run = await claudeRun(false);
    expect(run.waiting.signals[0]).toMatchObject({ source: 'screen', detail: 'permission prompt' });
    expect(run.working.signals.map((s) => s.source)).toContain('screen');
    expect(
      [...run.working.signals, ...run.waiting.signals, ...run.idle.signals].some((s) => s.source === 'hook'),
    ).toBe(false);
  }, 180_000);

  it('real Claude Code with hooks: the same states, confirmed by hooks (high confidence)', async () => {
    const run = await claudeRun(true);
    // The hooks came from the agent's own settings file (--settings), outside the project folder, which stays untouched.
    const settings = JSON.parse(
      readFileSync(join(host!.dataDir, 'agents', run.agentId, 'claude-settings.json'), 'utf8'),
    ) as { hooks: Record<string, unknown> };
    expect(Object.keys(settings.hooks)).toEqual(
      expect.arrayContaining(['Notification', 'PreToolUse', 'Stop']),
    );
    expect(existsSync(join(run.sandbox.cwd, '.claude'))).toBe(false);
    const history = (await host!.orchestrator.invoke(humanCaller, 'health.history', {
      agent: run.agentId,
    })) as { transitions: { state: string; signals: { source: string; detail: string }[] }[] };
    const hookDetails = history.transitions.flatMap((t) =>
      t.signals.filter((s) => s.source === 'hook').map((s) => s.detail),
    );
    expect(hookDetails.length).toBeGreaterThan(0);
    const final = await until(
      () => {
        const health = host!.orchestrator.health.get(run.agentId);
        // The Stop hook arrives first; the screen's input box then agrees with it.
        return health.confidence === 'high' &&
          health.signals.some((s) => s.source === 'hook' && /Stop/.test(s.detail))
          ? health
          : undefined;
      },
      20_000,
      () => JSON.stringify(host!.orchestrator.health.get(run.agentId)),
    );
    expect(final).toMatchObject({ state: 'idle', confidence: 'high' });
    expect(run.waiting).toMatchObject({ state: 'waiting_for_input', confidence: 'high' });
    expect(run.waiting.signals.slice(0, 2)).toMatchObject([
      { source: 'hook', detail: 'hook Notification: permission prompt' },
      { source: 'screen', detail: 'permission prompt' },
    ]);
  }, 180_000);
});
