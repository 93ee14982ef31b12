import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerCaller } from './bearer-caller';
import { plainResponse } from './plain-response';
import {
  CODEX_HOOK_PATH,
  codexNotifyReportOf,
  hookReportOf,
  MAX_HOOK_INPUT_BYTES,
  SwitchboardError,
  type Caller,
  type HookReport,
} from '@switchboard/protocol';

// Where `switchboard hook` and an agent's hook relay (an agent on a machine without Switchboard: docs/remote.md) post.
export { CODEX_HOOK_PATH, HOOK_PATH } from '@switchboard/protocol';

/**
 * `POST /hook` (Claude Code's hook JSON) and `POST /hook/codex` (Codex's notify payload), as the agent
 * whose token is the bearer: where `switchboard hook` posts on this machine (the hook's JSON read there, only
 * its event and labels sent), and an agent's relay on a machine with no Switchboard (`sh` + `curl` through the tunnel). Read here with the same rules: only the
 * event and its short labels are reported (`health.reportHook`, as that agent), the rest of the body is
 * dropped; an event Switchboard does not use is answered 204 too. At most MAX_HOOK_INPUT_BYTES.
 */
export async function serveHook(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  authenticate: (token: string) => Caller | undefined,
  report: (caller: Caller, input: HookReport) => Promise<unknown>,
): Promise<void> {
  if (request.method !== 'POST') return plainResponse(response, 405, 'Use POST.', { allow: 'POST' });
  const caller = bearerCaller(request, response, authenticate, 'agent', {
    missing: "An agent's token is required (Authorization: Bearer …).",
    otherKind: "Hooks are reported with an agent's token.",
  });
  if (!caller) return;
  const body = await readBody(request);
  if (body === undefined)
    return plainResponse(response, 413, `A hook's JSON is at most ${MAX_HOOK_INPUT_BYTES} bytes.`);
  const input = path === CODEX_HOOK_PATH ? codexNotifyReportOf(body) : hookReportOf(body);
  if (input) {
    try {
      await report(caller, input);
    } catch (error) {
      if (error instanceof SwitchboardError) return plainResponse(response, 400, error.message);
      throw error;
    }
  }
  response.writeHead(204);
  response.end();
}

/** The body as text, or undefined once it passes the limit (the rest is not read). */
function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_HOOK_INPUT_BYTES) {
        request.removeAllListeners('data');
        request.resume();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
