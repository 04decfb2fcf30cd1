// The operations page (/realtime/ops/) in headless Chromium (Debian's package), signed in through
// the test application's cookies (rt-user, rt-roles). Prints "LOADED" once the page shows its
// first snapshots of an idle node, then waits (Playwright's waitForFunction, no sleeps) for what the
// test's load must make it show, and prints "PASS" or "FAIL: <why>"; exits 0 only on PASS.
//   node ops-page.mjs <baseUrl> <user> <role> <connections> <deliveries> <busiestChannel>
import { chromium } from 'playwright-core';

const [base, user, role, connections, deliveries, channel] = process.argv.slice(2);
const TIMEOUT = 60000;
const problems = [];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const context = await browser.newContext();
  await context.addCookies([
    { name: 'rt-user', value: user, url: base },
    { name: 'rt-roles', value: role, url: base },
  ]);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  // failed loads are reported below with their address (the browser's own favicon.ico request is not the page's)
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push('console error: ' + m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(r.status() + ' for ' + r.url());
  });
  page.on('requestfailed', (r) => {
    if (!r.url().endsWith('/stream')) problems.push('request failed: ' + r.url());
  });
  const response = await page.goto(new URL('realtime/ops/', base).href);
  if (response.status() !== 200) throw new Error('the page answered ' + response.status());

  // the idle node: two snapshots shown, nothing delivered, no WebSocket connection, no channel
  await page.waitForFunction(() => Number(document.body.dataset.samples) >= 2, null, { timeout: TIMEOUT });
  const idle = await page.evaluate(() => ({
    state: document.getElementById('stream-state').dataset.state,
    deliveries: document.getElementById('deliveries-total').textContent,
    websocket: document.querySelector('#transports tr[data-transport="websocket"]')?.dataset.connections,
    channels: document.querySelectorAll('#channels li').length,
    deliveriesMax: document.getElementById('chart-deliveries').dataset.max,
    broker: document.getElementById('broker-name').textContent,
    brokerConnected: document.getElementById('broker-connected').dataset.ok,
  }));
  const expectedIdle = { state: 'open', deliveries: '0', websocket: '0', channels: 0, deliveriesMax: '0', broker: 'redis', brokerConnected: 'true' };
  if (JSON.stringify(idle) !== JSON.stringify(expectedIdle)) {
    throw new Error('idle page shows ' + JSON.stringify(idle) + ', expected ' + JSON.stringify(expectedIdle));
  }
  console.log('LOADED');

  // the load: the figures, the busiest channel and the charts' series follow it
  try {
    await page.waitForFunction(({ connections, deliveries, channel }) => {
      const ws = document.querySelector('#transports tr[data-transport="websocket"]');
      const busiest = document.querySelector('#channels li');
      const connectionsChart = JSON.parse(document.getElementById('chart-connections').dataset.last || '{}');
      return ws && ws.dataset.connections === connections
        && document.getElementById('deliveries-total').textContent === deliveries
        && busiest && busiest.dataset.channel === channel && busiest.dataset.subscribers === connections
        && String(connectionsChart.websocket) === connections
        && Number(document.getElementById('chart-deliveries').dataset.max) > 0
        && Number(document.getElementById('chart-messages').dataset.max) > 0;
    }, { connections, deliveries, channel }, { timeout: TIMEOUT, polling: 100 });
  } catch (e) {
    const seen = await page.evaluate(() => ({
      transports: [...document.querySelectorAll('#transports tr[data-transport]')].map((r) => ({ ...r.dataset })),
      deliveries: document.getElementById('deliveries-total').textContent,
      channels: [...document.querySelectorAll('#channels li')].map((l) => ({ ...l.dataset })),
      charts: [...document.querySelectorAll('canvas')].map((c) => ({ id: c.id, ...c.dataset })),
    }));
    throw new Error('the page did not show the load: ' + JSON.stringify(seen));
  }
  if (problems.length) throw new Error(problems.join('; '));
  console.log('PASS');
  await browser.close();
  process.exit(0);
} catch (e) {
  console.log('FAIL: ' + (e && e.message ? e.message.replace(/\s+/g, ' ') : e));
  await browser.close();
  process.exit(1);
}
