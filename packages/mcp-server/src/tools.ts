import { z } from 'zod';
import { bindApi, commandMetadata, commandNames, commands } from '@switchboard/protocol';
import type { Api, CallOptions, Caller, CommandName } from '@switchboard/protocol';
import { errorShapeResult, toolError, type ToolErrorResult } from './tool-errors';
import { toolNameFor } from './tool-names';

export interface ToolDescriptor {
  name: string;
  command: CommandName;
  description: string;
  inputSchema: { type: 'object'; [key: string]: unknown };
  /** MCP hints from the contract's command metadata (a client may skip confirming read-only tools). */
  annotations: { readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean };
}

const descriptors = new Map<CommandName, ToolDescriptor>();

/** The tool for a command, its JSON Schema derived once from the contract's zod input. */
function descriptorFor(name: CommandName): ToolDescriptor {
  let descriptor = descriptors.get(name);
  if (!descriptor) {
    const { $schema: _schema, ...schema } = z.toJSONSchema(commands[name].input, {
      io: 'input',
      unrepresentable: 'any',
    }) as Record<string, unknown>;
    const { readOnly } = commandMetadata[name];
    descriptor = {
      name: toolNameFor(name),
      command: name,
      description: commands[name].description,
      inputSchema: { ...schema, type: 'object' as const },
      annotations: { readOnlyHint: readOnly, destructiveHint: !readOnly, idempotentHint: readOnly },
    };
    descriptors.set(name, descriptor);
  }
  return descriptor;
}

const byToolName = new Map(commandNames.map((name) => [toolNameFor(name), name]));

/** Every contract command this kind of caller may call at all, as a tool. */
export function toolsFor(caller: Caller): ToolDescriptor[] {
  return commandNames
    .filter((name) => (commands[name].callers as readonly string[]).includes(caller.kind))
    .map(descriptorFor);
}

/**
 * The tools this caller sees: those its kind may call, narrowed to what its role permits (asked of
 * the host through `agent.whoami`, so the role catalog stays in core).
 */
export async function listToolsFor(api: Api, caller: Caller): Promise<ToolDescriptor[]> {
  const tools = toolsFor(caller);
  const permitted = await permittedCommands(api, caller);
  return permitted ? tools.filter((tool) => permitted.has(tool.command)) : tools;
}

/** The commands the host says this caller may run (undefined: the host cannot say; fall back to caller kinds). */
export async function permittedCommands(api: Api, caller: Caller): Promise<Set<string> | undefined> {
  try {
    const me = await bindApi(api, caller).call('agent.whoami', {});
    return new Set(me.commands);
  } catch {
    return undefined;
  }
}

export interface ToolResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** Runs a tool as its command; every failure becomes a structured tool error a model can act on. */
export async function callTool(
  api: Api,
  caller: Caller,
  toolName: string,
  args: unknown,
  options?: CallOptions,
): Promise<ToolResult | ToolErrorResult> {
  const ran = await runTool(api, caller, toolName, args, options);
  if ('isError' in ran) return ran;
  return { content: [{ type: 'text', text: JSON.stringify(ran.output) }], structuredContent: ran.output };
}

/**
 * The same result as `callTool`, as JSON text: the output is serialized once and that text is both the
 * text content and the structured content (`JSON.stringify` of callTool's result would serialize the output
 * twice — once into the text, once as the structured content). The same bytes as that `JSON.stringify`.
 */
export async function callToolJson(
  api: Api,
  caller: Caller,
  toolName: string,
  args: unknown,
  options?: CallOptions,
): Promise<string> {
  const ran = await runTool(api, caller, toolName, args, options);
  if ('isError' in ran) return JSON.stringify(ran);
  const text = JSON.stringify(ran.output);
  return `{"content":[{"type":"text","text":${JSON.stringify(text)}}],"structuredContent":${text}}`;
}

async function runTool(
  api: Api,
  caller: Caller,
  toolName: string,
  args: unknown,
  options?: CallOptions,
): Promise<{ output: Record<string, unknown> } | ToolErrorResult> {
  const command = byToolName.get(toolName);
  if (command === undefined || !(commands[command].callers as readonly string[]).includes(caller.kind)) {
    return errorShapeResult({
      code: 'not_found',
      message: `No tool "${String(toolName).slice(0, 80)}" for this caller`,
      hint: 'tools/list shows the tools you may call.',
    });
  }
  try {
    const output = (await api.invoke(caller, command, args === undefined ? {} : args, options)) as Record<
      string,
      unknown
    >;
    return { output };
  } catch (error) {
    return toolError(error);
  }
}
