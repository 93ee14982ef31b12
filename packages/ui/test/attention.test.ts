import { describe, expect, it } from 'vitest';
import { attentionOf } from '../src/index';
import { idOf, realFleet } from './real-fleet';

describe('attentionOf', () => {
  it('raises a notice when an agent starts needing a person, once, with the agent to go to', async () => {
    const { state } = await realFleet({ agents: [{ name: 'w1' }] });
    const agent = state.agents[idOf(state, 'w1')]!;
    const waiting = { type: 'agent.updated' as const, sequence: state.sequence + 1, at: 't', agent: { ...agent, state: 'waiting_for_input' as const } };
    expect(attentionOf(state, waiting)).toMatchObject({ tone: 'attention', title: 'w1 is waiting for input', agentId: agent.id });
    const already = { ...state, agents: { [agent.id]: waiting.agent } };
    expect(attentionOf(already, { ...waiting, sequence: waiting.sequence + 1 })).toBeNull();
    expect(attentionOf(state, { ...waiting, agent: { ...agent, state: 'working' } })).toBeNull();
    expect(attentionOf(state, { ...waiting, agent: { ...agent, state: 'error' } })).toMatchObject({ tone: 'error', title: 'w1 is error' });
  });

  it('turns human.notify from an agent into a toast naming it', async () => {
    const { state } = await realFleet({ agents: [{ name: 'w1' }] });
    const id = idOf(state, 'w1');
    const notice = attentionOf(state, {
      type: 'human.notified', sequence: state.sequence + 1, at: 't',
      notification: { id: 'n1', fromAgentId: id, level: 'blocked', summary: 'need a token', details: null, createdAt: 't' },
    });
    expect(notice).toMatchObject({ tone: 'error', title: 'w1: need a token', agentId: id });
  });
});
