import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator, type Orchestrator } from '@switchboard/core';
import { SwitchboardError, humanCaller } from '@switchboard/protocol';
import { createFileLogger, readLogLines, type LogLine } from '../../src/index';
import { startTestHost } from '../host-fixture';

const ANTHROPIC = 'sk-ant-api03-' + 'A'.repeat(40);
const folder = () => mkdtempSync(join(tmpdir(), 'sb-log-'));
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step();
});

describe("the host's log", () => {
  it('a backend that fails: the caller gets unavailable, the log one redacted line naming the operation', async () => {
    const dataDir = folder();
    const logs = createFileLogger(dataDir, { knownSecrets: () => ['live-human-token-123456'] });
    const backend = createMemoryBackend();
    backend.createPane = async () => {
      throw new Error(`disk on fire while holding ${ANTHROPIC} and live-human-token-123456`);
    };
    const orchestrator: Orchestrator = createOrchestrator({
      databasePath: ':memory:',
      backend,
      dataDir,
      logger: logs.logger,
    });
    cleanups.push(() => orchestrator.close());
    await expect(orchestrator.invoke(humanCaller, 'agent.spawn', { name: 'doomed' })).rejects.toMatchObject({
      code: 'unavailable',
    });
    await logs.close();

    const lines = readLogLines(dataDir, { component: 'backend' });
    expect(lines).toHaveLength(1);
    const line = lines[0]! as LogLine & { err: { message: string; stack: string } };
    expect(line).toMatchObject({
      level: 'warn',
      component: 'backend',
      backend: 'memory',
      operation: 'createPane',
      message: 'createPane failed',
    });
    expect(line.err.message).toContain('disk on fire');
    expect(line.err.stack).toContain('host-log.test.ts');
    const file = readFileSync(join(dataDir, 'logs', 'switchboard.log'), 'utf8');
    expect(file).not.toContain(ANTHROPIC);
    expect(file).not.toContain('live-human-token-123456');
    expect(file).toContain('[REDACTED:anthropic]');
    expect(statSync(join(dataDir, 'logs', 'switchboard.log')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'logs')).mode & 0o777).toBe(0o700);
  });

  it('an internal error: the caller gets an id that `switchboard logs --error` finds', async () => {
    const dataDir = folder();
    const logs = createFileLogger(dataDir);
    const backend = createMemoryBackend();
    const orchestrator = createOrchestrator({
      databasePath: ':memory:',
      backend,
      dataDir,
      logger: logs.logger,
    });
    cleanups.push(() => orchestrator.close());
    await orchestrator.invoke(humanCaller, 'agent.spawn', { name: 'reader' });
    // A backend answer that breaks core's own code (a bug, not a backend failure): a screen without lines.
    backend.readScreen = async () => null as never;
    const error = await orchestrator.invoke(humanCaller, 'pane.read', { targets: ['reader'] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SwitchboardError);
    const { code, details, hint } = error as SwitchboardError;
    expect(code).toBe('internal');
    const errorId = (details as { errorId: string }).errorId;
    expect(errorId).toMatch(/^[0-9a-f]{8}$/);
    expect(hint).toContain(`switchboard logs --error ${errorId}`);
    await logs.close();
    const lines = readLogLines(dataDir, { errorId });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'error',
      component: 'dispatch',
      command: 'pane.read',
      caller: 'human',
      errorId,
      err: { type: 'TypeError' },
    });
  });

  it("a typed refusal is the caller's business, not a log line", async () => {
    const dataDir = folder();
    const logs = createFileLogger(dataDir);
    const orchestrator = createOrchestrator({
      databasePath: ':memory:',
      backend: createMemoryBackend(),
      dataDir,
      logger: logs.logger,
    });
    cleanups.push(() => orchestrator.close());
    await expect(orchestrator.invoke(humanCaller, 'agent.spawn', { name: '' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await logs.close();
    expect(readLogLines(dataDir, { level: 'warn' })).toEqual([]);
  });

  it('an event subscriber that throws: delivery goes on, one line names the event', async () => {
    const dataDir = folder();
    const logs = createFileLogger(dataDir);
    const orchestrator = createOrchestrator({
      databasePath: ':memory:',
      backend: createMemoryBackend(),
      dataDir,
      logger: logs.logger,
    });
    cleanups.push(() => orchestrator.close());
    const seen: string[] = [];
    orchestrator.subscribe((event) => {
      if (event.type === 'team.created') throw new Error('subscriber bug');
    });
    orchestrator.subscribe((event) => seen.push(event.type));
    await orchestrator.invoke(humanCaller, 'team.create', { name: 'alpha' });
    await logs.close();
    expect(seen).toContain('team.created');
    const lines = readLogLines(dataDir, { component: 'events' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'error',
      event: 'team.created',
      err: { message: 'subscriber bug' },
    });
  });

  it('rotates by size and keeps a bounded number of files', async () => {
    const dataDir = folder();
    const logs = createFileLogger(dataDir, { maxBytes: 2048, files: 2 });
    for (let i = 0; i < 200; i++)
      logs.logger.log('info', `line ${i} ${'x'.repeat(60)}`, { component: 'test' });
    await logs.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const files = readdirSync(join(dataDir, 'logs')).filter((name) => name.endsWith('.log'));
    expect(files.length).toBeGreaterThan(1);
    expect(files.length).toBeLessThanOrEqual(3); // the live file + at most 2 rotated
    const total = files.reduce((sum, name) => sum + statSync(join(dataDir, 'logs', name)).size, 0);
    expect(total).toBeLessThan(4 * 2048);
  });

  it('a running host writes its start line with the backend, and never its token', async () => {
    const { host, dataDir } = await startTestHost();
    await host.close();
    const started = readLogLines(dataDir, { component: 'host' });
    expect(started.map((l) => l.message)).toEqual(['host started', 'host stopped']);
    expect(started[0]).toMatchObject({ backend: 'memory' });
    expect(readFileSync(join(dataDir, 'logs', 'switchboard.log'), 'utf8')).not.toContain(host.token);
  });
});
