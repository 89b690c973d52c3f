// The live push connection (WebSocket /api/v1/me/live through wx.connectSocket). It reconnects
// quietly with back-off, tells the service the last event id it saw, and never bothers the
// member when the endpoint is missing or the network drops.
import { session } from './api.js';

const listeners = new Set();
let task = null;
let wanted = false;
let attempt = 0;
let timer = null;
let lastEventId = null;
export const status = { state: 'off', received: 0 };

export function onLive(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function url() {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const q = lastEventId ? '?lastEventId=' + encodeURIComponent(lastEventId) : '';
  return `${proto}//${location.host}/api/v1/me/live${q}`;
}

function connect() {
  const s = session();
  if (!wanted || !s || s.role !== 'member') return;
  status.state = 'connecting';
  const t = wx.connectSocket({ url: url(), header: { Authorization: 'Bearer ' + s.accessToken } });
  task = t;
  t.onOpen(() => {
    attempt = 0;
    status.state = 'open';
    if (lastEventId) t.send({ data: JSON.stringify({ type: 'resume', lastEventId }) });
  });
  t.onMessage(({ data }) => {
    let event;
    try { event = JSON.parse(data); } catch { return; }
    if (!event || typeof event !== 'object') return;
    if (event.id !== undefined && event.id !== null) lastEventId = String(event.id);
    if (event.type === 'ping' || event.type === 'hello') return;
    status.received++;
    for (const fn of listeners) { try { fn(event); } catch (e) { console.error(e); } }
  });
  t.onClose(() => {
    if (task !== t) return;
    task = null;
    status.state = wanted ? 'waiting' : 'off';
    if (!wanted) return;
    const delays = [1, 2, 5, 10, 20, 30, 60];
    const delay = delays[Math.min(attempt, delays.length - 1)] * 1000;
    attempt++;
    timer = setTimeout(connect, delay);
  });
}

export function startLive() {
  if (wanted && task) return;
  wanted = true;
  attempt = 0;
  clearTimeout(timer);
  connect();
}

export function stopLive() {
  wanted = false;
  clearTimeout(timer);
  lastEventId = null;
  if (task) { const t = task; task = null; t.close({}); }
  status.state = 'off';
}
