import { useCallback, useRef, useState, type RefObject } from 'react';
import { useReactFlow, type OnNodeDrag, type XYPosition } from '@xyflow/react';
import { planDrop, teamAt } from '../../graph/drop-target';
import type { FleetLayout } from '../../graph/fleet-layout';
import { agentIdOf, LOOSE_GROUP } from '../../graph/node-ids';
import type { FlowNode } from '../../graph/to-flow';
import type { FleetState } from '../../store/fleet-state';
import { shownName } from '../../store/shown-name';
import { useFleet } from '../store-context';
import { useMoveAgents } from './use-move-agents';

export interface ChartDrag {
  /** The target lit while dragging: a team node id, LOOSE_GROUP (the "No team" zone) or null. */
  dropTarget: string | null;
  dragging: boolean;
  onNodeDragStart: OnNodeDrag<FlowNode>;
  onNodeDrag: OnNodeDrag<FlowNode>;
  onNodeDragStop: OnNodeDrag<FlowNode>;
}

const clientPoint = (event: MouseEvent | TouchEvent) => {
  const source = 'changedTouches' in event ? event.changedTouches[0] : event;
  return { x: source?.clientX ?? 0, y: source?.clientY ?? 0 };
};

const within = (element: Element | null, { x, y }: XYPosition) => {
  const r = element?.getBoundingClientRect();
  return !!r && x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
};

/**
 * Drag to re-team: the team under the pointer (or the "No team" zone) is lit while dragging, and a drop
 * moves agents only onto the target that was lit; anywhere else nothing moves. A move can be undone.
 */
export function useChartDrag(options: {
  fleet: FleetState;
  layout: FleetLayout;
  noTeamZone: RefObject<HTMLElement | null>;
  settle(): void;
  onStart(): void;
  announce(text: string): void;
}): ChartDrag {
  const { fleet, layout, noTeamZone, settle, onStart, announce } = options;
  const notify = useFleet((s) => s.notify);
  const moveAgents = useMoveAgents();
  const flowApi = useReactFlow<FlowNode>();
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const lit = useRef<string | null>(null);

  const targetAt = useCallback(
    (event: MouseEvent | TouchEvent) => {
      const client = clientPoint(event);
      if (within(noTeamZone.current, client)) return { target: LOOSE_GROUP, point: null };
      const point = flowApi.screenToFlowPosition(client);
      return { target: teamAt(layout, point), point };
    },
    [flowApi, layout, noTeamZone],
  );

  const onNodeDragStart: OnNodeDrag<FlowNode> = useCallback(() => {
    setDragging(true);
    onStart();
  }, [onStart]);

  const onNodeDrag: OnNodeDrag<FlowNode> = useCallback(
    (event) => {
      const { target } = targetAt(event);
      lit.current = target;
      setDropTarget(target);
    },
    [targetAt],
  );

  const onNodeDragStop: OnNodeDrag<FlowNode> = useCallback(
    (event, _node, dragged) => {
      const agentIds = dragged.map((n) => agentIdOf(n.id)).filter((id): id is string => id !== null);
      const { target, point } = targetAt(event);
      // Only the target the person saw lit counts: a drop that lands elsewhere moves nothing.
      const plan = planDrop(fleet, layout, agentIds, target === lit.current ? target : null, point);
      lit.current = null;
      setDropTarget(null);
      setDragging(false);
      if (plan.kind === 'none') return settle();
      if (plan.kind === 'refused') {
        settle();
        announce(plan.reason);
        return notify({ tone: 'error', title: 'Move refused', body: plan.reason, agentId: null });
      }
      const names = plan.agentIds.map((id) => shownName(fleet, id).text).join(', ');
      const teamName = plan.teamId === null ? 'no team' : (fleet.teams[plan.teamId]?.name ?? plan.teamId);
      void moveAgents(plan.agentIds, plan.teamId, plan.position).then((outcome) => {
        settle();
        if (outcome.ok) announce(`Moved ${names} to ${teamName}. Undo with u.`);
        else {
          announce(`Move refused: ${outcome.reason}`);
          notify({
            tone: 'error',
            title: `Could not move ${names} to ${teamName}`,
            body: outcome.reason,
            agentId: null,
          });
        }
      });
    },
    [fleet, layout, targetAt, moveAgents, notify, settle, announce],
  );

  return { dropTarget, dragging, onNodeDragStart, onNodeDrag, onNodeDragStop };
}
