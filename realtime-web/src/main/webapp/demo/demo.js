// The demo page: a minimal Pusher-protocol WebSocket client, an EventSource per SSE channel, and a
// form that broadcasts through the demo endpoint. No libraries: everything comes from the WAR.
(() => {
  'use strict';
  const root = new URL('..', document.baseURI); // the WAR's context root
  const $ = (id) => document.getElementById(id);
  const wsChannels = new Set();
  const sseStreams = new Map();
  const eventNames = new Set(['greeting']);
  let socket = null;
  let retry = 1000;

  function log(tag, text) {
    const item = document.createElement('li');
    const badge = document.createElement('span');
    badge.className = 'tag ' + tag;
    badge.textContent = tag.toUpperCase();
    item.append(badge, document.createTextNode(new Date().toLocaleTimeString() + '  ' + text));
    $('log').prepend(item);
  }

  function state(id, text, ok) {
    const el = $(id);
    el.textContent = text;
    el.className = 'state ' + (ok ? 'ok' : 'bad');
  }

  function send(event, data) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ event, data }));
    }
  }

  async function connect() {
    const config = await (await fetch(new URL('realtime/demo/config', root))).json();
    const url = new URL('app/' + encodeURIComponent(config.appKey), root);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.search = '?protocol=7&client=demo&version=1.0';
    socket = new WebSocket(url);
    socket.onmessage = (message) => {
      const frame = JSON.parse(message.data);
      const data = typeof frame.data === 'string' ? tryParse(frame.data) : frame.data;
      switch (frame.event) {
        case 'pusher:connection_established':
          retry = 1000;
          state('ws-state', 'connected', true);
          $('ws-socket').textContent = '(socket ' + data.socket_id + ')';
          wsChannels.forEach((channel) => send('pusher:subscribe', { channel }));
          break;
        case 'pusher:ping':
          send('pusher:pong', {});
          break;
        case 'pusher_internal:subscription_succeeded':
          log('ws', 'subscribed to ' + frame.channel);
          break;
        case 'pusher:subscription_error':
        case 'pusher:error':
          log('err', frame.event + ' ' + (frame.channel || '') + ' ' + JSON.stringify(data));
          break;
        default:
          if (!frame.event.startsWith('pusher')) {
            log('ws', frame.channel + ' ' + frame.event + ' ' + JSON.stringify(data));
          }
      }
    };
    socket.onclose = (close) => {
      state('ws-state', 'disconnected (' + close.code + '), retrying…', false);
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 30000);
    };
  }

  function tryParse(text) {
    try { return JSON.parse(text); } catch (e) { return text; }
  }

  function listSubscription(channel, transport, stop) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.className = 'secondary';
    button.textContent = 'Unsubscribe';
    button.onclick = () => { stop(); item.remove(); };
    item.append(document.createTextNode(transport + ': ' + channel + ' '), button);
    $('subscriptions').append(item);
  }

  $('subscribe-form').onsubmit = (e) => {
    e.preventDefault();
    const channel = $('sub-channel').value.trim();
    if (wsChannels.has(channel)) return;
    wsChannels.add(channel);
    send('pusher:subscribe', { channel });
    listSubscription(channel, 'WebSocket', () => {
      wsChannels.delete(channel);
      send('pusher:unsubscribe', { channel });
    });
  };

  function listen(source, name) {
    source.addEventListener(name, (event) => {
      const body = JSON.parse(event.data);
      log('sse', body.channel + ' ' + body.event + ' ' + JSON.stringify(body.data));
    });
  }

  $('sub-sse').onclick = () => {
    const channel = $('sub-channel').value.trim();
    if (!channel || sseStreams.has(channel)) return;
    const source = new EventSource(new URL('realtime/sse?channels=' + encodeURIComponent(channel), root));
    sseStreams.set(channel, source);
    source.addEventListener('realtime:connected', () => {
      state('sse-state', 'streaming ' + sseStreams.size + ' channel(s)', true);
      log('sse', 'subscribed to ' + channel);
    });
    source.onerror = () => state('sse-state', 'reconnecting…', false);
    // SSE events carry their event name, and EventSource needs a listener per name: listen for
    // every name this page has sent (a real client listens for the names it expects).
    eventNames.forEach((name) => listen(source, name));
    listSubscription(channel, 'SSE', () => {
      source.close();
      sseStreams.delete(channel);
      state('sse-state', sseStreams.size ? 'streaming ' + sseStreams.size + ' channel(s)' : 'not subscribed', sseStreams.size > 0);
    });
  };

  $('send-form').onsubmit = async (e) => {
    e.preventDefault();
    let data;
    try {
      data = JSON.parse($('send-data').value);
    } catch (err) {
      $('send-result').textContent = 'Data is not JSON: ' + err.message;
      return;
    }
    const name = $('send-event').value.trim();
    if (!eventNames.has(name)) {
      eventNames.add(name);
      sseStreams.forEach((source) => listen(source, name));
    }
    const response = await fetch(new URL('realtime/demo/broadcast', root), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ channel: $('send-channel').value.trim(), event: name, data }),
    });
    const body = await response.json();
    $('send-result').textContent = response.ok ? 'Sent message ' + body.id : response.status + ': ' + body.message;
  };

  async function stats() {
    try {
      const response = await fetch(new URL('realtime/demo/stats', root));
      $('connections').textContent = response.ok ? (await response.json()).connections : 'demo disabled';
    } catch (e) {
      $('connections').textContent = '–';
    }
  }

  connect();
  stats();
  setInterval(stats, 3000);
})();
