import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type EdgeMouseHandler,
  type NodeMouseHandler,
} from '@xyflow/react';
import { useStore } from 'zustand';
import { FlowZoomScale } from './flow-zoom-scale';
import type { MessageFlowEdge } from '@switchboard/protocol';
import type { FleetState } from '../../store/fleet-state';
import { edgeKey, FLOW_WINDOWS, type FlowWindow } from '../../flow/flow-edges';
import {
  flowGraph,
  HIDE_SILENT_ABOVE,
  neighbourhood,
  unansweredRequests,
  withoutSilent,
} from '../../flow/flow-graph';
import type { PlacedLabel } from '../../flow/edge-labels';
import { createFlowStore } from '../../flow/flow-store';
import {
  toClusterNodes,
  toFlowElements,
  type FlowAgentNode,
  type FlowClusterNode,
  type FlowMessageEdge,
} from '../../flow/to-flow-elements';
import { childTeamsInOrder } from '../../store/team-order';
import { callerName } from '../../store/selectors';
import { goneName } from '../../store/shown-name';
import { FlowEmptyNote } from './flow-empty-note';
import { useFleet, useShell } from '../store-context';
import { EdgeMessagesPanel } from './edge-messages-panel';
import { FlowAgentNodeView } from './flow-agent-node';
import { FlowClusterNodeView } from './flow-cluster-node';
import { FlowMessageEdgeView } from './flow-message-edge';
import { FlowScrubber } from './flow-scrubber';
import { useFlowLayout } from './use-flow-layout';
import './flow.css';

const nodeTypes = { agent: FlowAgentNodeView, cluster: FlowClusterNodeView };
const edgeTypes = { message: FlowMessageEdgeView };
const proOptions = { hideAttribution: true };
// In user space, so a thick edge does not grow a huge arrowhead.
const defaultEdgeOptions = {
  markerEnd: {
    type: MarkerType.ArrowClosed,
    width: 16,
    height: 16,
    markerUnits: 'userSpaceOnUse',
    color: '#8c959f',
  },
};
const KINDS = ['handoff', 'instruction', 'request', 'reply', 'notification', 'event'] as const;
const BUSIEST = 12;

/** Who talks to whom: agents as nodes, messages as weighted, coloured, animated edges. */
export function FlowView() {
  return (
    <ReactFlowProvider>
      <FlowGraphView />
    </ReactFlowProvider>
  );
}

/** Keeps an edge object as long as what it draws is unchanged, so React Flow re-renders only edges that moved. */
function useStableEdges(edges: FlowMessageEdge[]): FlowMessageEdge[] {
  const cache = useRef(new Map<string, FlowMessageEdge>());
  return useMemo(() => {
    const next = new Map<string, FlowMessageEdge>();
    const stable = edges.map((edge) => {
      const known = cache.current.get(edge.id);
      const same =
        known &&
        known.hidden === edge.hidden &&
        known.sourceHandle === edge.sourceHandle &&
        known.targetHandle === edge.targetHandle &&
        known.data!.pulse === edge.data!.pulse &&
        known.data!.selected === edge.data!.selected &&
        known.data!.edge.count === edge.data!.edge.count &&
        known.data!.edge.kind === edge.data!.edge.kind &&
        known.data!.fromLabel === edge.data!.fromLabel &&
        known.data!.toLabel === edge.data!.toLabel &&
        known.data!.dimmed === edge.data!.dimmed &&
        known.data!.unanswered === edge.data!.unanswered &&
        JSON.stringify(known.data!.points) === JSON.stringify(edge.data!.points) &&
        JSON.stringify(known.data!.label) === JSON.stringify(edge.data!.label);
      const kept = same ? known : edge;
      next.set(edge.id, kept);
      return kept;
    });
    cache.current = next;
    return stable;
  }, [edges]);
}

/** Keeps a node object while its box and what it shows are the same (React Flow then skips it entirely). */
function useStableNodes(nodes: FlowAgentNode[]): FlowAgentNode[] {
  const cache = useRef(new Map<string, FlowAgentNode>());
  return useMemo(() => {
    const next = new Map<string, FlowAgentNode>();
    const stable = nodes.map((node) => {
      const known = cache.current.get(node.id);
      const a = known?.data.node;
      const b = node.data.node;
      const same =
        known &&
        a &&
        known.hidden === node.hidden &&
        known.position.x === node.position.x &&
        known.position.y === node.position.y &&
        known.width === node.width &&
        a.label === b.label &&
        a.state === b.state &&
        a.role === b.role &&
        known.data.dimmed === node.data.dimmed;
      const kept = same ? known : node;
      next.set(node.id, kept);
      return kept;
    });
    cache.current = next;
    return stable;
  }, [nodes]);
}

/** Links as buttons that open their messages: the keyboard's way to every edge of the graph. */
function LinkList({
  edges,
  fleet,
  onPick,
  testId,
  start = 1,
}: {
  edges: MessageFlowEdge[];
  fleet: FleetState;
  onPick(from: string, to: string): void;
  testId: string;
  start?: number;
}) {
  return (
    <ol className="busiest" start={start}>
      {edges.map((edge) => (
        <li key={edgeKey(edge.from, edge.to)}>
          <button
            type="button"
            className="link"
            data-testid={testId}
            data-from={callerName(fleet, edge.from)}
            data-to={callerName(fleet, edge.to)}
            data-count={edge.count}
            onClick={() => onPick(edge.from, edge.to)}
          >
            {callerName(fleet, edge.from)} → {callerName(fleet, edge.to)}
          </button>
          <span className="muted"> {edge.count}</span>
        </li>
      ))}
    </ol>
  );
}

function FlowGraphView() {
  const client = useFleet((s) => s.client);
  const fleet = useFleet((s) => s.fleet);
  // Only the agents matter to the graph: every event gives the fleet a new sequence, not new agents.
  const agents = fleet.agents;
  const [store] = useState(() => createFlowStore(client));
  useEffect(() => {
    void store.getState().refresh();
    return () => store.getState().dispose();
  }, [store]);
  const window = useStore(store, (s) => s.window);
  const edges = useStore(store, (s) => s.edges);
  const pulses = useStore(store, (s) => s.pulses);
  const selected = useStore(store, (s) => s.selected);
  const error = useStore(store, (s) => s.error);
  const flowApi = useReactFlow();
  const userMoved = useRef(false);

  const until = useStore(store, (s) => s.until);
  const teams = fleet.teams;
  const [hideSilentChoice, setHideSilent] = useState<boolean | null>(null);
  const hideSilent = hideSilentChoice ?? Object.keys(agents).length > HIDE_SILENT_ABOVE;
  const [hovered, setHovered] = useState<string | null>(null);

  // A closed agent's node reads by its name (as the side list and every other view name it), not by its id.
  const { formerNames, approvals } = fleet;
  const fullGraph = useMemo(
    () => flowGraph(agents, edges, (id) => goneName({ formerNames, approvals }, id)),
    [agents, edges, formerNames, approvals],
  );
  const graph = useMemo(() => (hideSilent ? withoutSilent(fullGraph) : fullGraph), [fullGraph, hideSilent]);
  const silent = fullGraph.nodes.length - graph.nodes.length;
  const clusterOrder = useMemo(() => [...childTeamsInOrder(fleet).map(({ team }) => team.id), ''], [teams]);
  const clusterLabels = useMemo(
    () => Object.fromEntries(Object.values(teams).map((t) => [t.id, { label: t.name, color: t.color }])),
    [teams],
  );
  const clusterSizes = useMemo(() => {
    const sizes: Record<string, number> = {};
    for (const agent of Object.values(agents))
      sizes[agent.teamId ?? ''] = (sizes[agent.teamId ?? ''] ?? 0) + 1;
    return sizes;
  }, [agents]);
  const layout = useFlowLayout(graph, clusterOrder, clusterSizes);
  const unanswered = useMemo(() => unansweredRequests(graph), [graph]);
  const unansweredTotal = Object.values(unanswered).reduce((sum, n) => sum + n, 0);
  const highlighted = useMemo(
    () => (hovered && graph.nodes.some((n) => n.id === hovered) ? neighbourhood(graph, hovered) : null),
    [graph, hovered],
  );
  const selectedPair = selected ? edgeKey(selected.from, selected.to) : null;
  // The labels drawn last: each keeps its place while it still can (no shuffling as counts go up).
  const lastLabels = useRef<Record<string, PlacedLabel | null | undefined>>({});
  const elements = useMemo(() => {
    const next = toFlowElements(graph, layout, pulses, selectedPair, {
      highlighted,
      unanswered,
      previousLabels: lastLabels.current,
    });
    lastLabels.current = Object.fromEntries(next.edges.map((e) => [e.id, e.data?.label]));
    return next;
  }, [graph, layout, pulses, selectedPair, highlighted, unanswered]);
  const stableEdges = useStableEdges(elements.edges);
  const stableNodes = useStableNodes(elements.nodes);
  const clusterNodes = useMemo(() => toClusterNodes(layout, clusterLabels), [layout, clusterLabels]);
  const allNodes = useMemo<(FlowAgentNode | FlowClusterNode)[]>(
    () => [...clusterNodes, ...stableNodes],
    [clusterNodes, stableNodes],
  );
  const ranked = useMemo(
    () => Object.values(edges).sort((a, b) => b.count - a.count || a.lastAt.localeCompare(b.lastAt)),
    [edges],
  );
  const onPick = useCallback(
    (from: string, to: string) => void store.getState().select({ from, to }),
    [store],
  );
  const total = useMemo(() => Object.values(edges).reduce((sum, e) => sum + e.count, 0), [edges]);

  useEffect(() => {
    if (userMoved.current || layout.width === 0) return;
    const frame = requestAnimationFrame(
      () => void flowApi.fitView({ padding: 0.06, maxZoom: 1.2, duration: 0 }),
    );
    return () => cancelAnimationFrame(frame);
  }, [layout, flowApi]);

  const onEdgeClick: EdgeMouseHandler<FlowMessageEdge> = useCallback(
    (_event, edge) => {
      if (edge.data) void store.getState().select({ from: edge.data.edge.from, to: edge.data.edge.to });
    },
    [store],
  );
  const openAgent = useShell((s) => s.openAgent);
  const theme = useShell((s) => s.theme);
  const onNodeClick: NodeMouseHandler<FlowAgentNode | FlowClusterNode> = useCallback(
    (_event, node) => {
      if (node.type === 'agent' && node.data.node.role === 'agent') openAgent(node.id);
    },
    [openAgent],
  );
  const onNodeMouseEnter: NodeMouseHandler<FlowAgentNode | FlowClusterNode> = useCallback(
    (_event, node) => setHovered(node.type === 'agent' ? node.id : null),
    [],
  );
  const onNodeMouseLeave = useCallback(() => setHovered(null), []);

  return (
    <div className="flow-view" data-testid="flow-view">
      <div className="chart-toolbar">
        <h2 className="flow-title">Message flow</h2>
        <div className="window-picker" role="radiogroup" aria-label="Time window">
          {FLOW_WINDOWS.map(({ window: value, label }) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={window === value}
              className={`secondary${window === value ? ' active' : ''}`}
              onClick={() => void store.getState().setWindow(value as FlowWindow)}
            >
              {label}
            </button>
          ))}
        </div>
        <span className="muted" data-testid="flow-total">
          {total} message{total === 1 ? '' : 's'} on {Object.keys(edges).length} link
          {Object.keys(edges).length === 1 ? '' : 's'}
        </span>
        <label className="checkbox flow-hide-silent">
          <input type="checkbox" checked={hideSilent} onChange={(e) => setHideSilent(e.target.checked)} />
          Hide silent agents{hideSilent && silent > 0 ? ` (${silent} hidden)` : ''}
        </label>
        {unansweredTotal > 0 && (
          <span className="flow-unanswered-total" data-testid="flow-unanswered">
            {unansweredTotal} request{unansweredTotal === 1 ? '' : 's'} without a reply
          </span>
        )}
        <FlowScrubber
          window={window}
          until={until}
          onChange={(next) => void store.getState().setUntil(next)}
        />
        <ul className="flow-legend" aria-label="Legend">
          {KINDS.map((kind) => (
            <li key={kind}>
              <span className={`legend-swatch flow-kind-chip-${kind}`} aria-hidden="true" /> {kind}
            </li>
          ))}
          <li>
            <span className="legend-line legend-delegation" aria-hidden="true" /> delegation
          </li>
          <li>
            <span className="legend-line legend-chat" aria-hidden="true" /> chat
          </li>
          {Object.values(fleet.agents).some((agent) => agent.host !== undefined) && (
            <li data-testid="legend-cross-host">
              <span className="legend-line legend-cross-host" aria-hidden="true" /> ⇄ between machines
            </li>
          )}
        </ul>
      </div>
      {error && (
        <p role="alert" className="error-banner">
          {error}
        </p>
      )}
      <div className="flow-body">
        <div className="chart-canvas flow-canvas" data-testid="flow-graph">
          {graph.nodes.length === 0 && <FlowEmptyNote agents={Object.keys(agents).length} hidden={silent} />}
          <ReactFlow
            nodes={allNodes}
            edges={stableEdges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            defaultEdgeOptions={defaultEdgeOptions}
            onEdgeClick={onEdgeClick}
            onNodeClick={onNodeClick}
            onNodeMouseEnter={onNodeMouseEnter}
            onNodeMouseLeave={onNodeMouseLeave}
            onMoveStart={(event) => {
              if (event) userMoved.current = true;
            }}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            edgesFocusable
            minZoom={0.05}
            proOptions={proOptions}
            colorMode={theme}
          >
            <Background gap={24} />
            <Controls showInteractive={false} />
            <FlowZoomScale />
          </ReactFlow>
        </div>
        <aside className="flow-side" aria-label="Links">
          {selected && (
            <EdgeMessagesPanel
              selected={selected}
              fleet={fleet}
              onClose={() => void store.getState().select(null)}
            />
          )}
          <section className="panel">
            <h3>Busiest links</h3>
            {ranked.length === 0 ? (
              <p className="muted">No messages in this window yet.</p>
            ) : (
              <LinkList edges={ranked.slice(0, BUSIEST)} fleet={fleet} onPick={onPick} testId="flow-link" />
            )}
            {ranked.length > BUSIEST && (
              <details className="all-links">
                <summary>
                  {ranked.length - BUSIEST} more link{ranked.length - BUSIEST === 1 ? '' : 's'}
                </summary>
                <LinkList
                  edges={ranked.slice(BUSIEST)}
                  fleet={fleet}
                  onPick={onPick}
                  testId="flow-link-more"
                  start={BUSIEST + 1}
                />
              </details>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}
