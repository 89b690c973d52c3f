import { get, post } from '/lib/api.js';
import { time } from '/lib/format.js';

// A station's doors (online from heartbeats; add one: its device secret is shown once), occupancy and the
// entry log with full names (admins).
Page({
  data: { stationId: null, station: null, doors: [], entries: [], nextCursor: null, name: '', busy: false, created: null, error: null },

  onLoad(q) { this.setData({ stationId: q.stationId }); },

  onShow() { this.load(); },

  async load() {
    const id = this.data.stationId;
    const [station, doors, entries] = await Promise.all([
      get('/stations/' + id), get('/admin/stations/' + id + '/doors'), get('/admin/stations/' + id + '/entries', { limit: 20 })]);
    const bad = [station, doors, entries].find((r) => !r.ok);
    if (bad) { this.setData({ error: { message: bad.message, code: bad.code } }); return; }
    this.setData({
      error: null,
      station: station.data,
      doors: doors.data.map((d) => ({ ...d, seenText: d.lastSeenAt ? time(d.lastSeenAt) : '从未上线' })),
      entries: entries.data.items.map((e) => ({ ...e, atText: time(e.at) })),
      nextCursor: entries.data.nextCursor,
    });
  },

  async more() {
    const res = await get('/admin/stations/' + this.data.stationId + '/entries', { limit: 20, cursor: this.data.nextCursor });
    if (!res.ok) return;
    this.setData({ entries: this.data.entries.concat(res.data.items.map((e) => ({ ...e, atText: time(e.at) }))), nextCursor: res.data.nextCursor });
  },

  async add() {
    this.setData({ busy: true, created: null, error: null });
    const res = await post('/admin/stations/' + this.data.stationId + '/doors', { name: this.data.name.trim() });
    this.setData({ busy: false });
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    this.setData({ created: res.data, name: '' });
    this.load();
  },
});
