import { describe, expect, it } from 'vitest';
import type { ApprovalPolicy } from '@switchboard/protocol';
import {
  firstMatchingPolicy,
  matchesTextGlob,
  policyMatches,
  type PolicySubject,
} from '../../src/policy/policy-match';

const policy = (fields: Partial<ApprovalPolicy>): ApprovalPolicy => ({
  id: 'p',
  position: 0,
  kind: null,
  requester: null,
  team: null,
  holder: null,
  pattern: null,
  action: 'approve',
  comment: null,
  createdAt: '',
  ...fields,
});
const subject: PolicySubject = {
  kind: 'permission',
  summary: 'Run `npm test` in web',
  payload: { command: 'npm test' },
  requester: ['agent-1', 'builder-1'],
  team: ['team-1', 'web'],
  holder: [],
};

describe('policy matching', () => {
  it('matches on every field it sets, and anything on fields it leaves unset', () => {
    expect(policyMatches(policy({}), subject)).toBe(true);
    expect(policyMatches(policy({ kind: 'permission' }), subject)).toBe(true);
    expect(policyMatches(policy({ kind: 'handoff' }), subject)).toBe(false);
    expect(policyMatches(policy({ requester: 'builder-1' }), subject)).toBe(true);
    expect(policyMatches(policy({ requester: 'agent-1' }), subject)).toBe(true);
    expect(policyMatches(policy({ requester: 'tester-1' }), subject)).toBe(false);
    expect(policyMatches(policy({ team: 'web' }), subject)).toBe(true);
    expect(policyMatches(policy({ team: 'api' }), subject)).toBe(false);
    expect(policyMatches(policy({ holder: 'builder-2' }), subject)).toBe(false);
    expect(
      policyMatches(policy({ holder: 'builder-2' }), { ...subject, holder: ['agent-2', 'builder-2'] }),
    ).toBe(true);
  });

  it('matches the pattern against the summary, the command or the resource', () => {
    expect(policyMatches(policy({ pattern: 'npm test' }), subject)).toBe(true);
    expect(policyMatches(policy({ pattern: 'npm *' }), subject)).toBe(true);
    expect(policyMatches(policy({ pattern: '*rm -rf*' }), subject)).toBe(false);
    expect(
      policyMatches(policy({ pattern: 'file:src/*' }), { ...subject, payload: { resource: 'file:src/api' } }),
    ).toBe(true);
  });

  it('first match wins, by position', () => {
    const deny = policy({ id: 'deny', position: 0, pattern: '*rm -rf*', action: 'deny' });
    const ask = policy({ id: 'ask', position: 1, team: 'web', action: 'ask' });
    const approve = policy({ id: 'approve', position: 2, action: 'approve' });
    expect(firstMatchingPolicy([approve, ask, deny], subject)?.id).toBe('ask');
    expect(
      firstMatchingPolicy([approve, ask, deny], { ...subject, payload: { command: 'rm -rf /' } })?.id,
    ).toBe('deny');
    expect(firstMatchingPolicy([approve, ask, deny], { ...subject, team: [] })?.id).toBe('approve');
    expect(firstMatchingPolicy([], subject)).toBeUndefined();
  });

  it('globs are whole-text and case-insensitive, with regex characters taken literally', () => {
    expect(matchesTextGlob('git push*', 'git push --force')).toBe(true);
    expect(matchesTextGlob('push', 'git push')).toBe(false);
    expect(matchesTextGlob('a.b?', 'A.BC')).toBe(true);
    expect(matchesTextGlob('a.b', 'axb')).toBe(false);
  });
});
