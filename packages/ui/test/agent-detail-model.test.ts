import { describe, expect, it } from 'vitest';
import type { Lock, Message } from '@switchboard/protocol';
import { emptyFleet } from '../src/store/fleet-state';
import {
  lastTraceOf,
  locksHeldBy,
  mailOf,
  recoverySummary,
  touchesMail,
  touchesRecovery,
} from '../src/views/agent-detail/agent-detail-model';
import { paletteEntries } from '../src/shell/palette-entries';
import { sampleMessage } from './support/sample-message';

const message = (id: string, senderId: string, recipientId: string, createdAt: string): Message =>
  sampleMessage({ id, senderId, recipientId, createdAt });
const lock = (id: string, owner: string, acquiredAt: string): Lock => ({
  id,
  owner,
  resource: { kind: 'file', name: `src/${id}` },
  reason: null,
  acquiredAt,
  renewedAt: acquiredAt,
  expiresAt: acquiredAt,
});

describe('agent detail model', () => {
  it('splits history into inbox and outbox, newest first; a note to itself is in both', () => {
    const mail = mailOf(
      [
        message('old-in', 'human', 'a', '2026-01-01T00:00:01Z'),
        message('out', 'a', 'b', '2026-01-01T00:00:02Z'),
        message('new-in', 'b', 'a', '2026-01-01T00:00:03Z'),
        message('self', 'a', 'a', '2026-01-01T00:00:04Z'),
        message('elsewhere', 'b', 'c', '2026-01-01T00:00:05Z'),
      ],
      'a',
    );
    expect(mail.inbox.map((m) => m.id)).toEqual(['self', 'new-in', 'old-in']);
    expect(mail.outbox.map((m) => m.id)).toEqual(['self', 'out']);
  });

  it("the last trace is the newest message's (in or out) that has a trace id; none without tracing", () => {
    const traced = (m: Message, traceId: string | null): Message => ({ ...m, traceId });
    const history = [
      traced(message('old-in', 'b', 'a', '2026-01-01T00:00:01Z'), '4bf92f3577b34da6a3ce929d0e0e4736'),
      traced(message('out', 'a', 'b', '2026-01-01T00:00:02Z'), '0af7651916cd43dd8448eb211c80319c'),
      traced(message('new-in', 'b', 'a', '2026-01-01T00:00:03Z'), null),
      traced(message('elsewhere', 'b', 'c', '2026-01-01T00:00:04Z'), 'ffffffffffffffffffffffffffffffff'),
    ];
    expect(lastTraceOf(mailOf(history, 'a'))).toEqual({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      messageId: 'out',
      createdAt: '2026-01-01T00:00:02Z',
    });
    expect(
      lastTraceOf(
        mailOf(
          history.map((m) => traced(m, null)),
          'a',
        ),
      ),
    ).toBeUndefined();
  });

  it('lists the locks an agent holds, oldest first', () => {
    const state = {
      ...emptyFleet,
      locks: {
        x: lock('x', 'a', '2026-01-01T00:00:02Z'),
        y: lock('y', 'b', '2026-01-01T00:00:01Z'),
        z: lock('z', 'a', '2026-01-01T00:00:01Z'),
      },
    };
    expect(locksHeldBy(state, 'a').map((l) => l.id)).toEqual(['z', 'x']);
  });

  it('refreshes mail on message events only', () => {
    expect(touchesMail({ type: 'message.delivered' })).toBe(true);
    expect(touchesMail({ type: 'pane.screen' })).toBe(false);
  });

  it("refreshes the recovery log on the agent's own and fleet-wide recovery events", () => {
    const at = { sequence: 1, at: '2026-01-01T00:00:00Z' };
    expect(touchesRecovery({ type: 'recovery.paused', agentId: null, reason: null, ...at }, 'a')).toBe(true);
    expect(touchesRecovery({ type: 'recovery.breaker_closed', agentId: 'a', ...at }, 'a')).toBe(true);
    expect(touchesRecovery({ type: 'recovery.breaker_closed', agentId: 'b', ...at }, 'a')).toBe(false);
    expect(touchesRecovery({ type: 'team.deleted', teamId: 't', ...at }, 'a')).toBe(false);
  });

  it("sums up an agent's recovery in one line", () => {
    const status = {
      agentId: 'a',
      name: 'a',
      state: 'hung',
      paused: true,
      pausedSelf: false,
      breaker: 'open',
      failures: 3,
      episode: { trigger: 'hung', startedAt: '2026-01-01T00:00:00Z', step: 'restart', attempts: {} },
      totalAttempts: 4,
      heartbeat: { at: '2026-01-01T00:00:00Z', source: 'output', ageMs: 125_400 },
      hungAfterMs: 120_000,
      lastStep: null,
    } as const;
    expect(recoverySummary(status)).toBe(
      'breaker open · recovery paused fleet-wide · 3 failed steps · episode: hung, at restart · heartbeat 125 s ago (output)',
    );
  });

  it('offers "Open NAME details" in the palette', () => {
    const agent = { id: 'a1', name: 'builder-1', kind: 'shell', role: 'builder', state: 'idle' } as never;
    const state = { ...emptyFleet, agents: { a1: agent } };
    expect(paletteEntries(state, 'open build').map((e) => e.action)).toEqual([
      { type: 'open', agentId: 'a1' },
    ]);
  });
});
