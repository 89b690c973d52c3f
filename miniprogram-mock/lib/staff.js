// The staff member's stations (GET /staff/stations) and which one the counter is working for.
import { get } from './api.js';

export async function myStations() {
  const res = await get('/staff/stations');
  if (!res.ok) return { res, stations: [] };
  return { res, stations: Array.isArray(res.data) ? res.data : res.data.items || [] };
}

export function currentStationId(stations) {
  const saved = Number(wx.getStorageSync('staff.station'));
  if (stations.some((s) => s.id === saved)) return saved;
  return stations.length ? stations[0].id : null;
}

export function chooseStation(id) {
  wx.setStorageSync('staff.station', Number(id));
}
