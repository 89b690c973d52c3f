import { get, post } from '/lib/api.js';
import { APPLICATION_STATUS, JOB_STATUS, salary, time } from '/lib/format.js';

// A job post and one-tap 投递; an application already made shows where it stands.
Page({
  data: { job: null, mine: null, error: null, busy: false, note: '' },

  onLoad(q) { this.id = Number(q.id); },

  async onShow() {
    const res = await get('/jobs/' + this.id, null, { auth: false });
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    const j = res.data;
    this.setData({
      job: { ...j, salaryText: salary(j.salaryMin, j.salaryMax), closesText: time(j.closesAt), statusText: JOB_STATUS[j.status] || j.status },
    });
    const apps = await get('/me/applications', { limit: 100 });
    const mine = apps.ok ? apps.data.items.find((a) => a.jobId === this.id) : null;
    this.setData({ mine: mine ? { ...mine, statusText: APPLICATION_STATUS[mine.status] || mine.status } : null });
  },

  input(e) { this.setData({ note: e.detail.value }); },

  async apply() {
    this.setData({ busy: true, error: null });
    const note = this.data.note.trim();
    const res = await post(`/jobs/${this.id}/applications`, note ? { note } : {});
    this.setData({ busy: false });
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    wx.showToast({ title: '已投递', icon: 'success' });
    this.onShow();
  },
});
