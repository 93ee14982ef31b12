import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import {
  CoordRangeSchema,
  GetPromptResponse_State,
  GetPromptResponse_Status,
  GetPromptResponseSchema,
  type GetPromptResponse,
} from '../gen/api_pb';
import type { JsonValue } from './profiles';

export interface Coord {
  x: number;
  y: number;
}

/** One shell-integration prompt (OSC 133 A/B/C/D marks), in absolute coordinates. */
export interface PromptRecord {
  id: string;
  promptStart: Coord;
  promptEnd?: Coord;
  commandEnd?: Coord;
  outputEnd?: Coord;
  command: string;
  workingDirectory: string;
  state: GetPromptResponse_State;
  exitStatus?: number;
}

export type PromptEvent =
  | { kind: 'prompt'; record: PromptRecord }
  | { kind: 'commandStart'; record: PromptRecord }
  | { kind: 'commandEnd'; record: PromptRecord; status: number };

/** Keeps the prompts a session has seen, oldest first, and turns marks into events. */
export class PromptLog {
  readonly records: PromptRecord[] = [];

  get last(): PromptRecord | undefined {
    return this.records[this.records.length - 1];
  }

  find(id: string): PromptRecord | undefined {
    return this.records.find((r) => r.id === id);
  }

  /** Applies one OSC 133 mark at the cursor; returns the event it produces, if any. */
  mark(
    data: string,
    at: Coord,
    textBetween: (from: Coord, to: Coord) => string,
    cwd: JsonValue | undefined,
  ): PromptEvent | undefined {
    const [code, arg] = data.split(';');
    const workingDirectory = typeof cwd === 'string' ? cwd : '';
    switch (code) {
      case 'A': {
        this.records.push({
          id: randomUUID(),
          promptStart: at,
          command: '',
          workingDirectory,
          state: GetPromptResponse_State.EDITING,
        });
        return undefined;
      }
      case 'B': {
        let record = this.last;
        if (!record || record.promptEnd) {
          record = {
            id: randomUUID(),
            promptStart: at,
            command: '',
            workingDirectory,
            state: GetPromptResponse_State.EDITING,
          };
          this.records.push(record);
        }
        record.promptEnd = at;
        return { kind: 'prompt', record };
      }
      case 'C': {
        const record = this.last;
        if (!record?.promptEnd) return undefined;
        record.commandEnd = at;
        record.command = textBetween(record.promptEnd, at);
        record.state = GetPromptResponse_State.RUNNING;
        return { kind: 'commandStart', record };
      }
      case 'D': {
        const record = this.last;
        if (!record?.commandEnd) return undefined;
        const status = Number(arg ?? '0');
        record.outputEnd = at;
        record.exitStatus = Number.isFinite(status) ? status : 0;
        record.state = GetPromptResponse_State.FINISHED;
        return { kind: 'commandEnd', record, status: record.exitStatus };
      }
      default:
        return undefined;
    }
  }
}

const range = (start: Coord, end: Coord) =>
  create(CoordRangeSchema, {
    start: { x: start.x, y: BigInt(start.y) },
    end: { x: end.x, y: BigInt(end.y) },
  });

/** The GetPromptResponse for a record; `cursor` closes ranges that are still open. */
export function promptResponse(record: PromptRecord, cursor: Coord): GetPromptResponse {
  const response = create(GetPromptResponseSchema, {
    status: GetPromptResponse_Status.OK,
    promptRange: range(record.promptStart, record.promptEnd ?? cursor),
    workingDirectory: record.workingDirectory,
    command: record.command,
    promptState: record.state,
    uniquePromptId: record.id,
  });
  if (record.promptEnd) response.commandRange = range(record.promptEnd, record.commandEnd ?? cursor);
  if (record.commandEnd) response.outputRange = range(record.commandEnd, record.outputEnd ?? cursor);
  if (record.state === GetPromptResponse_State.FINISHED) response.exitStatus = record.exitStatus ?? 0;
  return response;
}
