import { resolve } from 'node:path';
import { callHostTool } from '@switchboard/mcp-server/clients';
import { commands, MCP_PATH, type ExportFormat } from '@switchboard/protocol';
import { runningHost } from './running-host';
import { writePrivateFile } from './private-file';

export interface ExportOptions {
  dataDir: string;
  agent: string;
  format: ExportFormat;
  from?: string;
  to?: string;
  /** A file to write (0600); a folder-less `-` or none: standard output. */
  out?: string;
}

/** Calls a tool of the running host (found by `host.json` in the data folder) as the human. */
export async function callRunningHost(
  dataDir: string,
  tool: string,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const host = runningHost(dataDir);
  return callHostTool(`${host.url}${MCP_PATH}`, host.token, tool, input);
}

/**
 * `switchboard export --agent NAME`: the agent's recording from the running host as a text transcript
 * or an asciicast v2 file (play it with `asciinema play FILE`). Says on stderr when the export stopped
 * early or frames had been dropped.
 */
export async function runExport(
  options: ExportOptions,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<void> {
  const input = {
    agent: options.agent,
    format: options.format,
    ...(options.from ? { from: options.from } : {}),
    ...(options.to ? { to: options.to } : {}),
  };
  const raw = await callRunningHost(options.dataDir, 'recording_export', input);
  const exported = commands['recording.export'].output.parse(raw);
  if (options.out && options.out !== '-') {
    writePrivateFile(resolve(options.out), exported.content);
    err.write(`wrote ${exported.content.length} characters to ${options.out}\n`);
  } else out.write(exported.content);
  if (exported.truncated)
    err.write(
      'the recording is longer than an export carries (16 MiB): it stops early; narrow it with --from/--to\n',
    );
}
