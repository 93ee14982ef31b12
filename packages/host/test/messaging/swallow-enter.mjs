// A small interactive program for pane-delivery tests: echoes what is typed, ignores the first N Enter
// presses (argv[2], default 1; "all" ignores every one), then prints "got: <line>" and a new prompt
// (`ready$ `, which Switchboard reads as a shell prompt). With argv[3] = MS it plays a CPU-starved CLI: the
// first chunk holding an Enter is read MS late (stdin paused, later keys wait in the pty), and any Enter
// after its one submission prints "EXTRA ENTER" (a real CLI's next prompt would take it as an answer).
const swallow = process.argv[2] === 'all' ? Infinity : Number(process.argv[2] ?? 1);
const lateMs = Number(process.argv[3] ?? 0);
let line = '';
let enters = 0;
let late = lateMs > 0;
let submissions = 0;
process.stdin.setRawMode(true);
process.stdout.write('ready$ ');
process.stdin.on('data', (chunk) => {
  const text = chunk.toString('utf8');
  if (late && /[\r\n]/.test(text)) {
    late = false;
    process.stdin.pause();
    setTimeout(() => {
      read(text);
      process.stdin.resume();
    }, lateMs);
    return;
  }
  read(text);
});

function read(text) {
  for (const ch of text) {
    if (ch === '\u0003') process.exit(0);
    if (ch === '\r' || ch === '\n') {
      enters += 1;
      if (enters <= swallow) continue;
      if (lateMs > 0 && submissions > 0) {
        process.stdout.write('\r\nEXTRA ENTER\r\nready$ ');
        continue;
      }
      submissions += 1;
      process.stdout.write(`\r\ngot: ${line}\r\nready$ `);
      line = '';
    } else {
      line += ch;
      process.stdout.write(ch);
    }
  }
}
