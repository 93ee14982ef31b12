/** Where the test children's bundles are kept (.cache/test-children). */
export const cacheDir: string;
/** Every child script a test starts, from the repository root; built together by `node test/support/test-children.js`. */
export const testChildren: string[];
/** The bundle's name for a child script (an absolute path). */
export function bundleName(source: string): string;
