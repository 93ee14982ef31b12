import { commands, isCommandName } from '../commands/index';
import type { CommandInput, CommandName, CommandOutput } from '../commands/index';
import { SwitchboardError, invalidInput } from '../errors';
import type { SwitchboardEvent } from '../events/index';
import type { ConnectionStatus, Transport } from '../transport';

/** One command with its input, as data (a menu item's action, a queued call); `callCommand` makes it. */
export type CommandCall = { [N in CommandName]: { name: N; input: CommandInput<N> } }[CommandName];

/** A typed client of the contract over any Transport. */
export interface Client {
  call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>>;
  onEvent(listener: (event: SwitchboardEvent) => void): () => void;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  close(): void;
}

/**
 * Wraps a transport: validates input before it leaves (so mistakes fail fast, with the field named)
 * and validates output when it arrives (so a mismatched host is an error, not a silent wrong screen).
 */
export function createClient(transport: Transport): Client {
  return {
    async call(name, input) {
      if (!isCommandName(name)) throw new SwitchboardError('not_found', `Unknown command "${String(name)}"`);
      const definition = commands[name];
      const parsedInput = definition.input.safeParse(input);
      if (!parsedInput.success) throw invalidInput(`input for ${name}`, parsedInput.error);
      const raw = await transport.invoke(name, input);
      const parsedOutput = definition.output.safeParse(raw);
      if (!parsedOutput.success) {
        throw new SwitchboardError('internal', `The host answered ${name} with an unexpected shape`, {
          hint: 'Client and host may be different versions; reload the window.',
          details: parsedOutput.error.issues,
        });
      }
      return parsedOutput.data as CommandOutput<typeof name>;
    },
    onEvent: (listener) => transport.subscribe(listener),
    onStatus: (listener) => transport.onStatus?.(listener) ?? (() => undefined),
    close: () => transport.close?.(),
  };
}

/** Makes a call held as data (TypeScript cannot pair a union's name with its input by itself). */
export function callCommand(client: Client, call: CommandCall): Promise<unknown> {
  return client.call(call.name, call.input as never);
}
