import { get } from './api.js';

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
