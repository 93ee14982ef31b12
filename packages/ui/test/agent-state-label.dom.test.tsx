import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentStateLabel } from '../src/views/org-chart/agent-state-label';

afterEach(cleanup);

describe('<AgentStateLabel>', () => {
  it('tells an agent whose program ended from one whose pane vanished, in words and on hover', () => {
    render(
      <>
        <AgentStateLabel state="exited" />
        <AgentStateLabel state="lost" />
        <AgentStateLabel state="working" />
      </>,
    );
    const [exited, lost, working] = screen.getAllByTestId('agent-state');
    expect(exited!.textContent).toBe('× exited');
    expect(exited!.title).toMatch(/program ended/);
    expect(lost!.textContent).toBe('∅ lost');
    expect(lost!.title).toMatch(/pane vanished while its program ran/);
    expect(lost!.className).toContain('state-lost');
    expect(working!.hasAttribute('title')).toBe(false);
  });
});
