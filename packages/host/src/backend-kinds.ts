/** The terminal backends `switchboard start --backend` accepts (kept apart from the factory, which loads them all). */
export const BACKEND_KINDS = ['auto', 'iterm2', 'tmux', 'sim', 'memory'] as const;
export type BackendKind = (typeof BACKEND_KINDS)[number];
