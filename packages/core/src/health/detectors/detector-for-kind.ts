import type { AgentKind } from '@switchboard/protocol';
import { claudeCodeDetector } from './claude-code';
import { codexDetector } from './codex';
import { geminiCliDetector } from './gemini-cli';
import type { ScreenDetector } from './screen-detector';
import { shellDetector } from './shell';

/** The screen detector for an agent's CLI; `custom` commands are read like a shell. */
export function detectorFor(kind: AgentKind): ScreenDetector {
  switch (kind) {
    case 'claude':
      return claudeCodeDetector;
    case 'codex':
      return codexDetector;
    case 'gemini':
      return geminiCliDetector;
    case 'shell':
    case 'custom':
      return shellDetector;
  }
}
