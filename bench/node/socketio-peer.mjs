// The benchmark's peer: a plain Socket.IO 4 server doing what the realtime module does in the
// benchmark, the way a Node shop would write it.
//
//   node --expose-gc socketio-peer.mjs --port 3100 --secret bench-secret
//
// - Clients connect over the WebSocket transport and emit `subscribe {channel, auth}` with an
//   acknowledgement; a `private-` channel needs auth = HMAC-SHA256(secret, "<socket id>:<channel>")
//   in hex (the check the module makes for Pusher private channels). The ack is {status: 200} or
//   {status: 403}.
// - POST /publish {"channel", "event", "data"} emits `event (data)` to the channel's room: what the
//   module's HTTP events API does. Answers 200 {} (400 for a bad body).
// - POST /bench/publish {"prefix", "channels", "rate", "seconds", "cell", "padding"}: the in-server
//   publisher the module has too (at the same path, in the WAR run.sh adds to the EAR): `rate` emits a second, round-robin over
//   the channels `<prefix>all` (one channel) or `<prefix>0..n-1`, each payload
//   {k: cell, c: key, s: per-channel sequence, t: monotonic ms, p: padding}; answers {sent: [n, ...]}
//   when done. GET /bench/clock answers {nanos} of the monotonic clock (CLOCK_MONOTONIC, as the JVM's
//   System.nanoTime), which the load generator checks it shares.
// - GET /stats answers {"heapUsed", "rss", "connections"} after a full GC (with --expose-gc), so
//   the load generator can measure the memory an idle connection costs.
import { createServer } from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Server } from 'socket.io';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const port = Number(args.port ?? 3100);
const secret = args.secret ?? 'bench-secret';

function authorized(socketId, channel, auth) {
  if (!channel.startsWith('private-')) return true;
  if (typeof auth !== 'string') return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${socketId}:${channel}`).digest('hex'));
  const given = Buffer.from(auth);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function bench({ prefix, channels, rate, seconds, cell = 0, padding = 0 }) {
  const sent = new Array(channels).fill(0);
  const pad = 'x'.repeat(padding);
  const total = rate * seconds;
  const start = monotonicMs();
  for (let n = 0; n < total; ) {
    const due = Math.min(total, Math.floor(((monotonicMs() - start) / 1000) * rate) + 1);
    for (; n < due; n++) {
      const index = n % channels;
      const key = channels === 1 ? 'all' : index;
      io.to(prefix + key).emit('bench', { k: cell, c: key, s: sent[index]++, t: monotonicMs(), p: pad });
    }
    await sleep(Math.max(5, start + (n * 1000) / rate - monotonicMs()));
  }
  return sent;
}

function body(req, handle) {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    try {
      handle(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    } catch {
      handle(undefined);
    }
  });
}

const http = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/publish') {
    body(req, (message) => {
      if (typeof message?.channel !== 'string' || typeof message.event !== 'string') {
        return json(res, 400, { error: 'invalid_message' });
      }
      io.to(message.channel).emit(message.event, message.data);
      json(res, 200, {});
    });
  } else if (req.method === 'POST' && req.url === '/bench/publish') {
    body(req, (cell) => {
      const valid = typeof cell?.prefix === 'string' && [cell.channels, cell.rate, cell.seconds].every((n) => Number.isInteger(n) && n > 0);
      if (!valid) return json(res, 400, { error: 'invalid_bench' });
      bench(cell).then((sent) => json(res, 200, { sent }));
    });
  } else if (req.method === 'GET' && req.url === '/bench/clock') {
    json(res, 200, { nanos: Number(process.hrtime.bigint()) });
  } else if (req.method === 'GET' && req.url === '/stats') {
    if (global.gc) global.gc();
    const memory = process.memoryUsage();
    json(res, 200, { heapUsed: memory.heapUsed, rss: memory.rss, connections: io.engine.clientsCount });
  } else {
    json(res, 404, { error: 'not_found' });
  }
});
http.keepAliveTimeout = 60_000;

const io = new Server(http, { transports: ['websocket'], serveClient: false });
io.on('connection', (socket) => {
  socket.on('subscribe', (request, ack) => {
    const channel = request?.channel;
    const ok = typeof channel === 'string' && authorized(socket.id, channel, request.auth);
    if (ok) socket.join(channel);
    if (typeof ack === 'function') ack({ status: ok ? 200 : 403, channel });
  });
});

http.listen(port, '127.0.0.1', () => console.log(`socket.io ${port} ready`));
process.on('SIGTERM', () => process.exit(0));
