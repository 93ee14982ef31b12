// Types of scripts/retried-tests.js for its test (the script itself runs as plain JavaScript under `npm test`).
export function vitestRetried(report: unknown): string[];
export function playwrightRetried(report: unknown): string[];
