import type { FleetLayout } from '@switchboard/protocol';
import { previewOf, type PreviewNode } from '../../manage/fleet-admin';
import { useFleet } from '../store-context';

/** Windows → tabs → split panes of a layout, drawn as nested boxes with the agents' names. */
export function LayoutPreview({ layout, caption }: { layout: FleetLayout; caption: string }) {
  const fleet = useFleet((s) => s.fleet);
  const windows = previewOf(fleet, layout);
  return (
    <figure className="layout-preview" data-testid="layout-preview" aria-label={caption}>
      <figcaption>
        {caption}: {windows.length} window{windows.length === 1 ? '' : 's'},{' '}
        {windows.reduce((n, w) => n + w.tabs.length, 0)} tabs
      </figcaption>
      {windows.length === 0 && <p className="muted">No panes to lay out.</p>}
      <div className="preview-windows">
        {windows.map((window, w) => (
          <div key={w} className="preview-window" data-testid="preview-window">
            <div className="preview-title">{window.title}</div>
            <div className="preview-tabs">
              {window.tabs.map((tab, t) => (
                <div key={t} className="preview-tab" data-testid="preview-tab">
                  <div className="preview-tab-title">{tab.title}</div>
                  <PaneTree node={tab.root} />
                </div>
              ))}
            </div>
          </div>
        ))}
      </div>
    </figure>
  );
}

function PaneTree({ node }: { node: PreviewNode }) {
  if (node.kind === 'agent')
    return (
      <div className="preview-pane" data-testid="preview-pane">
        {node.name}
      </div>
    );
  return (
    <div className={`preview-split ${node.vertical ? 'side-by-side' : 'stacked'}`}>
      {node.children.map((child, i) => (
        <PaneTree key={i} node={child} />
      ))}
    </div>
  );
}
