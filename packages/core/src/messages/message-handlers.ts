import type { HandlerMap } from '../dispatch/handler';
import type { MessagingService } from './messaging-service';

export type MessageCommand =
  | 'message.send'
  | 'message.receive'
  | 'message.peek'
  | 'message.ack'
  | 'message.status'
  | 'message.history'
  | 'message.flow'
  | 'message.decide'
  | 'message.setPaneInput';

export function messageHandlers(messages: MessagingService): HandlerMap<MessageCommand> {
  return {
    // These three audit inside their own transaction (the contract's `audit: 'domain'`): one commit per call;
    // sends that arrive together share one transaction (one COMMIT and one fsync for the group).
    'message.send': (input, { caller }) => messages.sendTogether(caller, input),
    'message.receive': (input, { caller, signal }) => messages.receive(caller, input, true, signal),
    'message.peek': (input, { caller }) => messages.peek(caller, input),
    'message.ack': (input, { caller }) => messages.ack(caller, input, true),
    'message.status': (input, { caller }) => messages.status(caller, input),
    'message.history': (input) => messages.history(input),
    'message.flow': (input) => messages.flow(input),
    'message.setPaneInput': (input) => messages.setPaneInput(input),
    'message.decide': (input, { caller }) =>
      messages.decide(input.message, {
        approved: input.approve,
        decidedBy: caller.id,
        ...(input.reason === undefined ? {} : { reason: input.reason }),
      }),
  };
}
