import { get, session } from './api.js';

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
