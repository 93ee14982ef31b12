import { z } from 'zod';
import {
  MAX_MEMORY_TAGS,
  MemoryEntry,
  MemoryHit,
  MemoryKey,
  MemoryKeyRef,
  MemoryNamespace,
  MemoryNamespaceCount,
  MemoryTag,
  MemoryValue,
} from '../model/memory';
import { defineCommand } from './define';

const DAY_SECONDS = 24 * 3600;
const author = z.string().min(1).max(128).describe('agent name or id, or `human`');
const filters = {
  namespace: MemoryNamespace.optional().describe(
    'only this namespace (default: every namespace you may read)',
  ),
  author: author.optional(),
  tag: MemoryTag.optional(),
};
const entryRef = { namespace: MemoryNamespace, key: MemoryKeyRef };

export const memoryCommands = {
  'memory.put': defineCommand({
    description:
      "Write an entry to the shared memory (replaces the key's value if it exists). Namespaces: global, team (your team's), plan:<id>, agent (private to you). Secrets in the value are redacted before it is stored.",
    input: z.strictObject({
      namespace: MemoryNamespace,
      key: MemoryKey,
      value: MemoryValue,
      tags: z.array(MemoryTag).max(MAX_MEMORY_TAGS).default([]),
      ttlSeconds: z
        .number()
        .int()
        .min(1)
        .max(365 * DAY_SECONDS)
        .optional()
        .describe('forget the entry after this long (default: keep)'),
    }),
    output: MemoryEntry,
    callers: ['human', 'agent'],
  }),
  'memory.get': defineCommand({
    description: 'Read one entry of the shared memory by namespace and key.',
    input: z.strictObject(entryRef),
    output: MemoryEntry,
    callers: ['human', 'agent'],
  }),
  'memory.search': defineCommand({
    description:
      'Full-text search of the shared memory you may read (keys, values, tags; the last word matches as a prefix), best first, with a snippet of each match.',
    input: z.strictObject({
      query: z.string().min(1).max(500),
      ...filters,
      limit: z.number().int().min(1).max(100).default(20),
    }),
    output: z.object({ hits: z.array(MemoryHit) }),
    callers: ['human', 'agent'],
  }),
  'memory.list': defineCommand({
    description:
      'Entries of the shared memory you may read, most recently written first, and how many each readable namespace holds.',
    input: z.strictObject({ ...filters, limit: z.number().int().min(1).max(500).default(100) }),
    output: z.object({ entries: z.array(MemoryEntry), namespaces: z.array(MemoryNamespaceCount) }),
    callers: ['human', 'agent'],
  }),
  'memory.delete': defineCommand({
    description: 'Delete an entry of the shared memory.',
    input: z.strictObject(entryRef),
    output: z.object({ deleted: z.boolean() }),
    callers: ['human', 'agent'],
  }),
} as const;
