import { get, BASE, session } from './api.js';

/** Every station, following the cursor (admins pick stations for benefits and staff). */
export async function allStations() {
  const out = [];
  let cursor;
  for (let i = 0; i < 20; i++) {
    const res = await get('/admin/stations', { limit: 100, cursor });
    if (!res.ok) return { res, stations: out };
    out.push(...res.data.items);
    cursor = res.data.nextCursor;
    if (!cursor) return { res, stations: out };
  }
  return { res: { ok: true }, stations: out };
}

export const splitList = (text) => String(text || '').split(/[,，;；\s]+/).map((s) => s.trim()).filter(Boolean);

/** Downloads a CSV the service makes (the bearer token cannot ride on a plain link). */
export async function downloadCsv(path, filename) {
  const r = await fetch(BASE + path, { headers: { Authorization: 'Bearer ' + session().accessToken } });
  if (!r.ok) { wx.showToast({ title: '导出失败（HTTP ' + r.status + '）', icon: 'none' }); return; }
  const url = URL.createObjectURL(await r.blob());
  const a = document.createElement('a');
  a.href = url; a.download = filename; a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The admin's own org and everything below it, depth first (`GET /admin/orgs`: the caller's org first). Kept for the
 * session's token, so the header does not ask again on every tab.
 */
let orgCache = { token: null, res: null };
export async function orgTree({ fresh = false } = {}) {
  const token = session() && session().accessToken;
  if (!fresh && orgCache.token === token && orgCache.res) return orgCache.res;
  const res = await get('/admin/orgs');
  if (res.ok) orgCache = { token, res };
  return res;
}

/** The service zone's date (Asia/Shanghai, as the figures count days), `days` from today: `2026-07-01`. */
export function serviceDay(days = 0) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(Date.now() + days * 86400_000));
}
