import { describe, expect, it } from 'vitest';
import { humanCaller, type SwitchboardError } from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator, type TerminalBackend } from '../../src/index';

/** The memory backend, with the operations a test names failing as a disconnected terminal's would. */
function failingBackend(failing: ReadonlySet<keyof TerminalBackend>) {
  const inner = createMemoryBackend();
  const fail = (name: keyof TerminalBackend) => () =>
    Promise.reject(new Error(`socket closed during ${name}`));
  const backend: TerminalBackend = { ...inner };
  for (const name of failing) Object.assign(backend, { [name]: fail(name) });
  return backend;
}

async function failureOf(failing: (keyof TerminalBackend)[], name: string, input: unknown) {
  const orchestrator = createOrchestrator({
    databasePath: ':memory:',
    backend: failingBackend(new Set(failing)),
  });
  await orchestrator.fleet.spawn({ name: 'alpha', kind: 'shell', role: 'builder' });
  return orchestrator.invoke(humanCaller, name, input).then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as SwitchboardError,
  );
}

describe('a failing terminal backend', () => {
  it.each([
    ['pane.read', ['readScreen'], { targets: ['alpha'] }],
    ['pane.focus', ['focus'], { target: 'alpha' }],
    ['pane.getVariable', ['getVariable'], { target: 'alpha', name: 'x' }],
    ['pane.send (the input gate reads the screen first)', ['readScreen'], { targets: ['alpha'], text: 'ls' }],
    ['pane.keys (the input gate writes)', ['sendText'], { targets: ['alpha'], keys: ['enter'] }],
  ] as const)(
    '%s answers `unavailable` naming the failure, not `internal`',
    async (label, failing, input) => {
      const error = await failureOf([...failing], label.split(' ')[0]!, input);
      expect(error.code).toBe('unavailable');
      expect(error.message).toMatch(/^The terminal backend failed: socket closed during /);
    },
  );
});
