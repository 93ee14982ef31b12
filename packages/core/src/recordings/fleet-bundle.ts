import { gzipSync } from 'node:zlib';
import {
  MAX_BUNDLE_BYTES,
  type BundleFile,
  type BundleManifest,
  type CommandOutput,
  type ParsedInput,
} from '@switchboard/protocol';
import type { FleetRepository } from '../fleet/fleet-repository';
import type { AuditLog } from '../audit/audit-log';
import type { MessageRepository } from '../messages/message-repository';
import type { Clock } from '../ports/clock';
import { redactDeep } from '../secrets/redact';
import type { Store } from '../store/store';
import { auditLinesOf, messageLinesOf } from './bundle-rows';
import type { Recorder } from './recorder';
import type { RecordingRepository } from './recording-repository';
import type { RecordingService } from './recording-service';
import { timelineOf } from './recording-timeline';

/** The fleet's events, audit entries and messages each get at most this share of a bundle; recordings the rest. */
const LOG_SHARE = 8;
/** Timeline events a bundle asks for at most (the file's byte share usually stops it sooner). */
const MAX_EVENTS = 200_000;

export interface FleetBundleDeps {
  clock: Clock;
  store: Store;
  /** The audit log's and the messages' own reads (their domains own the rows). */
  audit: Pick<AuditLog, 'between'>;
  messages: Pick<MessageRepository, 'sentBetween'>;
  repository: RecordingRepository;
  recorder: Recorder | undefined;
  service: RecordingService;
  fleet: Pick<FleetRepository, 'findAgent' | 'listAgents' | 'namer'>;
  maxBytes?: number;
}

interface BundleEntry {
  file: BundleFile;
  content: string;
}

/** Up to `maxBytes` (UTF-8) of JSON lines; `truncated` when some did not fit. */
function jsonLines(
  path: string,
  kind: BundleFile['kind'],
  rows: Iterable<unknown>,
  maxBytes: number,
): BundleEntry {
  const lines: string[] = [];
  let bytes = 0;
  let truncated = false;
  for (const row of rows) {
    const line = JSON.stringify(redactDeep(row));
    const size = Buffer.byteLength(line) + 1;
    if (bytes + size > maxBytes) {
      truncated = true;
      break;
    }
    lines.push(line);
    bytes += size;
  }
  return {
    file: { path, kind, bytes, entries: lines.length, truncated },
    content: lines.length ? `${lines.join('\n')}\n` : '',
  };
}

/** A file name from an agent's name (names are already plain; an id with no record may not be). */
const fileSafe = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64) || 'agent';

/**
 * A fleet session bundle (`recording.bundle`): for a time range, the fleet's events (the replay timeline's
 * kinds), the audit entries, the messages, and each recorded agent's recording as asciicast and text, in a
 * gzip-compressed tar with `manifest.json` first. Everything in it is redacted (it was when stored; it is
 * again on the way in); it stops at `maxBytes` uncompressed, each file saying whether it was cut.
 */
export class FleetBundler {
  private readonly maxBytes: number;

  constructor(private readonly deps: FleetBundleDeps) {
    this.maxBytes = deps.maxBytes ?? MAX_BUNDLE_BYTES;
  }

  async bundle(input: ParsedInput<'recording.bundle'>): Promise<CommandOutput<'recording.bundle'>> {
    const { service, fleet, store, audit, messages } = this.deps;
    // Times the contract checked (IsoTime).
    const fromMs = input.from === undefined ? 0 : Date.parse(input.from);
    const toMs = input.to === undefined ? this.deps.clock.now() : Date.parse(input.to);
    const range = {
      ...(input.from === undefined ? {} : { from: new Date(fromMs).toISOString() }),
      to: new Date(toMs).toISOString(),
    };
    // Chunks written but not yet indexed (and screens waiting for their turn) count as recorded.
    this.deps.recorder?.indexPending();
    const agentIds = this.agentsOf(input.agents);
    const nameOf = fleet.namer();
    const logShare = Math.floor(this.maxBytes / LOG_SHARE);

    const { events } = timelineOf(store, agentIds, fromMs, toMs, MAX_EVENTS, nameOf);
    const entries: BundleEntry[] = [
      jsonLines(
        'events.jsonl',
        'events',
        events.map((event) => ({
          at: new Date(event.at).toISOString(),
          agentId: event.agentId,
          agent: nameOf(event.agentId),
          kind: event.kind,
          summary: event.summary,
        })),
        logShare,
      ),
      jsonLines(
        'audit.jsonl',
        'audit',
        auditLinesOf(audit, fromMs, toMs, input.agents === undefined ? undefined : agentIds),
        logShare,
      ),
      jsonLines(
        'messages.jsonl',
        'messages',
        messageLinesOf(messages, fromMs, toMs, input.agents === undefined ? undefined : agentIds, nameOf),
        logShare,
      ),
    ];
    let left = this.maxBytes - entries.reduce((sum, entry) => sum + entry.file.bytes, 0);
    const recorded = agentIds.filter((id) => this.isRecorded(id));
    for (const [i, agentId] of recorded.entries()) {
      const share = Math.floor(left / (recorded.length - i));
      const base = `recordings/${fileSafe(nameOf(agentId))}-${fileSafe(agentId).slice(0, 12)}`;
      const cast = service.export({ agent: agentId, format: 'asciicast', ...range }, Math.floor(share / 2));
      if (cast.content === '') continue;
      const text = service.export(
        { agent: agentId, format: 'text', ...range },
        share - Buffer.byteLength(cast.content),
      );
      for (const [exported, kind, path] of [
        [cast, 'asciicast', `${base}.cast`],
        [text, 'transcript', `${base}.txt`],
      ] as const) {
        const bytes = Buffer.byteLength(exported.content);
        left -= bytes;
        entries.push({
          file: {
            path,
            kind,
            agentId,
            bytes,
            entries: exported.content.split('\n').length - 1,
            truncated: exported.truncated,
          },
          content: exported.content,
        });
      }
    }

    const createdAt = new Date(this.deps.clock.now()).toISOString();
    const manifest: BundleManifest = redactDeep({
      format: 'switchboard-bundle',
      version: 1,
      createdAt,
      from: range.from ?? null,
      to: range.to,
      agents: agentIds.map((id) => {
        const dropped = this.deps.repository.dropOf(id)?.dropped_until_ms;
        return {
          id,
          name: nameOf(id),
          droppedUntil: dropped === undefined ? null : new Date(dropped).toISOString(),
        };
      }),
      files: entries.map((entry) => entry.file),
      truncated: entries.some((entry) => entry.file.truncated),
      maxBytes: this.maxBytes,
    });
    const archive = await tarGz(
      [
        { path: 'manifest.json', content: `${JSON.stringify(manifest, null, 2)}\n` },
        ...entries.map((entry) => ({ path: entry.file.path, content: entry.content })),
      ],
      new Date(this.deps.clock.now()),
    );
    return {
      fileName: `switchboard-bundle-${createdAt.replace(/[:.]/g, '-')}.tar.gz`,
      archive: archive.toString('base64'),
      manifest,
    };
  }

  /** The agents asked for (each must exist or have a recording), or every agent and every recorded one. */
  private agentsOf(refs: readonly string[] | undefined): string[] {
    if (refs !== undefined) return [...new Set(refs.map((ref) => this.deps.service.agentIdOf(ref)))];
    const ids = new Set(this.deps.fleet.listAgents().map((agent) => agent.id));
    for (const row of this.deps.repository.summaries()) ids.add(row.agent_id);
    for (const id of this.deps.recorder?.openSpans().keys() ?? []) ids.add(id);
    return [...ids].sort();
  }

  private isRecorded(agentId: string): boolean {
    return (
      this.deps.repository.summaries(agentId).length > 0 ||
      (this.deps.recorder?.openSpans().has(agentId) ?? false)
    );
  }
}

/** A gzip-compressed tar (ustar, files 0600) of the given text files, in order. */
async function tarGz(files: readonly { path: string; content: string }[], mtime: Date): Promise<Buffer> {
  // Imported on first use: a host's start does not load the tar writer (~14 ms of CPU).
  const { pack: tarPack } = await import('tar-stream');
  const archive = tarPack();
  for (const { path, content } of files)
    archive.entry({ name: path, mode: 0o600, mtime }, Buffer.from(content));
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}
