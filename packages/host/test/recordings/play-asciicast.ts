import { Terminal } from '@xterm/headless';
import { expect } from 'vitest';

/**
 * Plays an asciicast v2 file in a real terminal emulator (xterm.js, headless): its screen at the end, every
 * line it holds from the top of its scrollback down, and the markers (`"m"` events) it carried.
 */
export async function playAsciicast(
  content: string,
  scrollback = 1_000,
): Promise<{ header: Record<string, unknown>; screen: string[]; buffer: string[]; markers: string[] }> {
  const [first, ...events] = content.trimEnd().split('\n');
  const header = JSON.parse(first!) as { version: number; width: number; height: number };
  const terminal = new Terminal({
    cols: header.width,
    rows: header.height,
    scrollback,
    allowProposedApi: true,
  });
  const markers: string[] = [];
  let last = -1;
  for (const line of events) {
    const [time, code, data] = JSON.parse(line) as [number, string, string];
    expect(typeof time).toBe('number');
    expect(time).toBeGreaterThanOrEqual(last);
    last = time;
    if (code === 'o') await new Promise<void>((resolve) => terminal.write(data, resolve));
    else if (code === 'r') {
      const [cols, rows] = data.split('x').map(Number);
      terminal.resize(cols!, rows!);
    } else {
      expect(code).toBe('m');
      markers.push(data);
    }
  }
  const active = terminal.buffer.active;
  const lineAt = (y: number) => active.getLine(y)?.translateToString(true) ?? '';
  const screen = Array.from({ length: terminal.rows }, (_, row) => lineAt(active.baseY + row));
  const buffer = Array.from({ length: active.length }, (_, y) => lineAt(y));
  terminal.dispose();
  return { header, screen, buffer, markers };
}
