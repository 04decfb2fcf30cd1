// The fan-out benchmark's load generator: connects N clients to one server, measures what an idle
// connection costs, then runs cells (channels x publish rate) over the same connections and
// writes one JSON line per cell. Every message carries its cell, channel, per-channel sequence
// number and send time, so each client checks loss, duplicates and order, and the latency is
// measured end to end (publish request to client callback, one clock: this process).
//
//   node loadgen.mjs --target realtime|socketio --transport websocket|socketio|sse|longpoll
//        --base http://127.0.0.1:8180 --pid <server pid> --clients 1000 --cells 1:10,100:200
//        --duration 10 --out results.jsonl [--check]
//
// --publish server (the default): the server publishes each cell itself, the way application code
// does (POST /bench/publish on both: the module's publisher WAR, which run.sh adds to the EAR,
// calls RealtimeManager.broadcast; the peer calls io.to(room).emit), stamping the send time on the machine's monotonic
// clock, which this process reads too (checked at start). --publish http: this process publishes
// one HTTP request per message (the module: the signed Pusher HTTP API; the peer: POST /publish),
// at most one request per channel at a time so that the server sees each channel in order.
// With --check it exits 1 when any message was lost, duplicated or out of order, a client failed
// to connect or a publish failed: the CI smoke's assertion. It never asserts a speed.
import { appendFileSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { channelName, clientClass, hmac } from './clients.mjs';

const CHANNELS = 100; // each client is on bench-<i % 100> and on bench-all
const BUCKET_US = 10; // latency histogram resolution
const BUCKETS = 500_000; // up to 5 s; slower deliveries land in the last bucket (max stays exact)

const options = parse(process.argv.slice(2));

function parse(argv) {
  const o = {
    target: 'realtime', transport: 'websocket', base: 'http://127.0.0.1:8180', clients: 200, cells: '1:10',
    duration: 10, warmup: 2, drain: 5, payload: 100, concurrency: 250, appId: 'app', appKey: 'app-key',
    secret: 'bench-secret', label: '', out: '', pid: 0, statsUrl: '', check: false, publish: 'server',
  };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!(key in o)) throw new Error(`unknown option ${argv[i]}`);
    o[key] = typeof o[key] === 'boolean' ? true : typeof o[key] === 'number' ? Number(argv[++i]) : argv[++i];
  }
  o.cells = o.cells.split(',').map((cell) => {
    const [channels, rate] = cell.split(':').map(Number);
    if (channels !== 1 && channels !== CHANNELS) throw new Error(`a cell has 1 or ${CHANNELS} channels: ${cell}`);
    return { channels, rate };
  });
  if (!clientClass(o.target, o.transport)) throw new Error(`unknown transport ${o.transport}`);
  if (o.publish !== 'server' && o.publish !== 'http') throw new Error(`--publish is server or http, not ${o.publish}`);
  return o;
}

// ---- the server process: CPU time and memory ----
const TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

function serverCpuSeconds() {
  if (!options.pid) return NaN;
  const stat = readFileSync(`/proc/${options.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS; // utime + stime
}

function serverRss() {
  if (!options.pid) return NaN;
  const line = readFileSync(`/proc/${options.pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]) * 1024;
}

/** Live heap after a full GC: the Node peer's /stats, or the JVM's class histogram total. */
async function serverHeap() {
  if (options.statsUrl) return (await getJson(options.statsUrl)).heapUsed;
  if (!options.pid) return NaN;
  const histogram = execFileSync('jcmd', [String(options.pid), 'GC.class_histogram'], { maxBuffer: 64 << 20 }).toString();
  const total = histogram.trim().split('\n').pop().trim().split(/\s+/);
  return Number(total[2]);
}

function getJson(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject);
  });
}

// ---- statistics ----
class CellStats {
  constructor(cell) {
    Object.assign(this, cell, { published: 0, publishErrors: 0, expected: 0, received: 0, outOfOrder: 0, duplicates: 0, max: 0 });
    this.histogram = new Uint32Array(BUCKETS);
    this.firstSent = Infinity;
    this.lastReceived = 0;
  }

  record(latencyMs, now) {
    this.received++;
    this.lastReceived = now;
    if (latencyMs > this.max) this.max = latencyMs;
    this.histogram[Math.min(BUCKETS - 1, Math.max(0, Math.floor((latencyMs * 1000) / BUCKET_US)))]++;
  }

  percentile(p) {
    const rank = Math.ceil((p / 100) * this.received);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.histogram[i];
      if (seen >= rank && seen > 0) return ((i + 1) * BUCKET_US) / 1000;
    }
    return NaN;
  }
}

// ---- clients ----
let cells = [];
let unreadable = 0; // events without a benchmark payload: fails --check
const subscribers = new Map(); // channel key -> subscriber count

const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

/** The sequence numbers still missing on one of the client's lanes. */
function gaps(client, lane) {
  client.gaps ??= new Map();
  if (!client.gaps.has(lane)) client.gaps.set(lane, new Set());
  return client.gaps.get(lane);
}

function onEvent(client, payload) {
  const now = monotonicMs();
  const message = typeof payload === 'string' ? JSON.parse(payload) : payload;
  const stats = message && cells[message.k];
  if (!stats) {
    if (!message) unreadable++;
    return;
  }
  const lane = `${message.k}:${message.c}`;
  const last = client.last.get(lane) ?? -1;
  if (message.s > last) {
    for (let missing = last + 1; missing < message.s; missing++) gaps(client, lane).add(missing);
    client.last.set(lane, message.s);
  } else if (client.gaps?.get(lane)?.delete(message.s)) {
    stats.outOfOrder++; // arrived after a later one: reordered, not lost
  } else {
    stats.duplicates++;
    return;
  }
  stats.record(now - message.t, now);
}

async function connectAll() {
  const Client = clientClass(options.target, options.transport);
  const clients = [];
  let failed = 0;
  let firstError;
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (next < options.clients) {
      const i = next++;
      const keys = ['all', i % CHANNELS];
      const client = new Client(options, keys, (payload) => onEvent(client, payload));
      client.last = new Map();
      clients.push(client);
      try {
        await client.connect();
        for (const key of keys) subscribers.set(key, (subscribers.get(key) ?? 0) + 1);
      } catch (e) {
        failed++;
        firstError ??= e.message;
        client.close();
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.clients) }, worker));
  return { clients, failed, firstError, seconds: (performance.now() - started) / 1000 };
}

// ---- publishing ----
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const base = new URL(options.base);

function post(path, body) {
  return new Promise((resolve) => {
    const request = http.request(
      { host: base.hostname, port: base.port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
      });
    request.on('error', () => resolve(false));
    request.end(body);
  });
}

function publishRequest(channel, payload) {
  if (options.target === 'socketio') return post('/publish', JSON.stringify({ channel, event: 'bench', data: payload }));
  const body = JSON.stringify({ name: 'bench', channel, data: JSON.stringify(payload) });
  const path = `/apps/${options.appId}/events`;
  const query = `auth_key=${options.appKey}&auth_timestamp=${Math.floor(Date.now() / 1000)}&auth_version=1.0&body_md5=${createHash('md5').update(body).digest('hex')}`;
  const signature = hmac(options.secret, `POST\n${path}\n${query}`);
  return post(`${path}?${query}&auth_signature=${signature}`, body);
}

const sequence = new Map(); // channel key -> last sequence number sent
const padding = 'x'.repeat(Math.max(0, options.payload - 50));

/** One channel's publishing lane: its messages go out one request at a time, in order. */
class Lane {
  constructor(key) {
    this.key = key;
    this.name = channelName(options.target, options.transport, key);
    this.waiting = 0;
    this.busy = false;
  }

  offer(stats) {
    this.waiting++;
    if (!this.busy) this.run(stats);
  }

  async run(stats) {
    this.busy = true;
    while (this.waiting > 0) {
      this.waiting--;
      const s = (sequence.get(this.key) ?? -1) + 1;
      sequence.set(this.key, s);
      const t = monotonicMs();
      stats.firstSent = Math.min(stats.firstSent, t);
      const ok = await publishRequest(this.name, { k: stats.index, c: this.key, s, t, p: padding });
      if (ok) {
        stats.published++;
        stats.expected += subscribers.get(this.key) ?? 0;
      } else {
        stats.publishErrors++;
      }
    }
    this.busy = false;
  }
}

const lanes = new Map();
function lane(key) {
  if (!lanes.has(key)) lanes.set(key, new Lane(key));
  return lanes.get(key);
}

/** The server publishes the cell itself (see the top); resolves when its last message is out. */
async function publishInServer(stats, seconds) {
  const keys = stats.channels === 1 ? ['all'] : Array.from({ length: CHANNELS }, (_, i) => i);
  const prefix = channelName(options.target, options.transport, '');
  const path = '/bench/publish'; // both servers: the module's publisher WAR, the peer's own handler
  const body = JSON.stringify({ prefix, channels: stats.channels, rate: stats.rate, seconds, cell: stats.index, padding: padding.length });
  const started = monotonicMs();
  stats.firstSent = started;
  const answer = await postJson(path, body);
  if (!answer.sent) throw new Error(`${path} answered ${JSON.stringify(answer)}`);
  answer.sent.forEach((count, i) => {
    stats.published += count;
    stats.expected += count * (subscribers.get(keys[i]) ?? 0);
  });
  return (monotonicMs() - started) / 1000;
}

function postJson(path, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: base.hostname, port: base.port, path, method: 'POST', agent, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve(JSON.parse(text)));
      });
    request.on('error', reject);
    request.end(body);
  });
}

/** Fails when the server's monotonic clock is not this process's: latencies would be meaningless. */
async function checkClock() {
  const path = '/bench/clock';
  const before = process.hrtime.bigint();
  const { nanos } = await getJson(`${options.base}${path}`);
  const after = process.hrtime.bigint();
  if (BigInt(nanos) < before || BigInt(nanos) > after) {
    throw new Error(`the server's monotonic clock (${nanos}) is not this machine's (${before}..${after}); use --publish http`);
  }
}

async function publish(stats, seconds) {
  if (options.publish === 'server') return publishInServer(stats, seconds);
  const keys = stats.channels === 1 ? ['all'] : Array.from({ length: CHANNELS }, (_, i) => i);
  const total = Math.round(stats.rate * seconds);
  const started = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * stats.rate) + 1);
    for (; sent < due; sent++) lane(keys[sent % keys.length]).offer(stats);
    await sleep(5);
  }
  while ([...lanes.values()].some((l) => l.busy)) await sleep(5);
  return (performance.now() - started) / 1000;
}

async function drain(stats) {
  const limit = performance.now() + options.drain * 1000;
  let lastCount = -1;
  let quietSince = performance.now();
  while (stats.received < stats.expected && performance.now() < limit) {
    await sleep(50);
    if (stats.received !== lastCount) {
      lastCount = stats.received;
      quietSince = performance.now();
    } else if (performance.now() - quietSince > 2000) {
      break; // nothing arrives any more: the rest is lost
    }
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- the run ----
async function main() {
  if (options.publish === 'server') await checkClock();
  const heapBefore = await serverHeap();
  const rssBefore = serverRss();
  const connect = await connectAll();
  const connected = options.clients - connect.failed;
  await sleep(1000);
  const heapAfter = await serverHeap();
  const rssAfter = serverRss();
  await sleep(1000);
  const idleCpu0 = serverCpuSeconds();
  await sleep(3000);
  const idle = {
    serverIdleCores: round((serverCpuSeconds() - idleCpu0) / 3, 3),
    heapPerConnection: Math.round((heapAfter - heapBefore) / connected),
    rssPerConnection: Math.round((rssAfter - rssBefore) / connected),
    heapIdle: heapAfter,
  };
  console.error(`${options.label}: ${connected}/${options.clients} clients in ${connect.seconds.toFixed(2)} s` +
    (connect.failed ? ` (${connect.failed} failed: ${connect.firstError})` : '') +
    `; idle heap ${idle.heapPerConnection} B/conn, RSS ${idle.rssPerConnection} B/conn, idle CPU ${idle.serverIdleCores} cores`);

  cells = options.cells.map((cell, index) => new CellStats({ ...cell, index }));
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let failed = connect.failed > 0;
  for (const stats of cells) {
    if (options.warmup > 0) {
      const warm = new CellStats({ ...stats, index: cells.length });
      cells.push(warm);
      await publish(warm, options.warmup);
      await drain(warm);
      cells.pop();
    }
    loop.reset();
    const cpu0 = serverCpuSeconds();
    const own0 = process.cpuUsage();
    const wall0 = performance.now();
    const seconds = await publish(stats, options.duration);
    await drain(stats);
    const wall = (performance.now() - wall0) / 1000;
    const serverCpu = serverCpuSeconds() - cpu0;
    const own = process.cpuUsage(own0);
    const loadgenCpu = (own.user + own.system) / 1e6 / wall;
    const loopP99 = loop.percentile(99) / 1e6;
    const lost = stats.expected - stats.received; // received counts each message once
    const result = {
      label: options.label, target: options.target, transport: options.transport, publish: options.publish,
      clients: options.clients, connected, connectSeconds: round(connect.seconds, 2), connectFailed: connect.failed,
      channels: stats.channels, rate: stats.rate, seconds: round(seconds, 2),
      published: stats.published, publishedPerSecond: round(stats.published / seconds, 1), publishErrors: stats.publishErrors,
      expected: stats.expected, received: stats.received, lost, outOfOrder: stats.outOfOrder, duplicates: stats.duplicates,
      deliveriesPerSecond: Math.round(stats.received / ((stats.lastReceived - stats.firstSent) / 1000 || 1)),
      p50: stats.percentile(50), p90: stats.percentile(90), p99: stats.percentile(99), max: round(stats.max, 2),
      serverCpuUsPerDelivery: round((serverCpu * 1e6) / stats.received, 2), serverCpuCores: round(serverCpu / wall, 2),
      loadgenCpuCores: round(loadgenCpu, 2), loopDelayP99Ms: round(loopP99, 1),
      loadgenSaturated: loadgenCpu > 0.9 || loopP99 > 100,
      ...idle,
    };
    failed ||= lost !== 0 || stats.outOfOrder !== 0 || stats.duplicates !== 0 || stats.publishErrors !== 0;
    stats.reported = { received: stats.received, outOfOrder: stats.outOfOrder, duplicates: stats.duplicates };
    if (options.out) appendFileSync(options.out, JSON.stringify(result) + '\n');
    console.error(`${options.label} ${stats.channels}ch@${stats.rate}/s: ${result.deliveriesPerSecond} deliveries/s, ` +
      `lost ${lost}, out of order ${stats.outOfOrder}, duplicates ${stats.duplicates}, p50/p99/max ${result.p50}/${result.p99}/${result.max} ms, ` +
      `server ${result.serverCpuUsPerDelivery} µs/delivery, load generator ${result.loadgenCpuCores} cores` +
      (result.loadgenSaturated ? ' (SATURATED)' : ''));
  }
  for (const stats of cells) {
    const late = stats.received - stats.reported.received;
    if (late || stats.outOfOrder !== stats.reported.outOfOrder || stats.duplicates !== stats.reported.duplicates) {
      console.error(`${options.label} ${stats.channels}ch@${stats.rate}/s: after its row was written, ${late} more arrived ` +
        `(out of order ${stats.outOfOrder}, duplicates ${stats.duplicates} in all)`);
      failed ||= stats.outOfOrder !== stats.reported.outOfOrder || stats.duplicates !== stats.reported.duplicates;
    }
  }
  if (unreadable) {
    console.error(`${options.label}: ${unreadable} events carried no benchmark payload`);
    failed = true;
  }
  for (const client of connect.clients) client.close();
  agent.destroy();
  process.exit(options.check && failed ? 1 : 0);
}

function round(value, digits) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
