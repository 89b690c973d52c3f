import { get } from '/lib/api.js';
import { CONTEST_STATUS } from '/lib/format.js';
import { downloadCsv } from '/lib/admin.js';

// A contest's results: participants, attempts, score distribution, each question's correct rate (hardest
// first), the top of the ranking with names in full, and the prizes once awarded.
Page({
  data: { r: null, error: null, questions: [], distribution: [], statusText: '' },

  onLoad(q) { this.id = q.id; },
  onShow() { this.load(); },

  async load() {
    const res = await get(`/admin/contests/${this.id}/results`);
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    const r = res.data;
    const most = Math.max(1, ...r.distribution.map((b) => b.members));
    this.setData({
      r, error: null, statusText: CONTEST_STATUS[r.contest.status] || r.contest.status,
      questions: [...r.questions].sort((a, b) => (a.correctRate ?? 2) - (b.correctRate ?? 2))
        .map((q) => ({ ...q, rateText: q.correctRate == null ? '—' : Math.round(q.correctRate * 100) + '%' })),
      distribution: r.distribution.map((b) => ({ ...b, width: Math.round((100 * b.members) / most) })),
    });
  },

  exportCsv() { downloadCsv(`/admin/contests/${this.id}/results.csv`, `zhijia-contest-${this.id}.csv`); },
});
