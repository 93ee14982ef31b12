export { FakeClock } from './fake-clock';
export { StubHandoffDecider } from './stub-handoff-decider';
