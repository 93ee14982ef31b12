// Runs before every DOM test file. The dom project shares one happy-dom window and one module graph between the
// files of a worker (vitest.config.ts, `isolate: false`), so what a file left in the page's storage or body must
// not reach the next file: each file starts from an empty document and empty storage, as it did in a window of
// its own.
localStorage.clear();
sessionStorage.clear();
document.body.replaceChildren();
