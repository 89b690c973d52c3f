import { get } from '/lib/api.js';
import { STATION_TYPES, rating } from '/lib/format.js';

Page({
  data: { items: [], loading: true, error: null, nextCursor: null, lowStock: false, openReports: false },

  onShow() { this.load(); },

  async load(cursor) {
    const res = await get('/admin/stations', { limit: 30, cursor, lowStock: this.data.lowStock ? 'true' : undefined, openReports: this.data.openReports ? 'true' : undefined });
    if (!res.ok) { this.setData({ loading: false, error: { message: res.message, code: res.code } }); return; }
    const mapped = res.data.items.map((s) => ({ ...s, typeText: STATION_TYPES[s.type] || s.type, ratingText: rating(s.rating, s.ratingCount) }));
    this.setData({ loading: false, error: null, items: cursor ? [...this.data.items, ...mapped] : mapped, nextCursor: res.data.nextCursor });
  },

  more() { this.load(this.data.nextCursor); },
  setLow(e) { this.setData({ lowStock: e.detail.value }); this.load(); },
  setReports(e) { this.setData({ openReports: e.detail.value }); this.load(); },
  create() { wx.navigateTo({ url: '/pages/admin/station-edit/index' }); },
  reports() { wx.navigateTo({ url: '/pages/admin/reports/index' }); },
  edit(e) { wx.navigateTo({ url: '/pages/admin/station-edit/index?id=' + e.currentTarget.dataset.id }); },
});
