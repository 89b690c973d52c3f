import { get, post } from '/lib/api.js';
import { REPORT_KINDS, time } from '/lib/format.js';

const KIND = Object.fromEntries(REPORT_KINDS.map((k) => [k.value, k.label]));

// Members' problem reports (关门 / 没水 / 设施损坏 …): open ones first, resolved with an optional note.
Page({
  data: { items: [], loading: true, error: null, nextCursor: null, status: 'OPEN', stationId: null, notes: {} },

  onLoad(query) { this.setData({ stationId: query && query.stationId ? Number(query.stationId) : null }); },

  onShow() { this.load(); },

  async load(cursor) {
    const res = await get('/admin/reports', { limit: 30, cursor, status: this.data.status || undefined, stationId: this.data.stationId || undefined });
    if (!res.ok) { this.setData({ loading: false, error: { message: res.message, code: res.code } }); return; }
    const mapped = res.data.items.map((r) => ({
      ...r, kindText: KIND[r.kind] || r.kind, createdText: time(r.createdAt), resolvedText: r.resolvedAt ? time(r.resolvedAt) : '',
      open: r.status === 'OPEN',
    }));
    this.setData({ loading: false, error: null, items: cursor ? [...this.data.items, ...mapped] : mapped, nextCursor: res.data.nextCursor });
  },

  more() { this.load(this.data.nextCursor); },
  show(e) { this.setData({ status: e.currentTarget.dataset.status }); this.load(); },
  allStations() { this.setData({ stationId: null }); this.load(); },
  note(e) { this.setData({ notes: { ...this.data.notes, [e.currentTarget.dataset.id]: e.detail.value } }); },

  async resolve(e) {
    const id = e.currentTarget.dataset.id;
    const note = (this.data.notes[id] || '').trim();
    const res = await post(`/admin/reports/${id}/resolve`, note ? { resolution: note } : {});
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    wx.showToast({ title: '已处理', icon: 'success' });
    this.load();
  },
});
