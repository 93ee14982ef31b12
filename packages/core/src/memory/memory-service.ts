import { SwitchboardError } from '@switchboard/protocol';
import type { Caller, CommandOutput, MemoryEntry, MemoryHit, ParsedInput } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import { isoTime, type Clock } from '../ports/clock';
import { containsSecret, redactDeep, redactSecrets } from '../secrets/redact';
import type { Store } from '../store/store';
import { memoryQueryOf } from './fts-query';
import { MemoryNamespaces, type MemoryAccessDeps } from './memory-namespaces';
import { MemoryRepository, type MemoryFilter } from './memory-repository';

export interface MemoryOptions {
  /** Live entries one namespace may hold; a put of a new key beyond it fails with `conflict`. */
  maxEntriesPerNamespace: number;
  /**
   * Bytes (key, value and tags, UTF-8) of the stored entries one agent wrote; a put that would pass it fails with
   * `rate_limited` and stores nothing. The human has no quota: it is the one who decides, at a person's pace.
   */
  maxBytesPerAuthor: number;
  /**
   * Live entries one agent may have written in a namespace it shares (global, a team's, a plan's; not its own): one
   * agent putting small entries must not fill a namespace and lock every other writer out (`rate_limited`).
   */
  maxEntriesPerAuthorShared: number;
}

export const DEFAULT_MEMORY_OPTIONS: MemoryOptions = {
  maxEntriesPerNamespace: 10_000,
  maxEntriesPerAuthorShared: 1_000,
  maxBytesPerAuthor: 16 * 1024 * 1024,
};

export interface MemoryDeps {
  store: Store;
  bus: EventBus;
  clock: Clock;
  access: MemoryAccessDeps;
  options?: Partial<MemoryOptions>;
}

/**
 * The fleet's shared memory: entries in namespaces (global, team, plan, private), full-text searchable.
 * Every call resolves the namespace and checks the caller may use it; values are redacted before they
 * are stored; entries with a TTL are swept when it ends (on the Clock).
 */
export class MemoryService {
  readonly repository: MemoryRepository;
  readonly namespaces: MemoryNamespaces;
  private readonly options: MemoryOptions;
  private cancelSweep: (() => void) | undefined;

  constructor(private readonly deps: MemoryDeps) {
    this.repository = new MemoryRepository(deps.store);
    this.namespaces = new MemoryNamespaces(deps.access);
    this.options = { ...DEFAULT_MEMORY_OPTIONS, ...deps.options };
  }

  start(): void {
    this.sweep();
  }

  stop(): void {
    this.cancelSweep?.();
    this.cancelSweep = undefined;
  }

  put(caller: Caller, input: ParsedInput<'memory.put'>): MemoryEntry {
    const namespace = this.usable(caller, input.namespace);
    if (containsSecret(input.key))
      throw new SwitchboardError('invalid_input', 'The key looks like a secret; keys are stored as written', {
        hint: 'Name the entry, put the secret nowhere.',
      });
    const nowMs = this.deps.clock.now();
    const text = typeof input.value === 'string';
    const expiresMs = input.ttlSeconds === undefined ? null : nowMs + input.ttlSeconds * 1000;
    const entry = this.deps.store.transaction(() => {
      const fresh = !this.repository.find(namespace, input.key, nowMs);
      if (fresh && caller.kind === 'agent' && namespace !== `agent:${caller.id}`)
        this.assertShare(caller.id, namespace);
      if (fresh && this.repository.count(namespace, nowMs) >= this.options.maxEntriesPerNamespace) {
        throw new SwitchboardError(
          'conflict',
          `Namespace "${namespace}" holds ${this.options.maxEntriesPerNamespace} entries, its limit`,
          {
            hint: 'Delete entries you no longer need, or give new ones a ttlSeconds.',
          },
        );
      }
      const stored = this.repository.upsert({
        namespace,
        key: input.key,
        kind: text ? 'text' : 'json',
        value: text ? redactSecrets(input.value as string) : JSON.stringify(redactDeep(input.value)),
        tags: [...new Set(input.tags.map(redactSecrets))],
        author: caller.id,
        at: isoTime(this.deps.clock),
        atMs: nowMs,
        expiresMs,
        expiresAt: expiresMs === null ? null : new Date(expiresMs).toISOString(),
      });
      // Checked after the write, in its transaction (the usage row is kept by triggers): the throw rolls it back.
      if (caller.kind === 'agent') this.assertWithinQuota(caller.id);
      return stored;
    });
    this.deps.bus.emit({
      type: 'memory.written',
      namespace,
      key: entry.key,
      author: entry.author,
      version: entry.version,
    });
    if (expiresMs !== null) this.sweep();
    return entry;
  }

  get(caller: Caller, input: ParsedInput<'memory.get'>): MemoryEntry {
    const namespace = this.usable(caller, input.namespace);
    const entry = this.repository.find(namespace, input.key, this.deps.clock.now());
    if (!entry)
      throw new SwitchboardError('not_found', `No entry "${input.key}" in ${namespace}`, {
        hint: 'memory.list or memory.search show what there is.',
      });
    return entry;
  }

  delete(caller: Caller, input: ParsedInput<'memory.delete'>): boolean {
    const namespace = this.usable(caller, input.namespace);
    const deleted = this.repository.delete(namespace, input.key, this.deps.clock.now());
    if (deleted)
      this.deps.bus.emit({
        type: 'memory.deleted',
        namespace,
        key: input.key,
        by: caller.id,
        reason: 'deleted',
      });
    return deleted;
  }

  search(caller: Caller, input: ParsedInput<'memory.search'>): MemoryHit[] {
    const query = memoryQueryOf(input.query);
    return query === undefined
      ? []
      : this.repository.search(query, this.filterFor(caller, input), input.limit);
  }

  private assertShare(author: string, namespace: string): void {
    const limit = this.options.maxEntriesPerAuthorShared;
    const held = this.repository.countBy(namespace, author, this.deps.clock.now());
    if (held < limit) return;
    throw new SwitchboardError(
      'rate_limited',
      `You wrote ${held} live entries in ${namespace}, your share of it`,
      {
        hint: 'Delete entries you no longer need, or give new ones a ttlSeconds.',
        details: { quota: 'memory.maxEntriesPerAuthorShared', held, limit },
      },
    );
  }

  /** The bytes an author's stored entries hold, and its quota (memory.maxBytesPerAuthor). */
  usageOf(author: string): { usedBytes: number; limitBytes: number } {
    return { usedBytes: this.repository.bytesOf(author), limitBytes: this.options.maxBytesPerAuthor };
  }

  list(caller: Caller, input: ParsedInput<'memory.list'>): CommandOutput<'memory.list'> {
    const filter = this.filterFor(caller, input);
    return {
      entries: this.repository.list(filter, input.limit),
      namespaces: this.repository.namespaceCounts(filter),
    };
  }

  private assertWithinQuota(author: string): void {
    const used = this.repository.bytesOf(author);
    const limit = this.options.maxBytesPerAuthor;
    if (used <= limit) return;
    throw new SwitchboardError(
      'rate_limited',
      `Your memory entries would hold ${used} bytes, over your quota of ${limit} (memory.maxBytesPerAuthor)`,
      {
        hint: 'Delete entries you wrote and no longer need (memory.list with author), give new ones a ttlSeconds, or ask the human to raise the quota. quota.usage shows how much you use.',
        details: { quota: 'memory.maxBytesPerAuthor', usedBytes: used, limitBytes: limit },
      },
    );
  }

  /** The canonical namespace, if the caller may use it. */
  private usable(caller: Caller, namespace: string): string {
    const canonical = this.namespaces.canonical(caller, namespace);
    this.namespaces.assertAccess(caller, canonical);
    return canonical;
  }

  private filterFor(
    caller: Caller,
    input: { namespace?: string | undefined; author?: string | undefined; tag?: string | undefined },
  ): MemoryFilter {
    return {
      namespaces: this.namespaces.readable(caller),
      namespace: input.namespace === undefined ? undefined : this.usable(caller, input.namespace),
      author:
        input.author === undefined
          ? undefined
          : (this.deps.access.findAgent(input.author)?.id ?? input.author),
      tag: input.tag,
      nowMs: this.deps.clock.now(),
    };
  }

  /** Forgets entries whose TTL ended, then sets the Clock for the next one. */
  private sweep(): void {
    this.cancelSweep?.();
    this.cancelSweep = undefined;
    for (const { namespace, key } of this.repository.expire(this.deps.clock.now())) {
      this.deps.bus.emit({ type: 'memory.deleted', namespace, key, by: 'system', reason: 'expired' });
    }
    const next = this.repository.nextExpiry();
    if (next !== undefined)
      this.cancelSweep = this.deps.clock.setTimeout(
        () => this.sweep(),
        Math.max(0, next - this.deps.clock.now()),
      );
  }
}
