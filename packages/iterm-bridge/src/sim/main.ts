/**
 * Standalone simulator: `npm run sim -- [--port N] [--unix PATH] [--cookie [VALUE]] [--shell PATH]`.
 * Prints where it listens and runs until killed.
 */
import { parseArgs } from 'node:util';
import { startSimServer } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    unix: { type: 'string' },
    cookie: { type: 'boolean', default: false },
    shell: { type: 'string' },
    'max-transaction-ms': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  allowPositionals: false,
});

if (values.help) {
  process.stdout.write(
    'usage: npm run sim -- [--port N] [--unix PATH] [--cookie] [--shell PATH] [--max-transaction-ms N]\n' +
      '  --port N     listen on 127.0.0.1:N (0 = a free port; the default when --unix is not given)\n' +
      '  --unix PATH  listen on a unix socket (mode 0600)\n' +
      '  --cookie     require x-iterm2-cookie: uses $ITERM2_COOKIE, or makes one and prints it once\n' +
      '  --shell PATH what panes run (default $SHELL)\n' +
      '  --max-transaction-ms N  end a transaction one client holds longer than N ms (default: no bound, as iTerm2)\n',
  );
  process.exit(0);
}

const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
  process.stderr.write(`invalid --port ${values.port}\n`);
  process.exit(2);
}

const maxTransactionMs =
  values['max-transaction-ms'] === undefined ? undefined : Number(values['max-transaction-ms']);
if (maxTransactionMs !== undefined && (!Number.isInteger(maxTransactionMs) || maxTransactionMs < 1)) {
  process.stderr.write(
    `invalid --max-transaction-ms ${values['max-transaction-ms']} (a whole number of milliseconds, at least 1)\n`,
  );
  process.exit(2);
}

const envCookie = process.env['ITERM2_COOKIE'];
const server = await startSimServer({
  ...(port !== undefined ? { port } : {}),
  ...(values.unix !== undefined ? { unixPath: values.unix } : {}),
  ...(values.cookie ? { cookie: envCookie && envCookie !== '' ? envCookie : true } : {}),
  ...(values.shell !== undefined ? { shell: values.shell } : {}),
  ...(maxTransactionMs !== undefined ? { maxTransactionMs } : {}),
});

if (server.port !== undefined)
  process.stdout.write(`iTerm2 API simulator listening on ws://127.0.0.1:${server.port}/\n`);
if (server.unixPath !== undefined)
  process.stdout.write(`iTerm2 API simulator listening on unix:${server.unixPath}\n`);
if (values.cookie && !(envCookie && envCookie !== '')) {
  // Printed once so a user can export it for their client; never logged anywhere else.
  process.stdout.write(`cookie required: export ITERM2_COOKIE=${server.cookie}\n`);
}

const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
