import { get, logout } from '/lib/api.js';
import { summary } from '/lib/cases.js';
import { reloadOnLive } from '/lib/live.js';

// A caseworker's home: how many open cases they hold and how many wait for their answer, then the cases;
// a case given to them or taken away, or a member's message, refreshes it live (/console/live).
Page({
  data: { items: [], open: 0, waiting: 0, error: null },

  onLoad() { this.offLive = reloadOnLive(this, (e) => e.type === 'case'); },
  onUnload() { if (this.offLive) this.offLive(); },
  onShow() { this.load(); },

  async load() {
    const [count, list] = await Promise.all([get('/caseworker/cases/summary'), get('/caseworker/cases', { limit: 50 })]);
    const failed = [count, list].find((r) => !r.ok);
    if (failed) { this.setData({ error: { message: failed.message, code: failed.code } }); return; }
    this.setData({ error: null, open: count.data.open, waiting: count.data.waiting, items: list.data.items.map(summary) });
  },

  open(e) { wx.navigateTo({ url: '/pages/case/index?id=' + e.currentTarget.dataset.id }); },
  logout() { logout(); },
});
