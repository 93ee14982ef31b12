export { FakeClock } from './fake-clock';
export { describeTerminalBackend, eventually } from './describe-terminal-backend';
export type { BackendUnderTest, ConformanceOptions } from './describe-terminal-backend';
export { StubHandoffDecider } from './stub-handoff-decider';
export { unpackTarGz } from './unpack-archive';
