import { get, post, put, del } from '/lib/api.js';
import { STATION_TYPES, SERVICES, options } from '/lib/format.js';

Page({
  data: {
    id: null, name: '', type: 'WATER_STATION', lat: '', lng: '', address: '', open24h: false, opens: '07:00', closes: '21:00',
    waterStock: '200', services: [], types: options(STATION_TYPES), busy: false, error: null, defaultLabel: '', entriesLastHour: null,
  },

  async onLoad(q) {
    const d = getApp().globalData.defaultLocation;
    this.picked = new Set(['REST', 'DRINKING_WATER', 'HOT_WATER', 'PHONE_CHARGING']);
    this.setData({ defaultLabel: d.label });
    if (!q.id) {
      wx.setNavigationBarTitle({ title: '新建驿站' });
      this.setData({ lat: String(d.lat), lng: String(d.lng) });
      this.paintServices();
      return;
    }
    const res = await get('/stations/' + q.id);
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    const s = res.data;
    this.picked = new Set(s.services || []);
    const h = s.hours || {};
    this.setData({
      id: s.id, name: s.name, type: s.type, lat: String(s.lat), lng: String(s.lng), address: s.address || '',
      open24h: !!(h.open24h || s.open24h), opens: h.opens || '07:00', closes: h.closes || '21:00',
      waterStock: s.waterStock === undefined ? '' : String(s.waterStock),
      entriesLastHour: s.entriesLastHour === undefined ? null : s.entriesLastHour,
    });
    this.paintServices();
  },

  paintServices() {
    this.setData({ services: Object.entries(SERVICES).map(([value, label]) => ({ value, label, on: this.picked.has(value) })) });
  },

  setType(e) { this.setData({ type: e.detail.value }); },
  set24h(e) { this.setData({ open24h: e.detail.value }); },
  toggleService(e) {
    const v = e.currentTarget.dataset.value;
    if (e.detail.value) this.picked.add(v); else this.picked.delete(v);
    this.paintServices();
  },
  useDefault() { const d = getApp().globalData.defaultLocation; this.setData({ lat: String(d.lat), lng: String(d.lng) }); },

  async save() {
    const d = this.data;
    const lat = Number(d.lat); const lng = Number(d.lng);
    if (!d.name.trim()) { this.setData({ error: { message: '请填写驿站名称', code: '' } }); return; }
    if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) { this.setData({ error: { message: '经纬度不正确', code: '' } }); return; }
    const body = {
      name: d.name.trim(), type: d.type, lat, lng, address: d.address.trim() || null,
      services: [...this.picked], hours: d.open24h ? { open24h: true } : { opens: d.opens, closes: d.closes },
      waterStock: d.waterStock === '' ? null : Number(d.waterStock),
    };
    this.setData({ busy: true, error: null });
    const res = d.id ? await put('/admin/stations/' + d.id, body) : await post('/admin/stations', body);
    this.setData({ busy: false });
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    wx.showToast({ title: d.id ? '已保存' : `已创建 #${res.data.id}` });
    setTimeout(() => wx.navigateBack(), 600);
  },

  doors() { wx.navigateTo({ url: '/pages/admin/doors/index?stationId=' + this.data.id }); },

  remove() {
    wx.showModal({
      title: '删除驿站？', content: '删除后会员将搜不到这个驿站。', confirmText: '删除',
      success: async ({ confirm }) => {
        if (!confirm) return;
        const res = await del('/admin/stations/' + this.data.id);
        if (res.ok) { wx.showToast({ title: '已删除' }); setTimeout(() => wx.navigateBack(), 600); }
        else this.setData({ error: { message: res.message, code: res.code } });
      },
    });
  },
});
