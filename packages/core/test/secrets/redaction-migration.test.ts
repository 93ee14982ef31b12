import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { humanCaller, type Agent } from '@switchboard/protocol';
import { coreMigrations, createMemoryBackend, createOrchestrator } from '../../src/index';
import { openStore } from '../../src/store/store';
import { readLaunchFile } from '../fleet/launch-file';

const ANTHROPIC = 'sk-ant-api03-Old0Database0Secret0abcdefghijklmnopqrstuvwxyz';
const NPM = 'npm_OldDatabaseNpmToken0123456789abcdefg';
const REAL_COMMAND = `ANTHROPIC_API_KEY=${ANTHROPIC} claude --permission-mode default`;
const CLOSED_COMMAND = `GITHUB_TOKEN=ghp_ClosedAgentToken0123456789abcdefghijklmn codex`;
const DELETED = 'sk-ant-api03-Deleted0Row0Secret0abcdefghijklmnopqrstuvwxyz';
const SECRETS = [ANTHROPIC, NPM, 'ghp_ClosedAgentToken0123456789abcdefghijklmn', DELETED];

/** Every byte the database keeps on disk: the file and, if there is one, its WAL. */
function onDisk(path: string): string {
  return [path, `${path}-wal`]
    .filter((p) => existsSync(p))
    .map((p) => readFileSync(p).toString('latin1'))
    .join('\n');
}

/**
 * A database as an older Switchboard left it: today's schema without the redaction domain, and rows
 * written before redaction covered them (command lines, and an npm token the redactor did not know).
 */
function oldDatabase(path: string): void {
  const store = openStore(path, coreMigrations);
  const { db } = store;
  const now = new Date().toISOString();
  const agent =
    db.prepare(`INSERT INTO agents (id, name, kind, command, cwd, team_id, role, state, state_since, pane_id, position, created_at, closed_at)
    VALUES (?, ?, ?, ?, NULL, NULL, 'builder', 'idle', ?, NULL, ?, ?, ?)`);
  agent.run('agent-open', 'open-one', 'claude', REAL_COMMAND, now, 0, now, null);
  agent.run('agent-closed', 'closed-one', 'codex', CLOSED_COMMAND, now, 1, now, now);
  db.prepare(
    `INSERT INTO messages (id, kind, sender_id, sender_team_id, body, correlation_id, reply_to, priority, content_hash, created_ms, expires_ms)
    VALUES ('message-1', 'instruction', 'human', NULL, ?, NULL, NULL, 1, 'hash', 1, NULL)`,
  ).run(`publish with ${NPM} please`);
  db.prepare(
    `INSERT INTO approvals (id, kind, requester, summary, payload, choices, status, created_at, expires_at, expires_ms, on_expiry, decision, decided_at)
    VALUES ('approval-1', 'permission', 'agent-open', ?, ?, '["Yes","No"]', 'pending', ?, NULL, NULL, 'deny', NULL, NULL)`,
  ).run(
    `open-one asks: npm publish --token ${NPM}`,
    JSON.stringify({ command: `npm publish --token ${NPM}` }),
    now,
  );
  db.prepare(
    `INSERT INTO locks (id, kind, name, owner, reason, acquired_at, renewed_at, expires_at, expires_ms, approval_id, ended_at, end_reason)
    VALUES ('lock-1', 'file', 'package.json', 'agent-open', ?, ?, ?, ?, 0, NULL, NULL, NULL)`,
  ).run(`publishing with ${NPM}`, now, now, now);
  db.prepare(
    `INSERT INTO human_notifications (id, from_agent_id, level, summary, details, created_at) VALUES ('note-1', 'agent-open', 'info', ?, ?, ?)`,
  ).run(`token ${NPM}`, `details ${NPM}`, now);
  // A message deleted back then (expired): its text stays in a free page of the file until it is rebuilt.
  db.prepare(
    `INSERT INTO messages (id, kind, sender_id, sender_team_id, body, correlation_id, reply_to, priority, content_hash, created_ms, expires_ms)
    VALUES ('message-gone', 'instruction', 'human', NULL, ?, NULL, NULL, 1, 'hash', 1, NULL)`,
  ).run(`old ${DELETED} ${'x'.repeat(5000)}`);
  db.prepare("DELETE FROM messages WHERE id = 'message-gone'").run();
  db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
}

describe('migration: secrets stored before redaction covered them are redacted once', () => {
  it('opens an old database holding secrets: none is left in the file or its WAL; the open agent still runs with its real command line', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sb-redaction-'));
    const databasePath = join(folder, 'switchboard.db');
    oldDatabase(databasePath);
    // The test can fail: the old database does hold every secret.
    for (const secret of SECRETS) expect(onDisk(databasePath)).toContain(secret);

    const backend = createMemoryBackend();
    const orchestrator = createOrchestrator({ databasePath, backend, dataDir: folder });
    const agents = (await orchestrator.invoke(humanCaller, 'agent.list', {})) as { agents: Agent[] };
    expect(agents.agents.find((a) => a.name === 'open-one')?.command).toBe(
      'ANTHROPIC_API_KEY=[REDACTED:anthropic] claude --permission-mode default',
    );
    // The open agent's real line went to its private file (0600), from where its next launch takes it.
    const privateFile = join(folder, 'agents', 'agent-open.private.json');
    expect(JSON.parse(readFileSync(privateFile, 'utf8'))).toMatchObject({ command: REAL_COMMAND, env: {} });
    expect(existsSync(join(folder, 'agents', 'agent-closed.private.json'))).toBe(false);
    await orchestrator.invoke(humanCaller, 'agent.restart', { agent: 'open-one' });
    const launcher = readLaunchFile(join(folder, 'agents', 'agent-open.launch'));
    expect(launcher.command).toContain(REAL_COMMAND);
    await orchestrator.close();

    const bytes = onDisk(databasePath);
    for (const secret of SECRETS) expect(bytes).not.toContain(secret);
    expect(bytes).toContain('[REDACTED:npm]');

    // Once: opening it again runs nothing more (the record says so) and changes nothing.
    const again = openStore(databasePath, []);
    const runs = again.db
      .prepare("SELECT count(*) AS n FROM schema_migrations WHERE domain = 'redaction'")
      .get() as { n: number };
    again.close();
    expect(runs.n).toBe(1);
  });
});
