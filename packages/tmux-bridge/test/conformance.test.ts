import { describe, it } from 'vitest';
import { describeTerminalBackend } from '@switchboard/core/testing';
import { startTmux, tmuxAvailable } from './tmux-server';

if (tmuxAvailable) {
  describeTerminalBackend('TmuxBackend + a real tmux server (control mode)', async () => {
    const { backend, dispose } = await startTmux();
    return { backend, dispose };
  });
} else {
  describe('TmuxBackend conformance', () => {
    it.skip('needs tmux (Debian: apt-get install tmux; .ci/run installs it)', () => undefined);
  });
}
