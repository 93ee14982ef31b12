import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import {
  SOURCE_LEFT,
  SOURCE_RIGHT,
  TARGET_LEFT,
  TARGET_RIGHT,
  type FlowAgentNode,
} from '../../flow/to-flow-elements';
import { stateIcons } from '../org-chart/agent-state-label';

/** An agent (or the human) in the message-flow graph: its name, with its state as icon and colour. */
export const FlowAgentNodeView = memo(function FlowAgentNodeView({ data }: NodeProps<FlowAgentNode>) {
  const { node, dimmed } = data;
  return (
    <div
      className={`flow-node flow-node-${node.role}${node.state ? ` state-border-${node.state}` : ''}${dimmed ? ' flow-dimmed' : ''}`}
      data-testid="flow-node"
      data-agent={node.label}
      title={node.host === undefined ? node.label : `${node.label} @${node.host}`}
    >
      <Handle
        id={TARGET_LEFT}
        type="target"
        position={Position.Left}
        isConnectable={false}
        className="flow-handle"
        style={{ top: '67%' }}
      />
      <Handle
        id={SOURCE_LEFT}
        type="source"
        position={Position.Left}
        isConnectable={false}
        className="flow-handle"
        style={{ top: '33%' }}
      />
      {node.state && (
        <span className={`state-icon state-${node.state}`} aria-hidden="true">
          {stateIcons[node.state]}
        </span>
      )}
      <span className="flow-node-label">{node.label}</span>
      {node.host !== undefined && (
        <span className="flow-node-host" data-testid="flow-node-host">
          @{node.host}
        </span>
      )}
      <Handle
        id={SOURCE_RIGHT}
        type="source"
        position={Position.Right}
        isConnectable={false}
        className="flow-handle"
        style={{ top: '33%' }}
      />
      <Handle
        id={TARGET_RIGHT}
        type="target"
        position={Position.Right}
        isConnectable={false}
        className="flow-handle"
        style={{ top: '67%' }}
      />
    </div>
  );
});
