import { z } from 'zod';
import { hasControlCharacters } from './agent-spec';
import { Timestamp } from './ids';

/** The largest value an entry may hold: text length, or a JSON value's serialised length. */
export const MAX_MEMORY_VALUE = 64 * 1024;
/** How deep a JSON value may nest. */
export const MAX_MEMORY_DEPTH = 32;
export const MAX_MEMORY_TAGS = 16;

/**
 * Where an entry lives, and so who may read and write it: `global` (every agent whose role grants
 * memory), `team:<team>` (the team's agents and those of its sub-teams), `plan:<planId>` (the plan's
 * creator and the agents that worked on it), `agent:<agent>` (that agent alone). The human sees all.
 * `team` and `agent` without a name mean the caller's own. Teams and agents are stored by id.
 */
export const MemoryNamespace = z
  .string()
  .min(1)
  .max(140)
  .regex(
    /^(?:global|team|agent|(?:team|plan|agent):[A-Za-z0-9][A-Za-z0-9._-]{0,127})$/,
    'global, team[:name], plan:<id> or agent[:name]',
  )
  .describe('global, team (yours) or team:<name>, plan:<id>, agent (your private space) or agent:<name>');
export type MemoryNamespace = z.infer<typeof MemoryNamespace>;

/**
 * A key as it is written: no control characters and no bidirectional overrides (`hasControlCharacters`, the rule
 * titles and approval summaries follow), so a key shown to a person reads as it sorts and matches.
 */
export const MemoryKey = z
  .string()
  .min(1)
  .max(256)
  .refine((key) => !hasControlCharacters(key), 'no control characters or bidirectional overrides')
  .describe('unique within its namespace; putting an existing key replaces its value');

/** A key as it is looked up (get, delete): also one stored before the overrides were refused, so it can be removed. */
export const MemoryKeyRef = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^\p{Cc}]+$/u, 'no control characters')
  .describe('the key of an entry in the namespace');

export const MemoryTag = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._:/-]*$/u, 'letters, digits, . _ : / -');

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Why `value` is not a small plain JSON value, or undefined when it is (checked without recursion): at most
 * `MAX_MEMORY_DEPTH` levels deep and at most `maxSize` characters serialised.
 */
export function jsonValueProblem(value: unknown, maxSize: number = MAX_MEMORY_VALUE): string | undefined {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (depth > MAX_MEMORY_DEPTH) return `nests deeper than ${MAX_MEMORY_DEPTH} levels`;
    if (item === null || typeof item === 'string' || typeof item === 'boolean') continue;
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) return 'holds a number JSON cannot represent';
      continue;
    }
    if (Array.isArray(item)) {
      for (const inner of item) pending.push([inner, depth + 1]);
      continue;
    }
    if (typeof item !== 'object' || Object.getPrototypeOf(item) !== Object.prototype)
      return 'is not a JSON value';
    for (const inner of Object.values(item)) pending.push([inner, depth + 1]);
  }
  const size = typeof value === 'string' ? value.length : JSON.stringify(value).length;
  return size > maxSize ? `is ${size} characters; at most ${maxSize}` : undefined;
}

/** Text, or any JSON value; at most 64 KiB serialised and 32 levels deep. */
export const MemoryValue = z
  .custom<JsonValue>((value) => value !== undefined)
  .superRefine((value, context) => {
    const problem = jsonValueProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: `value ${problem}` });
  })
  .describe('text, or any JSON value (at most 64 KiB serialised, 32 levels deep)');

/** One entry of the shared memory. `author` is the agent id (or `human`) that last wrote it. */
export const MemoryEntry = z.object({
  namespace: z.string(),
  key: z.string(),
  value: z.unknown(),
  kind: z.enum(['text', 'json']),
  tags: z.array(z.string()),
  author: z.string(),
  version: z.number().int().positive(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  expiresAt: Timestamp.nullable(),
});
export type MemoryEntry = z.infer<typeof MemoryEntry>;

/** A search result: the entry, the best-matching passage (matches between ⟦ and ⟧) and its rank (lower is better). */
export const MemoryHit = z.object({ entry: MemoryEntry, snippet: z.string(), rank: z.number() });
export type MemoryHit = z.infer<typeof MemoryHit>;

export const MemoryNamespaceCount = z.object({
  namespace: z.string(),
  entries: z.number().int().nonnegative(),
});
