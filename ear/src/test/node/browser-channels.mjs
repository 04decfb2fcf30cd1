// pusher-js, laravel-echo (broadcasters pusher and socket.io) and socket.io-client, unmodified, in headless Chromium (Debian's package) against our
// server. The page is a blank one served at the server's own origin (Playwright answers that one
// URL), so the auth endpoints see the page's cookies exactly as an application's page would.
// The user is the rt-user cookie, which the test application's login filter turns into the
// principal. Prints "PASS <scenario>" or "FAIL <scenario>: <why>"; exits 0 only on PASS.
//   node browser-channels.mjs <baseUrl> <appKey> <scenario> [<otherNodeBaseUrl>]
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';

const moduleFile = (path) => fileURLToPath(new URL('./node_modules/' + path, import.meta.url));
const [base, appKey, scenario, otherBase] = process.argv.slice(2);
const origin = new URL(base);
const TIMEOUT = 20000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic',
    // The test page is answered by Playwright, not loaded from the network, so Chromium cannot
    // tell its address space and its Local Network Access checks would block the page's own
    // origin (127.0.0.1). A page served by the real server is not affected.
    '--disable-features=LocalNetworkAccessChecks'],
});

// a page of the server at pageOrigin (another node of the cluster for the cluster scenarios)
async function openPage(user, pageOrigin = origin) {
  const PAGE = new URL('/__browser-test__.html', pageOrigin).href;
  const context = await browser.newContext();
  if (user) {
    await context.addCookies([{ name: 'rt-user', value: user, url: pageOrigin.href }]);
  }
  const page = await context.newPage();
  await page.route(PAGE, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>t</title>' }));
  await page.goto(PAGE);
  await page.addScriptTag({ path: moduleFile('pusher-js/dist/web/pusher.js') });
  await page.addScriptTag({ path: moduleFile('laravel-echo/dist/echo.iife.js') });
  await page.addScriptTag({ path: moduleFile('socket.io-client/dist/socket.io.min.js') });
  await page.evaluate(({ key, host, port }) => {
    const options = { wsHost: host, wsPort: port, forceTLS: false, enabledTransports: ['ws'], disableStats: true, cluster: 'local' };
    window.events = [];
    window.waitFor = (predicate, what) => new Promise((resolve, reject) => {
      const started = Date.now();
      const check = () => {
        const found = window.events.find(predicate);
        if (found) return resolve(found);
        if (Date.now() - started > 20000) return reject(new Error('timed out waiting for ' + what + '; saw ' + JSON.stringify(window.events)));
        setTimeout(check, 50);
      };
      check();
    });
    window.newPusher = () => new Pusher(key, { ...options, userAuthentication: { endpoint: '/pusher/user-auth', transport: 'ajax' } });
    window.newEcho = () => new Echo.default({ broadcaster: 'pusher', key, ...options, client: undefined, Pusher });
    // laravel-echo's socket.io connector as an application configures it: the page's own origin,
    // socket.io-client's default transports (polling, then the upgrade to WebSocket)
    window.newSocketIoEcho = (extra = {}) =>
      new Echo.default({ broadcaster: 'socket.io', host: window.location.origin, client: io, ...extra });
    window.record = (kind) => (data) => window.events.push({ kind, data });
  }, { key: appKey, host: pageOrigin.hostname, port: Number(pageOrigin.port) });
  return { context, page };
}

// The demo endpoints reach public channels only; the test deployment's /test/* reach the others.
const isPublic = (channel) => !/^(private-|presence-|user\.)/.test(channel);

async function publish(channel, event, data) {
  const response = await fetch(new URL(isPublic(channel) ? '/realtime/demo/broadcast' : '/test/broadcast', origin), {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ channel, event, data }),
  });
  if (response.status !== 202) throw new Error('publish answered ' + response.status + ' ' + await response.text());
}

// Waits until this node counts n subscribers on the channel (the demo's stats): laravel-echo's
// socket.io connector has no "subscribed" callback.
async function awaitSubscribers(channel, n) {
  const started = Date.now();
  for (;;) {
    const path = isPublic(channel) ? '/realtime/demo/stats' : '/test/stats';
    const response = await fetch(new URL(path + '?channel=' + encodeURIComponent(channel), origin));
    const stats = await response.json();
    if (stats.subscribers === n) return;
    if (Date.now() - started > TIMEOUT) throw new Error(`${channel} has ${stats.subscribers} subscribers, not ${n}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// waits until the presence channel has n members in the cluster, as the node at nodeOrigin sees it
async function awaitMembers(channel, n, nodeOrigin) {
  const started = Date.now();
  for (;;) {
    const response = await fetch(new URL('/test/stats?channel=' + encodeURIComponent(channel), nodeOrigin));
    const stats = await response.json();
    if (stats.members === n) return;
    if (Date.now() - started > TIMEOUT) throw new Error(`${channel} has ${stats.members} members, not ${n}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// laravel-echo presence with either broadcaster (page factory newEcho or newSocketIoEcho): two
// users see each other join and leave, with the right member lists
async function echoPresence(factory, room, bobsOrigin = origin) {
  const alice = (await openPage('alice')).page;
  const bob = (await openPage('bob', bobsOrigin)).page;
  const join = ({ factory, room, all }) => {
    window.echo = window[factory]();
    const channel = echo.join(room).here(record('here'));
    if (all) channel.joining(record('joining')).leaving(record('leaving'));
  };
  await alice.evaluate(join, { factory, room, all: true });
  const aliceHere = await alice.evaluate(() => waitFor((e) => e.kind === 'here', 'here'));
  check(JSON.stringify(aliceHere.data.map((u) => u.name)) === '["Alice"]', 'alice saw ' + JSON.stringify(aliceHere));
  if (bobsOrigin !== origin) await awaitMembers('presence-' + room, 1, bobsOrigin); // bob's node knows alice
  await bob.evaluate(join, { factory, room, all: false });
  const bobHere = await bob.evaluate(() => waitFor((e) => e.kind === 'here', 'here'));
  const names = bobHere.data.map((u) => u.name).sort();
  check(JSON.stringify(names) === '["Alice","Bob"]', 'bob saw ' + JSON.stringify(bobHere));
  const joining = await alice.evaluate(() => waitFor((e) => e.kind === 'joining', 'joining'));
  check(joining.data.name === 'Bob', 'alice saw joining ' + JSON.stringify(joining));
  await bob.evaluate((room) => echo.leave(room), room);
  const leaving = await alice.evaluate(() => waitFor((e) => e.kind === 'leaving', 'leaving'));
  check(leaving.data.name === 'Bob', 'alice saw leaving ' + JSON.stringify(leaving));
}

// laravel-echo whisper with either broadcaster: it reaches the other member of the private channel
// and never the sender; ready(pages) returns once both pages are subscribed
async function echoWhisper(factory, room, ready) {
  const alice = (await openPage('alice')).page;
  const bob = (await openPage('bob')).page;
  for (const page of [alice, bob]) {
    await page.evaluate(({ factory, room }) => {
      window.echo = window[factory]();
      window.chat = echo.private(room);
      chat.listenForWhisper('typing', record('typing')).listenForWhisper('ack', record('ack'));
      chat.subscribed(record('subscribed')).error(record('error'));
    }, { factory, room });
  }
  await ready([alice, bob]);
  await alice.evaluate(() => chat.whisper('typing', { who: 'alice' }));
  const typing = await bob.evaluate(() => waitFor((e) => e.kind === 'typing', 'whisper'));
  check(typing.data.who === 'alice', 'bob got ' + JSON.stringify(typing));
  await bob.evaluate(() => chat.whisper('ack', { who: 'bob' }));
  await alice.evaluate(() => waitFor((e) => e.kind === 'ack', 'ack'));
  const echoed = await alice.evaluate(() => window.events.filter((e) => e.kind === 'typing'));
  check(echoed.length === 0, 'the sender received its own whisper: ' + JSON.stringify(echoed));
}

// laravel-echo (socket.io) on a private channel the user may join: the user from the cookie
// (user), or from Echo's options (extraHeaders on the handshake, or auth.headers per subscription)
async function sioPrivateAllowed(user, options, room, text) {
  const { page } = await openPage(user);
  await page.evaluate(({ options, room }) => {
    window.echo = newSocketIoEcho(options);
    echo.connector.socket.on('subscription_error', (channel, status) => record('error')({ channel, status }));
    echo.private(room).listen('.message', record('message'));
  }, { options, room });
  await awaitSubscribers('private-' + room, 1);
  await publish('private-' + room, 'message', { text });
  const event = await page.evaluate(() => waitFor((e) => e.kind === 'message' || e.kind === 'error', 'message'));
  check(event.kind === 'message' && event.data.text === text, 'got ' + JSON.stringify(event));
}

// a user the authorizer denies gets subscription_error (channel, 403) and nothing of the channel
async function sioPrivateDenied(user, options, room, sentinel) {
  const { page } = await openPage(user);
  await page.evaluate(({ options, room, sentinel }) => {
    window.echo = newSocketIoEcho(options);
    echo.connector.socket.on('subscription_error', (channel, status) => record('error')({ channel, status }));
    echo.private(room).listen('.message', record('leak'));
    echo.channel(sentinel).listen('.done', record('done'));
  }, { options, room, sentinel });
  const error = await page.evaluate(() => waitFor((e) => e.kind === 'error', 'subscription_error'));
  check(error.data.channel === 'private-' + room && error.data.status === 403, 'got ' + JSON.stringify(error));
  await awaitSubscribers(sentinel, 1);
  await publish('private-' + room, 'message', { text: 'secret' });
  await publish(sentinel, 'done', {});
  await page.evaluate(() => waitFor((e) => e.kind === 'done', 'sentinel event'));
  const leaked = await page.evaluate(() => window.events.filter((e) => e.kind === 'leak'));
  check(leaked.length === 0, 'a private event reached a denied user: ' + JSON.stringify(leaked));
}

// Pusher channels say when they are subscribed (or refused)
async function pusherSubscribed(pages) {
  for (const page of pages) {
    const first = await page.evaluate(() => waitFor((e) => e.kind === 'subscribed' || e.kind === 'error', 'subscription'));
    check(first.kind === 'subscribed', 'refused: ' + JSON.stringify(first));
  }
}

const scenarios = {
  'sio-presence': () => echoPresence('newSocketIoEcho', 'room.sio7'),
  'sio-whisper': () => echoWhisper('newSocketIoEcho', 'chat.sio5', () => awaitSubscribers('private-chat.sio5', 2)),
  'echo-presence': () => echoPresence('newEcho', 'room.7'),

  // two nodes of a cluster: alice's page on the first, bob's on the other; bob's here() lists
  // alice, and alice hears bob joining and leaving
  'echo-presence-cluster': () => echoPresence('newEcho', 'room.cluster7', new URL(otherBase)),
  'echo-whisper': () => echoWhisper('newEcho', 'chat.1', pusherSubscribed),

  // laravel-echo (socket.io) on a public channel receives an event broadcast by the EJB
  async 'sio-public'() {
    const { page } = await openPage(null);
    await page.evaluate(() => {
      window.echo = newSocketIoEcho();
      echo.channel('sio-browser-news').listen('.headline', record('headline'));
    });
    await awaitSubscribers('sio-browser-news', 1);
    await publish('sio-browser-news', 'headline', { title: 'Hello socket.io' });
    const event = await page.evaluate(() => waitFor((e) => e.kind === 'headline', 'headline'));
    check(event.data.title === 'Hello socket.io', 'wrong data ' + JSON.stringify(event));
  },

  // laravel-echo (socket.io) joins a private channel the authorizer allows for the page's user
  'sio-private-allowed': () => sioPrivateAllowed('alice', {}, 'chat.sio1', 'for members'),
  // no cookie: the user comes from a header that Echo's extraHeaders put on the polling handshake
  'sio-extra-headers': () => sioPrivateAllowed(null, { extraHeaders: { 'X-Test-User': 'bob' } }, 'chat.sio4', 'for bob'),
  'sio-private-denied': () => sioPrivateDenied('mallory', {}, 'chat.sio2', 'sio-sentinel'),

  // laravel-echo's auth.headers, no cookie, no extraHeaders: the gateway posts the subscription to
  // the configured realtime.socketio.auth-url (/broadcasting/auth) with those headers (X-Test-User,
  // which the test login filter reads, is on realtime.socketio.auth-headers in arquillian.xml) and
  // checks the signature it gets back
  'sio-auth-headers-allowed': () =>
    sioPrivateAllowed(null, { auth: { headers: { 'X-Test-User': 'alice' } } }, 'chat.sio8', 'for alice'),
  // auth.headers naming a user the authorizer refuses: the endpoint's 403 as subscription_error
  'sio-auth-headers-denied': () =>
    sioPrivateDenied(null, { auth: { headers: { 'X-Test-User': 'mallory' } } }, 'chat.sio9', 'sio-sentinel-9'),

  // presence with auth.headers: the session has no user, so the member (and its display name) can
  // only come from the auth endpoint's channel_data
  async 'sio-auth-headers-presence'() {
    const { page } = await openPage(null);
    await page.evaluate(() => {
      window.echo = newSocketIoEcho({ auth: { headers: { 'X-Test-User': 'alice' } } });
      echo.connector.socket.on('subscription_error', (channel, status) => record('error')({ channel, status }));
      echo.join('room.sio11').here(record('here'));
    });
    const here = await page.evaluate(() => waitFor((e) => e.kind === 'here' || e.kind === 'error', 'here'));
    check(here.kind === 'here', 'refused: ' + JSON.stringify(here));
    check(JSON.stringify(here.data) === '[{"name":"Alice"}]', 'members ' + JSON.stringify(here.data));
  },

  // pusher-js on a public channel receives an event broadcast by the EJB
  async 'pusher-public'() {
    const { page } = await openPage(null);
    await page.evaluate(() => {
      const channel = newPusher().subscribe('browser-news');
      channel.bind('pusher:subscription_succeeded', record('subscribed'));
      channel.bind('headline', record('headline'));
    });
    await page.evaluate(() => waitFor((e) => e.kind === 'subscribed', 'subscription'));
    await publish('browser-news', 'headline', { title: 'Hello browser' });
    const event = await page.evaluate(() => waitFor((e) => e.kind === 'headline', 'headline'));
    check(event.data.title === 'Hello browser', 'wrong data ' + JSON.stringify(event));
  },

  // pusher-js authorizes a private channel through /pusher/auth with the page's cookie
  async 'pusher-private-allowed'() {
    const { page } = await openPage('alice');
    await page.evaluate(() => {
      const channel = newPusher().subscribe('private-chat.1');
      channel.bind('pusher:subscription_succeeded', record('subscribed'));
      channel.bind('pusher:subscription_error', record('error'));
      channel.bind('message', record('message'));
    });
    const first = await page.evaluate(() => waitFor((e) => e.kind === 'subscribed' || e.kind === 'error', 'subscription'));
    check(first.kind === 'subscribed', 'refused: ' + JSON.stringify(first));
    await publish('private-chat.1', 'message', { text: 'for members' });
    const event = await page.evaluate(() => waitFor((e) => e.kind === 'message', 'message'));
    check(event.data.text === 'for members', 'wrong data ' + JSON.stringify(event));
  },

  // a user the authorizer denies gets pusher:subscription_error 403 and no event of the channel
  async 'pusher-private-denied'() {
    const { page } = await openPage('mallory');
    await page.evaluate(() => {
      const pusher = newPusher();
      const secret = pusher.subscribe('private-chat.1');
      secret.bind('pusher:subscription_error', record('error'));
      secret.bind('message', record('leak'));
      const open = pusher.subscribe('browser-sentinel');
      open.bind('pusher:subscription_succeeded', record('sentinel-ready'));
      open.bind('done', record('done'));
    });
    const error = await page.evaluate(() => waitFor((e) => e.kind === 'error', 'subscription error'));
    check(error.data.status === 403, 'expected status 403, got ' + JSON.stringify(error));
    await page.evaluate(() => waitFor((e) => e.kind === 'sentinel-ready', 'sentinel'));
    await publish('private-chat.1', 'message', { text: 'secret' });
    await publish('browser-sentinel', 'done', {});
    await page.evaluate(() => waitFor((e) => e.kind === 'done', 'sentinel event'));
    const leaked = await page.evaluate(() => window.events.filter((e) => e.kind === 'leak'));
    check(leaked.length === 0, 'a private event reached a denied user: ' + JSON.stringify(leaked));
  },

  // laravel-echo on a channel the user may not join reports the 403
  async 'echo-private-denied'() {
    const { page } = await openPage('mallory');
    await page.evaluate(() => {
      window.echo = newEcho();
      echo.private('chat.1').subscribed(record('subscribed')).error(record('error'));
    });
    const first = await page.evaluate(() => waitFor((e) => e.kind === 'subscribed' || e.kind === 'error', 'answer'));
    check(first.kind === 'error' && first.data.status === 403, 'expected a 403 error, got ' + JSON.stringify(first));
  },

  // pusher-js user sign-in, then a personal channel of the signed-in user only
  async 'pusher-signin'() {
    const { page } = await openPage('alice');
    await page.evaluate(() => {
      const pusher = newPusher();
      pusher.bind('pusher:signin_success', record('signed-in'));
      pusher.signin();
      window.pusher = pusher;
    });
    await page.evaluate(() => waitFor((e) => e.kind === 'signed-in', 'sign-in'));
    await page.evaluate(() => {
      const own = pusher.subscribe('user.alice');
      own.bind('pusher:subscription_succeeded', record('own-ok'));
      own.bind('notice', record('notice'));
      pusher.subscribe('user.bob').bind('pusher:subscription_error', record('other-refused'));
    });
    await page.evaluate(() => waitFor((e) => e.kind === 'own-ok', 'own channel'));
    const refused = await page.evaluate(() => waitFor((e) => e.kind === 'other-refused', 'refusal'));
    check(refused.data.status === 403, 'expected 403 for user.bob, got ' + JSON.stringify(refused));
    await publish('user.alice', 'notice', { n: 1 });
    await page.evaluate(() => waitFor((e) => e.kind === 'notice', 'notice'));
  },
};

let code = 0;
try {
  const run = scenarios[scenario];
  if (!run) throw new Error('unknown scenario; known: ' + Object.keys(scenarios).join(', '));
  await Promise.race([run(), new Promise((_, reject) => setTimeout(() => reject(new Error('scenario timed out')), 60000))]);
  console.log('PASS ' + scenario);
} catch (e) {
  console.log('FAIL ' + scenario + ': ' + (e && e.message ? e.message : e));
  code = 1;
} finally {
  await browser.close();
}
process.exit(code);
