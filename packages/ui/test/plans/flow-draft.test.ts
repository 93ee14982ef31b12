import { describe, expect, it } from 'vitest';
import { FlowSpec, type Flow } from '@switchboard/protocol';
import { checkDraft, draftText, FLOW_EXAMPLES, specOf } from '../../src/plans/flow-draft';

describe('the flow editor draft', () => {
  it('offers examples the contract accepts, each a different trigger', () => {
    for (const example of FLOW_EXAMPLES) {
      const check = checkDraft(draftText(example.spec));
      expect(check, example.label).toMatchObject({ ok: true });
      expect(FlowSpec.parse(example.spec)).toEqual((check as { spec: unknown }).spec);
    }
    expect(new Set(FLOW_EXAMPLES.map((e) => e.spec.trigger.on)).size).toBe(FLOW_EXAMPLES.length);
  });

  it('names what is wrong: not JSON, an unknown trigger, a missing action, an unknown field', () => {
    expect(checkDraft('{ "name": ')).toEqual({ ok: false, problems: [expect.stringMatching(/^Not JSON: /)] });
    const base = JSON.parse(draftText(FLOW_EXAMPLES[0]!.spec)) as Record<string, unknown>;
    const wrongTrigger = checkDraft(JSON.stringify({ ...base, trigger: { on: 'moon_phase' } }));
    expect(wrongTrigger.ok).toBe(false);
    expect((wrongTrigger as { problems: string[] }).problems.join('\n')).toMatch(/^trigger\.on: /m);
    const noActions = checkDraft(JSON.stringify({ ...base, branches: [{ actions: [] }] }));
    expect((noActions as { problems: string[] }).problems.join('\n')).toMatch(/^branches\.0\.actions: /m);
    const extra = checkDraft(JSON.stringify({ ...base, owner: 'me' }));
    expect((extra as { problems: string[] }).problems.join('\n')).toMatch(/owner/);
  });

  it('edits a flow as its author wrote it: what the host adds (id, owner, times, firings) is not in the draft', () => {
    const spec = FlowSpec.parse(FLOW_EXAMPLES[1]!.spec);
    const flow: Flow = {
      ...spec,
      id: 'flow-1',
      ownerId: 'human',
      createdAt: '2026-12-06T00:00:00.000Z',
      updatedAt: '2026-12-06T00:00:00.000Z',
      lastFirings: [],
    };
    expect(specOf(flow)).toEqual(spec);
    expect(checkDraft(draftText(specOf(flow)))).toEqual({ ok: true, spec });
  });
});
