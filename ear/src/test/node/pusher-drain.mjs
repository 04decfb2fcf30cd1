// pusher-js, unmodified, through a load balancer in front of two nodes: subscribes, and prints one
// line per connection event, error (with the close code pusher-js reports) and application event,
// so that the Java test can follow it across a node's shutdown. Exits after 150 s at the latest.
//   node pusher-drain.mjs <host> <port> <appKey> <channel> <event>
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
pusher.connection.bind('state_change', (s) => console.log('STATE ' + s.previous + ' ' + s.current));
pusher.connection.bind('error', (err) => console.log('ERROR ' + JSON.stringify(err)));
const channel = pusher.subscribe(channelName);
channel.bind('pusher:subscription_succeeded', () => console.log('SUBSCRIBED ' + pusher.connection.socket_id));
channel.bind(eventName, (data) => console.log('EVENT ' + JSON.stringify(data)));
setTimeout(() => {
  console.log('TIMEOUT');
  pusher.disconnect();
  process.exit(2);
}, 150000);
