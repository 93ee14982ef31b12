import { describe, expect, it } from 'vitest';
import { quietBuild } from '../../scripts/quiet-build.js';

// Found by use (session 25): `npm start` printed Vite's whole build (a 50-line chunk table, a missing-name warning,
// "Some chunks are larger than 500 kB") before "Switchboard is running": a newcomer read warnings first.
const capture = () => {
  let text = '';
  return { write: (chunk: string) => (text += chunk), text: () => text };
};

describe('quietBuild: the build npm start runs', () => {
  it('prints one line when the build succeeds, whatever it wrote', () => {
    const out = capture();
    const err = capture();
    const script = 'console.log("dist/assets/elk.js 1,463 kB"); console.warn("(!) Some chunks are larger")';
    expect(quietBuild(process.execPath, ['-e', script], { label: 'UI built', out, err })).toBe(0);
    expect(out.text()).toMatch(/^UI built \(\d+\.\d s\)\n$/);
    expect(err.text()).toBe('');
  });

  it('shows everything the build wrote when it fails, and its exit status', () => {
    const out = capture();
    const err = capture();
    const script =
      'console.log("transforming..."); console.error("error: cannot resolve ./x"); process.exit(3)';
    expect(quietBuild(process.execPath, ['-e', script], { label: 'UI built', out, err })).toBe(3);
    expect(out.text()).toBe('transforming...\n');
    expect(err.text()).toBe('error: cannot resolve ./x\n');
  });
});
