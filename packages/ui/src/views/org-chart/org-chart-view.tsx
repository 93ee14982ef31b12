import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { stagedIds } from '../../approvals/staged-decisions';
import { cutTurnsOf, needsYou, withoutHeld } from '../../graph/needs-you';
import { collapseFleet, teamTotals } from '../../graph/team-totals';
import { compactRoomAt } from '../../graph/compact-room';
import { createLastLinesStore } from '../../store/last-lines-store';
import { createQuotaWarningsStore } from '../../store/quota-warnings-store';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  type NodeChange,
  type NodeMouseHandler,
  useStore,
  type XYPosition,
} from '@xyflow/react';
import { filterFleet } from '../../graph/fleet-filter';
import { groupByHost } from '../../graph/host-groups';
import { agentIdOf, agentNodeId, LOOSE_GROUP } from '../../graph/node-ids';
import { toFlow, type FlowNode } from '../../graph/to-flow';
import { useBareKey } from '../../shell/bare-key';
import { useAttention, useFleet, useShell, useStaged, useUndoable } from '../store-context';
import { AgentCardNode } from './agent-card-node';
import {
  BroadcastContext,
  ChartUiContext,
  CutTurnsContext,
  LastLinesContext,
  QuotaWarningsContext,
} from './chart-contexts';
import { DropTargetContext } from './drop-target-context';
import { NeedsYouLane } from './needs-you-lane';
import { SelectionBar } from './selection-bar';
import { TeamGroupNode } from './team-group-node';
import { useChartDrag } from './use-chart-drag';
import { useChartRoving } from './use-chart-roving';
import { MIN_ZOOM, useChartViewport } from './use-chart-viewport';
import { useBroadcastGroups } from './use-broadcast-groups';
import { useFleetLayout } from './use-fleet-layout';
import './org-chart.css';

const nodeTypes = { agent: AgentCardNode, team: TeamGroupNode };
const proOptions = { hideAttribution: true };
/** Teams keep their colour on the minimap (faint fill, full stroke); agents are neutral. */
const miniMapColor = (node: FlowNode) =>
  node.type === 'team' ? `${node.data.team?.color ?? '#8c959f'}33` : '#8c959f';
const miniMapStroke = (node: FlowNode) =>
  node.type === 'team' ? (node.data.team?.color ?? '#8c959f') : 'transparent';

/** The home view: the fleet as a live org chart. */
export function OrgChartView() {
  return (
    <ReactFlowProvider>
      <OrgChart />
    </ReactFlowProvider>
  );
}

function OrgChart() {
  const everything = useFleet((s) => s.fleet);
  const client = useFleet((s) => s.client);
  const staged = useStaged((s) => s.entries);
  // Items answered here or in the queue wait out their undo window: not offered again meanwhile.
  const held = useMemo(() => stagedIds(staged), [staged]);
  const fleet = useMemo(() => withoutHeld(everything, held), [everything, held]);
  const focus = useShell((s) => s.focus);
  const chartCommand = useShell((s) => s.chartCommand);
  const [askClose, setAskClose] = useState(0);
  const theme = useShell((s) => s.theme);
  const undo = useUndoable((s) => s.undo);
  const [query, setQuery] = useState('');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  // Group by host (issue 27): offered once any agent runs on a remote host; a view, so nothing is dragged in it.
  const [byHost, setByHost] = useState(false);
  const remote = useMemo(() => Object.values(fleet.agents).some((a) => a.host !== undefined), [fleet.agents]);
  const grouped = byHost && remote;
  const filtered = useMemo(() => {
    const matching = filterFleet(fleet, query);
    return grouped ? groupByHost(matching) : matching;
  }, [fleet, query, grouped]);
  const visible = useMemo(() => collapseFleet(filtered, collapsed), [filtered, collapsed]);
  // Below a readable zoom the chart is the compact view, laid out with more room for each team's header.
  const headerRoom = useStore((s) => compactRoomAt(s.transform[2]));
  const canvas = useRef<HTMLDivElement>(null);
  /** Set when the person pans, zooms, drags or jumps: the chart stops fitting itself (useChartViewport). */
  const userMoved = useRef(false);
  const layout = useFleetLayout(visible, headerRoom, { canvas, userMoved });
  const [lastLines] = useState(() => createLastLinesStore(client));
  useEffect(() => () => lastLines.getState().dispose(), [lastLines]);
  const [quotaWarnings] = useState(() => createQuotaWarningsStore(client));
  useEffect(() => () => quotaWarnings.getState().dispose(), [quotaWarnings]);
  const agentIds = useMemo(() => Object.keys(fleet.agents).sort().join(' '), [fleet.agents]);
  useEffect(() => lastLines.getState().watch(agentIds ? agentIds.split(' ') : []), [lastLines, agentIds]);
  // Turns cut off (resumed agents read idle): a string, so other attention changes leave the cards alone.
  const cutKey = useAttention((s) => JSON.stringify([...cutTurnsOf(Object.values(s.items))]));
  const cutTurns = useMemo(() => new Map(JSON.parse(cutKey) as [string, string][]), [cutKey]);
  // An agent just answered (its decision waiting out the undo window) has had its turn: off the lane.
  const lane = useMemo(() => {
    const answered = new Set([...held].map((id) => everything.approvals[id]?.requester));
    return needsYou(fleet, Date.now(), cutTurns).filter((entry) => !answered.has(entry.agent.id));
  }, [fleet, everything, held, cutTurns]);
  const toggleCollapsed = useCallback(
    (teamId: string) =>
      setCollapsed((current) => {
        const next = new Set(current);
        if (!next.delete(teamId)) next.add(teamId);
        return next;
      }),
    [],
  );
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [overrides, setOverrides] = useState<Record<string, XYPosition>>({});
  const [announcement, setAnnouncement] = useState('');
  const noTeamZone = useRef<HTMLDivElement>(null);
  const viewport = useChartViewport(layout, canvas, userMoved);
  const settle = useCallback(() => setOverrides({}), []);
  const drag = useChartDrag({
    fleet: visible,
    layout,
    noTeamZone,
    settle,
    onStart: viewport.takeOver,
    announce: setAnnouncement,
  });

  const totals = useMemo(() => teamTotals(filtered), [filtered]);
  const allTotals = useMemo(() => teamTotals(grouped ? groupByHost(fleet) : fleet), [fleet, grouped]);
  const flow = useMemo(
    () => toFlow(visible, layout, { selected, totals, allTotals, collapsed, filtered: query.trim() !== '' }),
    [visible, layout, selected, totals, allTotals, collapsed, query],
  );
  const nodes = useMemo(
    () =>
      Object.keys(overrides).length === 0
        ? flow.nodes
        : flow.nodes.map((n) => (overrides[n.id] ? { ...n, position: overrides[n.id]! } : n)),
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

  const roving = useChartRoving({
    layout,
    nodes: flow.nodes,
    canvas,
    toggleSelected: useCallback(
      (id: string) => onNodesChange([{ type: 'select', id, selected: !selected.has(id) }]),
      [onNodesChange, selected],
    ),
    clearSelection: useCallback(() => setSelected(new Set()), []),
    toggleCollapsed,
  });
  const chartUi = useMemo(
    () => ({ activeId: roving.activeId, toggleCollapsed }),
    [roving.activeId, toggleCollapsed],
  );

  const onNodeDoubleClick: NodeMouseHandler<FlowNode> = useCallback(
    (_event, node) => viewport.zoomToNode(node.id),
    [viewport],
  );

  // Bring a requested agent into view (palette "focus", toast "go to pane").
  // Each request is served once, as soon as the layout has placed the card (a later re-layout leaves the view alone).
  const servedFocus = useRef<number | null>(null);
  const { setActiveId } = roving;
  useEffect(() => {
    if (!focus || servedFocus.current === focus.nonce) return;
    const id = agentNodeId(focus.agentId);
    if (!layout.boxes[id]) {
      setQuery('');
      const teamId = fleet.agents[focus.agentId]?.teamId;
      if (teamId && collapsed.size) setCollapsed(new Set());
      return;
    }
    servedFocus.current = focus.nonce;
    setSelected(new Set([id]));
    setActiveId(id);
    viewport.zoomToNode(id);
  }, [focus, layout, viewport, setActiveId, fleet, collapsed]);

  // The palette's chart commands, each run once.
  const servedCommand = useRef<number | null>(null);
  useEffect(() => {
    if (!chartCommand || servedCommand.current === chartCommand.nonce) return;
    servedCommand.current = chartCommand.nonce;
    if (chartCommand.kind === 'fit') viewport.fitAll(250);
    else if (chartCommand.kind === 'collapse') {
      const { teamId, collapsed: fold } = chartCommand;
      setCollapsed((current) =>
        current.has(teamId) === fold
          ? current
          : new Set(fold ? [...current, teamId] : [...current].filter((id) => id !== teamId)),
      );
    } else if (chartCommand.kind === 'close') {
      setSelected(new Set([agentNodeId(chartCommand.agentId)]));
      setAskClose(chartCommand.nonce);
    }
  }, [chartCommand, viewport]);

  // `u` undoes the newest undoable thing while the chart shows: a move, or an answer given from a card or the lane.
  const moves = useUndoable((s) => s.entries);
  const undoDecision = useStaged((s) => s.undo);
  useBareKey('u', () => {
    if ((staged.at(-1)?.dueAt ?? -1) > (moves.at(-1)?.dueAt ?? -1)) {
      if (undoDecision()) setAnnouncement('Answer undone.');
      return;
    }
    void undo().then(
      (outcome) => outcome && setAnnouncement(outcome.ok ? 'Move undone.' : `Undo failed: ${outcome.reason}`),
    );
  });

  const selectedAgents = [...selected]
    .map(agentIdOf)
    .filter((id): id is string => id !== null && fleet.agents[id] !== undefined);
  const shown = Object.keys(visible.agents).length;
  const total = Object.keys(fleet.agents).length;
  const broadcast = useBroadcastGroups();

  return (
    <BroadcastContext.Provider value={broadcast}>
      <CutTurnsContext.Provider value={cutTurns}>
        <div className="org-chart">
          <div className="chart-toolbar" role="toolbar" aria-label="Chart tools">
            <input
              type="search"
              className="chart-search"
              placeholder="Filter: name, role, state, team, @host"
              aria-label="Filter agents"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
            {query && (
              <span className="muted" aria-live="polite">
                {shown} of {total} agents
              </span>
            )}
            <button type="button" className="secondary" onClick={() => viewport.fitAll(250)}>
              Zoom to fit
            </button>
            {remote && (
              <button
                type="button"
                className="secondary"
                aria-pressed={grouped}
                onClick={() => setByHost((on) => !on)}
                title="Group the chart by the machine each agent runs on (teams inside); drag to teams when not grouped"
              >
                Group by host
              </button>
            )}
            <SelectionBar
              agentIds={selectedAgents}
              onDone={() => setSelected(new Set())}
              askClose={askClose}
            />
          </div>
          <LastLinesContext.Provider value={lastLines}>
            <QuotaWarningsContext.Provider value={quotaWarnings}>
              <NeedsYouLane entries={lane} />
              <div
                className="chart-canvas"
                data-testid="org-chart"
                ref={canvas}
                onKeyDown={roving.onKeyDown}
                onFocus={roving.onFocus}
              >
                <ChartUiContext.Provider value={chartUi}>
                  <DropTargetContext.Provider value={drag.dropTarget}>
                    <ReactFlow
                      nodes={nodes}
                      edges={flow.edges}
                      nodeTypes={nodeTypes}
                      onNodesChange={onNodesChange}
                      onNodeDragStart={drag.onNodeDragStart}
                      onNodeDrag={drag.onNodeDrag}
                      onNodeDragStop={drag.onNodeDragStop}
                      nodesDraggable={!grouped}
                      onNodeDoubleClick={onNodeDoubleClick}
                      onMoveStart={(event) => {
                        if (event) viewport.takeOver();
                      }}
                      colorMode={theme}
                      minZoom={MIN_ZOOM}
                      maxZoom={2}
                      proOptions={proOptions}
                      nodesConnectable={false}
                      nodesFocusable={false}
                      edgesFocusable={false}
                      disableKeyboardA11y
                      deleteKeyCode={null}
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
                </ChartUiContext.Provider>
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
            </QuotaWarningsContext.Provider>
          </LastLinesContext.Provider>
          <p className="visually-hidden" aria-live="assertive" data-testid="chart-announcement">
            {announcement}
          </p>
        </div>
      </CutTurnsContext.Provider>
    </BroadcastContext.Provider>
  );
}
