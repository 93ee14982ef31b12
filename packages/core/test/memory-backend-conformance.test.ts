import { createMemoryBackend } from '../src/index';
import { describeTerminalBackend } from '../src/testing/index';

describeTerminalBackend('memory', async () => ({ backend: createMemoryBackend() }), { patienceMs: 1_000 });
