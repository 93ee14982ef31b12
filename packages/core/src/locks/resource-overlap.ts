import { braceExpand, minimatch } from 'minimatch';
import type { LockResource } from '@switchboard/protocol';

const GLOB_CHARS = /[*?[\]{}!]/;

const normalize = (path: string) => path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');

/** The directories before the first segment with a glob character: `src/api/**` → `src/api`. */
function staticBase(glob: string): string {
  const segments = glob.split('/');
  const firstMagic = segments.findIndex((segment) => GLOB_CHARS.test(segment));
  return segments.slice(0, firstMagic === -1 ? segments.length : firstMagic).join('/');
}

const within = (inner: string, outer: string) =>
  outer === '' || inner === outer || inner.startsWith(`${outer}/`);

/**
 * How many brace alternatives a lease's glob may stand for. minimatch expands up to 100,000 before matching:
 * an agent's `{a,b}` × 40 (200 characters) cost ~0.8 s of the host's thread and ~300 MB per overlap check,
 * and one runs against every other holder's file lease at each acquire (session 21).
 */
const MAX_BRACE_ALTERNATIVES = 256;

/** A path against a glob; a glob of more alternatives than that is taken to overlap (conservative, as two globs). */
function pathMatchesGlob(path: string, glob: string): boolean {
  if (braceExpand(glob, { braceExpandMax: MAX_BRACE_ALTERNATIVES + 1 }).length > MAX_BRACE_ALTERNATIVES)
    return true;
  return minimatch(path, glob, { dot: true, braceExpandMax: MAX_BRACE_ALTERNATIVES });
}

/**
 * Could two file leases cover the same file? Exact paths compare directly; a path against a glob is
 * matched with minimatch; two globs overlap when one's fixed directory contains the other's. That last
 * rule is conservative on purpose (`src/*.ts` and `src/*.js` conflict): a false "locked" costs a
 * question, a missed overlap costs a clobbered file.
 */
export function fileGlobsOverlap(a: string, b: string): boolean {
  const left = normalize(a);
  const right = normalize(b);
  if (left === right) return true;
  const leftMagic = GLOB_CHARS.test(left);
  const rightMagic = GLOB_CHARS.test(right);
  if (!leftMagic && !rightMagic) return within(left, right) || within(right, left);
  if (!leftMagic) return pathMatchesGlob(left, right) || within(staticBase(right), left);
  if (!rightMagic) return pathMatchesGlob(right, left) || within(staticBase(left), right);
  const leftBase = staticBase(left);
  const rightBase = staticBase(right);
  return within(leftBase, rightBase) || within(rightBase, leftBase);
}

/** Do two lease resources conflict? Panes and branches by exact name; files by path/glob overlap. */
export function resourcesOverlap(a: LockResource, b: LockResource): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'file') return fileGlobsOverlap(a.name, b.name);
  return a.name === b.name;
}

export const describeResource = (resource: LockResource) => `${resource.kind} "${resource.name}"`;
