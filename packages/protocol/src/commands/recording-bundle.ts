import { z } from 'zod';
import { AgentRef, Id, IsoTime, Timestamp } from '../model/ids';
import { defineCommand } from './define';

/**
 * A bundle's uncompressed contents stop (and say so) past this many bytes: the archive travels base64-encoded
 * in one API message, which stays under the API's 16 MiB output buffer even when nothing compresses.
 */
export const MAX_BUNDLE_BYTES = 8 * 1024 * 1024;

/** What a file in a fleet bundle holds. */
export const BundleFileKind = z.enum(['events', 'audit', 'messages', 'asciicast', 'transcript']);
export type BundleFileKind = z.infer<typeof BundleFileKind>;

/** One file of a bundle, as `manifest.json` lists it. */
export const BundleFile = z.object({
  path: z.string(),
  kind: BundleFileKind,
  /** The agent a recording file is of. */
  agentId: Id.optional(),
  bytes: z.number().int().nonnegative(),
  /** Lines (events, audit entries, messages; asciicast events) it holds. */
  entries: z.number().int().nonnegative(),
  /** The range held more than the bundle's share for this file: it stops early. */
  truncated: z.boolean(),
});
export type BundleFile = z.infer<typeof BundleFile>;

/** `manifest.json`, the first file of a fleet bundle (a gzip-compressed tar; docs/recordings.md). */
export const BundleManifest = z.object({
  format: z.literal('switchboard-bundle'),
  version: z.literal(1),
  createdAt: Timestamp,
  /** The range asked for (null `from`: from the oldest thing kept). */
  from: Timestamp.nullable(),
  to: Timestamp,
  agents: z.array(
    z.object({
      id: Id,
      name: z.string(),
      /** Frames before this time were dropped by the recording bounds (null: nothing was). */
      droppedUntil: Timestamp.nullable(),
    }),
  ),
  files: z.array(BundleFile),
  /** Some file stopped early (the bundle's bound, `maxBytes`, uncompressed). */
  truncated: z.boolean(),
  maxBytes: z.number().int().positive(),
});
export type BundleManifest = z.infer<typeof BundleManifest>;

export const recordingBundleCommands = {
  'recording.bundle': defineCommand({
    description:
      "A fleet session bundle for a time range: the fleet's events, the audit entries, the messages and each recorded agent's recording (asciicast and text), redacted, as a gzip-compressed tar (base64) with manifest.json first.",
    input: z.strictObject({
      from: IsoTime.optional().describe('ISO time; default: the oldest thing kept'),
      to: IsoTime.optional().describe('ISO time; default: now'),
      /** Only these agents' recordings, events and messages (default: every agent, closed ones with a recording too). */
      agents: z.array(AgentRef).min(1).max(500).optional(),
    }),
    output: z.object({
      fileName: z.string(),
      /** The `.tar.gz` archive, base64-encoded. */
      archive: z.string(),
      manifest: BundleManifest,
    }),
    callers: ['human'],
  }),
} as const;
