import { get } from '/lib/api.js';
import { CONTEST_STATUS, time } from '/lib/format.js';

// 竞赛: the contests of the member's audience — coming, open, and closed in the last 30 days.
Page({
  data: { items: [], loading: true, error: null },

  onShow() { this.load(); },

  async load() {
    const res = await get('/contests');
    if (!res.ok) { this.setData({ loading: false, error: { message: res.message, code: res.code } }); return; }
    this.setData({
      loading: false, error: null,
      items: res.data.map((c) => ({
        ...c, statusText: CONTEST_STATUS[c.status] || c.status, window: `${time(c.opensAt)} – ${time(c.closesAt)}`,
        bestText: c.mine && c.mine.bestScore != null ? `最好成绩 ${c.mine.bestScore} 分` : '',
        leftText: c.mine ? `剩余 ${c.mine.attemptsLeft} 次` : '',
      })),
    });
  },

  open(e) { wx.navigateTo({ url: '/pages/member/contest/index?id=' + e.currentTarget.dataset.id }); },
});
