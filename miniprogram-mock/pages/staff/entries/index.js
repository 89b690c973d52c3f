import { get } from '/lib/api.js';
import { time } from '/lib/format.js';

// A station's doors (online or not) and who came in, names masked: what the station's staff may see.
Page({
  data: { stationId: null, doors: [], entries: [], nextCursor: null, error: null },

  onLoad(q) { this.setData({ stationId: q.stationId }); },

  onShow() { this.load(); },

  async load() {
    const id = this.data.stationId;
    const [doors, entries] = await Promise.all([get('/staff/stations/' + id + '/doors'), get('/admin/stations/' + id + '/entries', { limit: 20 })]);
    const bad = [doors, entries].find((r) => !r.ok);
    if (bad) { this.setData({ error: { message: bad.message, code: bad.code } }); return; }
    this.setData({
      error: null,
      doors: doors.data,
      entries: entries.data.items.map((e) => ({ ...e, atText: time(e.at) })),
      nextCursor: entries.data.nextCursor,
    });
  },

  async more() {
    const res = await get('/admin/stations/' + this.data.stationId + '/entries', { limit: 20, cursor: this.data.nextCursor });
    if (!res.ok) return;
    this.setData({ entries: this.data.entries.concat(res.data.items.map((e) => ({ ...e, atText: time(e.at) }))), nextCursor: res.data.nextCursor });
  },
});
