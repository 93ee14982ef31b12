export { allocatedBytes } from './allocated-bytes';
export { FakeClock } from './fake-clock';
export { keptOnPurpose, liveCollections } from './live-collections';
export type { GrownCollection } from './live-collections';
export { describeTerminalBackend } from './describe-terminal-backend';
export { eventually } from './eventually';
export type { BackendUnderTest, ConformanceOptions } from './describe-terminal-backend';
export { StubHandoffDecider } from './stub-handoff-decider';
export { unpackTarGz } from './unpack-archive';
