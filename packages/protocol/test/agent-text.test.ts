// What an agent writes that the person reads as a name, a label or a question is refused by the contract when it
// holds control characters or bidirectional overrides (a lease on `main` shown as another branch, a watch label that
// moves the text after it), and no agent may be named as the person or Switchboard.
import { describe, expect, it } from 'vitest';
import { commands, type CommandName } from '../src/index';

const HOSTILE = ['main\u0000x', 'main\u001b[2J', 'ma\u202ein', 'main\u2066x', 'x\u0085y', 'a\u007fb'];

const inputs: [CommandName, (text: string) => unknown][] = [
  ['lock.acquire', (t) => ({ resource: { kind: 'branch', name: t } })],
  ['lock.acquire', (t) => ({ resource: { kind: 'file', name: 'src/**' }, reason: t })],
  ['lock.request', (t) => ({ resource: { kind: 'file', name: t } })],
  ['pane.watch', (t) => ({ target: 'a', pattern: 'x', label: t })],
  ['vote.propose', (t) => ({ question: t, options: ['y', 'n'], voters: { agents: ['a'] } })],
  ['vote.propose', (t) => ({ question: 'q', options: [t, 'n'], voters: { agents: ['a'] } })],
  ['plan.create', (t) => ({ name: 'p', steps: [{ id: 's', task: t, assignee: { agent: 'a' } }] })],
];

describe('agent-written text the person reads', () => {
  it('is refused with control characters or bidirectional overrides; plain text and newlines where allowed pass', () => {
    for (const [name, input] of inputs) {
      const schema = commands[name].input;
      expect(schema.safeParse(input('main')).success, name).toBe(true);
      for (const text of HOSTILE)
        expect(schema.safeParse(input(text)).success, `${name} ${JSON.stringify(text)}`).toBe(false);
    }
    expect(commands['plan.create'].input.safeParse(inputs[6]![1]('line one\n\tline two')).success).toBe(true);
    expect(commands['lock.acquire'].input.safeParse(inputs[1]![1]('why:\nbecause')).success).toBe(true);
  });

  it('no agent is named human, you, system or switchboard, in any case; names that contain them are fine', () => {
    for (const name of ['human', 'Human', 'HUMAN', 'you', 'System', 'switchboard']) {
      expect(commands['agent.spawn'].input.safeParse({ name }).success, name).toBe(false);
      expect(commands['agent.rename'].input.safeParse({ agent: 'a', name }).success, name).toBe(false);
      expect(commands['agent.adopt'].input.safeParse({ pane: 'p', name }).success, name).toBe(false);
    }
    for (const name of ['human-1', 'humane', 'system2', 'my-switchboard'])
      expect(commands['agent.spawn'].input.safeParse({ name }).success, name).toBe(true);
  });
});
