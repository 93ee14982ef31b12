import { describe, expect, it } from 'vitest';
import { emptyFleet, type Agent, type Approval } from '@switchboard/protocol';
import { shownName } from '../src/store/shown-name';
import { callerName } from '../src/store/selectors';
import type { FleetState } from '../src/store/fleet-state';

const OLD = 'agent-00000000-0000-4000-8000-000000000001';
const NEW = 'agent-00000000-0000-4000-8000-000000000002';
const alice = { id: NEW, name: 'alice' } as Agent;
/** The fleet after a snapshot: the new alice is live, the old one (OLD) was closed; one item kept its name. */
const fleet: FleetState = {
  ...emptyFleet,
  sequence: 7,
  agents: { [NEW]: alice },
  approvals: { a1: { id: 'a1', requester: OLD, requesterName: 'alice' } as Approval },
};

describe('shownName: who a record is from, told apart from the live agent of the same name', () => {
  it('names a live agent plainly (its id on hover) and the human "you"', () => {
    expect(shownName(fleet, NEW)).toEqual({ text: 'alice', title: NEW, gone: false });
    expect(shownName(fleet, 'human')).toEqual({ text: 'you', title: undefined, gone: false });
  });

  it('marks an agent no longer in the fleet "(closed)" with its id in the tooltip, by the name its record kept', () => {
    const shown = shownName(fleet, OLD, 'alice');
    expect(shown).toMatchObject({ text: 'alice (closed)', gone: true });
    expect(shown.title).toContain(OLD);
    // With no name on the record (a message, an audit entry): the name an approval kept for that id.
    expect(shownName(fleet, OLD).text).toBe('alice (closed)');
    expect(callerName(fleet, OLD)).toBe('alice (closed)');
  });

  it('shows the id of a gone agent nobody kept a name for, and marks nothing before the first snapshot', () => {
    const unknown = 'agent-00000000-0000-4000-8000-000000000003';
    expect(shownName(fleet, unknown)).toMatchObject({ text: unknown, gone: true });
    expect(shownName({ ...fleet, sequence: -1 }, OLD, 'alice')).toMatchObject({ text: 'alice', gone: false });
  });
});
