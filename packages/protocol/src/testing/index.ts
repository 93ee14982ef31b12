export { createLinkedTransport } from './linked-transport';
export { sampleOf } from './sample';
export type { StringFill } from './sample';
