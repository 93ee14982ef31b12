import { join } from 'node:path';

/** Where the host's log lives: no logger import, so the `logs` command reads it without loading pino. */
export const LOG_FILE = 'switchboard.log';
export const logFolder = (dataDir: string) => join(dataDir, 'logs');
