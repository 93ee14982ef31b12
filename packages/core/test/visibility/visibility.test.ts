// "Each agent sees only what is its own", over every command the contract lets an agent call. A has private business
// in every domain (private-world.ts), each text a marker; another agent — of another team, then of A's team — calls
// every agent command with A's names and ids (agent-probes.ts). No marker of A's may reach it in any answer, refusal
// or event, and every write on A's things is refused with a typed error and leaves them as they were.
import { describe, expect, it } from 'vitest';
import { commandNames, type Caller } from '@switchboard/protocol';
import { DEFAULT_ROLES } from '../../src/roles/role-defaults';
import { roleAllows } from '../../src/roles/role-permissions';
import { settle } from '../support/world';
import { answerOf, commandOf, outcomeOf, PROBES } from './agent-probes';
import {
  aGoesOn,
  agentCommands,
  markersIn,
  PRIVATE,
  privateWorld,
  TEAM,
  type PrivateWorld,
  viewerOf,
  VIEWERS,
} from './private-world';
import { decides, ownRights } from './role-rights';

/** Everything of A's as the human sees it (and A's screen): compared around each write, and the markers' proof. */
async function humanView({ world, ids }: PrivateWorld): Promise<unknown> {
  const reads: [string, unknown][] = [
    ['agent.list', {}],
    ['message.history', {}],
    ['memory.list', {}],
    ['lock.list', {}],
    ['plan.get', { plan: ids.plan }],
    ['approval.list', {}],
    ['pane.list', {}],
    ['pane.read', { targets: ['a'], scrollback: true }],
    ['pane.getVariable', { target: 'a', name: 'note' }],
    ['pane.watches', {}],
    ['health.get', { agent: 'a' }],
    ['flow.list', {}],
    ['manager.list', {}],
    ['barrier.list', {}],
    ['vote.list', {}],
    ['leader.list', {}],
    ['attention.list', {}],
  ];
  const view: Record<string, unknown> = {};
  for (const [name, input] of reads) view[name] = await world.human(name, input);
  return view;
}

describe('each agent sees only what is its own, over every command an agent may call', () => {
  it('every command the contract lets an agent call is classified (a new one fails here until it is)', () => {
    expect([...new Set(Object.keys(PROBES).map(commandOf))].sort()).toEqual([...agentCommands].sort());
  });

  it("the markers of A's business are all there for the human (so their absence elsewhere means something)", async () => {
    const pw = await privateWorld();
    await aGoesOn(pw);
    const all = [...Object.values(PRIVATE), ...Object.values(TEAM)].filter((m) => m !== PRIVATE.env);
    expect(markersIn([await humanView(pw), pw.world.events], all).sort()).toEqual([...all].sort());
  }, 60_000);

  /**
   * What each viewer may read of A's: nothing but what A's team shares with a teammate, A's pane — its screen,
   * title and variables — for a role that reads other agents' panes (monitor, manager, orchestrator), and A's escalation
   * (its summary and payload, not its permission item) for a role that may decide it (orchestrator). (The person's
   * comment on it never comes in a decider's world: the decider decides it among its probes.) `reaches` must
   * come back in some answer (the probes reach where it could leak); everything else of A's never. Then: whether its
   * role may create flows, and the probes that for its role are its own business (`ownRights`).
   */
  const everything = [...Object.values(PRIVATE), ...Object.values(TEAM)];
  const pane: string[] = [PRIVATE.screen, PRIVATE.title, PRIVATE.variable];
  const decidable: string[] = [PRIVATE.approvalSummary, PRIVATE.approvalPayload];
  const prober = { reaches: [] as string[], makesFlows: true, itsOwn: [] as string[] };
  const table: Record<string, typeof prober> = {
    b: prober,
    c: { ...prober, reaches: Object.values(TEAM) },
    ...Object.fromEntries(
      VIEWERS.flatMap(([, key]) => {
        const [name, team] = key.split('@');
        const role = DEFAULT_ROLES.find((shipped) => shipped.name === name);
        if (!role) return [];
        const mine = team === undefined ? [] : Object.values(TEAM);
        const reaches = [
          ...mine,
          ...(role.canReadOtherPanes ? pane : []),
          ...(decides(role) ? decidable : []),
        ];
        return [[key, { reaches, makesFlows: roleAllows(role, 'flow.create'), itsOwn: ownRights(role) }]];
      }),
    ),
  };
  describe.each(VIEWERS)('%s', (_who, viewerName) => {
    const { reaches, makesFlows, itsOwn } = table[viewerName]!;
    const shared: readonly string[] = reaches;
    const markers = everything.filter((marker) => !shared.includes(marker));
    it("reads nothing of A's; its writes on A's things are refused and change nothing", async () => {
      const pw = await privateWorld();
      const viewer: Caller = viewerOf(pw, viewerName);
      const call = pw.world.as(viewer);
      const leaks: string[] = [];
      const accepted: string[] = [];
      const changed: string[] = [];
      const answers: unknown[] = [];
      /** Every probe once: before A's business goes on, and again after (what A did later, read back). */
      const probeAll = async () => {
        for (const [probeName, probe] of Object.entries(PROBES)) {
          const name = commandOf(probeName);
          const access = itsOwn.includes(probeName) ? 'own' : probe.access;
          const { inputs } = probe;
          for (const input of inputs(pw.ids)) {
            // What an earlier call set going (a message typed into a pane) lands first.
            for (let turn = 0; turn < 5 && access !== 'own'; turn++) await settle();
            const before = access === 'own' ? '' : JSON.stringify(await humanView(pw));
            const outcome = await answerOf(pw.world, call(name, input));
            answers.push(outcome);
            // A marker the probe itself sent (a guessed key) may come back in a refusal.
            const found = markersIn(outcome, markers).filter((marker) => !markersIn(input, [marker]).length);
            const label = `${name} ${JSON.stringify(input)}`;
            if (found.length > 0) leaks.push(`${label} → ${found.join(', ')}`);
            if ('untyped' in outcome) leaks.push(`${label} → untyped error ${outcome.untyped}`);
            if (access === 'theirs' && !('refused' in outcome)) accepted.push(label);
            if (access !== 'own' && JSON.stringify(await humanView(pw)) !== before) changed.push(label);
          }
        }
      };
      await probeAll();
      // The rest of the contract (recordings, search, attention, audit, tokens, mirrors, …) is the human's alone.
      for (const name of commandNames.filter((command) => !agentCommands.includes(command))) {
        const outcome = await outcomeOf(call(name, {}));
        if (!('refused' in outcome) || outcome.refused?.code !== 'forbidden')
          accepted.push(`${name} (the human's)`);
      }
      // What it set up (flows on A's messages, screen and plan) copies nothing of what A does next.
      await aGoesOn(pw);
      await probeAll();
      const { flows } = (await call('flow.list', {})) as { flows: { id: string }[] };
      let fired = 0;
      for (const flow of flows) {
        const firings = await outcomeOf(call('flow.firings', { flow: flow.id }));
        fired += 'answer' in firings ? (firings.answer as { firings: unknown[] }).firings.length : 0;
        if (markersIn(firings, markers).length > 0)
          leaks.push(`its flow's firings → ${markersIn(firings, markers).join(', ')}`);
      }
      const inbox = await outcomeOf(call('message.peek', { limit: 50 }));
      if (markersIn(inbox, markers).length > 0)
        leaks.push(`its inbox → ${markersIn(inbox, markers).join(', ')}`);
      expect(leaks).toEqual([]);
      // Its flows did run (on what it may see: its own messages).
      if (makesFlows) expect(fired).toBeGreaterThan(0);
      // What A's team shares does reach a teammate: the probes reach answers that could carry A's markers.
      expect(markersIn(answers, shared)).toEqual(shared);
      expect(accepted).toEqual([]);
      expect(changed).toEqual([]);
      const events = pw.seen.get(viewer.id)!;
      const leakingEvents = events.filter((event) => markersIn(event, markers).length > 0);
      expect(leakingEvents.map((event) => `${event.type}: ${markersIn(event, markers).join(', ')}`)).toEqual(
        [],
      );
    }, 120_000);
  });
});
