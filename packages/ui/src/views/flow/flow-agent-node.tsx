import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { FlowAgentNode } from '../../flow/to-flow-elements';
import { stateIcons } from '../org-chart/agent-state-label';

/** An agent (or the human) in the message-flow graph: its name, with its state as icon and colour. */
export const FlowAgentNodeView = memo(function FlowAgentNodeView({ data }: NodeProps<FlowAgentNode>) {
  const { node } = data;
  return (
    <div className={`flow-node flow-node-${node.role}${node.state ? ` state-border-${node.state}` : ''}`} data-testid="flow-node" data-agent={node.label}>
      <Handle type="target" position={Position.Left} isConnectable={false} className="flow-handle" />
      {node.state && (
        <span className={`state-icon state-${node.state}`} aria-hidden="true">
          {stateIcons[node.state]}
        </span>
      )}
      <span className="flow-node-label">{node.label}</span>
      <Handle type="source" position={Position.Right} isConnectable={false} className="flow-handle" />
    </div>
  );
});
