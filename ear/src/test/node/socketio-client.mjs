// socket.io-client 4, unmodified, against our Engine.IO / Socket.IO gateway. Prints one line per
// step; the Java test publishes when it sees SUBSCRIBED and checks every line.
//   node socketio-client.mjs <baseUrl> <polling|websocket|upgrade> <channel> <event> <maxPayload>
// 1. connect, subscribe (with an ack), receive the test's broadcast as (channel, data);
// 2. stay connected (same socket id) across three server pings;
// 3. send a message over maxPayload: the server closes the session, the client reconnects by
//    itself and re-subscribes (as laravel-echo does) and receives the next broadcast;
// 4. a second namespace on the same connection emits binary data and is refused with connect_error.
// Meanwhile the server asks it for acknowledgements (the test's SocketIoAckResource): 'server.ask'
// is answered through the callback with what came and the socket id; 'server.ignored' never is.
import { io } from 'socket.io-client';

const [base, mode, channel, eventName, maxPayload] = process.argv.slice(2);
const transports = mode === 'upgrade' ? ['polling', 'websocket'] : [mode];
const print = (line) => console.log(line);
const socket = io(base, { transports, reconnectionDelay: 200, reconnectionDelayMax: 1000, timeout: 20000 });
const transport = () => socket.io.engine?.transport?.name;

let connects = 0;
let events = 0;
let pings = 0;
let pingPhase = false;
let firstId;

socket.io.on('open', () => print('OPEN ' + transport()));
socket.on('connect', () => {
  connects += 1;
  print(`CONNECTED ${connects} ${socket.id} ${transport()}`);
  socket.emit('subscribe', { channel, auth: {} }, (answer) => print(`SUBSCRIBED ${connects} ${JSON.stringify(answer)}`));
});
socket.on('server.ask', (payload, callback) => callback({ echoed: payload, id: socket.id }));
socket.on('server.ignored', (payload) => print('IGNORED ' + JSON.stringify(payload)));
socket.on('connect_error', (err) => print('CONNECT_ERROR ' + err.message));
socket.on('disconnect', (reason) => print('DISCONNECTED ' + reason));
socket.on(eventName, (ch, data) => {
  events += 1;
  print(`EVENT ${events} ${ch} ${JSON.stringify(data)}`);
  if (events === 1) {
    firstId = socket.id;
    pingPhase = true;
  } else {
    binaryOnAnotherNamespace();
  }
});
socket.io.on('ping', () => {
  if (!pingPhase) return;
  pings += 1;
  if (pings === 3) {
    pingPhase = false;
    print(`PINGS ${pings} ${socket.id === firstId && socket.connected ? 'same-socket' : 'reconnected'} ${transport()}`);
    socket.emit('oversized', 'x'.repeat(Number(maxPayload) + 1));
  }
});

function binaryOnAnotherNamespace() {
  const uploads = io(base + 'uploads', { transports });
  uploads.on('connect', () => {
    print('NAMESPACE ' + uploads.id);
    uploads.emit('upload', new Uint8Array([1, 2, 3]));
  });
  uploads.on('connect_error', (err) => {
    print('BINARY_REFUSED ' + err.message);
    print(`DONE ${socket.connected}`);
    socket.disconnect();
    uploads.disconnect();
    process.exit(0);
  });
}

setTimeout(() => {
  print('TIMEOUT');
  process.exit(2);
}, 80000);
