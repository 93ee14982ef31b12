// The agent detail shows the trace id of the agent's messages (and its last trace on top) with a copy
// button, when the host exports traces: here to a local OTLP/HTTP sink started by the test.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './host-fixture';
import { HostApi } from './host-api';
import { startHostProcess, type HostProcess } from './host-process';
import { screenshotPath } from './screenshots';
import { allViolations } from './ui-axe';

// axe-core is injected as a script; the host's strict CSP would (rightly) refuse it.
test.use({ bypassCSP: true });

let host: HostProcess;
let human: HostApi;
let sink: Server;
let exported = 0;

test.beforeAll(async () => {
  // An OTLP/HTTP receiver that accepts every export (the host's exporter only needs a 200).
  sink = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      exported++;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = endpoint;
  try {
    host = await startHostProcess();
  } finally {
    delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  }
  human = await HostApi.connect(host);
  for (const name of ['sender', 'reader']) await human.call('agent.spawn', { name, role: 'builder' });
});
test.afterAll(async () => {
  human?.close();
  await host?.stop();
  sink?.close();
});

test("an agent's messages show their trace ids, the last one on top, and Copy puts the full id on the clipboard", async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { token } = await human.call('agent.issueToken', { agent: 'sender' });
  const sender = await HostApi.connect(host, token);
  try {
    await sender.call('message.send', {
      to: { agent: 'reader' },
      kind: 'request',
      body: 'please review the login change',
    });
  } finally {
    sender.close();
  }
  const [message] = (await human.call('message.history', { agent: 'reader', limit: 10 })).messages;
  const traceId = message!.traceId!;
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);

  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  await page.locator('[data-agent="reader"]').click();
  await page.getByRole('button', { name: 'Open details' }).click();
  const last = page.getByTestId('last-trace');
  await expect(last).toContainText(traceId.slice(0, 12));
  await expect(last.locator('code')).toHaveAttribute('title', traceId);
  await expect(page.locator('.mail-item').getByTestId('trace-id')).toHaveCount(1);
  await last.getByRole('button', { name: `Copy trace id ${traceId}` }).click();
  await expect(last.getByRole('status')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(traceId);
  expect(await allViolations(page)).toEqual([]);
  await page.locator('.detail-side').screenshot({ path: screenshotPath('agent-detail-trace.png') });
  // The host really exported (the sink received OTLP requests), so these ids name traces a backend has.
  await expect.poll(() => exported, { timeout: 10_000 }).toBeGreaterThan(0);
});

test("an approval raised by a traced handoff shows its trace id in the queue's detail pane", async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { token } = await human.call('agent.issueToken', { agent: 'sender' });
  const sender = await HostApi.connect(host, token);
  try {
    await sender.call('message.send', {
      to: { agent: 'reader' },
      kind: 'handoff',
      body: 'take over the release notes',
    });
  } finally {
    sender.close();
  }
  const { approvals } = await human.call('approval.list', { status: 'pending' });
  const traceId = approvals.find((a) => a.kind === 'handoff')!.traceId!;
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);

  await page.goto(host.uiUrl);
  await page.getByRole('button', { name: /^Approvals/ }).click();
  const detail = page.getByTestId('approval-detail');
  await expect(detail.getByTestId('trace-id').locator('code')).toHaveAttribute('title', traceId);
  await detail.getByRole('button', { name: `Copy trace id ${traceId}` }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(traceId);
  expect(await allViolations(page)).toEqual([]);
});
