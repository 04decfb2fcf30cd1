// socket.io-client, unmodified, through a load balancer in front of two nodes: subscribes on every
// (re)connection and prints one line per connect, disconnect (with its reason) and event, so that
// the Java test can follow it across a node's shutdown. Exits after 150 s at the latest.
//   node socketio-drain.mjs <baseUrl> <channel> <event>
import { io } from 'socket.io-client';

const [base, channel, eventName] = process.argv.slice(2);
const socket = io(base, { transports: ['websocket'], reconnectionDelay: 200, reconnectionDelayMax: 1000 });
let connects = 0;
socket.on('connect', () => {
  connects += 1;
  console.log(`CONNECTED ${connects} ${socket.id}`);
  socket.emit('subscribe', { channel, auth: {} }, (answer) => console.log(`SUBSCRIBED ${connects} ${JSON.stringify(answer)}`));
});
socket.on('disconnect', (reason) => console.log('DISCONNECTED ' + reason));
socket.on('connect_error', (err) => console.log('CONNECT_ERROR ' + err.message));
socket.on(eventName, (ch, data) => console.log(`EVENT ${ch} ${JSON.stringify(data)}`));
setTimeout(() => {
  console.log('TIMEOUT');
  socket.disconnect();
  process.exit(2);
}, 150000);
