import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator, type Orchestrator } from '@switchboard/core';
import { humanCaller, isCommandName, type SwitchboardEvent } from '@switchboard/protocol';
import { applyFleetEvent, emptyFleetState, type FleetState } from '../src/main/fleet-state';
import { trayActionCall, trayModel, type TrayAction, type TrayItem } from '../src/main/tray-model';

const actions = (items: TrayItem[]): TrayAction[] =>
  items.flatMap((i) => (i.kind === 'action' ? [i.action] : []));

// The menu bar's recovery switch against a real core: the call it makes, the event that comes back,
// the menu it then shows, and the state the host keeps.
describe('the menu-bar recovery switch, end to end on a real core', () => {
  let core: Orchestrator | undefined;
  afterEach(async () => core?.close());

  it('pauses and resumes automatic recovery fleet-wide, and the menu follows the host’s events', async () => {
    core = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
    const capabilities = {
      recoveryControls: isCommandName('health.pause') && isCommandName('health.resume'),
    };
    expect(capabilities.recoveryControls).toBe(true);
    let state: FleetState = emptyFleetState;
    core.subscribe((event: SwitchboardEvent) => (state = applyFleetEvent(state, event)));
    const click = async (action: TrayAction) => {
      const call = trayActionCall(action)!;
      await core!.invoke(humanCaller, call.name, call.input);
    };

    expect(actions(trayModel(state, capabilities).items)).toContainEqual({ type: 'pause-recovery' });
    await click({ type: 'pause-recovery' });
    expect(core.recovery.status(undefined).paused).toBe(true);
    expect(state.recoveryPaused).toBe(true);
    const paused = trayModel(state, capabilities).items;
    expect(actions(paused)).toContainEqual({ type: 'resume-recovery' });
    expect(paused).toContainEqual({ kind: 'label', label: 'Automatic recovery is paused' });

    // Pausing one agent is not the fleet's switch.
    const { agent } = await core.fleet.spawn({ name: 'ada', kind: 'shell', role: 'builder' });
    await core.invoke(humanCaller, 'health.resume', { agent: agent.id });
    expect(state.recoveryPaused).toBe(true);

    await click({ type: 'resume-recovery' });
    expect(core.recovery.status(undefined).paused).toBe(false);
    expect(actions(trayModel(state, capabilities).items)).toContainEqual({ type: 'pause-recovery' });
  });
});
