import { cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, humanCaller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { StoreContext, createFleetStore } from '../src/index';
import { TeamForm } from '../src/views/team-form';
import { realFleet } from './real-fleet';

afterEach(cleanup);
configure({ asyncUtilTimeout: 10_000 });

describe('a name typed while the host answers the previous submit', () => {
  it('is kept: the team form empties its field only if it still holds the name it sent', async () => {
    const fleet = await realFleet({});
    const store = createFleetStore(createClient(createLinkedTransport(fleet.orchestrator, humanCaller)));
    render(
      <StoreContext.Provider value={store}>
        <TeamForm />
      </StoreContext.Provider>,
    );
    const field = screen.getByPlaceholderText('backend') as HTMLInputElement;
    const button = screen.getByRole('button', { name: 'Create team' }) as HTMLButtonElement;
    fireEvent.change(field, { target: { value: 'frontend' } });
    fireEvent.click(button);
    // Typed before the host has answered team.create for "frontend".
    fireEvent.change(field, { target: { value: 'backend' } });
    await waitFor(async () => {
      const { teams } = (await fleet.orchestrator.invoke(humanCaller, 'fleet.snapshot', {})) as {
        teams: { name: string }[];
      };
      expect(teams.map((t) => t.name)).toEqual(['frontend']);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(field.value).toBe('backend');
    expect(button.disabled).toBe(false);

    // Nothing typed meanwhile: the field empties after the answer, as before.
    fireEvent.click(button);
    await waitFor(() => expect(field.value).toBe(''));
    const { teams } = (await fleet.orchestrator.invoke(humanCaller, 'fleet.snapshot', {})) as {
      teams: { name: string }[];
    };
    expect(teams.map((t) => t.name).sort()).toEqual(['backend', 'frontend']);
  });
});
