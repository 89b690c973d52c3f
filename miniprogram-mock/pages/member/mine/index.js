import { get, logout } from '/lib/api.js';
import { maskCard } from '/lib/format.js';

Page({
  data: { name: '', sub: '', tags: [], verified: true, identity: '' },

  async onShow() {
    this.setData({ identity: wx.getStorageSync('mock.identity') });
    const res = await get('/me');
    if (!res.ok) return;
    const p = res.data;
    this.setData({
      name: p.name || p.nickname || '工友', verified: p.verified, tags: p.tags || [],
      sub: p.verified ? `会员卡号 ${maskCard(p.cardNo)}${p.orgId ? ' · ' + p.orgId : ''}` : '尚未认证工会会员',
    });
  },

  go(e) { wx.navigateTo({ url: e.currentTarget.dataset.url }); },
  tab(e) { wx.switchTab({ url: e.currentTarget.dataset.url }); },
  logout() { logout(); },
});
