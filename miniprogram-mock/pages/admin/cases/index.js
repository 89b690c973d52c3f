import { call, get, post } from '/lib/api.js';
import { summary } from '/lib/cases.js';
import { reloadOnLive } from '/lib/live.js';

// 求助个案 for admins: the subtree's cases (all / waiting for assignment / overdue), assignment to a
// caseworker of the subtree, and the figures with a CSV export.
Page({
  data: {
    filters: [{ value: 'all', label: '全部' }, { value: 'SUBMITTED', label: '待分派' }, { value: 'overdue', label: '超期' }],
    filter: 'all', items: [], workers: [], figures: [], error: null,
  },

  onLoad() {
    this.picked = {};
    // a new case filed in the subtree, or one turning overdue, shows at once (/console/live)
    this.offLive = reloadOnLive(this, (e) => e.type === 'case');
  },
  onUnload() { if (this.offLive) this.offLive(); },
  onShow() { this.load(); },

  setFilter(e) { this.setData({ filter: e.currentTarget.dataset.value }); this.load(); },

  async load() {
    const f = this.data.filter;
    const query = { limit: 50, ...(f === 'overdue' ? { overdue: true } : f === 'all' ? {} : { status: f }) };
    const [list, staff, figures] = await Promise.all([get('/admin/cases', query), get('/admin/staff', { limit: 100 }), get('/admin/stats/cases')]);
    const failed = [list, staff, figures].find((r) => !r.ok);
    if (failed) { this.setData({ error: { message: failed.message, code: failed.code } }); return; }
    this.setData({
      error: null,
      items: list.data.items.map((c) => ({ ...summary(c), assignable: ['SUBMITTED', 'ACCEPTED', 'IN_PROGRESS'].includes(c.status) })),
      workers: staff.data.items.filter((s) => s.role === 'caseworker' && !s.disabled),
      figures: figures.data.items.filter((r) => r.opened || r.resolved),
    });
  },

  pick(e) { this.picked[e.currentTarget.dataset.id] = Number(e.detail.value); },

  async assign(e) {
    const id = e.currentTarget.dataset.id;
    if (!this.picked[id]) { wx.showToast({ title: '请先选择专员', icon: 'none' }); return; }
    const res = await post('/admin/cases/' + id + '/assign', { caseworkerId: this.picked[id] });
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    wx.showToast({ title: '已分派' });
    this.load();
  },

  async exportCsv() {
    const res = await call('GET', '/admin/stats/cases.csv', null, { responseType: 'arraybuffer' });
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([res.data], { type: 'text/csv' }));
    a.download = 'zhijia-cases.csv';
    a.click();
  },
});
