// "Not found" for what the caller may not see, "forbidden" only where it may: every refusal another agent gets when it
// names A's things is `not_found` (as for a thing that does not exist), unless the thing is one every agent is shown —
// A itself, its pane, its inbox, its lease — or the caller's role lacks the right, which says nothing about A. A
// `forbidden` about anything else (A's memory namespace, its plan, its team's namespace) would tell the caller it is
// there. The rule: docs/security.md, "Refusals".
import { describe, expect, it } from 'vitest';
import type { Caller } from '@switchboard/protocol';
import { answerOf, commandOf, PROBES } from './agent-probes';
import { privateWorld, viewerOf, VIEWERS } from './private-world';

/** Commands refused `forbidden` about a thing of A's every agent is shown (A is listed, so are its pane and lease). */
const SHOWN: Readonly<Record<string, string>> = {
  'message.receive': "A's inbox: every listed agent has one",
  'message.peek': "A's inbox",
  'message.ack': "A's inbox",
  'message.status': "A's inbox",
  'quota.usage': "A's quota",
  'lock.renew': "A's lease: lock.list shows it",
  'lock.release': "A's lease",
};

describe("refusals about another agent's things", () => {
  it.each(VIEWERS)(
    'as %s: not_found for what it may not see, forbidden only about what it is shown',
    async (_who, viewerName) => {
      const pw = await privateWorld();
      const viewer: Caller = viewerOf(pw, viewerName);
      const call = pw.world.as(viewer);
      const wrong: string[] = [];
      let refusals = 0;
      for (const [probeName, { access, inputs }] of Object.entries(PROBES)) {
        if (access === 'own') continue;
        const name = commandOf(probeName);
        for (const input of inputs(pw.ids)) {
          const outcome = await answerOf(pw.world, call(name, input));
          const refused = 'refused' in outcome ? outcome.refused : undefined;
          if (refused?.code !== 'forbidden') continue;
          refusals++;
          const byRole = typeof (refused.details as { role?: unknown } | undefined)?.role === 'string';
          if (!byRole && !(name in SHOWN))
            wrong.push(`${name} ${JSON.stringify(input)} → forbidden: ${refused.message}`);
        }
      }
      expect(wrong).toEqual([]);
      // The probes do meet forbidden refusals (A's inbox, its lease): the rule is exercised, not vacuous.
      expect(refusals).toBeGreaterThan(5);
    },
    60_000,
  );
});
