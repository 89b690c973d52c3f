import { post, session, logout } from '/lib/api.js';
import { STATION_TYPES } from '/lib/format.js';
import { myStations, currentStationId, chooseStation } from '/lib/staff.js';

Page({
  data: { who: '', stations: [], current: null, loading: true, error: null },

  onLoad() { this.bottles = {}; this.busy = {}; this.msg = {}; },

  async onShow() {
    const s = session();
    this.setData({ who: s ? s.username : '' });
    const { res, stations } = await myStations();
    if (!res.ok) { this.setData({ loading: false, error: { message: res.message, code: res.code } }); return; }
    this.raw = stations;
    this.setData({ loading: false, error: null, current: currentStationId(stations) });
    this.paint();
  },

  paint() {
    this.setData({
      stations: this.raw.map((s) => ({
        ...s, typeText: STATION_TYPES[s.type] || s.type, openText: s.open24h ? '24 小时' : s.openNow ? '营业中' : '休息中',
        bottles: this.bottles[s.id] || '', busy: !!this.busy[s.id], msg: this.msg[s.id] || null,
      })),
    });
  },

  setBottles(e) { this.bottles[e.currentTarget.dataset.id] = e.detail.value; },

  async restock(e) {
    const id = Number(e.currentTarget.dataset.id);
    const bottles = Number(this.bottles[id]);
    if (!Number.isInteger(bottles) || bottles < 1 || bottles > 100000) { wx.showToast({ title: '请输入 1–100000 的瓶数', icon: 'none' }); return; }
    this.busy[id] = true;
    this.msg[id] = null;
    this.paint();
    const res = await post(`/staff/stations/${id}/restock`, { bottles });
    this.busy[id] = false;
    if (res.ok) {
      const s = this.raw.find((x) => x.id === id);
      s.waterStock = res.data.waterStock;
      s.lowStock = false;
      this.bottles[id] = '';
      this.msg[id] = { kind: 'ok', text: `已补货 ${bottles} 瓶，现有 ${res.data.waterStock} 瓶` };
    } else {
      this.msg[id] = { kind: 'error', text: res.message, code: res.code };
    }
    this.paint();
  },

  checkin(e) { chooseStation(e.currentTarget.dataset.id); wx.switchTab({ url: '/pages/staff/checkin/index' }); },
  entries(e) { wx.navigateTo({ url: '/pages/staff/entries/index?stationId=' + e.currentTarget.dataset.id }); },
  verify(e) { chooseStation(e.currentTarget.dataset.id); wx.switchTab({ url: '/pages/staff/verify/index' }); },
  logout() { logout(); },
});
