// The load generator's clients: one class per wire protocol, all on the raw `ws` package or
// node:http so that both servers are driven by the same, cheap client code. Each client
// subscribes to two channels (its own of 100, and the one every client shares) and hands every
// benchmark event's payload to `onEvent(payload)`; the payload names its channel (`c`).
import { createHmac } from 'node:crypto';
import http from 'node:http';
import WebSocket from 'ws';

const WS_OPTIONS = { perMessageDeflate: false, handshakeTimeout: 30_000 };

// The benchmark payload's fields, read straight from a frame's text whether its JSON is nested as a
// string (Pusher: \"k\":…) or not: one regular expression instead of parsing the frame (and, for
// Pusher, its data string) keeps the load generator cheap, the same for every protocol.
const BENCH = /\\?"k\\?":(\d+),\\?"c\\?":(?:\\?"(all)\\?"|(\d+)),\\?"s\\?":(\d+),\\?"t\\?":([\d.]+)/;

/** {k, c, s, t} of the benchmark payload in `text`, or null when there is none. */
export function benchPayload(text) {
  const m = BENCH.exec(text);
  return m && { k: Number(m[1]), c: m[2] ?? Number(m[3]), s: Number(m[4]), t: Number(m[5]) };
}

export function hmac(secret, text) {
  return createHmac('sha256', secret).update(text).digest('hex');
}

/** Channel names per target: private (authorized) channels where the protocol carries auth. */
export function channelName(target, transport, key) {
  const base = `bench-${key}`;
  if (target === 'socketio' || (target === 'realtime' && transport === 'websocket')) return `private-${base}`;
  return base;
}

class Client {
  constructor(options, keys, onEvent) {
    this.options = options;
    this.keys = keys; // channel keys, e.g. ['all', 17]
    this.names = keys.map((key) => channelName(options.target, options.transport, key));
    this.onEvent = onEvent;
    this.pending = keys.length;
  }

  /** Resolves once subscribed to every channel; rejects on a refusal, a drop or after 30 s. */
  connect() {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.reject(new Error('not subscribed after 30 s')), 30_000);
      this.resolve = () => {
        clearTimeout(timer);
        resolve();
      };
      this.reject = (error) => {
        clearTimeout(timer);
        this.failed = error;
        reject(error);
      };
      this.open();
    });
  }

  subscribed() {
    if (--this.pending === 0) this.resolve();
  }

  deliver(payload) {
    this.onEvent(payload);
  }
}

/** The Pusher protocol (what pusher-js speaks), with private-channel signatures. */
export class PusherClient extends Client {
  open() {
    const { base, appKey, secret } = this.options;
    this.ws = new WebSocket(`${base.replace(/^http/, 'ws')}/app/${appKey}?protocol=7&client=bench&version=1`, WS_OPTIONS);
    this.ws.on('message', (raw) => {
      const text = raw.toString();
      if (text.startsWith('{"event":"bench"')) return this.deliver(benchPayload(text));
      const frame = JSON.parse(text);
      switch (frame.event) {
        case 'pusher:connection_established': {
          const socketId = JSON.parse(frame.data).socket_id;
          for (const channel of this.names) {
            const auth = `${appKey}:${hmac(secret, `${socketId}:${channel}`)}`;
            this.ws.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel, auth } }));
          }
          break;
        }
        case 'pusher_internal:subscription_succeeded':
          this.subscribed();
          break;
        case 'pusher:ping':
          this.ws.send('{"event":"pusher:pong","data":{}}');
          break;
        case 'pusher:error':
        case 'pusher:subscription_error':
          this.reject(new Error(`${frame.event} ${JSON.stringify(frame.data)}`));
          break;
        default:
          this.deliver(JSON.parse(frame.data));
      }
    });
    this.watch();
  }

  watch() {
    this.ws.on('error', (e) => this.reject(e));
    this.ws.on('close', (code) => {
      this.closed = code;
      this.reject(new Error(`closed ${code}`));
    });
  }

  close() {
    this.ws?.terminate();
  }
}

/**
 * Engine.IO v4 / Socket.IO v5 over the WebSocket transport, spoken directly: `subscribe` with an
 * acknowledgement (the peer and the module's laravel-echo events both answer {status}).
 */
export class SocketIoClient extends PusherClient {
  open() {
    const { base, secret } = this.options;
    this.ws = new WebSocket(`${base.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, WS_OPTIONS);
    this.ws.on('message', (raw) => {
      const packet = raw.toString();
      if (packet.startsWith('42')) {
        this.deliver(benchPayload(packet)); // the peer's (event, data), the module's (event, channel, data)
      } else if (packet === '2') {
        this.ws.send('3');
      } else if (packet.startsWith('0')) {
        this.ws.send('40');
      } else if (packet.startsWith('40')) {
        const sid = JSON.parse(packet.slice(2)).sid;
        this.names.forEach((channel, i) => {
          const auth = channel.startsWith('private-') ? hmac(secret, `${sid}:${channel}`) : undefined;
          this.ws.send(`42${i}${JSON.stringify(['subscribe', { channel, auth }])}`);
        });
      } else if (packet.startsWith('43')) {
        const answer = JSON.parse(packet.slice(packet.indexOf('[')))[0];
        if (answer.status === 200) this.subscribed();
        else this.reject(new Error(`subscribe refused: ${JSON.stringify(answer)}`));
      } else if (packet.startsWith('41') || packet.startsWith('44')) {
        this.reject(new Error(`socket.io ${packet}`));
      }
    });
    this.watch();
  }
}

/** Server-Sent Events: `GET /realtime/sse?channels=…`, one line of JSON per event. */
export class SseClient extends Client {
  open() {
    const url = `${this.options.base}/realtime/sse?channels=${this.names.join(',')}`;
    this.request = http.get(url, { agent: false }, (res) => {
      if (res.statusCode !== 200) return this.reject(new Error(`SSE ${res.statusCode}`));
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.event(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      });
      res.on('end', () => this.reject(new Error('SSE stream ended')));
    });
    this.request.on('error', (e) => this.reject(e));
  }

  event(block) {
    let type;
    let data;
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) type = line.slice(7);
      else if (line.startsWith('data: ')) data = line.slice(6);
    }
    if (type === 'realtime:connected') {
      this.pending = 1;
      this.subscribed();
    } else if (data !== undefined) {
      this.deliver(benchPayload(data));
    }
  }

  close() {
    this.request?.destroy();
  }
}

const pollAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/** Long-polling: `GET /realtime/poll`, then polls with the last cursor until closed. */
export class LongPollClient extends Client {
  async open() {
    try {
      const first = await this.get(`channels=${this.names.join(',')}`);
      this.client = first.client;
      this.cursor = first.cursor;
      this.pending = 1;
      this.subscribed();
      while (!this.stopped) {
        const answer = await this.get(`client=${this.client}&cursor=${this.cursor}`);
        this.cursor = answer.cursor;
        if (answer.missed) this.missed = (this.missed ?? 0) + answer.missed;
        for (const message of answer.messages) this.deliver(message.data);
      }
    } catch (e) {
      if (!this.stopped) this.reject(e);
    }
  }

  get(query) {
    return new Promise((resolve, reject) => {
      this.request = http.get(`${this.options.base}/realtime/poll?${query}`, { agent: pollAgent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`poll ${res.statusCode} ${body}`))));
      });
      this.request.on('error', reject);
    });
  }

  close() {
    this.stopped = true;
    this.request?.destroy();
  }
}

export function clientClass(target, transport) {
  if (target === 'socketio' || transport === 'socketio') return SocketIoClient;
  return { websocket: PusherClient, sse: SseClient, longpoll: LongPollClient }[transport];
}
