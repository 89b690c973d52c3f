import { get, post } from '/lib/api.js';
import { onLive } from '/lib/live.js';
import { time } from '/lib/format.js';

// Inbox kinds the service writes: CAMPAIGN and WAITLIST_PROMOTED (refId = campaign), LOTTERY_RESULT
// (refId = benefit), PRIZE (a gift won when water was verified; refId = the pickup, nothing to open).
const KINDS = {
  CAMPAIGN: ['活动', 'red'], WAITLIST_PROMOTED: ['候补转正', 'green'], LOTTERY_RESULT: ['开奖', 'orange'], PRIZE: ['中奖', 'green'],
};
const isCampaign = (kind) => kind === 'CAMPAIGN' || kind === 'WAITLIST_PROMOTED';
const isDraw = (kind) => kind === 'LOTTERY_RESULT';

Page({
  data: { items: [], unread: 0, loading: true, error: null, nextCursor: null },

  onLoad() {
    this.raw = [];
    this.expanded = {};
    // The inbox entry can land a moment after the live event (the service fans out in the background).
    this.off = onLive(() => { this.load(); clearTimeout(this.again); this.again = setTimeout(() => this.load(), 1500); });
  },

  onShow() { this.load(); },
  onUnload() { this.off && this.off(); clearTimeout(this.again); },

  async load(cursor) {
    const res = await get('/me/inbox', { limit: 20, cursor });
    if (!res.ok) { this.setData({ loading: false, error: { message: res.message, code: res.code } }); return; }
    this.raw = cursor ? [...this.raw, ...res.data.items] : res.data.items;
    this.setData({ loading: false, error: null, unread: res.data.unread || 0, nextCursor: res.data.nextCursor });
    getApp().globalData.unread = res.data.unread || 0;
    wx.setTabBarBadge({ pagePath: 'pages/member/inbox/index', text: res.data.unread ? String(Math.min(res.data.unread, 99)) : '' });
    this.paint();
  },

  paint() {
    this.setData({
      items: this.raw.map((m) => {
        const [kindText, kindClass] = KINDS[m.kind] || ['消息', ''];
        return {
          ...m, kindText, kindClass, timeText: time(m.createdAt), expanded: !!this.expanded[m.id],
          link: m.refId && isCampaign(m.kind) ? '查看活动' : m.refId && isDraw(m.kind) ? '查看开奖结果' : '',
        };
      }),
    });
  },

  more() { this.load(this.data.nextCursor); },

  async open(e) {
    const id = Number(e.currentTarget.dataset.id);
    const m = this.raw.find((x) => x.id === id);
    if (!m) return;
    if (this.expanded[id] && m.refId && (isCampaign(m.kind) || isDraw(m.kind))) {
      if (isCampaign(m.kind)) wx.navigateTo({ url: '/pages/member/campaign/index?id=' + m.refId });
      else if (isDraw(m.kind)) wx.navigateTo({ url: '/pages/member/draw/index?id=' + m.refId });
      return;
    }
    this.expanded[id] = true;
    if (!m.read) {
      m.read = true;
      this.setData({ unread: Math.max(0, this.data.unread - 1) });
      getApp().globalData.unread = this.data.unread;
      wx.setTabBarBadge({ pagePath: 'pages/member/inbox/index', text: this.data.unread ? String(Math.min(this.data.unread, 99)) : '' });
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
