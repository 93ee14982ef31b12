// A small interactive program for pane-delivery tests: echoes what is typed, ignores the first N Enter
// presses (argv[2], default 1; "all" ignores every one), then prints "got: <line>" and a new prompt
// (`ready$ `, which Switchboard reads as a shell prompt).
const swallow = process.argv[2] === 'all' ? Infinity : Number(process.argv[2] ?? 1);
let line = '';
let enters = 0;
process.stdin.setRawMode(true);
process.stdout.write('ready$ ');
process.stdin.on('data', (chunk) => {
  for (const ch of chunk.toString('utf8')) {
    if (ch === '\u0003') process.exit(0);
    if (ch === '\r' || ch === '\n') {
      enters += 1;
      if (enters <= swallow) continue;
      process.stdout.write(`\r\ngot: ${line}\r\nready$ `);
      line = '';
    } else {
      line += ch;
      process.stdout.write(ch);
    }
  }
});
