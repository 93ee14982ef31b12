import {
  applyFrame,
  bidiShown,
  type CommandOutput,
  type FleetSearchHit,
  type RecordedFrame,
  type RecordedScreen,
} from '@switchboard/protocol';

export type SearchSourceName = FleetSearchHit['source'];

export const SOURCE_LABELS: Record<SearchSourceName, string> = {
  recording: 'Output',
  message: 'Messages',
  memory: 'Memory',
};

/** The screens of a run of frames (the first full), one per frame. */
export function screensOf(frames: readonly RecordedFrame[]): RecordedScreen[] {
  let screen: RecordedScreen | undefined;
  return frames.map((frame) => (screen = applyFrame(screen, frame)));
}

/** The index of the last frame at or before `at` (0 when all are later). */
export function frameAt(frames: readonly Pick<RecordedFrame, 'at'>[], at: number): number {
  let found = 0;
  frames.forEach((frame, i) => {
    if (frame.at <= at) found = i;
  });
  return found;
}

/** A short label for a hit's source and where it points. */
export function hitLabel(hit: FleetSearchHit, nameOf: (id: string) => string): string {
  if (hit.memory) return `memory · ${bidiShown(hit.memory.key)}`;
  if (hit.message) return `message to ${hit.message.recipientIds.map(nameOf).join(', ') || 'nobody'}`;
  return 'printed on screen';
}

/** Hits in total and whose they are, for the heading ("5 hits from 2 agents and you"). */
export function countOf(found: CommandOutput<'fleet.search'>): string {
  const agents = found.groups.filter((group) => group.agentId !== 'human').length;
  const human = found.groups.length > agents;
  const whose = [agents > 0 ? `${agents} ${agents === 1 ? 'agent' : 'agents'}` : '', human ? 'you' : '']
    .filter(Boolean)
    .join(' and ');
  return `${found.total} ${found.total === 1 ? 'hit' : 'hits'} from ${whose}`;
}

/** Saves text or bytes as a file in the browser (the export buttons). */
export function download(fileName: string, content: string | Uint8Array<ArrayBuffer>, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
