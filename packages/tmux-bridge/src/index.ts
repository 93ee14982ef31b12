export { TmuxBackend, sshArgv } from './tmux-backend';
export type { SshTarget, TmuxBackendOptions } from './tmux-backend';
export { ControlParser, decodeOutput, encodeOutput } from './control-parser';
export type { ControlNotification, ControlReply } from './control-parser';
export { formatLayout, layoutChecksum, parseLayout } from './layout-string';
export { EscapeScanner } from './escape-scanner';
