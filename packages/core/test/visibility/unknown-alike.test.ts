// "Another's thing is answered as an unknown one": an agent that names A's plan, flow, manager, barrier, vote, watch,
// approval item or message by its id gets, for every command an agent may call, exactly the answer it gets for an
// id of the same shape that names nothing — the same answer or refusal, code and text — so a guessed or overheard id
// tells it nothing, not even that the thing exists. (Agents, panes and leases are public facts: their ids are in
// what every agent lists, which the test checks, and are not compared.) One power is not compared either: a decider
// (a role with approval.decide, the orchestrator as shipped) is shown the items it may decide — A's escalation: it
// waits on it and decides it, answered whole — since deciding them is what the power is for; A's permission item,
// which no agent decides, is still unknown to it.
import { describe, expect, it } from 'vitest';
import type { Caller } from '@switchboard/protocol';
import { commandOf, outcomeOf, PROBES, type AIds } from './agent-probes';
import { DEFAULT_ROLES } from '../../src/roles/role-defaults';
import { privateWorld, viewerOf, VIEWERS } from './private-world';
import { ownRights, readsShown } from './role-rights';

const PUBLIC: readonly (keyof AIds)[] = ['agent', 'pane', 'lock'];

/** An id of the same shape as a real one that names nothing (its hex digits changed; `digit` keeps two kinds apart). */
const unknownLike = (id: string, digit: number) => id.replace(/[0-9a-f]/g, String(digit));

describe("another agent's things, named by id, are answered as unknown ones", () => {
  it.each(VIEWERS)(
    'as %s',
    async (_who, viewerName) => {
      const pw = await privateWorld();
      const viewer: Caller = viewerOf(pw, viewerName);
      const call = pw.world.as(viewer);
      const listed = JSON.stringify([
        await call('agent.list', {}),
        await call('pane.list', {}),
        await call('lock.list', {}),
      ]);
      expect(PUBLIC.filter((key) => !listed.includes(pw.ids[key]))).toEqual([]);
      const secret = (Object.keys(pw.ids) as (keyof AIds)[]).filter((key) => !PUBLIC.includes(key));
      const unknownIds = { ...pw.ids };
      // Each its own digit: A's escalation and its permission item are both `approval-…`.
      for (const [i, key] of secret.entries()) unknownIds[key] = unknownLike(pw.ids[key], 1 + (i % 9));
      /** The unknown ids written back as A's, so that the two outcomes compare as text. */
      const asA = (text: string) =>
        secret.reduce((out, key) => out.replaceAll(unknownIds[key], pw.ids[key]), text);
      const role = DEFAULT_ROLES.find((shipped) => shipped.name === viewerName.split('@')[0]);
      const itsPowers = role ? [...ownRights(role), ...readsShown(role)] : [];
      const differs: string[] = [];
      let compared = 0;
      for (const [probeName, { access, inputs }] of Object.entries(PROBES)) {
        const name = commandOf(probeName);
        if (access === 'own' || itsPowers.includes(probeName)) continue;
        const real = inputs(pw.ids);
        const unknown = inputs(unknownIds);
        for (const [i, input] of real.entries()) {
          if (JSON.stringify(input) === JSON.stringify(unknown[i])) continue;
          compared++;
          const theirs = JSON.stringify(await outcomeOf(call(name, input)));
          const nobodys = asA(JSON.stringify(await outcomeOf(call(name, unknown[i]))));
          if (theirs !== nobodys)
            differs.push(`${name} ${JSON.stringify(input)}\n  A's: ${theirs}\n  unknown: ${nobodys}`);
        }
      }
      expect(differs).toEqual([]);
      expect(compared).toBeGreaterThan(25);
    },
    60_000,
  );
});
