export { createLinkedTransport } from './linked-transport';
