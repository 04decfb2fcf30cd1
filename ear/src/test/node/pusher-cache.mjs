// pusher-js, unmodified: subscribe to a cache channel and print, one line each and in order, what
// the channel emits (SUBSCRIBED, CACHE_MISS, EVENT <name> <data>); exit 0 after the first cache miss
// or application event (2 after 60 s).
//   node pusher-cache.mjs <host> <port> <appKey> <channel>
import Pusher from 'pusher-js';

const [host, port, key, channelName] = process.argv.slice(2);
const pusher = new Pusher(key, {
  wsHost: host,
  wsPort: Number(port),
  forceTLS: false,
  enabledTransports: ['ws'],
  disableStats: true,
  cluster: 'local',
});
pusher.connection.bind('error', (err) => console.log('ERROR ' + JSON.stringify(err)));
const channel = pusher.subscribe(channelName);
channel.bind_global((event, data) => {
  if (event === 'pusher:subscription_succeeded') {
    console.log('SUBSCRIBED ' + channelName);
    return;
  }
  console.log(event === 'pusher:cache_miss' ? 'CACHE_MISS ' + channelName : 'EVENT ' + event + ' ' + JSON.stringify(data));
  pusher.disconnect();
  process.exit(0);
});
setTimeout(() => {
  console.log('TIMEOUT');
  process.exit(2);
}, 60000);
