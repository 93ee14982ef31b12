import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local stand-in for a model API: answers every turn with "pong" and keeps the texts of each request's history. */
export interface FakeModel {
  url: string;
  /** Each request's history: the plain texts of its turns, in order. */
  requests: string[][];
  /** Each request's tool names (the MCP tools the CLI offered its model among them). */
  tools: string[][];
  close(): Promise<void>;
}

type Answer = (
  path: string,
  body: Record<string, unknown>,
  reply: (status: number, type: string, text: string) => void,
) => string[];

async function serve(answer: Answer): Promise<FakeModel> {
  const requests: string[][] = [];
  const tools: string[][] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        // Not JSON: answered below like any other request, with an empty history.
      }
      const history = answer(request.url ?? '', body, (status, type, text) => {
        response.writeHead(status, { 'content-type': type });
        response.end(text);
      });
      if (history.length > 0) {
        requests.push(history);
        tools.push(toolNames(body['tools']));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    tools,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Tool names in either API's shape: `[{name}]` (Responses, possibly nested under `tools`/namespaces) or `[{functionDeclarations: [{name}]}]` (Gemini). */
function toolNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((tool: unknown) => {
    if (!tool || typeof tool !== 'object') return [];
    const { name, functionDeclarations, tools } = tool as {
      name?: unknown;
      functionDeclarations?: unknown;
      tools?: unknown;
    };
    return [
      ...(typeof name === 'string' ? [name] : []),
      ...toolNames(functionDeclarations),
      ...toolNames(tools),
    ];
  });
}

const texts = (parts: unknown): string[] =>
  Array.isArray(parts)
    ? parts.flatMap((part) =>
        part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string'
          ? [(part as { text: string }).text]
          : [],
      )
    : typeof parts === 'string'
      ? [parts]
      : [];

/** The Gemini API's `streamGenerateContent` (server-sent events), as Gemini CLI calls it with GOOGLE_GEMINI_BASE_URL. */
export function fakeGemini(): Promise<FakeModel> {
  return serve((path, body, reply) => {
    const chunk = {
      candidates: [{ content: { role: 'model', parts: [{ text: 'pong' }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 1, totalTokenCount: 4 },
    };
    if (path.includes('streamGenerateContent'))
      reply(200, 'text/event-stream', `data: ${JSON.stringify(chunk)}\r\n\r\n`);
    else reply(200, 'application/json', JSON.stringify(chunk));
    if (!path.includes('streamGenerateContent')) return [];
    return ((body['contents'] as { parts?: unknown }[] | undefined) ?? []).flatMap((content) =>
      texts(content.parts),
    );
  });
}

/** The OpenAI Responses API (server-sent events), as Codex calls it through a model provider's `base_url`. */
export function fakeResponses(): Promise<FakeModel> {
  return serve((path, body, reply) => {
    if (!path.endsWith('/responses')) {
      reply(404, 'text/plain', 'not here');
      return [];
    }
    const event = (type: string, data: object) =>
      `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
    reply(
      200,
      'text/event-stream',
      [
        event('response.created', { response: { id: 'resp_1' } }),
        event('response.output_item.done', {
          item: {
            type: 'message',
            role: 'assistant',
            id: 'msg_1',
            content: [{ type: 'output_text', text: 'pong' }],
          },
        }),
        event('response.completed', {
          response: {
            id: 'resp_1',
            usage: {
              input_tokens: 3,
              output_tokens: 1,
              total_tokens: 4,
              input_tokens_details: null,
              output_tokens_details: null,
            },
          },
        }),
      ].join(''),
    );
    return ((body['input'] as { content?: unknown }[] | undefined) ?? []).flatMap((item) =>
      texts(item.content),
    );
  });
}
