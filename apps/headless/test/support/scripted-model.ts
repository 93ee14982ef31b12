import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the scripted model answers to one Messages API request. */
export type ModelTurn = { text: string } | { toolUse: { name: string; input: Record<string, unknown> } };

export interface ModelRequest {
  apiKey: string;
  tools: string[];
  /** Text of the tool_result blocks in the last user message. */
  toolResults: string[];
  /** The text the user typed, in every user message of the conversation (a resumed conversation still has the earlier ones). */
  userTexts: string[];
}

/**
 * A local stand-in for the Anthropic Messages API (POST /v1/messages, streamed as server-sent events),
 * so the real Claude Code CLI runs offline. `script` decides each answer from the request.
 */
export async function startScriptedModel(script: (request: ModelRequest) => ModelTurn) {
  const requests: ModelRequest[] = [];
  let counter = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (req.method !== 'POST' || !path.startsWith('/v1/messages')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      const body = JSON.parse(raw || '{}') as { stream?: boolean; tools?: { name: string }[]; messages?: { role: string; content: unknown }[] };
      if (path.endsWith('/count_tokens')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ input_tokens: 10 }));
        return;
      }
      const last = [...(body.messages ?? [])].reverse().find((m) => m.role === 'user');
      const blocks = Array.isArray(last?.content) ? (last.content as { type: string; content?: unknown }[]) : [];
      const toolResults = blocks.filter((b) => b.type === 'tool_result').map((b) => textOf(b.content));
      const userTexts = (body.messages ?? []).filter((m) => m.role === 'user').flatMap((m) =>
        typeof m.content === 'string' ? [m.content] : Array.isArray(m.content) ? (m.content as { type: string; text?: string }[]).filter((b) => b.type === 'text').map((b) => b.text ?? '') : []);
      const request: ModelRequest = { apiKey: String(req.headers['x-api-key'] ?? ''), tools: (body.tools ?? []).map((t) => t.name), toolResults, userTexts };
      requests.push(request);
      const turn = script(request);
      const id = ++counter;
      if (body.stream) stream(res, id, turn);
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(message(id, turn)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((c) => (typeof c === 'object' && c && 'text' in c ? String((c as { text: unknown }).text) : '')).join('');
  return '';
}

const usage = { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

function message(id: number, turn: ModelTurn) {
  const content = 'text' in turn ? [{ type: 'text', text: turn.text }] : [{ type: 'tool_use', id: `toolu_${id}`, name: turn.toolUse.name, input: turn.toolUse.input }];
  return { id: `msg_${id}`, type: 'message', role: 'assistant', model: 'claude-scripted', content, stop_reason: 'text' in turn ? 'end_turn' : 'tool_use', stop_sequence: null, usage };
}

function stream(res: ServerResponse, id: number, turn: ModelTurn): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('message_start', { type: 'message_start', message: { ...message(id, { text: '' }), content: [], stop_reason: null } });
  if ('text' in turn) {
    send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: turn.text } });
  } else {
    send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: `toolu_${id}`, name: turn.toolUse.name, input: {} } });
    send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: JSON.stringify(turn.toolUse.input) } });
  }
  send('content_block_stop', { type: 'content_block_stop', index: 0 });
  send('message_delta', { type: 'message_delta', delta: { stop_reason: 'text' in turn ? 'end_turn' : 'tool_use', stop_sequence: null }, usage: { output_tokens: 5 } });
  send('message_stop', { type: 'message_stop' });
  res.end();
}
