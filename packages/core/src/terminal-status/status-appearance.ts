import type { Agent, AgentState, StatusVariable, TerminalStatusStyle } from '@switchboard/protocol';

/** Base colour of an agent without a team when tabs are coloured by state (the palette's slate). */
export const NO_TEAM_COLOR = '#57606a';
/** A task is shown on one line, at most this long. */
const TASK_SHOWN = 60;

/**
 * Saturation and lightness per state (HSL, 0–1), on the team's hue. `null` keeps the team's own value:
 * working is the team colour itself; waiting is vivid, error and hung dark, idle and starting pale,
 * gone (exited, lost, unreachable) nearly grey.
 */
const STATE_TONES: Record<AgentState, { s: number | null; l: number | null }> = {
  working: { s: null, l: null },
  starting: { s: 0.35, l: 0.62 },
  waiting_for_input: { s: 1, l: 0.55 },
  idle: { s: 0.25, l: 0.5 },
  error: { s: 1, l: 0.24 },
  hung: { s: 0.85, l: 0.3 },
  exited: { s: 0.08, l: 0.42 },
  lost: { s: 0.04, l: 0.3 },
  unreachable: { s: 0.04, l: 0.3 },
  unknown: { s: 0.2, l: 0.45 },
};

type Hsl = [h: number, s: number, l: number];

function hexToHsl(hex: string): Hsl {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return [0, 0, l];
  const s = d / (1 - Math.abs(2 * l - 1));
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return [(h * 60 + 360) % 360, s, l];
}

function hslToHex([h, s, l]: Hsl): string {
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = l - c / 2;
  const [r, g, b] =
    h < 60
      ? [c, x, 0]
      : h < 120
        ? [x, c, 0]
        : h < 180
          ? [0, c, x]
          : h < 240
            ? [0, x, c]
            : h < 300
              ? [x, 0, c]
              : [c, 0, x];
  const byte = (v: number) =>
    Math.round(Math.min(1, Math.max(0, v + m)) * 255)
      .toString(16)
      .padStart(2, '0');
  return `#${byte(r)}${byte(g)}${byte(b)}`;
}

/** The team's hue toned by the agent's state (working: the team colour itself). */
export function stateTabColor(teamColor: string, state: AgentState): string {
  const [h, s, l] = hexToHsl(teamColor);
  const tone = STATE_TONES[state];
  if (tone.s === null && tone.l === null) return teamColor.toLowerCase();
  return hslToHex([h, tone.s ?? s, tone.l ?? l]);
}

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]+/g;

/** A value as it may appear in a badge or title: no control characters (no escape sequence reaches the terminal), one line. */
export function safeText(value: string, max = 200): string {
  const line = value.replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** What one agent's formats are filled with. */
export interface StatusFacts {
  agent: Agent;
  teamName: string | undefined;
  task: string | undefined;
  approvals: number;
  /** The state was judged with low confidence ("?" after it). */
  unsure: boolean;
}

export function statusValues(facts: StatusFacts): Record<StatusVariable, string> {
  const { agent } = facts;
  return {
    name: safeText(agent.name),
    role: safeText(agent.role),
    kind: safeText(agent.kind),
    team: safeText(facts.teamName ?? ''),
    state: `${agent.state.replaceAll('_', ' ')}${facts.unsure ? ' ?' : ''}`,
    task: safeText(facts.task ?? '', TASK_SHOWN),
    approvals: String(facts.approvals),
  };
}

/** Fills `{variable}`s (formats are checked by the contract, so every name is known). */
export function renderFormat(format: string, values: Record<StatusVariable, string>): string {
  return format.replace(/\{([a-z]+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name as StatusVariable] : whole,
  );
}

/** The title, badge and tab colour a style gives an agent. */
export function appearanceOf(
  style: TerminalStatusStyle,
  facts: StatusFacts,
  teamColor: string | undefined,
): { title: string; badge: string; tabColor: string | null } {
  const values = statusValues(facts);
  const tabColor =
    style.tabColor === 'off'
      ? null
      : style.tabColor === 'team'
        ? (teamColor ?? null)
        : stateTabColor(teamColor ?? NO_TEAM_COLOR, facts.agent.state);
  return {
    title: renderFormat(style.title, values).replace(/\n/g, ' '),
    badge: renderFormat(style.badge, values),
    tabColor,
  };
}
