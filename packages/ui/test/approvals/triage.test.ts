import { describe, expect, it } from 'vitest';
import { humanCaller, type Approval, type Caller, type CommandInput } from '@switchboard/protocol';
import {
  alwaysAllowPolicy,
  batchGroups,
  choiceButtons,
  riskFlags,
  triageOrder,
  verdictButton,
} from '../../src/approvals/triage';
import { idOf, realFleet } from '../real-fleet';

/** Items raised by a real core, so they carry what the host really sends (redaction, expiry, choices). */
async function queue() {
  const fleet = await realFleet({
    teams: [{ name: 'web' }],
    agents: [
      { name: 'asker', team: 'web' },
      { name: 'other', team: 'web' },
    ],
  });
  const as = (name: string): Caller => ({ kind: 'agent', id: idOf(fleet.state, name) });
  const request = async (
    name: string,
    input: Partial<CommandInput<'approval.request'>> & { summary: string },
  ) =>
    (
      (await fleet.orchestrator.invoke(as(name), 'approval.request', { kind: 'permission', ...input })) as {
        approval: Approval;
      }
    ).approval;
  return { ...fleet, as, request };
}

describe('riskFlags', () => {
  it('flags destructive commands, production paths and secrets; a plain command has none', async () => {
    const { request } = await queue();
    expect(riskFlags(await request('asker', { summary: 'tests', payload: { command: 'npm test' } }))).toEqual(
      [],
    );
    expect(
      riskFlags(await request('asker', { summary: 'clean', payload: { command: 'rm -rf build/' } })),
    ).toEqual(['destructive']);
    expect(
      riskFlags(
        await request('asker', {
          summary: 'migrate',
          payload: { command: 'psql -c "DROP TABLE users" prod-db' },
        }),
      ),
    ).toEqual(['destructive', 'production']);
    expect(
      riskFlags(await request('asker', { summary: 'Edit .env', payload: { command: 'vim .env' } })),
    ).toEqual(['secret']);
    expect(
      riskFlags(
        await request('asker', { summary: 'push', payload: { command: 'git push --force origin main' } }),
      ),
    ).toEqual(['destructive']);
    expect(riskFlags(await request('asker', { summary: 'Deploy to production' }))).toEqual(['production']);
  });
});

describe('triageOrder', () => {
  it('puts what expires within five minutes first (soonest first), then the rest by risk, then deadline', async () => {
    const { request, clock } = await queue();
    const later = await request('asker', { summary: 'later, harmless', expiresInMs: 60 * 60_000 });
    const laterRisky = await request('asker', {
      summary: 'later, risky',
      payload: { command: 'rm -rf /srv/data' },
      expiresInMs: 90 * 60_000,
    });
    const soon = await request('asker', { summary: 'soon', expiresInMs: 4 * 60_000 });
    const sooner = await request('other', { summary: 'sooner', expiresInMs: 45_000 });
    const order = triageOrder([later, laterRisky, soon, sooner], clock.now());
    expect(order.map((a) => a.summary)).toEqual(['sooner', 'soon', 'later, risky', 'later, harmless']);
    // Time passes: the hour-long item is now inside the urgent window, ahead of the risky one.
    const afterwards = triageOrder([later, laterRisky], clock.now() + 57 * 60_000);
    expect(afterwards.map((a) => a.summary)).toEqual(['later, harmless', 'later, risky']);
  });
});

describe('choiceButtons', () => {
  it('offers Approve / Deny for a plain item and every CLI choice otherwise, the No-like ones as denials, keys 1…', async () => {
    const { request } = await queue();
    const plain = await request('asker', { summary: 'plain' });
    expect(choiceButtons(plain)).toEqual([
      { label: 'Approve', verdict: 'approve', key: '1' },
      { label: 'Deny', verdict: 'deny', key: '2' },
    ]);
    const cli = await request('asker', {
      summary: 'Bash command: touch x',
      choices: [
        'Yes',
        'Yes, and always allow access to x/ from this project',
        'No, and tell Claude what to do differently',
      ],
    });
    expect(choiceButtons(cli).map((b) => [b.key, b.verdict, b.choice])).toEqual([
      ['1', 'approve', 'Yes'],
      ['2', 'approve', 'Yes, and always allow access to x/ from this project'],
      ['3', 'deny', 'No, and tell Claude what to do differently'],
    ]);
    expect(verdictButton(cli, 'deny').choice).toBe('No, and tell Claude what to do differently');
    const shell = await request('asker', { summary: 'asker asks: Continue? [y/N]', choices: ['y', 'n'] });
    expect(choiceButtons(shell).map((b) => [b.label, b.verdict])).toEqual([
      ['y', 'approve'],
      ['n', 'deny'],
    ]);
    const lock = await request('asker', {
      kind: 'lock',
      summary: 'asker asks for file a.ts',
      choices: ['hand over', 'keep'],
    });
    expect(choiceButtons(lock).map((b) => b.verdict)).toEqual(['approve', 'deny']);
    const plan = await request('asker', {
      kind: 'plan_step',
      summary: 'Which way?',
      choices: ['retry', 'skip', 'rewrite'],
    });
    expect(choiceButtons(plan).map((b) => b.verdict)).toEqual(['approve', 'approve', 'approve']);
    expect(verdictButton(plan, 'deny')).toEqual({ label: 'Deny', verdict: 'deny', key: '' });
  });

  it("a plan step's third choice, sent as the choice, is what the core records", async () => {
    const { request, orchestrator } = await queue();
    const plan = await request('asker', {
      kind: 'plan_step',
      summary: 'Which way?',
      choices: ['retry', 'skip', 'rewrite'],
    });
    const third = choiceButtons(plan)[2]!;
    const { approvals } = (await orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: plan.id, verdict: third.verdict, choice: third.choice }],
    })) as { approvals: Approval[] };
    expect(approvals[0]!.decision).toMatchObject({ verdict: 'approve', choice: 'rewrite' });
  });
});

describe('alwaysAllowPolicy', () => {
  it('writes a policy the core applies to the next identical item from that agent, and to no other', async () => {
    const { request, orchestrator } = await queue();
    const first = await request('asker', { summary: 'tests', payload: { command: 'npm test -- --run' } });
    await orchestrator.invoke(humanCaller, 'policy.add', alwaysAllowPolicy(first, 'asker'));
    const again = await request('asker', {
      summary: 'tests again',
      payload: { command: 'npm test -- --run' },
    });
    expect(again).toMatchObject({ status: 'approved', decision: { automatic: true } });
    const otherCommand = await request('asker', { summary: 'other', payload: { command: 'npm publish' } });
    expect(otherCommand.status).toBe('pending');
    const otherAgent = await request('other', {
      summary: 'tests',
      payload: { command: 'npm test -- --run' },
    });
    expect(otherAgent.status).toBe('pending');
  });

  it("takes the agent's command literally and approves only that command, whatever a later summary says", async () => {
    const { request, orchestrator } = await queue();
    const first = await request('asker', { summary: 'clean', payload: { command: 'rm -rf build/*' } });
    await orchestrator.invoke(humanCaller, 'policy.add', alwaysAllowPolicy(first, 'asker'));
    const same = await request('asker', { summary: 'clean again', payload: { command: 'rm -rf build/*' } });
    expect(same.status).toBe('approved');
    // Its `*` was a wildcard: the policy approved any command that began the same way.
    const wider = await request('asker', { summary: 'clean', payload: { command: 'rm -rf build/../..' } });
    expect(wider.status).toBe('pending');
    // The pattern also matched the summary, which the agent writes: any command under a copied summary passed.
    const test = await request('asker', { summary: 'tests', payload: { command: 'npm test' } });
    await orchestrator.invoke(humanCaller, 'policy.add', alwaysAllowPolicy(test, 'asker'));
    const disguised = await request('asker', { summary: 'npm test', payload: { command: 'npm publish' } });
    expect(disguised.status).toBe('pending');
  });
});

describe('batchGroups', () => {
  it('groups pending ids by requester and by kind', async () => {
    const { request, state } = await queue();
    const a = await request('asker', { summary: 'a' });
    const b = await request('asker', { kind: 'escalation', summary: 'b' });
    const c = await request('other', { summary: 'c' });
    const { byRequester, byKind } = batchGroups([a, b, c]);
    expect(byRequester.get(idOf(state, 'asker'))).toEqual([a.id, b.id]);
    expect(byKind.get('permission')).toEqual([a.id, c.id]);
  });
});
