import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { FlowClusterNode } from '../../flow/to-flow-elements';

/** A team's cluster behind its agents: a tinted box with the team's name (and colour) on top. */
export const FlowClusterNodeView = memo(function FlowClusterNodeView({ data }: NodeProps<FlowClusterNode>) {
  return (
    <div
      className="flow-cluster"
      data-testid="flow-cluster"
      data-team={data.label}
      style={data.color ? { borderTopColor: data.color } : undefined}
    >
      <span className="flow-cluster-title">{data.label}</span>
    </div>
  );
});
