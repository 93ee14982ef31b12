import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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

/**
 * The modules a process loaded: the URLs it resolved, and for each file of a CLI bundle among them the URLs of the
 * sources and npm package files it was built from (the `<name>.sources.json` beside each bundle,
 * apps/headless/bin/compiled-entry.js): the CLI's bundles take their packages in, so a package loaded from a bundle
 * is never resolved on its own.
 */
export function withBundledSources(urls: string[]): string[] {
  const builtFrom = new Map<string, string[]>();
  for (const folder of new Set(urls.filter(isBundleFile).map(cacheFolderOf))) {
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.sources.json'))) {
      const sources = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Record<string, string[]>;
      for (const [output, inputs] of Object.entries(sources))
        builtFrom.set(
          pathToFileURL(output).href,
          inputs.map((input) => pathToFileURL(input).href),
        );
    }
  }
  return urls.flatMap((url) => [url, ...(builtFrom.get(url) ?? [])]);
}

const isBundleFile = (url: string) => url.startsWith('file:') && /\/\.cache\/.*\.mjs$/.test(url);
/** `.cache/cli.mjs` and `.cache/cli-chunks/x.mjs` are both described in `.cache/`. */
const cacheFolderOf = (url: string) => {
  const file = fileURLToPath(url);
  return /-chunks$/.test(dirname(file)) ? dirname(dirname(file)) : dirname(file);
};
