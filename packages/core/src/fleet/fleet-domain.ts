import { join } from 'node:path';
import { AgentTokens } from '../auth/agent-tokens';
import type { EventBus } from '../events/event-bus';
import { isoTime, type Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { TerminalBackend } from '../ports/terminal-backend';
import type { Store } from '../store/store';
import { AgentWiring } from '../wiring/agent-wiring';
import { CliSessions } from '../wiring/cli-sessions';
import type { AgentPrivateFiles } from './agent-private-files';
import { AgentSecretsFiles } from './agent-secrets';
import { Arrangements } from './arrangements';
import { FleetService } from './fleet-service';

export interface FleetDomainDeps {
  store: Store;
  backend: TerminalBackend;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  /** Launcher secrets, wiring files and worktrees go under it. */
  dataDir: string;
  /** Made before the store opens (a migration moves rows into these files). */
  privates: AgentPrivateFiles;
  /** Whether the role catalog has this role (asked on spawns only). */
  knownRole: (name: string) => boolean;
  /** The rest as the orchestrator's options say (`OrchestratorDeps`). */
  hostUrl?: (() => string) | undefined;
  launcherPath?: string | undefined;
  claudeHookCommand?: string | undefined;
  codexNotifyCommand?: readonly string[] | undefined;
}

/**
 * The fleet and what an agent's launch needs: its MCP tokens, its CLI's wiring and sessions (resume), and saved
 * arrangements over the fleet.
 */
export function createFleet(deps: FleetDomainDeps) {
  const { store, bus, clock, dataDir } = deps;
  const tokens = new AgentTokens(store, () => isoTime(clock), deps.logger);
  const sessions = new CliSessions(store, () => isoTime(clock));
  const fleet = new FleetService({
    store,
    backend: deps.backend,
    bus,
    clock,
    tokens,
    wiring: new AgentWiring({
      dataDir,
      secrets: new AgentSecretsFiles(dataDir, deps.launcherPath),
      privates: deps.privates,
      sessions,
      hookCommand: deps.claudeHookCommand,
      codexNotifyCommand: deps.codexNotifyCommand,
    }),
    hostUrl: deps.hostUrl ?? (() => ''),
    worktreeRoot: join(dataDir, 'worktrees'),
    logger: deps.logger,
    knownRole: deps.knownRole,
  });
  return { fleet, tokens, sessions, arrangements: new Arrangements(fleet, bus, clock) };
}
