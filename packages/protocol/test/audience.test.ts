import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  SwitchboardEvent,
  commandMetadata,
  commandNames,
  commands,
  eventAudience,
  eventFor,
  humanCaller,
  outputFor,
  type Caller,
} from '../src/index';
import { sampleOf } from '../src/testing';

/**
 * The policy, written here independently of the code: what of ANOTHER agent an agent must never see.
 * A path is the chain of keys from the event or output to a string.
 */
function isPrivate(path: readonly string[]): boolean {
  const last = path.at(-1) ?? '';
  const within = (key: string) => path.includes(key);
  if (['command', 'cwd', 'body', 'line', 'details'].includes(last)) return true; // command lines, folders, message bodies, screen lines, notification details
  if (within('worktree') || within('payload') || within('signals')) return true; // environment, what an item asks, evidence from its screen
  if (last === 'summary' && (within('approval') || within('approvals') || within('notification')))
    return true;
  if (last === 'comment' && within('decision')) return true;
  if (last === 'reason' && (within('lock') || within('locks') || within('entries') || within('entry')))
    return true;
  if (last === 'detail' && (within('lastStep') || within('entries') || within('entry'))) return true;
  return false;
}

const MARK = 'PRIVATE:';
/** Every string names its path, so a leak names the field that leaked. */
const marked = (path: readonly string[]) => `${MARK}${path.join('.')}`;

function leaks(value: unknown, path: string[] = []): string[] {
  if (typeof value === 'string') return value.startsWith(MARK) && isPrivate(path) ? [path.join('.')] : [];
  if (Array.isArray(value)) return value.flatMap((item) => leaks(item, path));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, inner]) => leaks(inner, [...path, key]));
  return [];
}

const viewer: Caller = { kind: 'agent', id: 'agent-viewer' };
const eventVariants = SwitchboardEvent.options;

describe('audience: every event type', () => {
  it('has a row for every event of the contract (and none for events that do not exist)', () => {
    expect(Object.keys(eventAudience).sort()).toEqual(eventVariants.map((v) => v.shape.type.value).sort());
  });

  it.each(eventVariants.map((variant) => [variant.shape.type.value, variant] as const))(
    "%s: another agent's private fields never reach an agent it does not concern",
    (_type, variant) => {
      const event = sampleOf(variant, marked) as SwitchboardEvent;
      const seen = eventFor(viewer, event);
      if (seen !== undefined) {
        expect(leaks(seen)).toEqual([]);
        // Still the contract's shape (as far as the sample itself is: names and colours fail their patterns).
        expect(SwitchboardEvent.safeParse(seen).success).toBe(SwitchboardEvent.safeParse(event).success);
      }
      expect(eventFor(humanCaller, event)).toBe(event);
    },
  );

  it.each(eventVariants.map((variant) => [variant.shape.type.value, variant] as const))(
    '%s: reaches the agent it concerns whole',
    (type, variant) => {
      // Every id-like string is the viewer's: if the event is about anyone, it is about the viewer.
      const event = sampleOf(variant, () => viewer.id) as SwitchboardEvent;
      const seen = eventFor(viewer, event);
      const audience = eventAudience[type as keyof typeof eventAudience];
      if (audience === 'human') expect(seen).toBeUndefined();
      else expect(seen).toEqual(event);
    },
  );
});

const agentCommands = commandNames.filter((name) =>
  (commands[name].callers as readonly string[]).includes('agent'),
);

describe('audience: every command', () => {
  it('declares an output audience that fits who may call it', () => {
    for (const name of commandNames) {
      const agentCallable = (commands[name].callers as readonly string[]).includes('agent');
      expect(commandMetadata[name].output === 'human', name).toBe(!agentCallable);
    }
  });

  it.each(agentCommands.filter((name) => commandMetadata[name].output !== 'caller'))(
    "%s: its output never carries another agent's private fields to an agent",
    (name) => {
      const output = sampleOf(commands[name].output, marked);
      const seen = outputFor(viewer, name, output as never);
      expect(leaks(seen)).toEqual([]);
      expect((commands[name].output as z.ZodType).safeParse(seen).success).toBe(
        (commands[name].output as z.ZodType).safeParse(output).success,
      );
    },
  );

  it("an agent's own approval, lock and record reach it whole", () => {
    const own = (path: readonly string[]) =>
      path.at(-1) === 'requester' || path.at(-1) === 'owner' || path.at(-1) === 'id'
        ? viewer.id
        : marked(path);
    for (const name of ['approval.list', 'lock.list', 'agent.list'] as const) {
      const output = sampleOf(commands[name].output, own);
      expect(outputFor(viewer, name, output as never), name).toEqual(output);
    }
  });

  it('is the identity for the human', () => {
    for (const name of commandNames) {
      const output = sampleOf(commands[name].output, marked);
      expect(outputFor(humanCaller, name, output as never)).toBe(output);
    }
  });
});
