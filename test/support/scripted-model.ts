import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer of the scripted model. */
export type ModelTurn =
  | {
      kind: 'text';
      text: string;
      /** Pause between streamed chunks, so a "working" screen can be seen. */ chunkDelayMs?: number;
      /** Hold the stream open (mid-answer) until this resolves. */ hold?: Promise<void>;
    }
  | { kind: 'tool_use'; name: string; input: Record<string, unknown>; hold?: Promise<void> }
  | { kind: 'error'; status: number; type: string; message: string };

/** One Messages API request as the script and the test see it. */
export interface ModelRequest {
  path: string;
  /** A main-conversation request (it offers tools), not a side request (titles, summaries). */
  main: boolean;
  /** The last message's content, as JSON, cut to 300 characters (for failure messages). */
  lastUser: string;
  /** The `x-api-key` header: which agent's CLI asked. */
  apiKey: string;
  /** Names of the tools offered. */
  tools: string[];
  /** Text of the tool_result blocks in the last user message. */
  toolResults: string[];
  /** The text the user typed, in every user message of the conversation (a resumed conversation still has the earlier ones). */
  userTexts: string[];
}

/**
 * What the model answers: a list of turns played in order to main-conversation requests (side requests
 * get a short plain answer, and so does a main request once the list is used up), or a function that
 * decides every answer (side requests included) from the request.
 */
export type ModelScript = readonly ModelTurn[] | ((request: ModelRequest) => ModelTurn);

export interface ScriptedModel {
  /** http://127.0.0.1:PORT, for ANTHROPIC_BASE_URL. */
  readonly url: string;
  /** Every Messages API request received, in order. */
  readonly requests: ModelRequest[];
  /** The `messages` of every main-conversation request, whole, in order (to find tool_result blocks). */
  readonly conversations: unknown[][];
  /** Listed turns not yet played (0 for a function script). */
  readonly pending: number;
  close(): Promise<void>;
}

interface RequestBody {
  stream?: boolean;
  tools?: { name?: string }[];
  messages?: { role: string; content: unknown }[];
}

/**
 * A local server that plays Anthropic's Messages API (POST /v1/messages, streamed as server-sent
 * events when asked) so the real Claude Code CLI runs offline against a script
 * (reference/agent-clis.md). The one scripted model of every test that runs Claude Code.
 */
export async function startScriptedModel(script: ModelScript): Promise<ScriptedModel> {
  const queue = typeof script === 'function' ? [] : [...script];
  const requests: ModelRequest[] = [];
  const conversations: unknown[][] = [];
  let nextId = 1;
  const server: Server = createServer((request, response) => void handle(request, response));

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const path = request.url ?? '/';
    if (!path.startsWith('/v1/messages') || request.method !== 'POST') return json(response, 200, {});
    if (path.startsWith('/v1/messages/count_tokens')) return json(response, 200, { input_tokens: 100 });
    let body: RequestBody = {};
    try {
      body = JSON.parse(raw) as RequestBody;
    } catch {
      // not JSON: treated as a side request
    }
    const asked = describe(path, body, String(request.headers['x-api-key'] ?? ''));
    requests.push(asked);
    if (asked.main) conversations.push(body.messages ?? []);
    const listed = typeof script === 'function' ? script(asked) : asked.main ? queue.shift() : undefined;
    if (listed?.kind === 'error') {
      response.writeHead(listed.status, { 'content-type': 'application/json', 'x-should-retry': 'false' });
      response.end(JSON.stringify({ type: 'error', error: { type: listed.type, message: listed.message } }));
      return;
    }
    const answer: ModelTurn = listed ?? { kind: 'text', text: asked.main ? 'Done.' : 'Scripted session' };
    const id = `msg_${nextId++}`;
    if (!body.stream) return json(response, 200, wholeMessage(id, answer));
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    await stream(response, id, answer);
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

function describe(path: string, body: RequestBody, apiKey: string): ModelRequest {
  const messages = body.messages ?? [];
  const tools = (body.tools ?? []).map((t) => t.name ?? '');
  const last = [...messages].reverse().find((m) => m.role === 'user');
  const blocks = Array.isArray(last?.content) ? (last.content as { type: string; content?: unknown }[]) : [];
  const userTexts = messages
    .filter((m) => m.role === 'user')
    .flatMap((m) =>
      typeof m.content === 'string'
        ? [m.content]
        : Array.isArray(m.content)
          ? (m.content as { type: string; text?: string }[])
              .filter((b) => b.type === 'text')
              .map((b) => b.text ?? '')
          : [],
    );
  return {
    path,
    main: tools.length > 0,
    lastUser: JSON.stringify(messages.at(-1)?.content ?? '').slice(0, 300),
    apiKey,
    tools,
    toolResults: blocks.filter((b) => b.type === 'tool_result').map((b) => textOf(b.content)),
    userTexts,
  };
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map((c) => (typeof c === 'object' && c && 'text' in c ? String((c as { text: unknown }).text) : ''))
      .join('');
  return '';
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

const usage = {
  input_tokens: 10,
  output_tokens: 5,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
};

function wholeMessage(id: string, turn: ModelTurn) {
  const content =
    turn.kind === 'tool_use'
      ? [{ type: 'tool_use', id: `toolu_${id}`, name: turn.name, input: turn.input }]
      : [{ type: 'text', text: turn.kind === 'text' ? turn.text : '' }];
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: 'claude-scripted',
    content,
    stop_reason: turn.kind === 'tool_use' ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage,
  };
}

async function stream(response: ServerResponse, id: string, turn: ModelTurn): Promise<void> {
  const send = (event: string, data: unknown) =>
    response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('message_start', {
    type: 'message_start',
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model: 'claude-scripted',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage,
    },
  });
  if (turn.kind === 'tool_use') {
    send('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'tool_use', id: `toolu_${id}`, name: turn.name, input: {} },
    });
    if (turn.hold) await turn.hold;
    send('content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'input_json_delta', partial_json: JSON.stringify(turn.input) },
    });
  } else if (turn.kind === 'text') {
    send('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    });
    const words = turn.text.split(/(?<= )/);
    for (const [i, word] of words.entries()) {
      send('content_block_delta', {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'text_delta', text: word },
      });
      if (i === 0 && turn.hold) await turn.hold;
      if (turn.chunkDelayMs) await new Promise((r) => setTimeout(r, turn.chunkDelayMs));
    }
  }
  send('content_block_stop', { type: 'content_block_stop', index: 0 });
  send('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: turn.kind === 'tool_use' ? 'tool_use' : 'end_turn', stop_sequence: null },
    usage: { output_tokens: 5 },
  });
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
