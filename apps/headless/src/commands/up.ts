import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { callHostTool } from '@switchboard/mcp-server/clients';
import { FleetApplyResult, MAX_FLEET_SOURCE, MCP_PATH } from '@switchboard/protocol';
import { runningHost } from './running-host';

export interface UpOptions {
  dataDir: string;
  /** The fleet file (YAML or JSON). */
  file: string;
  dryRun: boolean;
}

/**
 * `switchboard up FILE`: applies a fleet file to the running host, like `docker compose up`: teams and
 * agents that exist are left alone, missing ones are created. Relative folders in the file are
 * relative to the file. Exits non-zero when an agent failed to start.
 */
export async function runUp(
  options: UpOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<boolean> {
  const host = runningHost(options.dataDir);
  const path = resolve(options.file);
  const source = readFileSync(path, 'utf8');
  if (source.length > MAX_FLEET_SOURCE)
    throw new Error(`${options.file} is larger than ${MAX_FLEET_SOURCE / 1024} KiB`);
  const raw = await callHostTool(`${host.url}${MCP_PATH}`, host.token, 'fleet_apply', {
    source,
    baseDir: dirname(path),
    dryRun: options.dryRun,
  });
  const result = FleetApplyResult.parse(raw);
  out.write(describeApply(result));
  return result.agents.failed.length === 0;
}

/** A few lines a person reads: what was created, what was already there, what failed and why. */
export function describeApply(result: FleetApplyResult): string {
  const verb = result.dryRun ? 'would create' : 'created';
  const list = (names: string[]) => (names.length ? names.join(', ') : '—');
  const lines = [
    `teams:  ${verb} ${list(result.teams.created)}; already there: ${list(result.teams.existing)}`,
    `agents: ${verb === 'created' ? 'spawned' : 'would spawn'} ${list(result.agents.spawned)}; already there: ${list(result.agents.existing)}`,
    ...result.agents.failed.map((failure) => `failed: ${failure.name}: ${failure.error}`),
  ];
  return lines.join('\n') + '\n';
}
