import type { HandlerMap } from '../dispatch/handler';
import type { AttentionService } from './attention-service';

export type AttentionCommand =
  | 'attention.list'
  | 'attention.dismiss'
  | 'attention.goTo'
  | 'attention.setDoNotDisturb'
  | 'attention.muteTeam';

export function attentionHandlers(attention: AttentionService): HandlerMap<AttentionCommand> {
  return {
    'attention.list': (input) => attention.list(input),
    'attention.dismiss': (input) => attention.dismiss(input),
    'attention.goTo': (input) => attention.goTo(input),
    'attention.setDoNotDisturb': (input) => attention.setDoNotDisturb(input),
    'attention.muteTeam': (input) => attention.muteTeam(input),
  };
}
