import { del, get } from '/lib/api.js';
import { APPLICATION_STATUS, time } from '/lib/format.js';

const OPEN_STEPS = ['APPLIED', 'VIEWED', 'INTERVIEW'];

// 我的求职: every application with its status; the member may withdraw until a decision.
Page({
  data: { items: [], nextCursor: null, loading: true, error: null },

  onShow() { this.load(); },

  async load(cursor) {
    const res = await get('/me/applications', { limit: 20, cursor });
    if (!res.ok) { this.setData({ loading: false, error: { message: res.message, code: res.code } }); return; }
    const mapped = res.data.items.map((a) => ({
      ...a, statusText: APPLICATION_STATUS[a.status] || a.status, appliedText: time(a.appliedAt), updatedText: time(a.updatedAt),
      canWithdraw: OPEN_STEPS.includes(a.status), good: a.status === 'HIRED' || a.status === 'INTERVIEW',
    }));
    this.setData({ loading: false, error: null, items: cursor ? [...this.data.items, ...mapped] : mapped, nextCursor: res.data.nextCursor });
  },

  more() { this.load(this.data.nextCursor); },
  open(e) { wx.navigateTo({ url: '/pages/member/job/index?id=' + e.currentTarget.dataset.job }); },

  async withdraw(e) {
    const res = await del('/me/applications/' + e.currentTarget.dataset.id);
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    wx.showToast({ title: '已撤回' });
    this.load();
  },
});
