import { memo, useEffect, useRef } from 'react';
import { BaseEdge, getBezierPath, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import type { FlowMessageEdge } from '../../flow/to-flow-elements';

const PULSE_SECONDS = 0.9;

/** A dot that runs along `path` once when mounted (SMIL, started by hand: begin="0s" would be in the past). */
function Pulse({ path }: { path: string }) {
  const motion = useRef<SVGAnimateMotionElement>(null);
  const fade = useRef<SVGAnimateElement>(null);
  useEffect(() => {
    motion.current?.beginElement();
    fade.current?.beginElement();
  }, []);
  return (
    <circle r={4.5} className="flow-pulse" opacity={0}>
      <animateMotion ref={motion} begin="indefinite" dur={`${PULSE_SECONDS}s`} path={path} fill="freeze" />
      <animate ref={fade} attributeName="opacity" begin="indefinite" dur={`${PULSE_SECONDS}s`} values="1;1;0" fill="remove" />
    </circle>
  );
}

/**
 * Messages from one agent to another: stroke width by count, colour by its main kind; delegation
 * (handoff, instruction) runs as a dashed right-angled line, chat as a curve. A new message sends a pulse along it.
 */
export const FlowMessageEdgeView = memo(function FlowMessageEdgeView(props: EdgeProps<FlowMessageEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, markerEnd } = props;
  if (!data) return null;
  const { edge, fromLabel, toLabel, pulse, selected } = data;
  const delegation = edge.channel === 'delegation';
  const [path, labelX, labelY] = delegation
    ? getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 10, offset: 18 })
    : getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, curvature: 0.3 });
  return (
    <g
      className={`flow-edge flow-edge-${edge.channel} flow-kind-${edge.kind}${selected ? ' flow-edge-selected' : ''}`}
      data-testid="flow-edge"
      data-from={fromLabel}
      data-to={toLabel}
      data-channel={edge.channel}
      data-count={edge.count}
    >
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={{ strokeWidth: edge.width }} interactionWidth={Math.max(14, edge.width + 8)} />
      <text x={labelX} y={delegation ? labelY - 6 : labelY + 4} className="flow-edge-count" textAnchor="middle" aria-hidden="true">
        {edge.count}
      </text>
      {pulse > 0 && <Pulse key={pulse} path={path} />}
    </g>
  );
});
