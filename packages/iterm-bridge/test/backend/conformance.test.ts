import { describeTerminalBackend } from '@switchboard/core/testing';
import { startSimWithBackend } from './sim-backend';

describeTerminalBackend('ITerm2Backend + embedded iTerm2-API server', async () => {
  const { backend, dispose } = await startSimWithBackend();
  return { backend, dispose };
});

describeTerminalBackend(
  'ITerm2Backend + embedded server, as protocol 1.13 (move_session fallback)',
  async () => {
    const { backend, dispose } = await startSimWithBackend({
      assumeProtocolVersion: { major: 1, minor: 13 },
    });
    return { backend, dispose };
  },
);
