import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, type NodeChange, type NodeMouseHandler, type XYPosition } from '@xyflow/react';
import { filterFleet } from '../../graph/fleet-filter';
import { agentIdOf, agentNodeId, LOOSE_GROUP } from '../../graph/node-ids';
import { toFlow, type FlowNode } from '../../graph/to-flow';
import { modalOpen, typingInto } from '../../shell/typing-into';
import { useFleet, useShell, useUndoable } from '../store-context';
import { AgentCardNode } from './agent-card-node';
import { DropTargetContext } from './drop-target-context';
import { SelectionBar } from './selection-bar';
import { TeamGroupNode } from './team-group-node';
import { useChartDrag } from './use-chart-drag';
import { MIN_ZOOM, useChartViewport } from './use-chart-viewport';
import { useFleetLayout } from './use-fleet-layout';
import './org-chart.css';

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
  const focus = useShell((s) => s.focus);
  const theme = useShell((s) => s.theme);
  const undo = useUndoable((s) => s.undo);
  const [query, setQuery] = useState('');
  const visible = useMemo(() => filterFleet(fleet, query), [fleet, query]);
  const layout = useFleetLayout(visible);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [overrides, setOverrides] = useState<Record<string, XYPosition>>({});
  const [announcement, setAnnouncement] = useState('');
  const canvas = useRef<HTMLDivElement>(null);
  const noTeamZone = useRef<HTMLDivElement>(null);
  const viewport = useChartViewport(layout, canvas);
  const settle = useCallback(() => setOverrides({}), []);
  const drag = useChartDrag({ fleet: visible, layout, noTeamZone, settle, onStart: viewport.takeOver, announce: setAnnouncement });

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

  const onNodeDoubleClick: NodeMouseHandler<FlowNode> = useCallback((_event, node) => viewport.zoomToNode(node.id), [viewport]);

  // Bring a requested agent into view (palette "focus", toast "go to pane").
  useEffect(() => {
    if (!focus) return;
    const id = agentNodeId(focus.agentId);
    if (!layout.boxes[id]) {
      setQuery('');
      return;
    }
    setSelected(new Set([id]));
    viewport.zoomToNode(id);
  }, [focus, layout, viewport]);

  // `u` undoes the newest move while the chart shows (the queue has its own `u` for decisions).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'u' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented || typingInto(event.target) || modalOpen()) return;
      event.preventDefault();
      void undo().then((outcome) => outcome && setAnnouncement(outcome.ok ? 'Move undone.' : `Undo failed: ${outcome.reason}`));
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [undo]);

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
        <button type="button" className="secondary" onClick={() => viewport.fitAll(250)}>
          Zoom to fit
        </button>
        <SelectionBar agentIds={selectedAgents} onDone={() => setSelected(new Set())} />
      </div>
      <div className="chart-canvas" data-testid="org-chart" ref={canvas}>
        <DropTargetContext.Provider value={drag.dropTarget}>
          <ReactFlow
            nodes={nodes}
            edges={flow.edges}
            nodeTypes={nodeTypes}
            onNodesChange={onNodesChange}
            onNodeDragStart={drag.onNodeDragStart}
            onNodeDrag={drag.onNodeDrag}
            onNodeDragStop={drag.onNodeDragStop}
            onNodeDoubleClick={onNodeDoubleClick}
            onMoveStart={(event) => {
              if (event) viewport.takeOver();
            }}
            colorMode={theme}
            minZoom={MIN_ZOOM}
            maxZoom={2}
            proOptions={proOptions}
            nodesConnectable={false}
            elevateNodesOnSelect
            aria-label="Org chart"
          >
            <Background gap={24} />
            <Controls showInteractive={false} aria-label="Zoom controls" />
            <MiniMap
              pannable
              zoomable
              ariaLabel="Mini map: click to jump there"
              nodeStrokeWidth={2}
              nodeColor={miniMapColor}
              nodeStrokeColor={miniMapStroke}
              onClick={(_event, point) => viewport.jumpTo(point)}
            />
          </ReactFlow>
        </DropTargetContext.Provider>
        {drag.dragging && (
          <div
            ref={noTeamZone}
            className={`no-team-zone${drag.dropTarget === LOOSE_GROUP ? ' drop-target' : ''}`}
            data-testid="no-team-zone"
          >
            No team — drop here to leave all teams
          </div>
        )}
      </div>
      <p className="visually-hidden" aria-live="assertive" data-testid="chart-announcement">{announcement}</p>
    </div>
  );
}
