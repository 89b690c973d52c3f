import { get, post } from '/lib/api.js';
import { onLive } from '/lib/live.js';
import { time } from '/lib/format.js';

const KINDS = {
  CAMPAIGN: ['活动', 'red'], NOTICE: ['通知', ''], EVENT: ['活动报名', 'red'], VOTE: ['投票', 'orange'],
  LOTTERY_WON: ['中签', 'green'], LOTTERY_LOST: ['开奖', ''], LOTTERY_RESULT: ['开奖', 'orange'], PRIZE: ['中奖', 'green'],
};
const isCampaign = (kind) => /CAMPAIGN|EVENT|VOTE|NOTICE/.test(kind || '');

Page({
  data: { items: [], unread: 0, loading: true, error: null, nextCursor: null },

  onLoad() {
    this.raw = [];
    this.expanded = {};
    this.off = onLive(() => this.load());
  },

  onShow() { this.load(); },
  onUnload() { this.off && this.off(); },

  async load(cursor) {
    const res = await get('/me/inbox', { limit: 20, cursor });
    if (!res.ok) { this.setData({ loading: false, error: res.missing ? null : { message: res.message, code: res.code } }); return; }
    this.raw = cursor ? [...this.raw, ...res.data.items] : res.data.items;
    this.setData({ loading: false, error: null, unread: res.data.unread || 0, nextCursor: res.data.nextCursor });
    getApp().globalData.unread = res.data.unread || 0;
    wx.setTabBarBadge({ pagePath: 'pages/member/inbox/index', text: res.data.unread ? String(Math.min(res.data.unread, 99)) : '' });
    this.paint();
  },

  paint() {
    this.setData({
      items: this.raw.map((m) => {
        const [kindText, kindClass] = KINDS[m.kind] || [m.kind === undefined ? '消息' : '消息', ''];
        return {
          ...m, kindText, kindClass, timeText: time(m.createdAt), expanded: !!this.expanded[m.id],
          link: m.refId && isCampaign(m.kind) ? '查看活动' : m.refId && /LOTTERY|PRIZE/.test(m.kind) ? '查看开奖结果' : '',
        };
      }),
    });
  },

  more() { this.load(this.data.nextCursor); },

  async open(e) {
    const id = Number(e.currentTarget.dataset.id);
    const m = this.raw.find((x) => x.id === id);
    if (!m) return;
    if (this.expanded[id] && m.refId) {
      if (isCampaign(m.kind)) wx.navigateTo({ url: '/pages/member/campaign/index?id=' + m.refId });
      else if (/LOTTERY|PRIZE/.test(m.kind)) wx.navigateTo({ url: '/pages/member/draw/index?id=' + m.refId });
      return;
    }
    this.expanded[id] = true;
    if (!m.read) {
      m.read = true;
      this.setData({ unread: Math.max(0, this.data.unread - 1) });
      wx.setTabBarBadge({ pagePath: 'pages/member/inbox/index', text: this.data.unread ? String(this.data.unread) : '' });
      post(`/me/inbox/${id}/read`);
    }
    this.paint();
  },

  async readAll() {
    const unread = this.raw.filter((m) => !m.read);
    await Promise.all(unread.map((m) => post(`/me/inbox/${m.id}/read`)));
    this.load();
  },
});
