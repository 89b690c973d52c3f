import { get, post } from '/lib/api.js';
import { APPLICATION_STATUS, time } from '/lib/format.js';

// The next steps an admin may take from each status (the service refuses others with APPLICATION_TRANSITION_INVALID).
const NEXT = {
  APPLIED: [['VIEWED', '标记已查看'], ['INTERVIEW', '邀请面试'], ['REJECTED', '不合适']],
  VIEWED: [['INTERVIEW', '邀请面试'], ['REJECTED', '不合适']],
  INTERVIEW: [['HIRED', '录用'], ['REJECTED', '不合适']],
};

// A post's applicants: name and phone in full (they applied), and the pipeline buttons.
Page({
  data: { items: [], nextCursor: null, error: null, notes: {} },

  onLoad(q) { this.id = Number(q.id); },

  onShow() { this.load(); },

  async load(cursor) {
    const res = await get(`/admin/jobs/${this.id}/applications`, { limit: 50, cursor });
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    const mapped = res.data.items.map((a) => ({
      ...a, statusText: APPLICATION_STATUS[a.status] || a.status, appliedText: time(a.appliedAt),
      next: (NEXT[a.status] || []).map(([status, label]) => ({ status, label })),
    }));
    this.setData({ error: null, items: cursor ? [...this.data.items, ...mapped] : mapped, nextCursor: res.data.nextCursor });
  },

  more() { this.load(this.data.nextCursor); },
  note(e) { this.setData({ notes: { ...this.data.notes, [e.currentTarget.dataset.id]: e.detail.value } }); },

  async move(e) {
    const { id, status } = e.currentTarget.dataset;
    const note = (this.data.notes[id] || '').trim();
    const res = await post(`/admin/applications/${id}/status`, note ? { status, note } : { status });
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    wx.showToast({ title: APPLICATION_STATUS[status], icon: 'success' });
    this.load();
  },
});
