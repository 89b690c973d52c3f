// The live push connection (WebSocket through wx.connectSocket): /api/v1/me/live for members,
// /api/v1/console/live for caseworkers and admins (the same protocol; station staff have none). The service sends
// JSON text frames: after every handshake the events missed since `?lastEventId=` (if any), then
// {"type":"ready"} — from then on it is live — then events {id, type:"campaign"|"waitlist-promoted"|"case"|…}.
// {"type":"resync"} means some missed events are gone: reload the inbox. It reconnects quietly with
// back-off, resuming from the last event id it saw, and never bothers the member when the network drops.
import { freshSession } from './api.js';

const listeners = new Set();
const stateListeners = new Set();
let task = null;
let wanted = false;
let attempt = 0;
let timer = null;
let lastEventId = null;
export const status = { state: 'off', received: 0 };

/** fn(event) for every live event; also {type:"resync"} when the inbox should be reloaded. */
export function onLive(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** fn(state) whenever the connection state changes: 'off' | 'connecting' | 'open' | 'waiting'. */
export function onLiveState(fn) {
  stateListeners.add(fn);
  return () => stateListeners.delete(fn);
}

function setState(state) {
  if (status.state === state) return;
  status.state = state;
  for (const fn of stateListeners) { try { fn(state); } catch (e) { console.error(e); } }
}

function emit(event) {
  for (const fn of listeners) { try { fn(event); } catch (e) { console.error(e); } }
}

const PATHS = { member: '/api/v1/me/live', caseworker: '/api/v1/console/live', admin: '/api/v1/console/live' };

/** Whether this role has a live socket. */
export function hasLive(role) {
  return !!PATHS[role];
}

function url(role) {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const q = lastEventId ? '?lastEventId=' + encodeURIComponent(lastEventId) : '';
  return `${proto}//${location.host}${PATHS[role]}${q}`;
}

let opening = false;

async function connect() {
  if (!wanted || task || opening) return;
  opening = true;
  setState('connecting');
  let s;
  try { s = await freshSession(); } finally { opening = false; }
  if (!wanted || !s || !hasLive(s.role)) { setState('off'); return; }
  // The real wx.connectSocket sends the header; in the browser the shim turns it into a sub-protocol.
  // `zhijia-live` is the protocol the service echoes (browsers require one).
  const t = wx.connectSocket({ url: url(s.role), header: { Authorization: 'Bearer ' + s.accessToken }, protocols: ['zhijia-live'] });
  task = t;
  t.onOpen(() => { attempt = 0; });
  t.onMessage(({ data }) => {
    if (task !== t) return;
    let event;
    try { event = JSON.parse(data); } catch { return; }
    if (!event || typeof event !== 'object') return;
    if (event.id !== undefined && event.id !== null) lastEventId = String(event.id);
    if (event.type === 'ready') { setState('open'); return; } // the socket is registered: events from now on arrive
    if (event.type === 'pong') return;
    if (event.type === 'resync') { emit(event); return; }
    status.received++;
    emit(event);
  });
  t.onClose(() => {
    if (task !== t) return;
    task = null;
    setState(wanted ? 'waiting' : 'off');
    if (!wanted) return;
    const delays = [1, 2, 5, 10, 20, 30, 60];
    const delay = delays[Math.min(attempt, delays.length - 1)] * 1000;
    attempt++;
    // A refused handshake (expired token) is a close too: the next attempt reads the refreshed session.
    timer = setTimeout(connect, delay);
  });
}

export function startLive() {
  if (wanted && (task || opening)) return;
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
  setState('off');
}

/**
 * For a page that shows what live events change: call from onLoad, `this.offLive = reloadOnLive(this, wanted)`,
 * and `this.offLive()` from onUnload. While the page is the one on screen, every event `wanted(event)` accepts (and
 * a resync) reloads it with `load()`; a page further down the stack reloads in its own onShow anyway.
 */
export function reloadOnLive(page, wanted) {
  return onLive((event) => {
    const pages = getCurrentPages();
    if (pages[pages.length - 1] !== page) return;
    if (event.type === 'resync' || wanted(event)) page.load();
  });
}
