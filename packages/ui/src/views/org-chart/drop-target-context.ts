import { createContext } from 'react';

/** The team node an agent is being dragged over; kept out of the nodes so a drag never rebuilds them. */
export const DropTargetContext = createContext<string | null>(null);
