// The operations page: reads /realtime/ops/stream (one JSON snapshot per interval) and draws it.
// No library: the charts are <canvas> line charts drawn here. Every figure is also in the DOM
// (ids, data-* attributes) so that a test or a script can read what the page shows.
'use strict';
(() => {
  const WINDOW = 120; // samples kept per chart
  const COLORS = ['#0366d6', '#d73a49', '#28a745', '#6f42c1', '#e36209', '#005cc5', '#b08800', '#586069'];

  /** A line chart of a few named series over the last WINDOW samples. */
  class Chart {
    constructor(canvas) {
      this.canvas = canvas;
      this.series = new Map(); // name -> values, aligned to the newest sample
      this.samples = 0;
    }

    push(values) {
      for (const name of Object.keys(values)) {
        if (!this.series.has(name)) {
          this.series.set(name, new Array(Math.min(this.samples, WINDOW)).fill(0));
        }
      }
      for (const [name, points] of this.series) {
        points.push(Number(values[name] ?? 0));
        if (points.length > WINDOW) points.shift();
      }
      this.samples++;
      const max = Math.max(0, ...[...this.series.values()].flat());
      this.canvas.dataset.points = String(this.samples);
      this.canvas.dataset.last = JSON.stringify(values);
      this.canvas.dataset.max = String(max);
      this.draw(max);
    }

    draw(max) {
      const c = this.canvas;
      const ratio = window.devicePixelRatio || 1;
      const width = c.clientWidth, height = c.clientHeight;
      if (c.width !== Math.round(width * ratio) || c.height !== Math.round(height * ratio)) {
        c.width = Math.round(width * ratio);
        c.height = Math.round(height * ratio);
      }
      const g = c.getContext('2d');
      g.setTransform(ratio, 0, 0, ratio, 0, 0);
      g.clearRect(0, 0, width, height);
      const left = 48, top = 22, right = 8, bottom = 8;
      const w = width - left - right, h = height - top - bottom;
      const scale = niceCeiling(max);
      g.font = '11px system-ui, sans-serif';
      g.strokeStyle = '#e1e4e8';
      g.fillStyle = '#6a737d';
      g.lineWidth = 1;
      for (let i = 0; i <= 4; i++) {
        const y = top + h - (h * i) / 4;
        g.beginPath();
        g.moveTo(left, y);
        g.lineTo(left + w, y);
        g.stroke();
        g.fillText(format(scale * i / 4), 2, y + 4);
      }
      let legend = left;
      let color = 0;
      for (const [name, points] of this.series) {
        const stroke = COLORS[color++ % COLORS.length];
        g.strokeStyle = stroke;
        g.lineWidth = 1.5;
        g.beginPath();
        points.forEach((v, i) => {
          const x = left + (w * (i + WINDOW - points.length)) / (WINDOW - 1);
          const y = top + h - (scale > 0 ? (h * v) / scale : 0);
          if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
        });
        g.stroke();
        const label = name + ' ' + format(points[points.length - 1]);
        g.fillStyle = stroke;
        g.fillRect(legend, 6, 10, 10);
        g.fillStyle = '#1d2733';
        g.fillText(label, legend + 14, 15);
        legend += g.measureText(label).width + 28;
      }
    }
  }

  function niceCeiling(v) {
    if (v <= 0) return 1;
    const power = Math.pow(10, Math.floor(Math.log10(v)));
    for (const step of [1, 2, 5, 10]) {
      if (v <= step * power) return step * power;
    }
    return 10 * power;
  }

  function format(v) {
    if (v >= 1e9) return (v / 1e9).toFixed(1) + 'G';
    if (v >= 1e6) return (v / 1e6).toFixed(1) + 'M';
    if (v >= 1e4) return (v / 1e3).toFixed(1) + 'k';
    return Number.isInteger(v) ? String(v) : v.toFixed(1);
  }

  const $ = (id) => document.getElementById(id);
  const charts = {
    connections: new Chart($('chart-connections')),
    messages: new Chart($('chart-messages')),
    deliveries: new Chart($('chart-deliveries')),
    drops: new Chart($('chart-drops')),
    lag: new Chart($('chart-lag')),
  };

  function text(id, value) {
    $(id).textContent = String(value);
  }

  function badge(id, ok, label) {
    const el = $(id);
    el.textContent = label;
    el.dataset.ok = String(ok);
  }

  function transports(byTransport) {
    const body = $('transports').tBodies[0];
    const rows = [];
    for (const [name, t] of Object.entries(byTransport)) {
      const row = document.createElement('tr');
      row.dataset.transport = name;
      row.dataset.connections = String(t.connections);
      row.dataset.subscriptions = String(t.subscriptions);
      for (const cell of [name, t.connections, t.subscriptions]) {
        const td = document.createElement('td');
        td.textContent = String(cell);
        row.appendChild(td);
      }
      rows.push(row);
    }
    body.replaceChildren(...rows);
  }

  function channels(list) {
    $('channels').replaceChildren(...list.map((c) => {
      const item = document.createElement('li');
      item.dataset.channel = c.name;
      item.dataset.subscribers = String(c.subscribers);
      item.textContent = c.name + ' — ' + c.subscribers;
      return item;
    }));
  }

  function show(s) {
    text('node', s.node);
    text('broker-name', s.broker.name);
    badge('broker-connected', s.broker.connected, s.broker.connected ? 'connected' : 'disconnected');
    badge('consumer-running', s.consumer.running, s.consumer.running ? 'running' : 'not running');
    text('consumer-lag', s.consumer.lag < 0 ? 'unknown' : s.consumer.lag);
    text('cluster-nodes', s.cluster.nodes);
    text('updated', new Date(s.time).toLocaleTimeString());
    const byTransport = s.connections.byTransport;
    text('connections-total', s.connections.total);
    text('subscriptions-total', Object.values(byTransport).reduce((n, t) => n + t.subscriptions, 0));
    text('rate-published', s.rates.published);
    text('rate-consumed', s.rates.consumed);
    text('rate-delivered', s.rates.delivered);
    text('deliveries-total', s.totals.delivered);
    text('dropped-total', s.totals.dropped + s.totals.brokerDropped + s.totals.consumerDropped);
    text('queued-bytes', s.queuedBytes);
    transports(byTransport);
    channels(s.channels);
    const connections = {};
    for (const [name, t] of Object.entries(byTransport)) connections[name] = t.connections;
    charts.connections.push(connections);
    charts.messages.push({ published: s.rates.published, consumed: s.rates.consumed });
    charts.deliveries.push({ delivered: s.rates.delivered });
    charts.drops.push({ outbound: s.rates.dropped, broker: s.rates.brokerDropped + s.rates.consumerDropped });
    charts.lag.push({ 'consumer lag': Math.max(0, s.consumer.lag), 'publish queue': s.broker.pending });
    document.body.dataset.samples = String(Number(document.body.dataset.samples) + 1);
  }

  const state = $('stream-state');
  const source = new EventSource('stream');
  source.onopen = () => {
    state.textContent = 'live';
    state.dataset.state = 'open';
  };
  source.onerror = () => {
    const closed = source.readyState === EventSource.CLOSED;
    state.textContent = closed ? 'stream refused: reload the page' : 'reconnecting';
    state.dataset.state = closed ? 'error' : 'connecting';
  };
  source.addEventListener('snapshot', (e) => show(JSON.parse(e.data)));
})();
