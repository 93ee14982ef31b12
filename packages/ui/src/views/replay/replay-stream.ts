import {
  frameOutput,
  frameStreamOutput,
  type RecordedFrame,
  type RecordedScreen,
} from '@switchboard/protocol';
import { applyFrame, blankMirror, type MirrorScreen } from '../../mirror/screen-writer';
import { mirrorFrameOf } from './replay-model';

/** A recording as the replay holds it: its frames and, for each, the screen it leads to. */
export interface ReplayLane {
  frames: readonly RecordedFrame[];
  screens: readonly RecordedScreen[];
}

/** What the replay's terminal shows: frame `index` of `frames` (-1: nothing), drawn over `mirror`. */
export interface ReplayDrawn {
  frames: readonly RecordedFrame[] | undefined;
  index: number;
  mirror: MirrorScreen;
}

export const nothingDrawn: ReplayDrawn = { frames: undefined, index: -1, mirror: blankMirror };

/** At most this many frames are played through to reach a later moment; a longer jump redraws. */
export const MAX_STREAMED_FRAMES = 500;

export interface ReplayStep {
  /** Clear the terminal and its scrollback first. */
  reset: boolean;
  resize: { columns: number; rows: number } | null;
  data: string;
  drawn: ReplayDrawn;
}

/**
 * How to bring the replay's terminal from what it shows to frame `index`. A step forward plays the frames
 * in between as the terminal stream they were (scrolls as line feeds, the lines that scrolled past between
 * two reads printed), so the terminal's scrollback fills as the live one's did; a step back, a jump of more
 * than `MAX_STREAMED_FRAMES`, another recording or a new size clears the terminal and draws the screen whole.
 */
export function replayStep(lane: ReplayLane, drawn: ReplayDrawn, index: number): ReplayStep {
  const screen = lane.screens[index];
  if (!screen) return { reset: true, resize: null, data: '', drawn: nothingDrawn };
  const from = drawn.frames === lane.frames ? drawn.index : -1;
  if (from >= 0 && index >= from && index - from <= MAX_STREAMED_FRAMES) {
    const data = streamed(lane, from, index, drawn.mirror);
    if (data !== undefined) {
      const mirror = { ...drawn.mirror, lines: screen.lines, styles: screen.styles };
      return { reset: false, resize: null, data, drawn: { frames: lane.frames, index, mirror } };
    }
  }
  const step = applyFrame(blankMirror, mirrorFrameOf(screen, 1));
  return {
    reset: true,
    resize: step.resize,
    data: step.data,
    drawn: { frames: lane.frames, index, mirror: step.screen },
  };
}

/** The stream from frame `from` to frame `to` (undefined: a frame in between has another size). */
function streamed(lane: ReplayLane, from: number, to: number, mirror: MirrorScreen): string | undefined {
  let data = '';
  for (let i = from + 1; i <= to; i++) {
    const frame = lane.frames[i]!;
    if (frame.rows !== mirror.rows || (frame.columns ?? mirror.columns) !== mirror.columns) return undefined;
    const screen = lane.screens[i]!;
    if (frame.passed?.length || frame.skipped) {
      const unrecorded = frame.skipped ? [`… ${frame.skipped} lines scrolled past unrecorded …`] : [];
      data += frameStreamOutput(
        { ...frame, passed: [...unrecorded, ...(frame.passed ?? [])] },
        screen,
        frame.rows,
      );
    } else if (frame.full) {
      // A chunk's first frame is whole: the rows that scrolled off since the frame before still scroll.
      const shift = scrollBetween(lane.screens[i - 1]!, screen);
      data += (shift ? `\x1b[0m\x1b[${frame.rows};1H${'\n'.repeat(shift)}` : '') + frameOutput(frame);
    } else data += frameOutput(frame);
  }
  return data;
}

/**
 * How many rows `next` sits scrolled up from `previous`: the shift under which most non-blank rows match (at
 * least as many as unshifted, and at least half of the rows that moved), 0 when the screen did not scroll.
 */
export function scrollBetween(previous: RecordedScreen, next: RecordedScreen): number {
  const rows = Math.min(previous.lines.length, next.lines.length);
  const matches = (shift: number) => {
    let count = 0;
    for (let row = 0; row + shift < rows; row++)
      if (next.lines[row] && previous.lines[row + shift] === next.lines[row]) count++;
    return count;
  };
  const unshifted = matches(0);
  let best = 0;
  let bestMatches = 0;
  for (let shift = 1; shift < rows; shift++) {
    const count = matches(shift);
    if (count > bestMatches && count >= unshifted && count * 2 >= rows - shift)
      [best, bestMatches] = [shift, count];
  }
  return best;
}
