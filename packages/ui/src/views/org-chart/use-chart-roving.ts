import { useCallback, useMemo, useState, type KeyboardEvent } from 'react';
import { useReactFlow } from '@xyflow/react';
import { verdictButton } from '../../approvals/triage';
import type { FleetLayout } from '../../graph/fleet-layout';
import { agentIdOf, teamIdOf } from '../../graph/node-ids';
import { nextInDirection, rovingSpots, type Direction } from '../../graph/roving';
import type { FlowNode } from '../../graph/to-flow';
import { useShell } from '../store-context';
import { useAnswer } from './use-answer';

const DIRECTIONS: Record<string, Direction> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
};

export interface ChartRoving {
  activeId: string | null;
  /** Makes a node the Tab stop (a click, a focus request). */
  setActiveId(id: string): void;
  onKeyDown(event: KeyboardEvent<HTMLElement>): void;
  onFocus(event: React.FocusEvent<HTMLElement>): void;
}

/**
 * Roving focus over the chart's team headers and agent cards: the chart is one Tab stop; arrows go to
 * the nearest node that way (panning it into view), Home / End to the first / last, Enter opens an
 * agent (its details) or folds a team, Space selects an agent or folds a team, `a` / `d` answer an
 * agent's pending item, Escape clears the selection. Arrows never move cards.
 */
export function useChartRoving(options: {
  layout: FleetLayout;
  nodes: FlowNode[];
  canvas: React.RefObject<HTMLElement | null>;
  toggleSelected(nodeId: string): void;
  clearSelection(): void;
  toggleCollapsed(teamId: string): void;
}): ChartRoving {
  const { layout, nodes, canvas, toggleSelected, clearSelection, toggleCollapsed } = options;
  const openAgent = useShell((s) => s.openAgent);
  const answer = useAnswer();
  const flowApi = useReactFlow<FlowNode>();
  const [wanted, setActiveId] = useState<string | null>(null);
  const spots = useMemo(
    () =>
      rovingSpots(
        layout,
        nodes.map((n) => n.id),
      ),
    [layout, nodes],
  );
  const activeId = wanted !== null && spots.some((s) => s.id === wanted) ? wanted : (spots[0]?.id ?? null);

  /** Focuses a node's element and pans it into view if it is outside (the zoom stays). */
  const focusNode = useCallback(
    (id: string) => {
      setActiveId(id);
      const box = layout.boxes[id];
      const element = canvas.current;
      if (box && element) {
        const { x, y, zoom } = flowApi.getViewport();
        const left = box.absoluteX * zoom + x;
        const top = box.absoluteY * zoom + y;
        const outside =
          left < 0 ||
          top < 0 ||
          left + box.width * zoom > element.clientWidth ||
          top + Math.min(box.height, 120) * zoom > element.clientHeight;
        if (outside)
          void flowApi.setCenter(
            box.absoluteX + box.width / 2,
            box.absoluteY + Math.min(box.height, 120) / 2,
            { zoom, duration: 0 },
          );
      }
      requestAnimationFrame(() =>
        element
          ?.querySelector<HTMLElement>(`[data-roving-id="${CSS.escape(id)}"]`)
          ?.focus({ preventScroll: true }),
      );
    },
    [layout, canvas, flowApi],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      const from = (event.target as HTMLElement).closest('[data-roving-id]')?.getAttribute('data-roving-id');
      if (
        !from ||
        event.target !== event.currentTarget.querySelector(`[data-roving-id="${CSS.escape(from)}"]`) ||
        event.ctrlKey ||
        event.metaKey ||
        event.altKey
      )
        return;
      const agentId = agentIdOf(from);
      const teamId = teamIdOf(from);
      const direction = DIRECTIONS[event.key];
      let handled = true;
      if (direction) {
        const next = nextInDirection(spots, from, direction);
        if (next) focusNode(next);
      } else if (event.key === 'Home' && spots[0]) focusNode(spots[0].id);
      else if (event.key === 'End' && spots.length) focusNode(spots[spots.length - 1]!.id);
      else if (event.key === 'Enter' && agentId) openAgent(agentId);
      else if (event.key === ' ' && agentId) toggleSelected(from);
      else if ((event.key === 'Enter' || event.key === ' ') && teamId) toggleCollapsed(teamId);
      else if (event.key === 'Escape') clearSelection();
      else if ((event.key === 'a' || event.key === 'd') && agentId) {
        const node = nodes.find((n) => n.id === from);
        const approval = node?.type === 'agent' ? node.data.approval : null;
        if (approval) answer(approval, verdictButton(approval, event.key === 'a' ? 'approve' : 'deny'));
        else handled = false;
      } else handled = false;
      if (handled) {
        event.preventDefault();
        event.stopPropagation();
      }
    },
    [spots, focusNode, openAgent, toggleSelected, toggleCollapsed, clearSelection, nodes, answer],
  );

  const onFocus = useCallback((event: React.FocusEvent<HTMLElement>) => {
    const id = (event.target as HTMLElement).getAttribute('data-roving-id');
    if (id) setActiveId(id);
  }, []);

  return { activeId, setActiveId, onKeyDown, onFocus };
}
