/**
 * Reading and applying layouts on tmux. Reading: each tmux window's `window_layout` parsed into a split
 * tree, windows grouped into Switchboard windows by their `@switchboard_window` option. Applying moves
 * live panes only (join-pane, break-pane, swap-pane), never restarts one, then gives each tab its exact
 * shape with `select-layout` and a layout string built for the window's size: tmux assigns the string's
 * cells to the window's panes in list order, so the panes are first swapped into the tree's order.
 */
import { SwitchboardError } from '@switchboard/protocol';
import { layoutProblems, normalize, panesOf } from '@switchboard/core';
import type { BackendLayout, PaneInfo, TabLayout, WindowLayout } from '@switchboard/core';
import { formatLayout, parseLayout } from './layout-string';
import { remainOnExit } from './pane-deaths';
import { quote } from './tmux-quote';

type Run = (command: string) => Promise<string[]>;

const WINDOW_FORMAT =
  '#{window_id}\t#{@switchboard_window}\t#{@switchboard_order}\t#{window_index}\t#{window_name}\t#{window_layout}';

/** A tmux window's Switchboard window: its `@switchboard_window`, else the tmux window itself. */
export const groupOf = (group: string | undefined, tmuxWindow: string): string =>
  group ? group : tmuxWindow;

const windowRank = (id: string) => {
  const match = /^w(\d+)$/.exec(id);
  return match ? Number(match[1]) : Number.MAX_SAFE_INTEGER;
};

export async function readTmuxLayout(run: Run, session: string, keeper: string): Promise<BackendLayout> {
  const rows = (await run(`list-windows -t ${quote(session)} -F "${WINDOW_FORMAT}"`))
    .map((line) => line.split('\t'))
    .filter(([id, , , , name]) => id && name !== keeper)
    .map(([id, group, order, index, , layout]) => ({
      tabId: id!,
      windowId: groupOf(group, id!),
      order: order ? Number(order) : Infinity,
      index: Number(index),
      layout: layout!,
    }));
  const windows = new Map<
    string,
    { rank: number; first: number; tabs: (TabLayout & { order: number; index: number })[] }
  >();
  for (const row of rows) {
    const window = windows.get(row.windowId) ?? {
      rank: windowRank(row.windowId),
      first: row.index,
      tabs: [],
    };
    window.first = Math.min(window.first, row.index);
    window.tabs.push({
      tabId: row.tabId,
      root: normalize(parseLayout(row.layout)),
      order: row.order,
      index: row.index,
    });
    windows.set(row.windowId, window);
  }
  return {
    windows: [...windows.entries()]
      .sort(([, a], [, b]) => a.rank - b.rank || a.first - b.first)
      .map(([windowId, w]): WindowLayout => ({
        windowId,
        tabs: w.tabs
          .sort((a, b) => a.order - b.order || a.index - b.index)
          .map(({ tabId, root }) => ({ tabId, root })),
      })),
  };
}

/** Moves the panes into `target` (validated first: a refused layout changes nothing). */
export async function applyTmuxLayout(
  run: Run,
  session: string,
  keeper: string,
  target: BackendLayout,
  panes: PaneInfo[],
  nextWindowId: () => Promise<string>,
): Promise<void> {
  const problems = layoutProblems(target, await readTmuxLayout(run, session, keeper));
  if (problems.length) throw new SwitchboardError('invalid_input', `Layout rejected: ${problems.join('; ')}`);
  const home = new Map(panes.map((p) => [p.id, p.tabId]));
  const residents = (window: string) => [...home].filter(([, w]) => w === window).map(([p]) => p);
  const breakOut = async (paneId: string) => {
    const [window] = await run(`break-pane -d -s ${paneId} -P -F "#{window_id}"`);
    if (!window)
      throw new SwitchboardError('internal', `tmux did not name the window it broke ${paneId} into`);
    await run(remainOnExit(window)); // tmux has no hook after break-pane (pane-deaths.ts)
    home.set(paneId, window);
    return window;
  };
  const join = async (paneId: string, window: string) => {
    if (home.get(paneId) === window) return;
    await run(`join-pane -d -s ${paneId} -t ${window}`);
    await run(`select-layout -t ${window} tiled`); // keeps room for the next join; the real shape comes last
    home.set(paneId, window);
  };
  const tabs = target.windows.flatMap((w) => w.tabs);
  const windowOf = new Map<TabLayout, string>();
  const existing = new Set(tabs.flatMap((t) => (t.tabId ? [t.tabId] : [])));

  // Existing tabs first: pull their panes in, then push out what belongs elsewhere.
  for (const tab of tabs.filter((t) => t.tabId)) {
    const window = tab.tabId!;
    windowOf.set(tab, window);
    const leaves = panesOf(tab.root);
    for (const paneId of leaves) await join(paneId, window);
    for (const paneId of residents(window)) if (!leaves.includes(paneId)) await breakOut(paneId);
  }
  // New tabs: reuse the window their first pane sits in when no one else owns it, else break it out.
  const claimed = new Set(existing);
  for (const tab of tabs.filter((t) => !t.tabId)) {
    const leaves = panesOf(tab.root);
    const first = leaves[0]!;
    let window = home.get(first)!;
    if (claimed.has(window)) window = await breakOut(first);
    claimed.add(window);
    windowOf.set(tab, window);
    for (const paneId of leaves) await join(paneId, window);
    for (const paneId of residents(window)) if (!leaves.includes(paneId)) await breakOut(paneId);
  }
  // Exact shapes, then the grouping into Switchboard windows and the tab order.
  for (const tab of tabs) await shape(run, windowOf.get(tab)!, tab.root);
  for (const window of target.windows) {
    const id = window.windowId ?? (await nextWindowId());
    for (const [order, tab] of window.tabs.entries()) {
      const tmuxWindow = windowOf.get(tab)!;
      await run(`set-option -w -t ${tmuxWindow} @switchboard_window ${quote(id)}`);
      await run(`set-option -w -t ${tmuxWindow} @switchboard_order ${order}`);
    }
  }
}

async function shape(run: Run, window: string, root: TabLayout['root']): Promise<void> {
  const wanted = panesOf(root);
  if (wanted.length === 1) return;
  const order = await run(`list-panes -t ${window} -F "#{pane_id}"`);
  for (let i = 0; i < wanted.length; i++) {
    if (order[i] === wanted[i]) continue;
    const from = order.indexOf(wanted[i]!);
    await run(`swap-pane -d -s ${wanted[i]} -t ${order[i]}`);
    [order[i], order[from]] = [order[from]!, order[i]!];
  }
  const [size] = await run(`display-message -p -t ${window} "#{window_width}\t#{window_height}"`);
  const [width, height] = (size ?? '').split('\t').map(Number);
  await run(`select-layout -t ${window} ${quote(formatLayout(root, width ?? 80, height ?? 24))}`);
}
