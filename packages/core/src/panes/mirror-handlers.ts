import type { HandlerMap } from '../dispatch/handler';
import type { PaneMirrors } from './pane-mirrors';

export function mirrorHandlers(mirrors: PaneMirrors): HandlerMap<'pane.mirror' | 'pane.unmirror'> {
  return {
    'pane.mirror': (input) => mirrors.mirror(input.target),
    'pane.unmirror': (input) => mirrors.unmirror(input.paneId),
  };
}
