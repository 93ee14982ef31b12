import { Component, type ReactNode } from 'react';

/**
 * A view's code fetched while the host was down (a lazily loaded chunk or its stylesheet), in the words of Chromium,
 * Vite's preload helper, Firefox and Safari. The browser keeps such a failed import for the page's life: only a
 * reload fetches it again.
 */
const FAILED_LOAD =
  /dynamically imported module|Unable to preload CSS|Importing a module script failed|loading chunk/i;

/** Whether `error` is a view's code that could not be fetched (rather than a view that failed as it drew). */
export function isFailedLoad(error: unknown): boolean {
  return error instanceof Error && FAILED_LOAD.test(error.message);
}

interface State {
  error: Error | null;
}

/**
 * Keeps one view's failure in that view. Without it, a view whose code could not be fetched (the host was down when
 * it was first opened; or `npm start` ran again, rebuilding the UI under new chunk names, while a page of the old
 * build was open) or that threw while drawing unmounted the whole app: a blank page, with no header, no banner
 * saying the host is gone and no way to another view. Now the view's place says what failed and offers a reload;
 * the header, the other views and the connection banner keep working. Keyed by the view, so opening another view
 * starts afresh.
 */
export class ViewBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="content">
        <div className="panel view-failed" role="alert" data-testid="view-failed">
          <h2>{isFailedLoad(error) ? 'This view could not be loaded' : 'This view failed'}</h2>
          <p>
            {isFailedLoad(error)
              ? 'Its code did not arrive from the Switchboard host: the host is stopped, or Switchboard was built again since this page opened. '
              : 'It stopped while drawing. '}
            The other views still work; reload the page to try this one again
            {isFailedLoad(error) ? ' once the host answers' : ''}.
          </p>
          <p className="muted view-failed-reason">{error.message}</p>
          <button type="button" onClick={() => location.reload()}>
            Reload the page
          </button>
        </div>
      </div>
    );
  }
}
