// node run-bundle.mjs <compiled cli.mjs> <switchboard arguments…>: runs a CLI bundle as bin/switchboard.js
// runs its own (the bench's "before" host: a bundle built from the code before a change, kept beside an install).
import { pathToFileURL } from 'node:url';

const [bundle] = process.argv.splice(2, 1);
process.setSourceMapsEnabled(true);
const entry = await import(pathToFileURL(bundle).href);
await entry.main(process.argv);
