import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { literalGlob, type ApprovalPolicy } from '@switchboard/protocol';
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

  it("an approve policy's pattern must match what is approved: the command, else the resource, else the summary", () => {
    // The agent writes the summary: a summary copied from an allowed command carried any command past the policy.
    const disguised = { ...subject, summary: 'npm test', payload: { command: 'npm publish' } };
    expect(policyMatches(policy({ pattern: 'npm test' }), disguised)).toBe(false);
    expect(policyMatches(policy({ pattern: 'npm test', action: 'deny' }), disguised)).toBe(true);
    expect(policyMatches(policy({ pattern: 'npm test', action: 'ask' }), disguised)).toBe(true);
    const lock = { ...subject, summary: 'bob asks for main', payload: { resource: 'branch:main' } };
    expect(policyMatches(policy({ pattern: 'branch:*' }), lock)).toBe(true);
    expect(policyMatches(policy({ pattern: 'bob asks*' }), lock)).toBe(false);
    expect(
      policyMatches(policy({ pattern: 'may I*' }), { ...subject, summary: 'may I go', payload: {} }),
    ).toBe(true);
  });

  it('a backslash makes *, ? and itself literal (literalGlob); any other backslash is itself', () => {
    expect(literalGlob('rm -rf build/* ?\\')).toBe('rm -rf build/\\* \\?\\\\');
    expect(matchesTextGlob(literalGlob('rm -rf build/*'), 'rm -rf build/*')).toBe(true);
    expect(matchesTextGlob(literalGlob('rm -rf build/*'), 'rm -rf build/../..')).toBe(false);
    expect(matchesTextGlob(literalGlob('a?b'), 'axb')).toBe(false);
    expect(matchesTextGlob(literalGlob('C:\\dir\\*'), 'C:\\dir\\*')).toBe(true);
    expect(matchesTextGlob('C:\\dir\\x*', 'C:\\dir\\xyz')).toBe(true);
    expect(matchesTextGlob('trailing\\', 'trailing\\')).toBe(true);
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

  it('globs match exactly as the case-insensitive regular expression they stand for (the oracle)', () => {
    // A backslash before *, ? or itself is that character literally (literalGlob); any other is itself.
    const asRegExp = (glob: string) => {
      let source = '';
      for (let i = 0; i < glob.length; i++) {
        const c = glob[i]!;
        const next = glob[i + 1];
        if (c === '\\' && next !== undefined && '*?\\'.includes(next)) {
          source += `\\${next}`;
          i++;
        } else if (c === '*') source += '[\\s\\S]*';
        else if (c === '?') source += '[\\s\\S]';
        else source += c.replace(/[.\\]/g, '\\$&');
      }
      return new RegExp(`^${source}$`, 'i');
    };
    const glob = fc
      .array(fc.constantFrom('a', 'B', 'b', '.', '*', '?', '\\'), { maxLength: 8 })
      .map((c) => c.join(''));
    const text = fc
      .array(fc.constantFrom('a', 'A', 'b', '.', 'x', '\n', '*', '?', '\\'), { maxLength: 12 })
      .map((c) => c.join(''));
    fc.assert(
      fc.property(glob, text, (g, t) => matchesTextGlob(g, t) === asRegExp(g).test(t)),
      { numRuns: 3000 },
    );
  });

  it("a human's many-star glob against an agent's long command is one walk, not backtracking", () => {
    // As a regular expression this never came back: each star multiplies the work by the text's length
    // (3 stars over 8 KiB: 3.5 s; these 6 over the 8 KiB a command may hold: years).
    const command = 'deploy to '.repeat(819);
    expect(matchesTextGlob('*deploy*to*deploy*to*deploy*prod*', command)).toBe(false);
    expect(matchesTextGlob('*deploy*to*deploy*to*deploy*to', command)).toBe(false);
    expect(matchesTextGlob('*deploy*to*deploy*to*deploy*to ', command)).toBe(true);
  });
});
