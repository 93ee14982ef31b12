export { TmuxBackend } from './tmux-backend';
export { sshArgv } from './tmux-options';
export type { SshTarget, TmuxBackendOptions } from './tmux-options';
export { ControlParser, decodeOutput, encodeOutput } from './control-parser';
export type { ControlNotification, ControlReply } from './control-parser';
export { formatLayout, layoutChecksum, parseLayout } from './layout-string';
export { EscapeScanner } from './escape-scanner';
