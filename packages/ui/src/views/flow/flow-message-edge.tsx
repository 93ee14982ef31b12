import { memo } from 'react';
import { BaseEdge, ViewportPortal, getBezierPath, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { pathOf } from '../../flow/edge-route';
import { edgeCountText, type FlowMessageEdge } from '../../flow/to-flow-elements';

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
 * (docs/remote.md) are marked `⇄` and drawn with a halo. A new message sends a pulse along it. On a routed
 * edge the count label (with `?N` for requests without a reply) sits where the layout placed it; an edge
 * it found no free place for shows its label only while hovered, focused, selected or lit (flow.css).
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
  const { label } = data;
  const hiddenLabel = points !== undefined && !label;
  const [textX, textY] = label ? [label.x, label.y + 4] : [labelX, delegation ? labelY - 6 : labelY + 4];
  return (
    <g
      className={`flow-edge flow-edge-${edge.channel} flow-kind-${edge.kind}${selected ? ' flow-edge-selected' : ''}${dimmed ? ' flow-dimmed' : dimmed === false ? ' flow-edge-lit' : ''}${unanswered ? ' flow-edge-unanswered' : ''}${edge.crossHost ? ' flow-edge-cross-host' : ''}`}
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
        x={textX}
        y={textY}
        className={`flow-edge-count${hiddenLabel ? ' flow-edge-label-hover' : ''}`}
        data-testid="flow-edge-label"
        textAnchor="middle"
        aria-hidden="true"
      >
        {edgeCountText(edge)}
        {unanswered ? <tspan className="flow-unanswered">{` ?${unanswered}`}</tspan> : null}
      </text>
      {pulse > 0 && <Pulse key={pulse} path={path} />}
    </g>
  );
});
