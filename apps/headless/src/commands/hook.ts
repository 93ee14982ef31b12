import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { HookEventName, ReportHookInput, apiUrl, createClient, createWebSocketTransport, whenOpen } from '@switchboard/protocol';
import type { CommandInput } from '@switchboard/protocol';

type HookReport = CommandInput<'health.reportHook'>;

export interface HookOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadableStream;
  /** Give up after this long: a hook must never hold up the agent. */
  timeoutMs?: number;
  log?: (line: string) => void;
}

const MAX_INPUT_BYTES = 1024 * 1024;

/**
 * What a Claude Code hook's JSON (on stdin) tells the host: the event and, for notifications and
 * tool events, a short label. Nothing else leaves the agent's machine state (no prompts, no tool
 * input, no transcript path). Undefined for events Switchboard does not use.
 */
export function hookReportOf(raw: string): HookReport | undefined {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const event = HookEventName.safeParse(json['hook_event_name']);
  if (!event.success) return undefined;
  const text = (key: string, max: number) => (typeof json[key] === 'string' ? (json[key] as string).slice(0, max) : undefined);
  const report: HookReport = { event: event.data };
  const notificationType = text('notification_type', 64);
  const message = text('message', 500);
  const toolName = text('tool_name', 128);
  const sessionId = text('session_id', 128);
  if (notificationType !== undefined) report.notificationType = notificationType;
  if (message !== undefined && event.data === 'Notification') report.message = message;
  if (toolName !== undefined) report.toolName = toolName;
  if (sessionId !== undefined && ReportHookInput.shape.sessionId.safeParse(sessionId).success) report.sessionId = sessionId;
  return ReportHookInput.safeParse(report).success ? report : undefined;
}

/**
 * `switchboard hook`: run by Claude Code for each hook event, with the event as JSON on stdin.
 * Reports it to the host as the agent whose token is in SWITCHBOARD_TOKEN (the host URL from
 * SWITCHBOARD_URL, else host.json). Prints nothing on stdout (Claude Code would read it as a hook
 * decision) and always succeeds: a missing host or token must never block the agent.
 */
export async function runHook(options: HookOptions): Promise<'reported' | 'ignored' | 'failed'> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`switchboard hook: ${line}\n`));
  const raw = await readAll(options.stdin ?? process.stdin, options.timeoutMs ?? 3000);
  const report = hookReportOf(raw);
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

/** One typed call over the contract's WebSocket transport, given up (and the socket closed) after `timeoutMs`. */
async function call(url: string, token: string, input: HookReport, timeoutMs: number): Promise<void> {
  const transport = createWebSocketTransport({ url: apiUrl(url), token, WebSocketImpl: WebSocket, reconnect: false });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([whenOpen(transport, timeoutMs).then(() => createClient(transport).call('health.reportHook', input)), deadline]);
  } finally {
    clearTimeout(timer);
    transport.close();
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
