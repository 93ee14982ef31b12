// A state change writes the agent's state, not its whole row: rewriting every column made SQLite also rewrite the
// open-name index entry and check the team's foreign key, for each of the ~300 state changes of 100 agents exiting
// together. Seen from the database itself: a trigger on the other columns counts the writes that touch them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { humanCaller } from '@switchboard/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createOrchestrator, type Orchestrator } from '../../src/index';
import { scriptedBackend, settle } from './scripted-backend';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

const OTHER_COLUMNS =
  'name, kind, command, cwd, team_id, role, position, worktree_path, worktree_branch, worktree_base, worktree_repository';

describe('a state change in the store', () => {
  it('writes the state (and the pane, when it goes), never the rest of the row', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sb-state-write-'));
    const databasePath = join(folder, 'switchboard.db');
    const scripted = scriptedBackend();
    const orchestrator: Orchestrator = createOrchestrator({ databasePath, backend: scripted.backend });
    const observer = new Database(databasePath);
    cleanup = async () => {
      observer.close();
      await orchestrator.close();
      rmSync(folder, { recursive: true, force: true });
    };
    await orchestrator.invoke(humanCaller, 'team.create', { name: 'red' });
    const agents = [];
    for (const name of ['a1', 'a2', 'a3'])
      agents.push(
        (await orchestrator.fleet.spawn({ name, kind: 'shell', team: 'red', role: 'builder' })).agent,
      );
    await settle();
    observer.exec(`CREATE TABLE other_columns_written (agent_id TEXT);
      CREATE TRIGGER count_other_columns AFTER UPDATE OF ${OTHER_COLUMNS} ON agents
      BEGIN INSERT INTO other_columns_written VALUES (new.id); END;`);
    for (const agent of agents) {
      const paneId = agent.paneId!;
      scripted.emit({ type: 'pane.prompt', paneId, phase: 'command.started' });
      scripted.emit({ type: 'pane.prompt', paneId, phase: 'command.finished', exitStatus: 0 });
      scripted.emit({ type: 'pane.prompt', paneId, phase: 'prompt' });
      scripted.emit({ type: 'pane.exited', paneId });
      await scripted.backend.closePane(paneId);
    }
    await settle();
    const states = agents.map((a) => orchestrator.fleet.requireAgent(a.id));
    expect(states.map((a) => [a.state, a.paneId])).toEqual([
      ['lost', null],
      ['lost', null],
      ['lost', null],
    ]);
    const history = orchestrator.health.historyOf('a1', 10).transitions.map((t) => t.state);
    expect(history).toEqual(expect.arrayContaining(['working', 'idle', 'exited']));
    const written = observer.prepare('SELECT count(*) AS n FROM other_columns_written').get() as {
      n: number;
    };
    expect(written.n).toBe(0);
  });
});
