import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorShape, SwitchboardError } from '@switchboard/protocol';
import { fetchWithScopedAbort } from './scoped-abort-fetch';

/** Calls one tool on a running host's MCP endpoint (for CLI subcommands); a tool error is thrown as a SwitchboardError. */
export async function callHostTool(
  url: string,
  token: string,
  tool: string,
  args: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const client = new Client({ name: 'switchboard-cli', version: '0.1.0' });
  try {
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
        fetch: fetchWithScopedAbort,
      }),
    );
  } catch (error) {
    throw new SwitchboardError(
      'unavailable',
      `Cannot reach the Switchboard host at ${url}: ${(error as Error).message}`,
      { hint: 'Start it with `switchboard start`.' },
    );
  }
  try {
    const result = await client.callTool({ name: tool, arguments: args });
    const structured = (result.structuredContent ?? {}) as Record<string, unknown>;
    if (result.isError) {
      const shape = ErrorShape.safeParse(structured['error']);
      throw shape.success
        ? SwitchboardError.fromShape(shape.data)
        : new SwitchboardError('internal', `${tool} failed`);
    }
    return structured;
  } finally {
    // Swallowed on purpose: closing the CLI's client after its one call: the result (or the error) is already decided.
    await client.close().catch(() => undefined);
  }
}
