import { memo } from 'react';
import { BaseEdge, ViewportPortal, getBezierPath, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { pathOf } from '../../flow/edge-route';
import type { FlowMessageEdge } from '../../flow/to-flow-elements';

/**
 * A dot that runs along `path` once: an HTML element on its own compositing layer above the edges,
 * moved by a CSS motion path, so the animation never repaints the SVG of all the edges (it did, with a
 * dot drawn inside it: p99 frame 166 ms vs 50 ms without dots at 100 agents / 5 messages per second).
 */
function Pulse({ path }: { path: string }) {
  return (
    <ViewportPortal>
      <div className="flow-pulse" style={{ offsetPath: `path('${path}')` }} aria-hidden="true" />
    </ViewportPortal>
  );
}

/**
 * Messages from one agent to another: stroke width by count, colour by its main kind; delegation
 * (handoff, instruction) runs as a dashed right-angled line, chat as a curve; messages that cross machines
 * (docs/remote.md) are marked `⇄` and drawn with a halo. A new message sends a pulse along it.
 */
export const FlowMessageEdgeView = memo(function FlowMessageEdgeView(props: EdgeProps<FlowMessageEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, markerEnd } = props;
  if (!data) return null;
  const { edge, fromLabel, toLabel, pulse, selected, points, dimmed, unanswered } = data;
  const delegation = edge.channel === 'delegation';
  const routed = points ? pathOf(points) : null;
  const [path, labelX, labelY] = routed
    ? [routed.path, routed.labelX, routed.labelY]
    : delegation
      ? getSmoothStepPath({
          sourceX,
          sourceY,
          targetX,
          targetY,
          sourcePosition,
          targetPosition,
          borderRadius: 10,
          offset: 18,
        })
      : getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, curvature: 0.3 });
  const end = points?.at(-1);
  return (
    <g
      className={`flow-edge flow-edge-${edge.channel} flow-kind-${edge.kind}${selected ? ' flow-edge-selected' : ''}${dimmed ? ' flow-dimmed' : ''}${unanswered ? ' flow-edge-unanswered' : ''}${edge.crossHost ? ' flow-edge-cross-host' : ''}`}
      data-testid="flow-edge"
      data-from={fromLabel}
      data-to={toLabel}
      data-channel={edge.channel}
      data-count={edge.count}
      data-unanswered={unanswered ?? 0}
      data-cross-host={edge.crossHost ? 'true' : undefined}
    >
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        style={{ strokeWidth: edge.width }}
        interactionWidth={Math.max(14, edge.width + 8)}
      />
      <text
        x={labelX}
        y={delegation ? labelY - 6 : labelY + 4}
        className="flow-edge-count"
        textAnchor="middle"
        aria-hidden="true"
      >
        {edge.crossHost ? `⇄ ${edge.count}` : edge.count}
      </text>
      {unanswered && end ? (
        <text
          x={end.x + (end.x > labelX ? -14 : 14)}
          y={end.y - 8}
          className="flow-unanswered"
          textAnchor="middle"
          aria-hidden="true"
        >
          {`?${unanswered}`}
        </text>
      ) : null}
      {pulse > 0 && <Pulse key={pulse} path={path} />}
    </g>
  );
});
