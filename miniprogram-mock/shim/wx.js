// `wx` for the browser: the parts of the mini-program API the pages use, with the real one's
// behaviour where it matters to a client:
//   - wx.request delivers every HTTP reply (also 4xx/5xx) to `success` as {statusCode, data,
//     header}; only a network failure reaches `fail`.
//   - wx.login hands out a mock code `mock-<identity>` (the service's mock code2Session).
//   - storage is localStorage; wx.connectSocket is a WebSocket (an Authorization header is
//     carried in the Sec-WebSocket-Protocol value the service understands, since browsers cannot
//     set headers on a WebSocket); wx.scanCode asks for pasted text or a QR photo.
//   - wx.getLocation uses the browser's geolocation and, for type gcj02, converts WGS-84 the
//     way the real API does.
import * as rt from './runtime.js';

const STORAGE_PREFIX = 'zj:';
const callbacks = (opts, ok, result) => {
  try {
    if (ok) opts.success && opts.success(result);
    else opts.fail && opts.fail(result);
  } finally {
    opts.complete && opts.complete(result);
  }
};

// ---- network -------------------------------------------------------------------------------

function request(opts) {
  const controller = new AbortController();
  const method = (opts.method || 'GET').toUpperCase();
  const header = { ...(opts.header || {}) };
  const hasType = Object.keys(header).some((k) => k.toLowerCase() === 'content-type');
  let url = opts.url;
  let body;
  if (opts.data !== undefined && opts.data !== null) {
    if (method === 'GET' || method === 'DELETE' || method === 'HEAD') {
      if (typeof opts.data === 'object') {
        const qs = new URLSearchParams();
        for (const [k, v] of Object.entries(opts.data)) if (v !== undefined && v !== null && v !== '') qs.append(k, v);
        const s = qs.toString();
        if (s) url += (url.includes('?') ? '&' : '?') + s;
      }
    } else if (opts.data instanceof ArrayBuffer || ArrayBuffer.isView(opts.data)) {
      body = opts.data; // like wx.request: an ArrayBuffer goes as the raw body (file uploads)
    } else if (typeof opts.data === 'string') {
      body = opts.data;
      if (!hasType) header['content-type'] = 'text/plain; charset=UTF-8';
    } else {
      body = JSON.stringify(opts.data);
      if (!hasType) header['content-type'] = 'application/json';
    }
  }
  const timeout = opts.timeout || 15000;
  const timer = setTimeout(() => controller.abort('timeout'), timeout);
  fetch(url, { method, headers: header, body, signal: controller.signal })
    .then(async (res) => {
      const type = res.headers.get('content-type') || '';
      if (opts.responseType === 'arraybuffer' && res.ok) {
        const headers = {};
        res.headers.forEach((v, k) => { headers[k] = v; });
        callbacks(opts, true, { statusCode: res.status, data: await res.arrayBuffer(), header: headers, errMsg: 'request:ok' });
        return;
      }
      const text = await res.text();
      let data = text;
      if (opts.dataType !== '其他' && (type.includes('json') || /^\s*[{[]/.test(text))) {
        try { data = text ? JSON.parse(text) : ''; } catch { data = text; }
      }
      const headers = {};
      res.headers.forEach((v, k) => { headers[k] = v; });
      callbacks(opts, true, { statusCode: res.status, data, header: headers, errMsg: 'request:ok' });
    })
    .catch((e) => callbacks(opts, false, { errMsg: 'request:fail ' + (controller.signal.aborted ? 'timeout' : (e && e.message) || e) }))
    .finally(() => clearTimeout(timer));
  return { abort: () => controller.abort('abort') };
}

function connectSocket(opts) {
  const protocols = [...(opts.protocols || [])];
  const auth = Object.entries(opts.header || {}).find(([k]) => k.toLowerCase() === 'authorization');
  if (auth) {
    // A browser cannot set headers on a WebSocket. The service turns the sub-protocol
    // `quarkus-http-upgrade#Authorization#<value>` back into the header; the value's space must be
    // sent as %20 (a protocol token may not contain spaces), the `#`s as they are. The service strips
    // this one and echoes another offered protocol, which the browser insists on: the caller passes
    // that in `protocols` (the live socket offers `zhijia-live`).
    if (!protocols.length) console.warn('wx.connectSocket: an Authorization header needs a protocol the server echoes (opts.protocols)');
    protocols.push('quarkus-http-upgrade#Authorization#' + encodeURIComponent(auth[1]));
  }
  let ws;
  const handlers = { open: [], message: [], close: [], error: [] };
  const fire = (k, v) => handlers[k].forEach((h) => { try { h(v); } catch (e) { console.error(e); } });
  try {
    ws = new WebSocket(opts.url, protocols);
  } catch (e) {
    setTimeout(() => { fire('error', { errMsg: String(e) }); fire('close', { code: 1006, reason: String(e) }); }, 0);
    ws = null;
  }
  if (ws) {
    ws.onopen = (e) => fire('open', { header: {}, profile: {} });
    ws.onmessage = (e) => fire('message', { data: e.data });
    ws.onerror = () => fire('error', { errMsg: 'socket error' });
    ws.onclose = (e) => fire('close', { code: e.code, reason: e.reason });
  }
  const task = {
    onOpen: (h) => handlers.open.push(h),
    onMessage: (h) => handlers.message.push(h),
    onClose: (h) => handlers.close.push(h),
    onError: (h) => handlers.error.push(h),
    send: ({ data, success, fail }) => {
      try { ws.send(data); success && success(); } catch (e) { fail && fail({ errMsg: String(e) }); }
    },
    close: ({ code, reason } = {}) => { try { ws && ws.close(code || 1000, reason); } catch { /* closed */ } },
    get readyState() { return ws ? ws.readyState : 3; },
  };
  setTimeout(() => opts.success && opts.success(), 0);
  return task;
}

// ---- login and storage ---------------------------------------------------------------------

function login(opts = {}) {
  const id = getStorageSync('mock.identity') || 'guest';
  setTimeout(() => callbacks(opts, true, { code: 'mock-' + id, errMsg: 'login:ok' }), 30);
}

function getStorageSync(key) {
  const raw = localStorage.getItem(STORAGE_PREFIX + key);
  if (raw === null) return '';
  try { return JSON.parse(raw); } catch { return raw; }
}
function setStorageSync(key, value) { localStorage.setItem(STORAGE_PREFIX + key, JSON.stringify(value)); }
function removeStorageSync(key) { localStorage.removeItem(STORAGE_PREFIX + key); }
function clearStorageSync() {
  for (const k of Object.keys(localStorage)) if (k.startsWith(STORAGE_PREFIX)) localStorage.removeItem(k);
}

// ---- location --------------------------------------------------------------------------------

// WGS-84 → GCJ-02, the published approximation every map SDK uses (identity outside China).
function wgs84ToGcj02(lat, lng) {
  const a = 6378245.0, ee = 0.00669342162296594323;
  if (lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271) return { lat, lng };
  const tLat = (x, y) => -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
    + (20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2 / 3
    + (20 * Math.sin(y * Math.PI) + 40 * Math.sin(y / 3 * Math.PI)) * 2 / 3
    + (160 * Math.sin(y / 12 * Math.PI) + 320 * Math.sin(y * Math.PI / 30)) * 2 / 3;
  const tLng = (x, y) => 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
    + (20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2 / 3
    + (20 * Math.sin(x * Math.PI) + 40 * Math.sin(x / 3 * Math.PI)) * 2 / 3
    + (150 * Math.sin(x / 12 * Math.PI) + 300 * Math.sin(x / 30 * Math.PI)) * 2 / 3;
  let dLat = tLat(lng - 105, lat - 35);
  let dLng = tLng(lng - 105, lat - 35);
  const radLat = lat / 180 * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - ee * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180) / ((a * (1 - ee)) / (magic * sqrtMagic) * Math.PI);
  dLng = (dLng * 180) / (a / sqrtMagic * Math.cos(radLat) * Math.PI);
  return { lat: lat + dLat, lng: lng + dLng };
}

function getLocation(opts = {}) {
  if (!navigator.geolocation) { callbacks(opts, false, { errMsg: 'getLocation:fail unsupported' }); return; }
  let done = false;
  const finish = (ok, r) => { if (!done) { done = true; callbacks(opts, ok, r); } };
  setTimeout(() => finish(false, { errMsg: 'getLocation:fail timeout' }), opts.timeout || 4000);
  navigator.geolocation.getCurrentPosition((p) => {
    let { latitude: lat, longitude: lng } = p.coords;
    if (opts.type === 'gcj02') ({ lat, lng } = wgs84ToGcj02(lat, lng));
    finish(true, { latitude: lat, longitude: lng, accuracy: p.coords.accuracy, errMsg: 'getLocation:ok' });
  }, (e) => finish(false, { errMsg: 'getLocation:fail ' + e.message }), { timeout: opts.timeout || 4000, maximumAge: 60000 });
}

// ---- UI: toast, loading, modal, scan ----------------------------------------------------------

let toastTimer = null;
function showToast({ title, icon = 'success', duration = 2000, mask = false } = {}) {
  const t = document.getElementById('toast');
  t.className = 'toast toast-' + icon;
  t.querySelector('.toast-icon').textContent = icon === 'success' ? '✓' : icon === 'error' ? '✕' : icon === 'loading' ? '…' : '';
  t.querySelector('.toast-text').textContent = title || '';
  t.hidden = false;
  document.getElementById('mask').hidden = !mask;
  clearTimeout(toastTimer);
  if (duration > 0) toastTimer = setTimeout(hideToast, duration);
}
function hideToast() {
  document.getElementById('toast').hidden = true;
  document.getElementById('mask').hidden = true;
}
const showLoading = ({ title = '加载中', mask = true } = {}) => showToast({ title, icon: 'loading', duration: 0, mask });

function dialog(build) {
  return new Promise((resolve) => {
    const root = document.getElementById('dialog');
    const box = root.querySelector('.dialog-box');
    box.replaceChildren();
    const close = (result) => { root.hidden = true; box.replaceChildren(); resolve(result); };
    build(box, close);
    root.hidden = false;
  });
}

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

function showModal(opts = {}) {
  dialog((box, close) => {
    const actions = el('div', { class: 'dialog-actions' });
    if (opts.showCancel !== false) {
      actions.append(el('button', { class: 'btn btn-plain', onclick: () => close({ confirm: false, cancel: true }) }, opts.cancelText || '取消'));
    }
    actions.append(el('button', { class: 'btn btn-primary', onclick: () => close({ confirm: true, cancel: false }) }, opts.confirmText || '确定'));
    box.append(el('div', { class: 'dialog-title' }, opts.title || ''), el('div', { class: 'dialog-content' }, opts.content || ''), actions);
  }).then((r) => callbacks(opts, true, r));
}

async function decodeImage(file) {
  if (!('BarcodeDetector' in window)) return null;
  const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
  const bitmap = await createImageBitmap(file);
  const codes = await detector.detect(bitmap);
  return codes.length ? codes[0].rawValue : null;
}

function scanCode(opts = {}) {
  dialog((box, close) => {
    const input = el('textarea', { class: 'scan-input', rows: '3', placeholder: '粘贴二维码内容（演示：从工作人员页面复制）', 'aria-label': '二维码内容' });
    const status = el('div', { class: 'scan-status' });
    const file = el('input', { type: 'file', accept: 'image/*', class: 'scan-file', 'aria-label': '选择二维码图片' });
    file.addEventListener('change', async () => {
      status.textContent = '识别中…';
      try {
        const text = file.files[0] ? await decodeImage(file.files[0]) : null;
        if (text) { input.value = text; status.textContent = '已识别'; } else status.textContent = '此浏览器无法识别图片，请粘贴内容';
      } catch { status.textContent = '图片识别失败，请粘贴内容'; }
    });
    box.append(
      el('div', { class: 'dialog-title' }, '扫一扫'),
      el('div', { class: 'scan-frame' }, el('div', { class: 'scan-line' })),
      input,
      el('label', { class: 'btn small btn-plain file-btn scan-file-label' }, '或选择二维码图片', file),
      status,
      el('div', { class: 'dialog-actions' },
        el('button', { class: 'btn btn-plain', onclick: () => close(null) }, '取消'),
        el('button', { class: 'btn btn-primary scan-ok', onclick: () => close(input.value.trim() || null) }, '确定')),
    );
    setTimeout(() => input.focus(), 0);
  }).then((text) => {
    if (text) callbacks(opts, true, { result: text, scanType: 'QR_CODE', charSet: 'utf-8', errMsg: 'scanCode:ok' });
    else callbacks(opts, false, { errMsg: 'scanCode:fail cancel' });
  });
}

function setClipboardData(opts = {}) {
  const ok = () => { showToast({ title: '内容已复制' }); callbacks(opts, true, { errMsg: 'setClipboardData:ok' }); };
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(opts.data).then(ok, () => callbacks(opts, false, { errMsg: 'setClipboardData:fail' }));
  else callbacks(opts, false, { errMsg: 'setClipboardData:fail insecure context' });
}

// ---- navigation and chrome -------------------------------------------------------------------

const nav = (fn) => (opts = {}) => {
  fn(opts.url ?? opts.delta).then(
    () => callbacks(opts, true, { errMsg: 'ok' }),
    (e) => { console.error(e); callbacks(opts, false, { errMsg: String(e) }); },
  );
};

export const wx = {
  request,
  connectSocket,
  login,
  getStorageSync, setStorageSync, removeStorageSync, clearStorageSync,
  getLocation,
  showToast, hideToast, showLoading, hideLoading: hideToast, showModal,
  scanCode,
  setClipboardData,
  vibrateShort: () => { if (navigator.vibrate) navigator.vibrate(15); },
  navigateTo: nav(rt.navigateTo),
  redirectTo: nav(rt.redirectTo),
  switchTab: nav(rt.switchTab),
  reLaunch: nav(rt.reLaunch),
  navigateBack: (opts = {}) => { rt.navigateBack(opts.delta || 1); callbacks(opts, true, {}); },
  setNavigationBarTitle: ({ title }) => { const p = rt.getCurrentPages().pop(); if (p) rt.setTitle(p, title); },
  setTabBarBadge: ({ pagePath, text }) => rt.setTabBadge(pagePath, text),
  removeTabBarBadge: ({ pagePath }) => rt.setTabBadge(pagePath, null),
  getSystemInfoSync: () => ({ windowWidth: innerWidth, windowHeight: innerHeight, platform: 'devtools', language: 'zh_CN' }),
};
