// Messages are data, never commands: no combination of message kind, typeIntoPane, the recipient
// owner's pane-input setting, the sender's role and pane leases gets a command run in another agent's
// shell. Real bash shells on the embedded iTerm2-API server; each payload would create its own file.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOrchestrator, type Orchestrator } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import {
  humanCaller,
  SwitchboardError,
  type Approval,
  type Message,
  type MessageKind,
} from '@switchboard/protocol';
import { startSimWithBackend } from '../../../iterm-bridge/test/backend/sim-backend';

const STRESS = process.env['STRESS'] === '1';

/** Ways a text could try to become a command line in a shell; each creates `file` if it ever runs. */
const payloads = (file: string): string[] => [
  `hi; touch ${file}`,
  `$(touch ${file})`,
  `\`touch ${file}\``,
  `'; touch ${file}; echo '`,
  `it's fine'\\''; touch ${file} #`,
  `first line\ntouch ${file}`,
  `\r\ntouch ${file}\r`,
  `"; touch ${file}; "`,
  `ok && touch ${file}`,
  `\u0003touch ${file}\r`,
  `\u001b[201~; touch ${file}`,
  `\u009b0m'; touch ${file}; '`,
];

const KINDS: readonly MessageKind[] = ['instruction', 'request', 'reply', 'notification', 'event', 'handoff'];
const TYPE_INTO_PANE = ['auto', 'always', 'never'] as const;
const LEASES = ['none', 'third party', 'sender'] as const;

describe("a message never runs as a command in another agent's shell (embedded iTerm2-API server, real bash)", () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it(
    'over message kinds × typeIntoPane × pane-input settings × sender roles × leases',
    async () => {
      const folder = mkdtempSync(join(tmpdir(), 'sb-msg-shell-'));
      const marks = join(folder, 'marks');
      const terminal = await startSimWithBackend();
      const { backend } = terminal;
      const orchestrator: Orchestrator = createOrchestrator({
        databasePath: join(folder, 'db.sqlite'),
        backend,
        messaging: { pane: { checkIntervalMs: 100, confirmWindowMs: 400, lateWatchMs: 500 } },
      });
      cleanup = async () => {
        await orchestrator.close();
        await terminal.dispose();
        rmSync(folder, { recursive: true, force: true });
      };
      const human = (name: string, input: unknown) => orchestrator.invoke(humanCaller, name, input);
      const spawn = async (name: string, extra: Record<string, unknown>) =>
        (await human('agent.spawn', { name, ...extra })) as { id: string; paneId: string };
      const bash = '/bin/bash --norc --noprofile';
      // A claude-kind pane gets Claude Code's wiring arguments appended; `sh -c` drops them, so bash starts as is.
      const bashAsClaude = `sh -c 'exec ${bash}'`;
      // Recipients: shells, and a pane of a CLI kind that actually shows a shell (its CLI exited, or never was one).
      const victims = [
        { name: 'v-shell', spawn: { kind: 'shell', command: bash, role: 'builder' }, mode: 'cli' },
        { name: 'v-shell-off', spawn: { kind: 'shell', command: bash, role: 'builder' }, mode: 'off' },
        { name: 'v-shell-open', spawn: { kind: 'shell', command: bash, role: 'builder' }, mode: 'shell' },
        {
          name: 'v-claude-bash',
          spawn: { kind: 'claude', command: bashAsClaude, role: 'builder' },
          mode: 'cli',
        },
        {
          name: 'v-claude-bash-open',
          spawn: { kind: 'claude', command: bashAsClaude, role: 'builder' },
          mode: 'shell',
        },
      ] as const;
      const victimPanes = new Map<string, string>();
      for (const v of victims) {
        victimPanes.set(v.name, (await spawn(v.name, v.spawn)).paneId);
        await human('message.setPaneInput', { agent: v.name, mode: v.mode });
      }
      const senders = await Promise.all(
        ['researcher', 'builder', 'orchestrator'].map(async (role) => ({
          role,
          ...(await spawn(`s-${role}`, { kind: 'shell', role })),
        })),
      );
      const holder = await spawn('holder', { kind: 'shell', role: 'orchestrator' });
      // The senders' rights, not their pace, are under test: with STRESS's six kinds each sends ~270 messages as fast
      // as the host answers, past a role's 20 calls/s in bursts of 200 on a quiet machine (rate_limited, load 5).
      for (const role of ['researcher', 'builder', 'orchestrator'])
        await human('role.update', { name: role, rateLimit: { perMinute: 1_000_000, burst: 1_000_000 } });
      for (const paneId of victimPanes.values())
        await eventually(
          async () =>
            (await backend.readScreen(paneId)).lines.some((l) => /^\$ *$/.test(l)) ? true : undefined,
          60_000,
          'a prompt',
        );
      await backend.sendText(victimPanes.get('v-shell')!, `mkdir -p ${marks}\r`);
      await eventually(() => (existsSync(marks) ? true : undefined), 30_000, 'the marks folder');

      let n = 0;
      let refused = 0;
      const sent: string[] = [];
      for (const lease of LEASES) {
        const leases: string[] = [];
        for (const sender of senders) {
          const as = (name: string, input: unknown) =>
            orchestrator.invoke({ kind: 'agent', id: sender.id }, name, input);
          for (const victim of victims) {
            const paneId = victimPanes.get(victim.name)!;
            // A role without lock.acquire (researcher) holds no lease in this pass: it is then the same as "none".
            if (lease === 'sender') {
              const acquired = await as('lock.acquire', {
                resource: { kind: 'pane', name: paneId },
                ttlMs: 600_000,
              }).catch((error: unknown) => {
                if (error instanceof SwitchboardError && error.code === 'forbidden') return undefined;
                throw error;
              });
              if (acquired) leases.push((acquired as { id: string }).id);
            }
            if (lease === 'third party') {
              leases.push(
                (
                  (await orchestrator.invoke({ kind: 'agent', id: holder.id }, 'lock.acquire', {
                    resource: { kind: 'pane', name: paneId },
                    ttlMs: 600_000,
                  })) as { id: string }
                ).id,
              );
            }
            for (const typeIntoPane of TYPE_INTO_PANE) {
              const kinds = STRESS ? KINDS : [KINDS[n % KINDS.length]!];
              for (const kind of kinds) {
                const body = payloads(join(marks, `pwned-${n}`))[n % 12]!;
                n++;
                try {
                  const out = (await as('message.send', {
                    kind,
                    to: { agent: victim.name },
                    body,
                    typeIntoPane,
                    dedupe: false,
                  })) as { messageIds: string[] };
                  sent.push(...out.messageIds);
                } catch (error) {
                  if (!(error instanceof SwitchboardError) || error.code !== 'forbidden') throw error;
                  refused++;
                }
              }
            }
            for (const id of leases.splice(0)) await human('lock.release', { lockId: id });
          }
        }
      }
      // Handoffs wait for a decision: approve every one, so they are delivered too.
      const { approvals } = (await human('approval.list', { kind: 'handoff', limit: 1000 })) as {
        approvals: Approval[];
      };
      if (approvals.length)
        await human('approval.decide', {
          decisions: approvals.map((a) => ({ id: a.id, verdict: 'approve' })),
        });

      // Everything typed into a shell-mode pane settles (submitted, unconfirmed or failed); nothing else is ever typed.
      const history = async (agent: string) =>
        ((await human('message.history', { agent, limit: 500 })) as { messages: Message[] }).messages;
      for (const v of victims) {
        const settled = (m: Message) => ['submitted', 'unconfirmed', 'failed', 'none'].includes(m.pane.state);
        if (v.mode === 'shell')
          await eventually(
            async () => ((await history(v.name)).every(settled) ? true : undefined),
            STRESS ? 600_000 : 240_000,
            `${v.name}'s deliveries`,
          );
      }
      for (const v of victims) {
        const messages = await history(v.name);
        const typed = messages.filter((m) => m.pane.state === 'submitted');
        if (v.mode === 'shell') expect(typed.length).toBeGreaterThan(0);
        else expect(typed).toEqual([]);
      }
      // The texts did reach the open shells' prompts (so a command in them would have run) ...
      const openScreen = (
        await backend.readScreen(victimPanes.get('v-shell-open')!, { scrollback: 2000 })
      ).lines.join('\n');
      expect(openScreen).toContain("$ : '[switchboard");
      // ... and the same payload typed raw does run here (the check below can fail).
      const control = join(marks, 'control');
      await backend.sendText(victimPanes.get('v-shell')!, `hi; touch ${control}\r`);
      await eventually(() => (existsSync(control) ? true : undefined), 30_000, 'the control file');
      expect(readdirSync(marks).filter((f) => f.startsWith('pwned'))).toEqual([]);
      console.log(JSON.stringify({ sends: n, committed: sent.length, refusedByRole: refused }));
    },
    STRESS ? 900_000 : 400_000,
  );
});
