// What the station's check-in QR carries: the station and its current token. The service's token
// is opaque to clients, so the station id travels next to it.
export function checkinPayload(stationId, token) {
  return `zhijia://checkin?s=${encodeURIComponent(stationId)}&t=${encodeURIComponent(token)}`;
}

/** {stationId, token} from a scanned QR (or pasted text), or null. Accepts a bare token too. */
export function parseCheckin(text) {
  const raw = String(text || '').trim();
  const m = /^zhijia:\/\/checkin\?(.*)$/.exec(raw);
  if (m) {
    const q = new URLSearchParams(m[1]);
    const stationId = Number(q.get('s'));
    const token = q.get('t');
    return stationId > 0 && token ? { stationId, token } : null;
  }
  // A bare service token looks like <kid>.<stationId>.<window>.<mac>.
  const parts = raw.split('.');
  if (parts.length === 4 && /^\d+$/.test(parts[1])) return { stationId: Number(parts[1]), token: raw };
  return null;
}
