import { describe, expect, it } from 'vitest';
import { WorkingDirectory } from '../../src/sim/working-directory';

// A pane prints whatever it likes: an OSC 7 whose path holds a malformed %-escape threw URIError out of the
// terminal parser's handler (found in the review of session 25).
describe('OSC 7 from a pane', () => {
  it('ignores a path with a malformed %-escape, and takes a well-formed one', () => {
    const told: [string, string][] = [];
    const directory = new WorkingDirectory((name, value) => told.push([name, value]));
    expect(() => directory.reportedUrl('file://host/tmp/%ZZ')).not.toThrow();
    expect(() => directory.reportedUrl('not a url')).not.toThrow();
    expect(told).toEqual([]);
    directory.reportedUrl('file://host/tmp/a%20b');
    expect(told).toEqual([
      ['hostname', 'host'],
      ['path', '/tmp/a b'],
    ]);
    directory.dispose();
  });
});
