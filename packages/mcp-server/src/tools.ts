import { z } from 'zod';
import { commandNames, commands, toSwitchboardError } from '@switchboard/protocol';
import type { Api, Caller, CommandName } from '@switchboard/protocol';
import { toolNameFor } from './tool-names';

export interface ToolDescriptor {
  name: string;
  command: CommandName;
  description: string;
  inputSchema: { type: 'object'; [key: string]: unknown };
}

/** The tools an agent sees: every contract command agents may call, with the schema derived from the contract. */
export function toolsFor(caller: Caller): ToolDescriptor[] {
  return commandNames
    .filter((name) => (commands[name].callers as readonly string[]).includes(caller.kind))
    .map((name) => {
      const { $schema: _schema, ...schema } = z.toJSONSchema(commands[name].input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
      return {
        name: toolNameFor(name),
        command: name,
        description: commands[name].description,
        inputSchema: { ...schema, type: 'object' as const },
      };
    });
}

export interface ToolResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** Runs a tool as its command; every failure becomes a structured tool error a model can act on. */
export async function callTool(api: Api, caller: Caller, toolName: string, args: unknown): Promise<ToolResult> {
  const tool = toolsFor(caller).find((t) => t.name === toolName);
  try {
    if (!tool) {
      return errorResult({ code: 'not_found', message: `No tool "${toolName}" for this caller`, hint: 'tools/list shows the tools you may call.' });
    }
    const output = (await api.invoke(caller, tool.command, args ?? {})) as Record<string, unknown>;
    return { content: [{ type: 'text', text: JSON.stringify(output) }], structuredContent: output };
  } catch (error) {
    return errorResult(toSwitchboardError(error).toShape());
  }
}

function errorResult(error: { code: string; message: string; hint?: string; details?: unknown }): ToolResult {
  return { isError: true, content: [{ type: 'text', text: JSON.stringify({ error }) }] };
}
