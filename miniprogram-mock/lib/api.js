// Every call to the Zhijia service goes through here: wx.request with the bearer token, one
// shared refresh when the access token has expired (refresh tokens rotate, so two parallel
// refreshes would burn the family), and replies reduced to {ok, status, data, code, message}.
// Nothing throws for an HTTP error: pages branch on `ok` / `code`, like on wx.request's success.
import { messageOf } from './errors.js';

export const BASE = '/api/v1';

export function session() {
  return wx.getStorageSync('session') || null;
}

export function saveSession(s) {
  wx.setStorageSync('session', { ...s, expiresAt: Date.now() + (s.expiresIn || 3600) * 1000 });
}

export function clearSession() {
  wx.removeStorageSync('session');
}

function send(method, path, data, header, responseType) {
  return new Promise((resolve) => {
    wx.request({
      url: path.startsWith('http') ? path : BASE + path,
      method, data, header, responseType,
      success: (r) => resolve(r),
      fail: (e) => resolve({ statusCode: 0, data: null, errMsg: e.errMsg }),
    });
  });
}

function shape(r) {
  const ok = r.statusCode >= 200 && r.statusCode < 300;
  const data = r.data;
  const code = ok ? null : r.statusCode === 0 ? 'NETWORK' : (data && typeof data === 'object' && data.code) || null;
  const res = { ok, status: r.statusCode, data, code, message: '' };
  if (!ok) res.message = messageOf(res);
  return res;
}

let refreshing = null;

async function refresh() {
  const s = session();
  if (!s || !s.refreshToken) return false;
  if (!refreshing) {
    refreshing = send('POST', '/auth/refresh', { refreshToken: s.refreshToken }, {}).then((r) => {
      if (r.statusCode === 200 && r.data && r.data.accessToken) {
        saveSession({ ...session(), ...r.data, role: s.role });
        return true;
      }
      return false;
    }).finally(() => { refreshing = null; });
  }
  return refreshing;
}

function expired() {
  wx.showToast({ title: '登录已过期，请重新登录', icon: 'none' });
  clearSession();
  getApp() && getApp().endSession && getApp().endSession();
  wx.reLaunch({ url: '/pages/login/index' });
}

/** The session, its access token refreshed first when it is about to expire (for the live socket). */
export async function freshSession() {
  const s = session();
  if (s && s.expiresAt && s.expiresAt - Date.now() < 30_000) await refresh();
  return session();
}

/**
 * call('POST', '/benefits/3/claims', body, {header, auth:false})
 * data: object → JSON (GET: query string); string or ArrayBuffer → sent as is with `contentType`.
 * opts.responseType 'arraybuffer': a 2xx body comes back as bytes (an attachment).
 */
export async function call(method, path, data, opts = {}) {
  const header = { ...(opts.header || {}) };
  if (opts.contentType) header['content-type'] = opts.contentType;
  const auth = opts.auth !== false;
  let s = session();
  if (auth && s && s.expiresAt && s.expiresAt - Date.now() < 30_000) {
    if (await refresh()) s = session();
  }
  if (auth && s) header.Authorization = 'Bearer ' + s.accessToken;
  let r = await send(method, path, data, header, opts.responseType);
  if (r.statusCode === 401 && auth && s) {
    if (await refresh()) {
      header.Authorization = 'Bearer ' + session().accessToken;
      r = await send(method, path, data, header, opts.responseType);
    } else {
      expired();
    }
  }
  return shape(r);
}

export const get = (path, query, opts) => call('GET', path, query, opts);
export const post = (path, body, opts) => call('POST', path, body === undefined ? {} : body, opts);
export const put = (path, body, opts) => call('PUT', path, body, opts);
export const del = (path, opts) => call('DELETE', path, undefined, opts);

/** A fresh idempotency key for one user intent (reused across its retries). */
export function intentKey() {
  return (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2)).slice(0, 64);
}

export async function logout() {
  const s = session();
  if (s && s.refreshToken) await send('POST', '/auth/logout', { refreshToken: s.refreshToken }, {});
  clearSession();
  getApp().endSession();
  wx.removeTabBarBadge({ pagePath: 'pages/member/inbox/index' });
  wx.reLaunch({ url: '/pages/login/index' });
}
