import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AgentKind } from '@switchboard/protocol';
import { planAnswer, pickOf, readPrompt, type ScreenSnapshot } from '../../src/index';

const fixture = (path: string): ScreenSnapshot =>
  JSON.parse(
    readFileSync(new URL(`../fixtures/screens/${path}.json`, import.meta.url), 'utf8'),
  ) as ScreenSnapshot;

describe('readPrompt: permission prompts on real and hand-written screens', () => {
  it("reads Claude Code 2.1.328's Bash prompt (captured): tool, command, description, question and the four choices", () => {
    const prompt = readPrompt('claude', fixture('claude/waiting_for_input-permission'))!;
    expect(prompt).toMatchObject({
      style: 'select',
      tool: 'Bash command',
      command: 'touch build-output.txt',
      description: 'Create the build output file',
      question: 'Do you want to proceed?',
      denyIndex: 3,
    });
    expect(prompt.choices.map((c) => c.label)).toEqual([
      'Yes',
      expect.stringMatching(
        /^Yes, and always allow access to \/tmp\/sb-claude-project-\w+ from this project$/,
      ),
      'Yes, and switch to auto mode · auto mode handles these prompts for you',
      'No',
    ]);
    expect(prompt.choices.map((c) => c.selected)).toEqual([true, false, false, false]);
  });

  it("reads Claude Code 2.1.328's auto-mode dialog for an MCP tool (captured): unnumbered choices, No first", () => {
    const prompt = readPrompt('claude', fixture('claude/waiting_for_input-tool-use-auto-mode'))!;
    expect(prompt).toMatchObject({
      style: 'select',
      tool: 'Tool use',
      command: 'switchboard — Agent Whoami Tool: (MCP)',
      question: 'Do you want to proceed?',
      choices: [
        { label: 'No', selected: true },
        { label: 'Yes', selected: false },
      ],
      denyIndex: 0,
    });
  });

  it("reads Codex's and Gemini CLI's approval prompts (hand-written fixtures)", () => {
    expect(readPrompt('codex', fixture('codex/waiting_for_input'))).toMatchObject({
      command: 'cargo test --workspace',
      question: 'Would you like to run the following command?',
      denyIndex: 2,
      choices: [
        { label: 'Yes, proceed (y)', selected: true },
        { label: "Yes, and don't ask again for this command (a)" },
        { label: 'No, and tell Codex what to do differently (esc)' },
      ],
    });
    expect(readPrompt('gemini', fixture('gemini/waiting_for_input'))).toMatchObject({
      tool: 'Shell',
      command: 'npm test',
      question: "Allow execution of: 'npm'?",
      denyIndex: 2,
      choices: [
        { label: 'Yes, allow once', selected: true },
        { label: 'Yes, allow always ...' },
        { label: 'No, suggest changes (esc)' },
      ],
    });
  });

  it('reads a shell [y/N] question at the cursor as a typed prompt', () => {
    expect(readPrompt('shell', fixture('shell/waiting_for_input'))).toMatchObject({
      style: 'typed',
      question: 'Deploy to production? [y/N]',
      choices: [{ label: 'y' }, { label: 'n' }],
      denyIndex: 1,
    });
  });

  it.each<[AgentKind, string]>([
    ['claude', 'idle'],
    ['claude', 'working'],
    ['claude', 'error'],
    ['claude', 'starting'],
    ['claude', 'waiting_for_input-api-key'],
    ['codex', 'idle'],
    ['codex', 'working'],
    ['gemini', 'idle'],
    ['gemini', 'working'],
    ['shell', 'idle'],
    ['shell', 'working'],
  ])('finds no prompt on %s %s', (kind, name) => {
    expect(readPrompt(kind, fixture(`${kind}/${name}`))).toBeUndefined();
  });

  it('needs a cursor mark and a question: a numbered list in output is not a prompt', () => {
    const screen = { lines: ['Steps:', '  1. build', '  2. test', '$ '], cursor: { x: 2, y: 3 } };
    expect(readPrompt('claude', screen)).toBeUndefined();
    expect(
      readPrompt('claude', { lines: ['Plan?', '  1. build', '  2. test'], cursor: { x: 0, y: 2 } }),
    ).toBeUndefined();
  });

  it('gives the same prompt the same fingerprint and a different command another', () => {
    const screen = fixture('claude/waiting_for_input-permission');
    const other = {
      ...screen,
      lines: screen.lines.map((l) => l.replace('touch build-output.txt', 'rm -rf build')),
    };
    expect(readPrompt('claude', screen)!.identity.fingerprint).toBe(
      readPrompt('claude', structuredClone(screen))!.identity.fingerprint,
    );
    expect(readPrompt('claude', other)!.identity.fingerprint).not.toBe(
      readPrompt('claude', screen)!.identity.fingerprint,
    );
    expect(readPrompt('claude', other)!.command).toBe('rm -rf build');
  });
});

describe('planAnswer: the keys for a decision', () => {
  const claude = readPrompt('claude', fixture('claude/waiting_for_input-permission'))!;
  const choices = claude.choices.map((c) => c.label);

  it('approve presses Enter on the selected first option; a named choice walks to it; deny walks to "No"', () => {
    expect(planAnswer(claude, pickOf(choices, 'approve', null))).toEqual({ text: '', keys: ['enter'] });
    expect(planAnswer(claude, pickOf(choices, 'approve', choices[2]!))).toEqual({
      text: '',
      keys: ['down', 'down', 'enter'],
    });
    expect(planAnswer(claude, pickOf(choices, 'deny', null))).toEqual({
      text: '',
      keys: ['down', 'down', 'down', 'enter'],
    });
  });

  it('approve without a named choice takes the first option that is not "No": down then Enter where No comes first', () => {
    const autoMode = readPrompt('claude', fixture('claude/waiting_for_input-tool-use-auto-mode'))!;
    const labels = autoMode.choices.map((c) => c.label);
    expect(planAnswer(autoMode, pickOf(labels, 'approve', null))).toEqual({
      text: '',
      keys: ['down', 'enter'],
    });
    expect(planAnswer(autoMode, pickOf(labels, 'approve', 'Yes'))).toEqual({
      text: '',
      keys: ['down', 'enter'],
    });
    expect(planAnswer(autoMode, pickOf(labels, 'deny', null))).toEqual({ text: '', keys: ['enter'] });
  });

  it('an unnumbered list needs the cursor mark, a question right above and a tool call\'s "Esc to cancel · Tab to amend" below', () => {
    const prompt = ['Shall I go on?', ' ❯ No', '   Yes', '', ' Esc to cancel · Tab to amend'];
    const at = (lines: string[]) => readPrompt('claude', { lines, cursor: { x: 0, y: 0 } });
    expect(at(prompt)?.choices.map((c) => c.label)).toEqual(['No', 'Yes']);
    expect(at(prompt.slice(0, 4))).toBeUndefined();
    expect(at([...prompt.slice(0, 4), ' Enter to confirm · Esc to cancel'])).toBeUndefined();
    expect(at(['I said so.', ...prompt.slice(1)])).toBeUndefined();
    // A prompt the person typed, echoed over two lines after an answer that asked something, is not a dialog.
    expect(at(['● Should I go on?', '', '❯ yes, and then', '  run the tests', '', '✻ Done'])).toBeUndefined();
  });

  it('walks up from wherever the cursor is, and presses Escape to deny a list without a "no" option', () => {
    const moved = { ...claude, choices: claude.choices.map((c, i) => ({ ...c, selected: i === 3 })) };
    expect(planAnswer(moved, { index: 0 })).toEqual({ text: '', keys: ['up', 'up', 'up', 'enter'] });
    expect(planAnswer({ ...claude, denyIndex: undefined }, { deny: true })).toEqual({
      text: '',
      keys: ['escape'],
    });
  });

  it('types y or n and Enter into a shell question', () => {
    const shell = readPrompt('shell', fixture('shell/waiting_for_input'))!;
    expect(planAnswer(shell, pickOf(['y', 'n'], 'approve', null))).toEqual({ text: 'y', keys: ['enter'] });
    expect(planAnswer(shell, pickOf(['y', 'n'], 'deny', null))).toEqual({ text: 'n', keys: ['enter'] });
  });
});
