import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT } from '@switchboard/host';
import { buildProgram } from '../src/index';

/** The port `switchboard start` would listen on for these arguments and environment. */
async function portFor(args: string[], env: Record<string, string | undefined> = {}): Promise<number> {
  const saved = process.env['SWITCHBOARD_PORT'];
  if (env['SWITCHBOARD_PORT'] === undefined) delete process.env['SWITCHBOARD_PORT'];
  else process.env['SWITCHBOARD_PORT'] = env['SWITCHBOARD_PORT'];
  try {
    const program = buildProgram().exitOverride();
    const start = program.commands
      .find((command) => command.name() === 'start')!
      .exitOverride()
      .configureOutput({ writeErr: () => undefined });
    let port: number | undefined;
    start.action((options: { port: number }) => void (port = options.port));
    await program.parseAsync(['node', 'switchboard', 'start', ...args]);
    return port!;
  } finally {
    if (saved === undefined) delete process.env['SWITCHBOARD_PORT'];
    else process.env['SWITCHBOARD_PORT'] = saved;
  }
}

describe('switchboard start: a fixed default port', () => {
  it('is 7433 unless --port or SWITCHBOARD_PORT says otherwise (the flag wins); a bad value is refused', async () => {
    expect(DEFAULT_PORT).toBe(7433);
    expect(await portFor([])).toBe(7433);
    expect(await portFor([], { SWITCHBOARD_PORT: '9100' })).toBe(9100);
    expect(await portFor(['--port', '0'], { SWITCHBOARD_PORT: '9100' })).toBe(0);
    await expect(portFor(['--port', '70000'])).rejects.toThrow(/a port is a whole number from 0 to 65535/);
  });
});
