#!/usr/bin/env node
// A demo agent for `switchboard start --demo` and the UI's "Try a demo fleet": a small script in a
// pane that calls Switchboard's MCP endpoint with its own token (SWITCHBOARD_URL/SWITCHBOARD_TOKEN
// from the launcher) to message its peers, hold and ask for locks and raise approvals, printing what
// it does. Plain JavaScript with Node built-ins only, like the launcher. Usage: demo-agent.js PERSONA
const persona = process.argv[2] ?? '';
const base = process.env.SWITCHBOARD_URL;
const token = process.env.SWITCHBOARD_TOKEN;
const minutes = (n) => n * 60_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let session;
let nextId = 0;

async function post(body) {
  const response = await fetch(`${base}/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${token}`,
      ...(session ? { 'mcp-session-id': session } : {}),
    },
    body: JSON.stringify(body),
  });
  session = response.headers.get('mcp-session-id') ?? session;
  const text = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
  if (body.id === undefined) return undefined;
  const messages = (response.headers.get('content-type') ?? '').includes('text/event-stream')
    ? text
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => JSON.parse(line.slice(5)))
    : [JSON.parse(text)];
  const answer = messages.find((message) => message.id === body.id);
  if (!answer) throw new Error('no answer from the MCP endpoint');
  if (answer.error) throw new Error(answer.error.message);
  return answer.result;
}

async function connect() {
  await post({
    jsonrpc: '2.0',
    id: ++nextId,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'switchboard-demo-agent', version: '1.0.0' },
    },
  });
  await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
}

/** Calls a Switchboard tool; returns its structured result, or undefined (and says why) when it fails. */
async function call(tool, args) {
  try {
    const result = await post({
      jsonrpc: '2.0',
      id: ++nextId,
      method: 'tools/call',
      params: { name: tool, arguments: args },
    });
    if (result.isError) {
      say(`  ${tool} refused: ${result.structuredContent?.error?.message ?? 'error'}`);
      return undefined;
    }
    return result.structuredContent ?? {};
  } catch (error) {
    say(`  ${tool} failed: ${error.message}`);
    return undefined;
  }
}

function say(line) {
  process.stdout.write(`${new Date().toTimeString().slice(0, 8)}  ${line}\n`);
}

async function send(to, body, kind = 'notification') {
  const sent = await call('message_send', { to: { agent: to }, body, kind });
  if (sent) say(`→ ${to} (${kind}): ${body}`);
}

const names = new Map([['human', 'human']]);
async function nameOf(id) {
  if (!names.has(id))
    for (const agent of (await call('agent_list', {}))?.agents ?? []) names.set(agent.id, agent.name);
  return names.get(id) ?? id;
}

/** Reads the inbox for up to `seconds`, prints and acknowledges what came. */
async function readInbox(seconds) {
  const inbox = await call('message_receive', { wait: seconds, limit: 10 });
  const messages = inbox?.messages ?? [];
  for (const message of messages)
    say(`← ${await nameOf(message.senderId)} (${message.kind}): ${message.body}`);
  if (messages.length > 0) await call('message_ack', { messageIds: messages.map((m) => m.id) });
  return messages;
}

const personas = {
  async ada() {
    say('ada · builder · working on the login form');
    const lock = await call('lock_acquire', {
      resource: { kind: 'file', name: 'src/login/**' },
      ttlMs: minutes(60),
      reason: 'building the login form',
    });
    if (lock) say('holds the lock on src/login/**');
    await sleep(2_000);
    await send('grace', 'The login form is ready for review: src/login/form.tsx', 'request');
    for (let round = 1; ; round++) {
      await readInbox(20);
      await send('linus', `Build ${round} of the login form passed (${3 + (round % 4)} tests).`);
    }
  },
  async grace() {
    say('grace · tester · reviews what the builders hand over');
    await readInbox(30);
    await send('ada', 'Reviewed: two nits in form.tsx, otherwise good.', 'reply');
    say('asks ada for the lock on src/login/** to fix the nits');
    await call('lock_request', {
      resource: { kind: 'file', name: 'src/login/**' },
      ttlMs: minutes(30),
      reason: 'fix two review nits',
      expiresInMs: minutes(60),
    });
    await send('linus', 'Handing the release notes over to you.', 'handoff');
    for (;;) {
      const got = await readInbox(25);
      if (got.length > 0) await send('ada', 'Thanks, noted.', 'reply');
    }
  },
  async linus() {
    say('linus · devops · keeps staging up');
    await sleep(4_000);
    const approval = await call('approval_request', {
      kind: 'escalation',
      summary: 'Deploy the demo build to staging?',
      expiresInMs: minutes(60),
    });
    if (approval) say('asked the human: deploy the demo build to staging?');
    for (;;) {
      const got = await readInbox(30);
      if (got.length > 0) await send('grace', 'Staging is green.');
    }
  },
};

async function main() {
  if (!base || !token) {
    say('No SWITCHBOARD_URL/SWITCHBOARD_TOKEN: start me from Switchboard (the demo fleet does).');
    process.exit(2);
  }
  const run = personas[persona];
  if (!run) {
    say(`Unknown persona "${persona}"; one of: ${Object.keys(personas).join(', ')}`);
    process.exit(2);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await connect();
      break;
    } catch (error) {
      say(`cannot reach Switchboard yet (${error.message}); retrying`);
      await sleep(Math.min(10_000, 500 * attempt));
    }
  }
  await run();
}

main().catch((error) => {
  say(`stopped: ${error.message}`);
  process.exit(1);
});
