import type { HandlerMap } from '../dispatch/handler';
import type { FleetService } from '../fleet/fleet-service';
import { isoTime, type Clock } from '../ports/clock';
import type { EventBus } from '../events/event-bus';
import type { TerminalBackend } from '../ports/terminal-backend';
import { demoFleetFile } from './demo-fleet';
import { applyFleetFile, parseFleetSource } from './fleet-file';
import { assertRoomToHold, defaultHoldingLimits, type HoldingLimits } from '../quotas/holding-limits';
import type { SpawnService } from './spawn-service';
import type { TemplateStore } from './template-store';
import type { InitialTasks } from './initial-tasks';
import { unmanagedSessions } from './unmanaged-panes';

export type SpawningCommand =
  | 'agent.spawn'
  | 'agent.decideTask'
  | 'template.save'
  | 'template.list'
  | 'template.delete'
  | 'template.spawn'
  | 'fleet.apply'
  | 'fleet.demo'
  | 'pane.listUnmanaged'
  | 'folder.listRecent';

export interface SpawningHandlerDeps {
  fleet: FleetService;
  spawning: SpawnService;
  templates: TemplateStore;
  /** First tasks: `agent.decideTask` answers one held for want of Switchboard's tools. */
  tasks: InitialTasks;
  backend: TerminalBackend;
  bus: EventBus;
  clock: Clock;
  dataDir: string;
}

/**
 * `agent.spawn` (model, args, initial task), templates, fleet files, the demo fleet and adopt candidates.
 * `holdings.fleetForAgentSpawns`: the open agents past which an agent's spawn is refused (the ones still being
 * spawned for agents counted: a burst of calls all arrive before the first pane is made).
 */
export function spawningHandlers(
  deps: SpawningHandlerDeps,
  holdings: HoldingLimits = defaultHoldingLimits,
): HandlerMap<SpawningCommand> {
  const { fleet, spawning, templates, bus } = deps;
  let spawningForAgents = 0;
  const apply = (file: Parameters<typeof applyFleetFile>[0], baseDir: string | undefined, dryRun: boolean) =>
    applyFleetFile(file, { baseDir, dryRun }, { fleet, spawning, templates });
  return {
    'agent.spawn': async (input, { caller }) => {
      if (caller.kind !== 'agent') return spawning.spawn(input);
      assertRoomToHold(
        caller,
        'fleetForAgentSpawns',
        holdings,
        () => fleet.listAgents().length + spawningForAgents,
      );
      spawningForAgents++;
      try {
        return await spawning.spawn(input);
      } finally {
        spawningForAgents--;
      }
    },
    'agent.decideTask': (input) => deps.tasks.decide(fleet.requireAgent(input.agent), input.decision),
    'template.save': (input) => {
      const template = templates.save(input.template, input.replace, isoTime(deps.clock));
      bus.emit({ type: 'template.saved', template });
      return template;
    },
    'template.list': () => ({ templates: templates.list() }),
    'template.delete': (input) => {
      templates.delete(input.name);
      bus.emit({ type: 'template.deleted', name: input.name });
      return { name: input.name };
    },
    'template.spawn': (input) => spawning.spawnFromTemplate(input),
    'fleet.apply': async (input) =>
      apply(input.file ?? (await parseFleetSource(input.source!)), input.baseDir, input.dryRun),
    'fleet.demo': () => apply(demoFleetFile(deps.dataDir), undefined, false),
    // After the fleet's queued changes, as the watch lists (UnmanagedWatch): a pane being spawned is its agent's
    // before it is judged. Listed at once, it was offered for adoption and no event took it back.
    'pane.listUnmanaged': async () => {
      await fleet.idle();
      return { sessions: await unmanagedSessions(deps.backend, fleet.repository) };
    },
    'folder.listRecent': (input) => ({ folders: spawning.recentFolders(input.limit) }),
  };
}
