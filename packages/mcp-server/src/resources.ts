import { ErrorCode as McpErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { bindApi, findAgentByRef, toSwitchboardError } from '@switchboard/protocol';
import type { Api, Caller, Client, CommandName } from '@switchboard/protocol';

interface ResourceEntry {
  uri: string;
  name: string;
  description: string;
  mimeType: string;
}

interface StaticResource extends ResourceEntry {
  /** The contract command the content comes from: the resource exists only where the caller may call it. */
  source: CommandName;
  read(client: Client, caller: Caller): Promise<unknown>;
}

const TERMINAL_LINES = 200;
const MAX_LISTED_AGENTS = 200;

const STATIC_RESOURCES: StaticResource[] = [
  {
    uri: 'switchboard://me',
    name: 'me',
    description: 'Who you are: identity, role and the tools you may call.',
    mimeType: 'application/json',
    source: 'agent.whoami',
    read: (client) => client.call('agent.whoami', {}),
  },
  {
    uri: 'switchboard://fleet',
    name: 'fleet',
    description: 'Every agent (and team, where you may see them).',
    mimeType: 'application/json',
    source: 'agent.list',
    read: async (client, caller) => {
      const { agents } = await client.call('agent.list', {});
      const teams = await readTeams(client, caller);
      return teams === undefined ? { agents } : { agents, teams };
    },
  },
  {
    uri: 'switchboard://teams',
    name: 'teams',
    description: 'The teams and their hierarchy.',
    mimeType: 'application/json',
    source: 'fleet.snapshot',
    read: async (client, caller) => ({ teams: (await readTeams(client, caller)) ?? [] }),
  },
  {
    uri: 'switchboard://watches',
    name: 'watches',
    description: 'Your output-pattern subscriptions.',
    mimeType: 'application/json',
    source: 'pane.watches',
    read: (client) => client.call('pane.watches', {}),
  },
  {
    uri: 'switchboard://inbox',
    name: 'inbox',
    description: 'Your inbox: messages waiting for you (not acknowledged by reading).',
    mimeType: 'application/json',
    source: 'message.peek',
    read: (client) => client.call('message.peek', {}),
  },
];

const TEMPLATES = [
  {
    uriTemplate: 'switchboard://agents/{agent}',
    name: 'agent',
    description: 'One agent (by name or id): its record and its pane.',
    mimeType: 'application/json',
  },
  {
    uriTemplate: 'terminal://{agent}/output',
    name: 'terminal output',
    description: `The last ${TERMINAL_LINES} lines (scrollback and screen) of an agent's pane.`,
    mimeType: 'text/plain',
  },
];

/** The teams, for the human (the contract has no team listing for agents: their fleet resource omits teams). */
async function readTeams(client: Client, caller: Caller): Promise<unknown[] | undefined> {
  try {
    if (caller.kind === 'human') return (await client.call('fleet.snapshot', {})).teams;
  } catch {
    // Not allowed to see teams: the fleet resource simply omits them.
  }
  return undefined;
}

/** The resources this caller can read: the static ones its role allows, plus one agent and one terminal resource per agent. */
export async function listResources(
  api: Api,
  caller: Caller,
  permitted: Set<string> | undefined,
): Promise<ResourceEntry[]> {
  const allowed = (source: CommandName) => permitted === undefined || permitted.has(source);
  const statics = STATIC_RESOURCES.filter((r) => allowed(r.source)).map(
    ({ uri, name, description, mimeType }) => ({ uri, name, description, mimeType }),
  );
  if (!allowed('agent.list')) return statics;
  const client = bindApi(api, caller);
  const { agents } = await client.call('agent.list', {});
  const readsOthers = await readsOtherPanes(client, caller, agents, allowed('role.list'));
  const perAgent = agents.slice(0, MAX_LISTED_AGENTS).flatMap((agent) => [
    {
      uri: `switchboard://agents/${agent.name}`,
      name: `agent ${agent.name}`,
      description: `Agent ${agent.name}`,
      mimeType: 'application/json',
    },
    ...(allowed('pane.read') && (readsOthers || agent.id === caller.id)
      ? [
          {
            uri: `terminal://${agent.name}/output`,
            name: `${agent.name} output`,
            description: `Terminal output of ${agent.name}`,
            mimeType: 'text/plain',
          },
        ]
      : []),
  ]);
  return [...statics, ...perAgent];
}

/**
 * Whether the caller may read other agents' panes (`pane.read.others`): the human always; an agent by its role's
 * flag, from the catalog (a role that may not list the catalog is taken not to, and not asked: a refused call
 * is an audited denial at every listing). Other terminals are then listed.
 */
async function readsOtherPanes(
  client: Client,
  caller: Caller,
  agents: readonly { id: string; role: string }[],
  mayListRoles: boolean,
): Promise<boolean> {
  if (caller.kind === 'human') return true;
  if (!mayListRoles) return false;
  const role = agents.find((agent) => agent.id === caller.id)?.role;
  try {
    const { roles } = await client.call('role.list', {});
    return roles.some((r) => r.name === role && r.canReadOtherPanes);
  } catch {
    return false;
  }
}

export function resourceTemplates() {
  return TEMPLATES;
}

/** Reads one resource as the caller; failures become MCP errors carrying the Switchboard code. */
export async function readResource(
  api: Api,
  caller: Caller,
  uri: string,
): Promise<{ contents: { uri: string; mimeType: string; text: string }[] }> {
  const client = bindApi(api, caller);
  try {
    const statics = STATIC_RESOURCES.find((r) => r.uri === uri);
    if (statics) return json(uri, await statics.read(client, caller));
    const terminal = /^terminal:\/\/([^/]{1,128})\/output$/.exec(uri);
    if (terminal) {
      const target = decodedSegment(terminal[1]!, uri);
      const { screens } = await client.call('pane.read', {
        targets: [target],
        lines: TERMINAL_LINES,
        scrollback: true,
      });
      return { contents: [{ uri, mimeType: 'text/plain', text: screens[0]!.lines.join('\n') }] };
    }
    const agentUri = /^switchboard:\/\/agents\/([^/]{1,128})$/.exec(uri);
    if (agentUri) {
      const ref = decodedSegment(agentUri[1]!, uri);
      const { agents } = await client.call('agent.list', {});
      const agent = findAgentByRef(agents, ref);
      if (!agent)
        throw new McpError(McpErrorCode.InvalidParams, `No agent "${ref}" (resource not found)`, {
          code: 'not_found',
          uri,
        });
      return json(uri, { agent });
    }
  } catch (error) {
    if (error instanceof McpError) throw error;
    const shape = toSwitchboardError(error).toShape();
    throw new McpError(
      shape.code === 'invalid_input' || shape.code === 'not_found'
        ? McpErrorCode.InvalidParams
        : McpErrorCode.InternalError,
      shape.message,
      { code: shape.code, ...(shape.hint ? { hint: shape.hint } : {}) },
    );
  }
  throw new McpError(McpErrorCode.InvalidParams, `No resource ${uri.slice(0, 200)}`, {
    code: 'not_found',
    hint: 'resources/list and resources/templates/list show what exists.',
  });
}

/** A URI's agent segment, percent-decoded; a broken encoding is the caller's bad input, not an internal error. */
function decodedSegment(segment: string, uri: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new McpError(McpErrorCode.InvalidParams, `Not a valid percent-encoding in ${uri.slice(0, 200)}`, {
      code: 'invalid_input',
      uri: uri.slice(0, 200),
    });
  }
}

function json(uri: string, value: unknown) {
  return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(value, null, 2) }] };
}
