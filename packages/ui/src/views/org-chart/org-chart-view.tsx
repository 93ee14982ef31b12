import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow,
  type NodeChange, type NodeMouseHandler, type OnNodeDrag, type XYPosition,
} from '@xyflow/react';
import { planDrop, teamAt } from '../../graph/drop-target';
import { filterFleet } from '../../graph/fleet-filter';
import { agentIdOf, agentNodeId } from '../../graph/node-ids';
import { toFlow, type FlowNode } from '../../graph/to-flow';
import { useFleet, useShell } from '../store-context';
import { AgentCardNode } from './agent-card-node';
import { DropTargetContext } from './drop-target-context';
import { SelectionBar } from './selection-bar';
import { TeamGroupNode } from './team-group-node';
import { useFleetLayout } from './use-fleet-layout';

const nodeTypes = { agent: AgentCardNode, team: TeamGroupNode };
const proOptions = { hideAttribution: true };
/** Teams keep their colour on the minimap (faint fill, full stroke); agents are neutral. */
const miniMapColor = (node: FlowNode) => (node.type === 'team' ? `${node.data.team?.color ?? '#8c959f'}33` : '#8c959f');
const miniMapStroke = (node: FlowNode) => (node.type === 'team' ? (node.data.team?.color ?? '#8c959f') : 'transparent');

/** The home view: the fleet as a live org chart. */
export function OrgChartView() {
  return (
    <ReactFlowProvider>
      <OrgChart />
    </ReactFlowProvider>
  );
}

function OrgChart() {
  const fleet = useFleet((s) => s.fleet);
  const moveAgents = useFleet((s) => s.moveAgents);
  const notify = useFleet((s) => s.notify);
  const focus = useShell((s) => s.focus);
  const theme = useShell((s) => s.theme);
  const [query, setQuery] = useState('');
  const visible = useMemo(() => filterFleet(fleet, query), [fleet, query]);
  const layout = useFleetLayout(visible);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [overrides, setOverrides] = useState<Record<string, XYPosition>>({});
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const flowApi = useReactFlow<FlowNode>();
  /** Set once the person pans or zooms: from then on the chart no longer re-fits by itself. */
  const userMoved = useRef(false);

  const flow = useMemo(() => toFlow(visible, layout, { selected }), [visible, layout, selected]);
  const nodes = useMemo(
    () => (Object.keys(overrides).length === 0 ? flow.nodes : flow.nodes.map((n) => (overrides[n.id] ? { ...n, position: overrides[n.id]! } : n))),
    [flow, overrides],
  );

  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    const moved: Record<string, XYPosition> = {};
    const selections: [string, boolean][] = [];
    for (const change of changes) {
      if (change.type === 'select') selections.push([change.id, change.selected]);
      else if (change.type === 'position' && change.position) moved[change.id] = change.position;
    }
    if (selections.length) {
      setSelected((current) => {
        const next = new Set(current);
        for (const [id, on] of selections) {
          if (on) next.add(id);
          else next.delete(id);
        }
        return next;
      });
    }
    if (Object.keys(moved).length) setOverrides((current) => ({ ...current, ...moved }));
  }, []);

  const pointOf = useCallback(
    (event: MouseEvent | TouchEvent) => {
      const source = 'changedTouches' in event ? event.changedTouches[0] : event;
      return flowApi.screenToFlowPosition({ x: source?.clientX ?? 0, y: source?.clientY ?? 0 });
    },
    [flowApi],
  );

  const onNodeDrag: OnNodeDrag<FlowNode> = useCallback(
    (event) => setDropTarget(teamAt(layout, pointOf(event))),
    [layout, pointOf],
  );

  const onNodeDragStop: OnNodeDrag<FlowNode> = useCallback(
    (event, _node, dragged) => {
      const agentIds = dragged.map((n) => agentIdOf(n.id)).filter((id): id is string => id !== null);
      const plan = planDrop(visible, layout, agentIds, pointOf(event));
      setDropTarget(null);
      const settle = () => setOverrides({});
      if (plan.kind === 'none') return settle();
      if (plan.kind === 'refused') {
        settle();
        setAnnouncement(plan.reason);
        return notify({ tone: 'error', title: 'Move refused', body: plan.reason, agentId: null });
      }
      const names = plan.agentIds.map((id) => fleet.agents[id]?.name ?? id).join(', ');
      const teamName = plan.teamId === null ? 'no team' : fleet.teams[plan.teamId]?.name ?? plan.teamId;
      void moveAgents(plan.agentIds, plan.teamId, plan.position).then((outcome) => {
        settle();
        if (outcome.ok) setAnnouncement(`Moved ${names} to ${teamName}.`);
        else {
          setAnnouncement(`Move refused: ${outcome.reason}`);
          notify({ tone: 'error', title: `Could not move ${names} to ${teamName}`, body: outcome.reason, agentId: null });
        }
      });
    },
    [visible, layout, pointOf, moveAgents, notify, fleet],
  );

  const onNodeDoubleClick: NodeMouseHandler<FlowNode> = useCallback(
    (_event, node) => {
      userMoved.current = true;
      void flowApi.fitView({ nodes: [{ id: node.id }], duration: 250, maxZoom: 1.25 });
    },
    [flowApi],
  );

  // Keep the whole chart in view as it changes, until the person pans or zooms themselves.
  const fitAll = useCallback(() => void flowApi.fitView({ padding: 0.08, maxZoom: 1, duration: 0 }), [flowApi]);
  useEffect(() => {
    if (userMoved.current || flow.nodes.length === 0) return;
    const frame = requestAnimationFrame(fitAll);
    return () => cancelAnimationFrame(frame);
  }, [layout, flow.nodes.length, fitAll]);

  // Bring a requested agent into view (palette "focus", toast "go to pane").
  useEffect(() => {
    if (!focus) return;
    const id = agentNodeId(focus.agentId);
    if (!layout.boxes[id]) {
      setQuery('');
      return;
    }
    setSelected(new Set([id]));
    userMoved.current = true;
    void flowApi.fitView({ nodes: [{ id }], duration: 250, maxZoom: 1.25 });
  }, [focus, layout, flowApi]);

  const selectedAgents = [...selected].map(agentIdOf).filter((id): id is string => id !== null && fleet.agents[id] !== undefined);
  const shown = Object.keys(visible.agents).length;
  const total = Object.keys(fleet.agents).length;

  return (
    <div className="org-chart">
      <div className="chart-toolbar" role="toolbar" aria-label="Chart tools">
        <input
          type="search"
          className="chart-search"
          placeholder="Filter: name, kind, role, state, team"
          aria-label="Filter agents"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        {query && <span className="muted" aria-live="polite">{shown} of {total} agents</span>}
        <button type="button" className="secondary" onClick={() => {
            userMoved.current = false;
            void flowApi.fitView({ duration: 250, padding: 0.08, maxZoom: 1 });
          }}>
          Zoom to fit
        </button>
        <SelectionBar agentIds={selectedAgents} onDone={() => setSelected(new Set())} />
      </div>
      <div className="chart-canvas" data-testid="org-chart">
        <DropTargetContext.Provider value={dropTarget}>
          <ReactFlow
            nodes={nodes}
            edges={flow.edges}
            nodeTypes={nodeTypes}
            onNodesChange={onNodesChange}
            onNodeDrag={onNodeDrag}
            onNodeDragStop={onNodeDragStop}
            onNodeDoubleClick={onNodeDoubleClick}
            onMoveStart={(event) => {
              if (event) userMoved.current = true;
            }}
            colorMode={theme}
            minZoom={0.1}
            maxZoom={2}
            proOptions={proOptions}
            nodesConnectable={false}
            elevateNodesOnSelect
            aria-label="Org chart"
          >
            <Background gap={24} />
            <Controls showInteractive={false} aria-label="Zoom controls" />
            <MiniMap pannable zoomable ariaLabel="Mini map" nodeStrokeWidth={2} nodeColor={miniMapColor} nodeStrokeColor={miniMapStroke} />
          </ReactFlow>
        </DropTargetContext.Provider>
      </div>
      <p className="visually-hidden" aria-live="assertive" data-testid="chart-announcement">{announcement}</p>
    </div>
  );
}
