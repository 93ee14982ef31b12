import type { z } from 'zod';
import { HookEventName } from '../model/health';
import { ReportHookInput } from './health';

export type HookReport = z.infer<typeof ReportHookInput>;

/** The most a hook's JSON may hold (a Claude Code hook's stdin; a relayed hook's body). */
export const MAX_HOOK_INPUT_BYTES = 1024 * 1024;

/**
 * What a Claude Code hook's JSON (on stdin) tells the host: the event and, for notifications and
 * tool events, a short label. Nothing else is kept (no prompts, no tool input, no transcript path).
 * Undefined for events Switchboard does not use.
 */
export function hookReportOf(raw: string): HookReport | undefined {
  const json = jsonObject(raw);
  if (!json) return undefined;
  const event = HookEventName.safeParse(json['hook_event_name']);
  if (!event.success) return undefined;
  const text = (key: string, max: number) =>
    typeof json[key] === 'string' ? (json[key] as string).slice(0, max) : undefined;
  const report: HookReport = { event: event.data };
  const notificationType = text('notification_type', 64);
  const message = text('message', 500);
  const toolName = text('tool_name', 128);
  const sessionId = text('session_id', 128);
  if (notificationType !== undefined) report.notificationType = notificationType;
  if (message !== undefined && event.data === 'Notification') report.message = message;
  if (toolName !== undefined) report.toolName = toolName;
  if (sessionId !== undefined && ReportHookInput.shape.sessionId.safeParse(sessionId).success)
    report.sessionId = sessionId;
  return ReportHookInput.safeParse(report).success ? report : undefined;
}

/**
 * A report as the hook JSON it was read from, with nothing else in it: `hookReportOf` reads it back as the same
 * report. `switchboard hook` reads its hook's JSON on this machine (the prompts, tool input and transcript path
 * never leave it) and posts what is left to the host's `/hook`, as a relay does.
 */
export function hookJsonOf(report: HookReport): string {
  return JSON.stringify({
    hook_event_name: report.event,
    ...(report.notificationType !== undefined ? { notification_type: report.notificationType } : {}),
    ...(report.message !== undefined ? { message: report.message } : {}),
    ...(report.toolName !== undefined ? { tool_name: report.toolName } : {}),
    ...(report.sessionId !== undefined ? { session_id: report.sessionId } : {}),
  });
}

/**
 * What Codex's notify payload (JSON, its program's last argument) tells the host: a finished turn
 * (`agent-turn-complete`) is reported as `Stop`, with the thread id (`thread-id`) as the session a restart
 * resumes. Nothing else is passed on (not the prompts or the answer the payload carries).
 */
export function codexNotifyReportOf(raw: string): HookReport | undefined {
  const json = jsonObject(raw);
  if (json?.['type'] !== 'agent-turn-complete') return undefined;
  const thread = typeof json['thread-id'] === 'string' ? json['thread-id'] : undefined;
  const report: HookReport = { event: 'Stop' };
  if (thread !== undefined && ReportHookInput.shape.sessionId.safeParse(thread).success)
    report.sessionId = thread;
  return report;
}

/** A JSON object, or undefined for anything else (not JSON, null, an array, a number). */
function jsonObject(raw: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
