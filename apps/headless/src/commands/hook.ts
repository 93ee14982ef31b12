import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  codexNotifyReportOf,
  hookReportOf,
  MAX_HOOK_INPUT_BYTES,
  MCP_PATH,
  type HookReport,
} from '@switchboard/protocol/hook-client';

// What a hook's JSON tells the host is the contract's reading (also the host's /hook, for relays on other machines).
export { codexNotifyReportOf, hookReportOf };

export interface HookOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadableStream;
  /** Codex's notify payload (its last argument; `hook --codex`): read instead of stdin. */
  codexPayload?: string;
  /** Give up after this long: a hook must never hold up the agent. */
  timeoutMs?: number;
  log?: (line: string) => void;
}

const MAX_INPUT_BYTES = MAX_HOOK_INPUT_BYTES;

/**
 * `switchboard hook`: run by Claude Code for each hook event, with the event as JSON on stdin (or, with
 * `--codex`, by Codex after each turn, with its notify JSON as the last argument).
 * Reports it to the host as the agent whose token is in SWITCHBOARD_TOKEN (the host URL from
 * SWITCHBOARD_URL, else host.json). Prints nothing on stdout (Claude Code would read it as a hook
 * decision) and always succeeds: a missing host or token must never block the agent.
 */
export async function runHook(options: HookOptions): Promise<'reported' | 'ignored' | 'failed'> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`switchboard hook: ${line}\n`));
  const report =
    options.codexPayload !== undefined
      ? codexNotifyReportOf(options.codexPayload)
      : hookReportOf(await readAll(options.stdin ?? process.stdin, options.timeoutMs ?? 3000));
  if (!report) return 'ignored';
  const token = env['SWITCHBOARD_TOKEN']?.trim();
  const url = env['SWITCHBOARD_URL']?.trim() || hostUrl(options.dataDir);
  if (!token || !url) {
    log('SWITCHBOARD_TOKEN or SWITCHBOARD_URL is not set; nothing reported');
    return 'ignored';
  }
  try {
    await call(url, token, report, options.timeoutMs ?? 3000);
    return 'reported';
  } catch (error) {
    log(`could not report ${report.event}: ${(error as Error).message}`);
    return 'failed';
  }
}

/** The running host's URL from host.json (read directly: this command must start fast, without the host package). */
function hostUrl(dataDir: string): string | undefined {
  try {
    const url = (JSON.parse(readFileSync(join(dataDir, 'host.json'), 'utf8')) as { url?: unknown }).url;
    return typeof url === 'string' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Calls `health.reportHook` on the host's MCP endpoint (`/api` is the human's; an agent's token works on
 * `/mcp` only). Plain JSON-RPC over fetch rather than the MCP SDK client: a hook runs on every tool
 * use, so it loads nothing it does not need. One session: initialize, the call, then the session is ended.
 */
async function call(url: string, token: string, input: HookReport, timeoutMs: number): Promise<void> {
  const endpoint = `${url.replace(/\/$/, '')}${MCP_PATH}`;
  const signal = AbortSignal.timeout(timeoutMs);
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  };
  const post = async (id: number | undefined, method: string, params: unknown) => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers,
      signal,
      body: JSON.stringify({ jsonrpc: '2.0', ...(id === undefined ? {} : { id }), method, params }),
    });
    if (!response.ok && response.status !== 202)
      throw new Error(`the host refused the call (HTTP ${response.status})`);
    return { response, message: id === undefined ? undefined : rpcMessage(await response.text()) };
  };
  const init = await post(1, 'initialize', {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'switchboard-hook', version: '1' },
  });
  const session = init.response.headers.get('mcp-session-id');
  if (session) headers['mcp-session-id'] = session;
  try {
    await post(undefined, 'notifications/initialized', {});
    const { message } = await post(2, 'tools/call', { name: 'health_reportHook', arguments: input });
    const result = message?.result as
      { isError?: boolean; structuredContent?: { error?: { message?: string } } } | undefined;
    if (!result) throw new Error(message?.error?.message ?? 'no answer');
    if (result.isError) throw new Error(result.structuredContent?.error?.message ?? 'refused');
  } finally {
    // Swallowed on purpose: ending the MCP session is a courtesy: the host drops idle sessions itself, and a hook must never fail its CLI.
    if (session) await fetch(endpoint, { method: 'DELETE', headers, signal }).catch(() => undefined);
  }
}

/** The JSON-RPC message of an answer sent as JSON or as a server-sent event stream. */
function rpcMessage(body: string): { result?: unknown; error?: { message?: string } } | undefined {
  const data = body.trimStart().startsWith('{')
    ? body
    : body
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5))
        .join('\n');
  try {
    return JSON.parse(data) as { result?: unknown; error?: { message?: string } };
  } catch {
    return undefined;
  }
}

function readAll(stream: NodeJS.ReadableStream, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const timer = setTimeout(done, timeoutMs);
    stream.on('data', (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size <= MAX_INPUT_BYTES) chunks.push(buffer);
    });
    stream.on('end', done);
    stream.on('error', done);
  });
}
