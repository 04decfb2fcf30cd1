// pusher-js, unmodified, against our server: connect, subscribe to a public channel, print what
// happens as one line each, exit 0 after the first application event (or 2 after 60 s).
//   node pusher-public.mjs <host> <port> <appKey> <channel> <event>
import Pusher from 'pusher-js';

const [host, port, key, channelName, eventName] = process.argv.slice(2);
const pusher = new Pusher(key, {
  wsHost: host,
  wsPort: Number(port),
  forceTLS: false,
  enabledTransports: ['ws'],
  disableStats: true,
  cluster: 'local',
});
pusher.connection.bind('connected', () => console.log('CONNECTED ' + pusher.connection.socket_id));
pusher.connection.bind('error', (err) => console.log('ERROR ' + JSON.stringify(err)));
const channel = pusher.subscribe(channelName);
channel.bind('pusher:subscription_succeeded', () => console.log('SUBSCRIBED ' + channelName));
channel.bind(eventName, (data) => {
  console.log('EVENT ' + JSON.stringify(data));
  pusher.disconnect();
  process.exit(0);
});
setTimeout(() => {
  console.log('TIMEOUT');
  process.exit(2);
}, 60000);
