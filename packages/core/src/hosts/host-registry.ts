import { Host, SwitchboardError } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import { isoTime, type Clock } from '../ports/clock';
import type { Store } from '../store/store';

interface HostRow {
  name: string;
  url: string;
  created_at: string;
}

const toHost = (row: HostRow): Host =>
  Host.parse({ name: row.name, url: row.url, createdAt: row.created_at });

export interface HostRegistryDeps {
  store: Store;
  bus: EventBus;
  clock: Clock;
  /** The open agents (one running on a host keeps it from being forgotten). */
  fleet: { listAgents(): { name: string; host?: string | undefined }[] };
}

/** The remote hosts agents can run on, in SQLite: a name and an `ssh://` URL (inputs already zod-checked). */
export class HostRegistry {
  constructor(private readonly deps: HostRegistryDeps) {}

  list(): Host[] {
    return this.deps.store.db.prepare<[], HostRow>('SELECT * FROM hosts ORDER BY name').all().map(toHost);
  }

  find(name: string): Host | undefined {
    return findHost(this.deps.store, name);
  }

  require(name: string): Host {
    return requireHost(this.deps.store, name);
  }

  add(name: string, url: string): Host {
    if (this.find(name))
      throw new SwitchboardError('conflict', `A host named "${name}" already exists`, {
        hint: 'Remove it first (host.remove) to point the name elsewhere.',
      });
    this.deps.store.db
      .prepare('INSERT INTO hosts (name, url, created_at) VALUES (?, ?, ?)')
      .run(name, url, isoTime(this.deps.clock));
    const host = this.require(name);
    this.deps.bus.emit({ type: 'host.added', host });
    return host;
  }

  remove(name: string): { name: string } {
    const host = this.require(name);
    const agents = this.deps.fleet
      .listAgents()
      .filter((agent) => agent.host?.toLowerCase() === host.name.toLowerCase())
      .map((agent) => agent.name);
    if (agents.length > 0)
      throw new SwitchboardError('conflict', `Host "${host.name}" still runs ${agents.join(', ')}`, {
        hint: 'Close those agents first.',
      });
    this.deps.store.db.prepare('DELETE FROM hosts WHERE name = ?').run(host.name);
    this.deps.bus.emit({ type: 'host.removed', name: host.name });
    return { name: host.name };
  }
}

function findHost(store: Store, name: string): Host | undefined {
  const row = store.db.prepare<[string], HostRow>('SELECT * FROM hosts WHERE name = ?').get(name);
  return row ? toHost(row) : undefined;
}

function requireHost(store: Store, name: string): Host {
  const host = findHost(store, name);
  if (!host)
    throw new SwitchboardError('not_found', `No host "${name}"`, {
      hint: 'host.list shows the registered hosts; host.add registers one.',
    });
  return host;
}

/** A registered host's name as it was registered (names are unique ignoring case: `BOX` finds `box`); `not_found` otherwise. */
export const registeredHostName = (store: Store, name: string): string => requireHost(store, name).name;
