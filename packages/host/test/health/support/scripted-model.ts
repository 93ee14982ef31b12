import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer of the scripted model to a main-conversation request. */
export type ModelTurn =
  | { kind: 'text'; text: string; /** Pause between streamed chunks, so a "working" screen can be seen. */ chunkDelayMs?: number; /** Hold the stream open (mid-answer) until this resolves. */ hold?: Promise<void> }
  | { kind: 'tool_use'; name: string; input: Record<string, unknown>; hold?: Promise<void> }
  | { kind: 'error'; status: number; type: string; message: string };

export interface ScriptedModel {
  /** http://127.0.0.1:PORT, for ANTHROPIC_BASE_URL. */
  readonly url: string;
  /** Paths and a digest of every request received, in order. */
  readonly requests: { path: string; main: boolean; lastUser: string }[];
  /** The `messages` of every main-conversation request, whole, in order (to find tool_result blocks). */
  readonly conversations: unknown[][];
  /** Turns not yet played. */
  readonly pending: number;
  close(): Promise<void>;
}

/**
 * A local server that plays Anthropic's Messages API for Claude Code (reference/agent-clis.md):
 * each main-conversation request (one that offers tools) gets the next scripted turn as a
 * `text/event-stream`; side requests (titles, summaries) get a short plain answer.
 */
export async function startScriptedModel(turns: ModelTurn[]): Promise<ScriptedModel> {
  const queue = [...turns];
  const requests: ScriptedModel['requests'] = [];
  const conversations: unknown[][] = [];
  let nextId = 1;
  const server: Server = createServer((request, response) => void handle(request, response));

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const path = request.url ?? '/';
    if (!path.startsWith('/v1/messages') || request.method !== 'POST') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
      return;
    }
    if (path.startsWith('/v1/messages/count_tokens')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ input_tokens: 100 }));
      return;
    }
    let parsed: { stream?: boolean; tools?: unknown[]; messages?: { role: string; content: unknown }[] } = {};
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      // not JSON: treated as a side request
    }
    const main = Array.isArray(parsed.tools) && parsed.tools.length > 0;
    requests.push({ path, main, lastUser: JSON.stringify(parsed.messages?.at(-1)?.content ?? '').slice(0, 300) });
    if (main) conversations.push(parsed.messages ?? []);
    const turn = main ? queue.shift() : undefined;
    if (turn?.kind === 'error') {
      response.writeHead(turn.status, { 'content-type': 'application/json', 'x-should-retry': 'false' });
      response.end(JSON.stringify({ type: 'error', error: { type: turn.type, message: turn.message } }));
      return;
    }
    const answer: ModelTurn = turn ?? { kind: 'text', text: main ? 'Done.' : 'Scripted session' };
    if (parsed.stream === false || parsed.stream === undefined) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(wholeMessage(`msg_${nextId++}`, answer)));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    await stream(response, `msg_${nextId++}`, answer);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    conversations,
    get pending() {
      return queue.length;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const usage = { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

function wholeMessage(id: string, turn: ModelTurn) {
  const content = turn.kind === 'tool_use'
    ? [{ type: 'tool_use', id: `toolu_${id}`, name: turn.name, input: turn.input }]
    : [{ type: 'text', text: turn.kind === 'text' ? turn.text : '' }];
  return {
    id, type: 'message', role: 'assistant', model: 'claude-scripted', content,
    stop_reason: turn.kind === 'tool_use' ? 'tool_use' : 'end_turn', stop_sequence: null, usage,
  };
}

async function stream(response: ServerResponse, id: string, turn: ModelTurn): Promise<void> {
  const send = (event: string, data: unknown) => response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('message_start', { type: 'message_start', message: { id, type: 'message', role: 'assistant', model: 'claude-scripted', content: [], stop_reason: null, stop_sequence: null, usage } });
  if (turn.kind === 'tool_use') {
    send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: `toolu_${id}`, name: turn.name, input: {} } });
    if (turn.hold) await turn.hold;
    send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: JSON.stringify(turn.input) } });
  } else if (turn.kind === 'text') {
    send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    const words = turn.text.split(/(?<= )/);
    for (const [i, word] of words.entries()) {
      send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: word } });
      if (i === 0 && turn.hold) await turn.hold;
      if (turn.chunkDelayMs) await new Promise((r) => setTimeout(r, turn.chunkDelayMs));
    }
  }
  send('content_block_stop', { type: 'content_block_stop', index: 0 });
  send('message_delta', { type: 'message_delta', delta: { stop_reason: turn.kind === 'tool_use' ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: 5 } });
  send('message_stop', { type: 'message_stop' });
  response.end();
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
