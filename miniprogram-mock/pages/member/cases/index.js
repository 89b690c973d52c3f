import { get } from '/lib/api.js';
import { summary } from '/lib/cases.js';

// 我的求助: the member's cases, newest first.
Page({
  data: { items: [], nextCursor: null, loading: true, error: null },

  onShow() { this.load(); },

  async load(cursor) {
    const res = await get('/me/cases', { limit: 20, cursor });
    if (!res.ok) { this.setData({ loading: false, error: { message: res.message, code: res.code } }); return; }
    const mapped = res.data.items.map(summary);
    this.setData({ loading: false, error: null, items: cursor ? [...this.data.items, ...mapped] : mapped, nextCursor: res.data.nextCursor });
  },

  more() { this.load(this.data.nextCursor); },
  create() { wx.navigateTo({ url: '/pages/member/case-new/index' }); },
  open(e) { wx.navigateTo({ url: '/pages/case/index?id=' + e.currentTarget.dataset.id }); },
});
