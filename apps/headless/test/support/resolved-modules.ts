/**
 * A `node --import` argument that makes the process append the URL of every module it resolves to `logFile` (a
 * module resolve hook registered with node:module): what a real CLI process loads, seen from outside it.
 */
export function logResolvedModules(logFile: string): string {
  const hook = `data:text/javascript,${encodeURIComponent(
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const found = await next(specifier, context);
  appendFileSync(${JSON.stringify(logFile)}, found.url + '\\n');
  return found;
}`,
  )}`;
  return `data:text/javascript,${encodeURIComponent(
    `import { register } from 'node:module'; register(${JSON.stringify(hook)});`,
  )}`;
}
