// Types of scripts/machine-cpu.js for its test (the script itself runs as plain JavaScript under `npm test`).
export interface ProcStat {
  user: number;
  system: number;
  idle: number;
  iowait: number;
  steal: number;
}
export interface CpuPressure {
  avg10: number;
  avg60: number;
  avg300: number;
  totalUs: number;
}
export interface MachineCpuReading {
  at: number;
  stat: ProcStat | undefined;
  pressure?: CpuPressure | undefined;
}
export interface MachineCpuSummary {
  wallSeconds: number;
  busySeconds: number;
  userSeconds: number;
  systemSeconds: number;
  idleSeconds: number;
  iowaitSeconds: number;
  stealSeconds: number;
  busyPercent: number;
  pressureSomePercent?: number;
  pressureAvg300AtEnd?: number;
}
export function parseProcStat(text: string): ProcStat | undefined;
export function parsePressure(text: string): CpuPressure | undefined;
export function readMachineCpu(): MachineCpuReading;
export function machineCpuBetween(
  before: MachineCpuReading,
  after: MachineCpuReading,
): MachineCpuSummary | undefined;
export function describeMachineCpu(summary: MachineCpuSummary | undefined): string;
/** cutime + cstime of a /proc/<pid>/stat text, in seconds. */
export function parseReapedChildrenSeconds(text: string): number | undefined;
/** This process's reaped children's CPU seconds so far (undefined without /proc). */
export function reapedChildrenSeconds(): number | undefined;
