import { readHostFile } from '@switchboard/host/host-file';
import {
  codexNotifyReportOf,
  HOOK_PATH,
  hookJsonOf,
  hookReportOf,
  MAX_HOOK_INPUT_BYTES,
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

/**
 * The running host's URL from host.json, read as the host reads it (`readHostFile`: at most 64 KiB, a FIFO in its
 * place not waited on — an agent, the same user, can put anything there). Only that module of the host package.
 */
const hostUrl = (dataDir: string): string | undefined => readHostFile(dataDir)?.url;

/**
 * Posts the report to the host's `/hook` as the agent (bearer token): one request, answered 204 once the host has
 * taken it. Only the event and its labels go (`hookJsonOf`): the hook's prompts, tool input and transcript path stay
 * here. Before session 20 this was an MCP session of its own (initialize, initialized, the tool call, its end: four
 * requests and a server session per hook event, at every tool use), which a loaded host could take longer than the
 * hook's 3 s to open.
 */
async function call(url: string, token: string, input: HookReport, timeoutMs: number): Promise<void> {
  const response = await fetch(`${url.replace(/\/$/, '')}${HOOK_PATH}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    signal: AbortSignal.timeout(timeoutMs),
    body: hookJsonOf(input),
  });
  if (response.ok) return; // 204: taken
  const reason = (await response.text().catch(() => '')).trim().slice(0, 300);
  throw new Error(`the host refused the report (HTTP ${response.status}${reason ? `: ${reason}` : ''})`);
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
