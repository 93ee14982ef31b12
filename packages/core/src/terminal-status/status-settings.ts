import {
  TerminalStatusSettings,
  type Agent,
  type ParsedInput,
  type TerminalStatusStyle,
  type TerminalStatusStylePatch,
} from '@switchboard/protocol';
import type { Store } from '../store/store';

/** Every agent's pane: the team hue toned by state, the badge of before (name, role · state), the name as title. */
export const DEFAULT_TERMINAL_STYLE: TerminalStatusStyle = {
  tabColor: 'state',
  badge: '{name}\n{role} · {state}',
  title: '{name}',
};

const EMPTY: TerminalStatusSettings = { default: DEFAULT_TERMINAL_STYLE, teams: {}, roles: {} };

/** A patch without keys set to undefined (they would hide the value beneath when spread). */
const defined = (patch: TerminalStatusStylePatch | undefined): TerminalStatusStylePatch =>
  Object.fromEntries(Object.entries(patch ?? {}).filter(([, v]) => v !== undefined));

/** Merges a map of overrides: `null` removes one, a patch merges into what is there. */
function mergeOverrides(
  current: Record<string, TerminalStatusStylePatch>,
  changes: Record<string, TerminalStatusStylePatch | null> | undefined,
  keyOf: (ref: string) => string,
): Record<string, TerminalStatusStylePatch> {
  const next = { ...current };
  for (const [ref, patch] of Object.entries(changes ?? {})) {
    const key = keyOf(ref);
    if (patch === null) delete next[key];
    else next[key] = { ...next[key], ...defined(patch) };
  }
  return next;
}

/** The terminal-status settings in SQLite (one row), kept in memory. */
export class TerminalStatusSettingsStore {
  private cached: TerminalStatusSettings | undefined;

  constructor(private readonly store: Store) {}

  get(): TerminalStatusSettings {
    if (this.cached) return this.cached;
    const row = this.store
      .prepare<[string], { value: string }>('SELECT value FROM terminal_status_settings WHERE key = ?')
      .get('settings');
    const parsed = row ? TerminalStatusSettings.safeParse(JSON.parse(row.value)) : undefined;
    this.cached = parsed?.success ? parsed.data : EMPTY;
    return this.cached;
  }

  /** Applies a patch (team references already resolved to ids by `teamId`) and stores the result. */
  configure(
    patch: ParsedInput<'terminal.configure'>,
    teamId: (ref: string) => string,
  ): TerminalStatusSettings {
    const current = this.get();
    const next: TerminalStatusSettings = {
      default: { ...current.default, ...defined(patch.default) },
      teams: mergeOverrides(current.teams, patch.teams, teamId),
      roles: mergeOverrides(current.roles, patch.roles, (role) => role),
    };
    this.store
      .prepare(
        'INSERT INTO terminal_status_settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run('settings', JSON.stringify(next));
    this.cached = next;
    return next;
  }

  /** The default, then the agent's team's override, then its role's, field by field. */
  styleFor(agent: Agent): TerminalStatusStyle {
    const settings = this.get();
    return {
      ...settings.default,
      ...(agent.teamId === null ? {} : settings.teams[agent.teamId]),
      ...settings.roles[agent.role],
    };
  }
}
