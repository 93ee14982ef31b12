import {
  applyFrame,
  fullFrameOf,
  SwitchboardError,
  type CommandOutput,
  type ParsedInput,
  type RecordedFrame,
  type RecordedScreen,
} from '@switchboard/protocol';
import type { Agent } from '@switchboard/protocol';
import type { Clock } from '../ports/clock';
import { freshLines } from '../panes/fresh-lines';
import { restoredLines } from './scrolled-past';
import { asciicastEvents, asciicastHeader } from './asciicast';
import { logicalLines } from './redact-screen';
import type { Recorder } from './recorder';
import type { RecordingOptions } from './recording-options';
import type { RecordingRepository } from './recording-repository';
import { timelineOf } from './recording-timeline';
import type { Store } from '../store/store';

/** A stored chunk's time span (ms) whose frames could not be read back. */
interface UnreadableSpan {
  from: number;
  to: number;
}

/** An export stops (and says so) past this many bytes (UTF-8). */
export const MAX_EXPORT_BYTES = 16 * 1024 * 1024;

const iso = (ms: number | null | undefined): string | null =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();

export interface RecordingServiceDeps {
  clock: Clock;
  store: Store;
  repository: RecordingRepository;
  recorder: Recorder | undefined;
  options: RecordingOptions;
  findAgent: (ref: string) => Agent | undefined;
  /** A run of agent names by id, closed agents' included (`FleetRepository.namer`). */
  namer: () => (id: string) => string;
}

/** The human's view of recordings: what is kept, the frames of a time range, and exports. */
export class RecordingService {
  constructor(private readonly deps: RecordingServiceDeps) {}

  list(input: ParsedInput<'recording.list'>): CommandOutput<'recording.list'> {
    const agentId = input.agent === undefined ? undefined : this.agentIdOf(input.agent);
    this.deps.recorder?.indexPending();
    // Frames not yet written count too: a recording is listed from its first frame, not its first chunk.
    const open = this.deps.recorder?.openSpans() ?? new Map<string, { from: number; to: number }>();
    const rows = this.deps.repository.summaries(agentId);
    for (const [id, span] of open) {
      if ((agentId === undefined || id === agentId) && !rows.some((row) => row.agent_id === id)) {
        rows.push({
          agent_id: id,
          from_ms: span.from,
          to_ms: span.to,
          bytes: 0,
          chunks: 0,
          dropped_until_ms: null,
          dropped_bytes: 0,
        });
      }
    }
    return {
      enabled: this.deps.recorder !== undefined,
      recordings: rows.map((row) => ({
        agentId: row.agent_id,
        from: iso(row.from_ms ?? open.get(row.agent_id)?.from),
        to: iso(open.get(row.agent_id)?.to ?? row.to_ms),
        bytes: row.bytes,
        chunks: row.chunks,
        droppedUntil: iso(row.dropped_until_ms),
        droppedBytes: row.dropped_bytes,
      })),
      totalBytes: this.deps.repository.totalBytes,
      limits: {
        perAgentBytes: this.deps.options.maxBytesPerAgent,
        totalBytes: this.deps.options.maxBytesTotal,
      },
    };
  }

  /** The fleet's events for the agents in the range (default: everything kept up to now), for the replay. */
  timeline(input: ParsedInput<'recording.timeline'>): CommandOutput<'recording.timeline'> {
    const agentIds = [...new Set(input.agents.map((ref) => this.agentIdOf(ref)))];
    // Times the contract checked (IsoTime).
    const fromMs = input.from === undefined ? 0 : Date.parse(input.from);
    const toMs = input.to === undefined ? this.deps.clock.now() : Date.parse(input.to);
    return timelineOf(this.deps.store, agentIds, fromMs, toMs, input.limit, this.deps.namer());
  }

  frames(input: ParsedInput<'recording.frames'>): CommandOutput<'recording.frames'> {
    const agentId = this.agentIdOf(input.agent);
    const frames: RecordedFrame[] = [];
    const unreadable: UnreadableSpan[] = [];
    let more = false;
    for (const frame of this.framesIn(agentId, input.from, input.to, (span) => unreadable.push(span))) {
      if (frames.length === input.limit) {
        more = true;
        break;
      }
      frames.push(frame);
    }
    return {
      agentId,
      frames,
      more,
      droppedUntil: iso(this.deps.repository.dropOf(agentId)?.dropped_until_ms),
      ...(unreadable.length
        ? { unreadable: unreadable.map(({ from, to }) => ({ from: iso(from)!, to: iso(to)! })) }
        : {}),
    };
  }

  /** A transcript of the agent's recording in the range, at most `maxBytes` (UTF-8) long (`truncated` says it stopped). */
  export(
    input: ParsedInput<'recording.export'>,
    maxBytes = MAX_EXPORT_BYTES,
  ): CommandOutput<'recording.export'> {
    const agentId = this.agentIdOf(input.agent);
    const name = this.deps.namer()(agentId);
    const dropped = this.deps.repository.dropOf(agentId)?.dropped_until_ms;
    const parts: string[] = [];
    let size = 0;
    let truncated = false;
    const add = (line: string) => {
      const bytes = Buffer.byteLength(line) + 1;
      if (size + bytes > maxBytes) return !(truncated = true);
      parts.push(line);
      size += bytes;
      return true;
    };
    // Chunks that could not be read, noted as the frames pass them and said where they were.
    const gaps: UnreadableSpan[] = [];
    const frames = this.framesIn(agentId, input.from, input.to, (span) => gaps.push(span));
    const gapNote = ({ from, to }: UnreadableSpan) =>
      `frames from ${iso(from)} to ${iso(to)} could not be read (a damaged recording chunk)`;
    const stamp = new Date(this.deps.clock.now()).toISOString().replace(/[:.]/g, '-');
    if (input.format === 'asciicast') {
      const first = frames.next();
      // No frame at all but unreadable chunks: a cast of their markers alone (at the default size).
      const startMs = first.done ? gaps[0]?.from : first.value.at;
      if (startMs !== undefined) {
        const title = `${name} (Switchboard recording)`;
        const header = asciicastHeader(first.done ? [] : [first.value], startMs, title);
        const screenSize = { width: header.width, height: header.height };
        add(JSON.stringify(header));
        if (dropped !== undefined)
          add(JSON.stringify([0, 'm', `frames before ${iso(dropped)} were dropped (recording bounds)`]));
        let screen: RecordedScreen | undefined;
        const seconds = (ms: number) => Math.max(0, ms - startMs) / 1000;
        const notes = () =>
          gaps.splice(0).every((gap) => add(JSON.stringify([seconds(gap.from), 'm', gapNote(gap)])));
        const events = (frame: RecordedFrame) =>
          notes() &&
          asciicastEvents(frame, startMs, screenSize, (screen = applyFrame(screen, frame))).every(add);
        if (!first.done && events(first.value)) for (const frame of frames) if (!events(frame)) break;
        notes();
      }
      return {
        agentId,
        format: 'asciicast',
        fileName: `${name}-${stamp}.cast`,
        content: parts.length ? parts.join('\n') + '\n' : '',
        truncated,
      };
    }
    add(`# Switchboard recording of ${name} (${agentId})`);
    if (dropped !== undefined) add(`# frames before ${iso(dropped)} were dropped (recording bounds)`);
    let previous: string[] = [];
    let screen: RecordedScreen | undefined;
    const notes = () => gaps.splice(0).every((gap) => add(`${iso(gap.from)}  # ${gapNote(gap)}`));
    outer: for (const frame of frames) {
      if (!notes()) break;
      screen = applyFrame(screen, frame);
      const at = new Date(frame.at).toISOString();
      const rows = {
        lines: screen.lines,
        cursor: screen.cursor,
        wraps: screen.lines.map((_, row) => screen!.wrapped.includes(row)),
      };
      const logical = logicalLines(rows);
      if (frame.skipped && !add(`${at}  # ${frame.skipped} lines scrolled past unrecorded`)) break;
      for (const line of frame.passed ?? []) if (!add(`${at}  ${line}`)) break outer;
      // After lines that scrolled past, the screen's first line may be the tail of the last of them (exported whole).
      const wrappedFrom = frame.passed?.length ? frame.passed.slice(-1) : previous;
      if (frame.passed?.length) previous = [];
      if (frame.restored) previous = [...previous, ...restoredLines(rows, frame.restored)];
      for (const line of freshLines(previous, logical, wrappedFrom)) if (!add(`${at}  ${line}`)) break outer;
      previous = logical.lines;
    }
    if (!truncated) notes();
    return {
      agentId,
      format: 'text',
      fileName: `${name}-${stamp}.txt`,
      content: parts.join('\n') + '\n',
      truncated,
    };
  }

  /**
   * The agent's frames in the range, oldest first, the first one full; written chunks, then the open one. A chunk
   * that cannot be read is passed to `onUnreadable` (its span) when the frames reach it, and skipped.
   */
  *framesIn(
    agentId: string,
    from: string | undefined,
    to: string | undefined,
    onUnreadable: (span: UnreadableSpan) => void = () => undefined,
  ): Generator<RecordedFrame, void, undefined> {
    const fromMs = from === undefined ? 0 : Date.parse(from);
    const toMs = to === undefined ? Number.MAX_SAFE_INTEGER : Date.parse(to);
    this.deps.recorder?.indexPending();
    let screen: RecordedScreen | undefined;
    let started = false;
    // Unreadable chunks with no frame between them: one span, told before the next frame (or at the end).
    let gap: UnreadableSpan | undefined;
    const tell = () => {
      if (gap) onUnreadable(gap);
      gap = undefined;
    };
    const chunks = this.deps.repository.chunksOf(agentId, fromMs, toMs).map((chunk) => () => {
      const frames = this.deps.repository.readChunk(chunk);
      if (!frames) gap = { from: gap?.from ?? chunk.started_ms, to: chunk.ended_ms };
      return frames ?? [];
    });
    chunks.push(() => this.deps.recorder?.openFrames(agentId) ?? []);
    for (const read of chunks) {
      for (const frame of read()) {
        if (frame.at > toMs) return tell();
        screen = applyFrame(frame.full ? undefined : screen, frame);
        if (frame.at < fromMs) continue;
        tell();
        yield started || frame.full ? frame : fullFrameOf(screen, frame.at);
        started = true;
      }
    }
    tell();
  }

  /** The agent's id: a live agent by name or id, a closed one with a recording by its id; else `not_found`. */
  agentIdOf(ref: string): string {
    const agent = this.deps.findAgent(ref);
    if (agent) return agent.id;
    // A closed agent's recording is kept: it is reached by the agent's id. Its last lines wait for the next index
    // batch (up to `indexMs` after the close): indexed first, so an export right after a close finds them.
    this.deps.recorder?.indexPending();
    if (this.deps.repository.summaries(ref).length > 0) return ref;
    throw new SwitchboardError('not_found', `No agent or recording "${ref}"`, {
      hint: 'recording.list shows the recorded agents.',
    });
  }
}
