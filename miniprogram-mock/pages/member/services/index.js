import { get } from '/lib/api.js';
import { SERVICE_KINDS, time } from '/lib/format.js';

Page({
  data: { items: [], loading: true, error: null },

  onShow() { this.load(); },

  async load() {
    const res = await get('/services', { limit: 50 });
    if (!res.ok) { this.setData({ loading: false, error: { message: res.message, code: res.code } }); return; }
    this.setData({
      loading: false, error: null,
      items: res.data.items.map((s) => ({
        ...s, kindText: SERVICE_KINDS[s.kind] || s.kind, open: s.status === 'open',
        releaseText: s.status === 'open' ? '已放号' : `${time(s.releaseAt)} 放号`,
      })),
    });
  },

  open(e) { wx.navigateTo({ url: '/pages/member/service/index?id=' + e.currentTarget.dataset.id }); },
  mine() { wx.navigateTo({ url: '/pages/member/bookings/index' }); },
});
