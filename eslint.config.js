// Flat config. The per-package `no-restricted-imports` rules are the architecture:
// ui → protocol ← core ← bridges; host composes; apps are thin shells.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import noBareSwallow from './scripts/eslint-rules/no-bare-swallow.js';

const pkg = (name) => [`@switchboard/${name}`, `@switchboard/${name}/*`];
const nodeBuiltins = ['node:*'];
const runtimeOnly = ['electron', 'electron/*', 'react', 'react/*', 'react-dom', 'react-dom/*'];
const transports = [
  'ws',
  'protobufjs',
  'protobufjs/*',
  '@bufbuild/*',
  '@modelcontextprotocol/*',
  'node-pty',
  '@xterm/*',
];

const preloadWhy = 'a sandboxed preload has no Node and exposes only invoke/subscribe';
const namedExportsOnly = { selector: 'ExportAllDeclaration', message: 'Named exports only: no `export *`.' };
/** A command name written as a bare string escapes the compiler: call through the typed client (`createClient`, `bindApi`). */
const COMMAND_NAME = '/^[a-z]+\\.[a-z][a-zA-Z]*$/';
const typedCommandNames = [
  {
    selector: `CallExpression:matches([callee.property.name='invoke'], [callee.name='invoke']) > Literal[value=${COMMAND_NAME}]`,
    message:
      'A command name as a string: use the typed client (`client.call(name, input)`; in-process `bindApi(api, caller)`) so the compiler checks name and input.',
  },
  {
    selector: `CallExpression[callee.name='isCommandName'] > Literal`,
    message:
      'The contract is compiled in: a literal command name is known at build time (use it through the typed client).',
  },
];
/** The pane input gate is the one path for writes into panes (design §9): nobody else calls the backend's write operations. */
const paneWritesThroughGate = {
  selector: 'CallExpression > MemberExpression.callee > Identifier.property[name="sendText"]',
  message:
    'Write into panes through the PaneInputGate (core/src/panes/input-gate), never the backend directly.',
};

/**
 * The browser's globals that Node lacks (`document`, `window`, `HTMLElement`, `localStorage` …). The Node packages are
 * typechecked in one program with the e2e specs and benches, which need the DOM lib (tsconfig.node.json), so the
 * compiler no longer refuses these there: this rule does.
 */
const domOnlyGlobals = Object.keys(globals.browser)
  .filter((name) => !(name in globals.node))
  .map((name) => ({ name, message: `\`${name}\` is the browser's: this package runs in Node.` }));

/** Builds a no-restricted-imports rule that names the arrow it protects. */
const forbid = (why, patterns) => [
  'error',
  { patterns: [{ group: patterns, message: `${why} (see docs/architecture.md)` }] },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/.cache/**',
      '**/dist/**',
      '**/out/**',
      'packages/iterm-bridge/src/gen/**',
      'test-results/**',
      'playwright-report/**',
      '**/lint-fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', namedExportsOnly, ...typedCommandNames],
    },
  },
  {
    // The contract defines the names; tests of the raw boundary (dispatcher, wire, preload) send strings on purpose.
    files: [
      'packages/protocol/src/**',
      'packages/*/test/**',
      'apps/*/test/**',
      'test/electron/**',
      'bench/**',
    ],
    rules: { 'no-restricted-syntax': ['error', namedExportsOnly] },
  },
  {
    // No error dropped without a word (issue 23): log it, or say why in a comment.
    files: ['packages/*/src/**/*.{ts,tsx,js,mjs}', 'apps/*/src/**/*.{ts,tsx,js,mjs}'],
    plugins: { switchboard: { rules: { 'no-bare-swallow': noBareSwallow } } },
    rules: { 'switchboard/no-bare-swallow': 'error' },
  },
  {
    // Node code: no browser global (see domOnlyGlobals above).
    files: [
      'packages/{core,host,iterm-bridge,tmux-bridge,mcp-server}/{src,test}/**/*.{ts,js,mjs}',
      'apps/headless/**/*.{ts,js,mjs}',
    ],
    rules: { 'no-restricted-globals': ['error', ...domOnlyGlobals] },
  },
  {
    // Files small enough to read in one sitting: split by responsibility past 400 lines (generated code is ignored above).
    files: ['packages/*/src/**/*.{ts,tsx,js,mjs}', 'apps/*/src/**/*.{ts,tsx,js,mjs}'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }] },
  },
  {
    files: ['packages/protocol/src/**'],
    rules: {
      'no-restricted-imports': forbid('protocol is the contract: zod only, no runtime, no other package', [
        ...pkg('*'),
        ...nodeBuiltins,
        ...runtimeOnly,
        ...transports,
        'better-sqlite3',
      ]),
    },
  },
  {
    files: ['packages/core/src/**'],
    rules: {
      'no-restricted-imports': forbid('core reaches the world through its ports only', [
        ...runtimeOnly,
        ...transports,
        ...pkg('iterm-bridge'),
        ...pkg('tmux-bridge'),
        ...pkg('host'),
        ...pkg('mcp-server'),
        ...pkg('ui'),
      ]),
    },
  },
  {
    // Only the gate (and the backends themselves, and the backend conformance kit) may call sendText.
    files: [
      'packages/core/src/**',
      'packages/host/src/**',
      'packages/mcp-server/src/**',
      'packages/ui/src/**',
      'apps/*/src/**',
    ],
    ignores: [
      'packages/core/src/panes/input-gate/**',
      'packages/core/src/backends/**',
      'packages/core/src/testing/**',
    ],
    rules: {
      'no-restricted-syntax': ['error', namedExportsOnly, ...typedCommandNames, paneWritesThroughGate],
    },
  },
  {
    files: ['packages/iterm-bridge/src/**', 'packages/tmux-bridge/src/**'],
    rules: {
      'no-restricted-imports': forbid('bridges implement core ports; they never reach up', [
        ...runtimeOnly,
        ...pkg('host'),
        ...pkg('mcp-server'),
        ...pkg('ui'),
      ]),
    },
  },
  {
    files: ['packages/mcp-server/src/**'],
    rules: {
      'no-restricted-imports': forbid('the MCP endpoint takes the contract API, never core internals', [
        ...runtimeOnly,
        ...pkg('core'),
        ...pkg('iterm-bridge'),
        ...pkg('tmux-bridge'),
        ...pkg('host'),
        ...pkg('ui'),
      ]),
    },
  },
  {
    files: ['packages/host/src/**'],
    rules: {
      'no-restricted-imports': forbid('host composes; it never imports UI code or Electron', [
        ...runtimeOnly,
        ...pkg('ui'),
      ]),
    },
  },
  {
    files: ['packages/ui/src/**'],
    // xterm.js draws the live pane mirror (frames come through the contract); the headless build is the simulator's.
    rules: {
      'no-restricted-imports': forbid('the UI talks only through the contract client', [
        ...nodeBuiltins,
        'electron',
        ...transports.filter((p) => p !== '@xterm/*'),
        '@xterm/headless',
        'better-sqlite3',
        ...pkg('core'),
        ...pkg('iterm-bridge'),
        ...pkg('tmux-bridge'),
        ...pkg('host'),
        ...pkg('mcp-server'),
      ]),
    },
  },
  {
    files: ['packages/ui/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The desktop shell: decisions live in pure modules; only the entry file touches Electron.
    files: ['apps/desktop/src/main/**'],
    ignores: ['apps/desktop/src/main/index.ts'],
    rules: {
      'no-restricted-imports': forbid(
        'desktop logic stays pure and testable without a binary; only main/index.ts imports electron',
        ['electron', 'electron/*', ...pkg('core'), ...pkg('ui')],
      ),
    },
  },
  {
    // The sandboxed preload can require only electron; it shares channel names, nothing else.
    files: ['apps/desktop/src/preload/**'],
    // It may bundle the contract's zod-free call-frame builder and listener set, nothing else of ours.
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...nodeBuiltins, ...transports], message: `${preloadWhy} (see docs/architecture.md)` },
            {
              regex: '^@switchboard/(?!protocol/(wire-call|emitter)$)',
              message: `${preloadWhy} (see docs/architecture.md)`,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/test/**', 'test/**', 'bench/**', 'scripts/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
