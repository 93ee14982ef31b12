import { logListenerError, type LogFields, type Logger } from '@switchboard/core';
import { Emitter } from '@switchboard/protocol';
import type { Notification, ServerOriginatedMessage } from '../gen/api_pb';
import { bufferLinesAnswer, bufferLinesOf, type BufferLines } from './buffer-lines-frame';
import {
  ITerm2DisconnectedError,
  ITerm2ProtocolError,
  ITerm2RpcError,
  ITerm2StatusError,
  type ITerm2Error,
} from './errors';
import { decodeServerFrame, statusField, statusName } from './messages';
import { PendingRequests } from './pending-requests';
import { screenUpdateNotification, screenUpdateSession } from './screen-update-frame';
import { layoutChangedNotification } from './layout-changed-frame';

const GET_BUFFER = 'getBufferResponse';

/**
 * What a received frame was, for the read coalescing (read-coalescing.ts): a screen update (the traffic of a printing
 * fleet), another notification (an event: a process's end, a prompt mark, a layout change), or anything else (an
 * answer to a request of ours, noise).
 */
export type ReceivedFrame = 'screen update' | 'event' | 'other';

/**
 * What the frames a connection receives mean: an answer settles the request it answers (its kind and status
 * checked), a notification goes to the notification listeners, anything else to the garbage listeners. The
 * requests in flight are here; the client (client.ts) adds them as it sends them.
 */
export class Answers {
  readonly pending = new PendingRequests();
  // A listener's bug must not take the connection down: the Emitter keeps it from the others, and it is logged.
  readonly notifications: Emitter<Notification>;
  readonly garbage: Emitter<{ problem: string }>;

  constructor(logger: Logger | undefined) {
    this.notifications = new Emitter(
      logListenerError(logger, 'iterm2-client', 'notification', notificationIds),
    );
    this.garbage = new Emitter(logListenerError(logger, 'iterm2-client', 'garbage'));
  }

  /** Handles one frame; returns what it was. */
  receive(bytes: Uint8Array): ReceivedFrame {
    // Screen updates are most of the traffic of a printing fleet: read without the general decoder.
    const session = screenUpdateSession(bytes);
    if (session !== undefined) {
      this.notifications.emit(screenUpdateNotification(session));
      return 'screen update';
    }
    const layout = layoutChangedNotification(bytes);
    if (layout) {
      this.notifications.emit(layout);
      return 'event';
    }
    // A screen read asked for its lines alone (`Pending.lines`): read into them, no message per line and cell.
    if (this.pending.linesAwaited) {
      const read = bufferLinesAnswer(bytes);
      if (read && this.pending.get(read.id)?.lines) {
        this.answerLines(read.id, read.lines);
        return 'other';
      }
    }
    const decoded = decodeServerFrame(bytes);
    switch (decoded.kind) {
      case 'notification':
        if (decoded.message.submessage.case !== 'notification') return 'other';
        this.notifications.emit(decoded.message.submessage.value);
        return decoded.message.submessage.value.screenUpdateNotification ? 'screen update' : 'event';
      case 'response':
        this.answer(decoded.id, decoded.message);
        return 'other';
      case 'garbage': {
        this.garbage.emit({ problem: decoded.problem });
        const pending = decoded.id === undefined ? undefined : this.pending.get(decoded.id);
        if (pending && decoded.id !== undefined)
          this.settle(
            decoded.id,
            new ITerm2ProtocolError(pending.operation, `undecodable answer (${decoded.problem})`),
          );
        return 'other';
      }
      case 'stray':
        this.garbage.emit({
          problem: `a message with neither id nor notification (${decoded.message.submessage.case ?? 'empty'})`,
        });
        return 'other';
    }
  }

  /** Fails every request in flight (the connection is gone). */
  failAll(why: string): void {
    for (const [id, pending] of this.pending.all())
      this.settle(id, new ITerm2DisconnectedError(pending.operation, why));
  }

  private answer(id: bigint, message: ServerOriginatedMessage): void {
    const pending = this.pending.get(id);
    if (!pending) {
      this.garbage.emit({ problem: `an answer to unknown request ${id}` });
      return;
    }
    const { submessage } = message;
    if (submessage.case === 'error')
      return this.settle(id, new ITerm2RpcError(pending.operation, submessage.value));
    if (submessage.case !== pending.expected) {
      return this.settle(
        id,
        new ITerm2ProtocolError(
          pending.operation,
          `expected ${pending.expected}, got ${submessage.case ?? 'an empty envelope'}`,
        ),
      );
    }
    const status = (submessage.value as { status?: unknown }).status;
    if (typeof status === 'number' && this.refused(id, submessage.case, status)) return;
    if (pending.lines && submessage.case === GET_BUFFER)
      this.settle(id, undefined, bufferLinesOf(submessage.value));
    else this.settle(id, undefined, submessage.value);
  }

  /** A screen read's lines, read straight from the frame: as `answer`, for a getBuffer answer. */
  private answerLines(id: bigint, lines: BufferLines): void {
    if (!this.refused(id, GET_BUFFER, lines.status)) this.settle(id, undefined, lines);
  }

  /** A status that is not OK, unless the caller accepts it: the request fails with it (true). */
  private refused(id: bigint, responseCase: string, status: number): boolean {
    const field = statusField(responseCase);
    if (!field || status === 0) return false;
    const pending = this.pending.get(id)!;
    const name = statusName(field, status);
    if (pending.accept?.includes(name)) return false;
    this.settle(id, new ITerm2StatusError(pending.operation, name, status));
    return true;
  }

  private settle(id: bigint, error: ITerm2Error | undefined, value?: unknown): void {
    const pending = this.pending.take(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    if (error) pending.reject(error);
    else pending.resolve(value);
  }
}

/** What a notification's log line says of it: its kind and its session (bounded), never its contents. */
function notificationIds(notification: Notification): LogFields {
  for (const [kind, value] of Object.entries(notification)) {
    if (kind === '$typeName' || typeof value !== 'object' || value === null) continue;
    const { session, sessionId } = value as { session?: unknown; sessionId?: unknown };
    const paneId = typeof session === 'string' ? session : sessionId;
    return { notification: kind, ...(typeof paneId === 'string' ? { paneId: paneId.slice(0, 100) } : {}) };
  }
  return {};
}
