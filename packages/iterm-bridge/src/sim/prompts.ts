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
import type { LineNumbering } from './screen';

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

/**
 * Keeps the prompts a session has seen, oldest first, and turns marks into events. A prompt lives as long as the
 * line it starts on, as iTerm2's marks do: one whose line has left the scrollback is forgotten, and there are never
 * many more than the lines the terminal holds (the oldest go first; trimmed once a quarter over, so a mark costs
 * the same however long the scrollback). Before, every mark was kept for the life of the session: a pane printing
 * `OSC 133;A` (9 bytes) in a loop grew the host by ~600 bytes a mark (1,000,000 marks: +595 MB of heap).
 */
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
    held: LineNumbering,
  ): PromptEvent | undefined {
    const event = this.apply(data, at, textBetween, cwd);
    this.forgetBefore(held);
    return event;
  }

  private forgetBefore(held: LineNumbering): void {
    const records = this.records;
    const lines = held.history + held.rows;
    let gone = 0;
    while (gone < records.length && records[gone]!.promptStart.y < held.overflow) gone++;
    if (records.length - gone > lines + (lines >> 2)) gone = records.length - lines;
    if (gone > 0) records.splice(0, gone);
  }

  private apply(
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
        // One start a command: the text is read once. A pane repeating `OSC 133;C` made the host read the text from
        // the prompt's end to the cursor again each time (the whole scrollback: 1,000 marks, 9 KB, held it 1.8 s).
        const record = this.last;
        if (!record?.promptEnd || record.commandEnd) return undefined;
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
