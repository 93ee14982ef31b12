import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readFileHead, type FileHead } from '../store/file-head';

/**
 * The most of a chat file read (its first bytes): Gemini CLI writes the session's metadata first and the context and
 * turns after it, so a file larger than this whose first bytes name the session holds a conversation and is taken
 * as resumable. A chat file grows with the conversation, to hundreds of MB; before session 27 it was read whole.
 */
export const MAX_CHAT_SCAN_BYTES = 1024 * 1024;
/** At most this many chat files carrying the id's first 8 characters are read (a random id has one). */
const MAX_CHAT_CANDIDATES = 16;

/** Gemini CLI's home: GEMINI_CLI_HOME (the agent's own environment first, then the host's), else the user's home. */
export function geminiHome(
  agentEnv: Record<string, string> | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return agentEnv?.['GEMINI_CLI_HOME'] || env['GEMINI_CLI_HOME'] || homedir();
}

/** A fresh session id for Gemini CLI's `--session-id` (it allows letters, digits, "-" and "_"). */
export const newGeminiSessionId = (): string => randomUUID();

/**
 * Whether Gemini CLI 0.61 would resume this session with `--resume <id>`: a chat file
 * `<home>/.gemini/tmp/<project>/chats/session-<time>-<first 8 of id>.jsonl` (or legacy `.json`) names it and holds a
 * message worth resuming (a user line that is not Gemini's own `<session_context>`, a slash command or
 * `?`; or a model answer). Gemini CLI refuses `--resume` for anything else (and `--session-id` for an id
 * that has any file), so a launch that finds none starts a fresh session instead.
 */
export function geminiSessionResumable(home: string, sessionId: string): boolean {
  const tmp = join(home, '.gemini', 'tmp');
  const suffixes = [`-${sessionId.slice(0, 8)}.jsonl`, `-${sessionId.slice(0, 8)}.json`];
  let candidates = 0;
  for (const project of entries(tmp)) {
    const chats = join(tmp, project, 'chats');
    for (const file of entries(chats)) {
      if (!file.startsWith('session-') || !suffixes.some((suffix) => file.endsWith(suffix))) continue;
      if (chatResumable(join(chats, file), sessionId)) return true;
      if (++candidates >= MAX_CHAT_CANDIDATES) return false;
    }
  }
  return false;
}

function entries(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return []; // No such folder: Gemini CLI has no session there.
  }
}

type Row = Record<string, unknown>;

function chatResumable(path: string, sessionId: string): boolean {
  let head: FileHead;
  try {
    head = readFileHead(path, MAX_CHAT_SCAN_BYTES);
  } catch {
    return false; // Unreadable to us, so to Gemini CLI too (same user); or not a file.
  }
  // A file longer than the part read: its whole lines only (a legacy document, cut, parses as none).
  const text = head.whole ? head.text : head.text.slice(0, head.text.lastIndexOf('\n') + 1);
  const rows = parseRows(text);
  const named =
    rows.some(
      (row) =>
        row['sessionId'] === sessionId || (row['$set'] as Row | undefined)?.['sessionId'] === sessionId,
    ) ||
    (!head.whole && rows.length === 0 && head.text.includes(`"sessionId": ${JSON.stringify(sessionId)}`));
  if (!named) return false;
  return !head.whole || rows.some((row) => messagesOf(row).some(resumableMessage));
}

/** JSON Lines (0.61), or one JSON document (older versions). */
function parseRows(text: string): Row[] {
  const rows: Row[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const row: unknown = JSON.parse(line);
      if (row && typeof row === 'object') rows.push(row as Row);
    } catch {
      // A pretty-printed legacy file or a torn last line: the whole-document parse below covers the first.
    }
  }
  if (rows.length > 0) return rows;
  try {
    const document: unknown = JSON.parse(text);
    return document && typeof document === 'object' ? [document as Row] : [];
  } catch {
    return [];
  }
}

function messagesOf(row: Row): Row[] {
  const list = (value: unknown) =>
    Array.isArray(value) ? (value.filter((item) => item && typeof item === 'object') as Row[]) : [];
  return [row, ...list(row['messages']), ...list((row['$set'] as Row | undefined)?.['messages'])];
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map((part) =>
        part && typeof part === 'object' && typeof (part as Row)['text'] === 'string'
          ? ((part as Row)['text'] as string)
          : '',
      )
      .join('');
  return '';
}

/** Gemini CLI's own rule (isResumableMessageRecord): what makes a conversation worth resuming. */
function resumableMessage(message: Row): boolean {
  const text = textOf(message['content']).trim();
  if (message['type'] === 'user')
    return text.length > 0 && !/^(\/|\?|<session_context>|<hook_context>)/.test(text);
  if (message['type'] === 'gemini')
    return text.length > 0 || nonEmpty(message['toolCalls']) || nonEmpty(message['thoughts']);
  return false;
}

const nonEmpty = (value: unknown) => Array.isArray(value) && value.length > 0;
