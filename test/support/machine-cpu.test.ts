import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  describeMachineCpu,
  machineCpuBetween,
  parsePressure,
  parseProcStat,
  parseReapedChildrenSeconds,
  readMachineCpu,
  reapedChildrenSeconds,
} from '../../scripts/machine-cpu.js';

const stat = (user: number, system: number, idle: number, iowait: number) =>
  `cpu  ${user} 100 ${system} ${idle} ${iowait} 0 50 0 0 0\ncpu0 1 2 3 4 5 0 0 0 0 0\nintr 12345\n`;
const pressure = (totalUs: number) =>
  `some avg10=42.66 avg60=36.66 avg300=52.30 total=${totalUs}\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n`;

describe('the machine CPU summary of npm test', () => {
  it("reads a process's reaped children's CPU from /proc/<pid>/stat, whatever its command name holds", () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime …
    const line = (comm: string) =>
      `4242 (${comm}) S 1 4242 4242 0 -1 4194304 900 5000 0 0 250 40 1234 566 20 0 1 0 100 1000 50\n`;
    expect(parseReapedChildrenSeconds(line('node'))).toBe(18);
    expect(parseReapedChildrenSeconds(line('a) b (c'))).toBe(18);
    expect(parseReapedChildrenSeconds('garbage')).toBeUndefined();
  });

  it('counts a child once it has ended and been waited for', () => {
    if (!existsSync('/proc/self/stat')) return;
    const before = reapedChildrenSeconds()!;
    // The child spins until it has used 300 ms of CPU itself, not for 300 ms of wall clock: on a loaded machine
    // (load 8 on 2 cores) 300 ms of wall gave it 0.09 s of CPU and the test failed with a correct reader.
    const spin =
      'const used = () => { const u = process.cpuUsage(); return u.user + u.system; }; while (used() < 300_000);';
    spawnSync(process.execPath, ['-e', spin]);
    expect(reapedChildrenSeconds()! - before).toBeGreaterThan(0.1);
  });

  it('reads /proc/stat ticks as seconds: nice into user, irq and softirq into system', () => {
    expect(parseProcStat(stat(1000, 400, 5000, 300))).toEqual({
      user: 11,
      system: 4.5,
      idle: 50,
      iowait: 3,
      steal: 0,
    });
    expect(parseProcStat('intr 1 2 3\n')).toBeUndefined();
  });

  it('reads the "some" line of /proc/pressure/cpu', () => {
    expect(parsePressure(pressure(42282622083))).toEqual({
      avg10: 42.66,
      avg60: 36.66,
      avg300: 52.3,
      totalUs: 42282622083,
    });
    expect(parsePressure('full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n')).toBeUndefined();
  });

  it('tells busy, idle and iowait seconds and the share of the run something waited for a CPU', () => {
    const before = { at: 0, stat: parseProcStat(stat(0, 0, 0, 0)), pressure: parsePressure(pressure(0)) };
    // 100 s of wall on two cores: 150 s busy (120 user, 30 system), 40 idle, 10 iowait; 80 s stalled.
    const after = {
      at: 100_000,
      stat: parseProcStat(stat(12_000, 3_000, 4_000, 1_000)),
      pressure: parsePressure(pressure(80_000_000)),
    };
    const summary = machineCpuBetween(before, after);
    expect(summary).toMatchObject({
      wallSeconds: 100,
      busySeconds: 150,
      userSeconds: 120,
      systemSeconds: 30,
      idleSeconds: 40,
      iowaitSeconds: 10,
      busyPercent: 75,
      pressureSomePercent: 80,
    });
    expect(describeMachineCpu(summary)).toContain(
      'busy 150 s (75 %: user 120, system 30), idle 40 s, iowait 10 s',
    );
    expect(describeMachineCpu(summary)).toContain('something waited for a CPU 80 % of the run');
  });

  it('says it does not know rather than print zeros when /proc/stat is missing', () => {
    expect(machineCpuBetween({ at: 0, stat: undefined }, { at: 1, stat: undefined })).toBeUndefined();
    expect(describeMachineCpu(undefined)).toBe('machine CPU: unknown (no /proc/stat)');
  });

  it.runIf(existsSync('/proc/stat'))('counts CPU this process burns between two real readings', () => {
    const before = readMachineCpu();
    const spinUntil = Date.now() + 300;
    let spins = 0;
    while (Date.now() < spinUntil) spins++;
    const after = readMachineCpu();
    expect(spins).toBeGreaterThan(0);
    // 300 ms of one core busy: 30 ticks of user or system time more in the machine's counters.
    expect(after.stat!.user + after.stat!.system).toBeGreaterThan(before.stat!.user + before.stat!.system);
  });
});
