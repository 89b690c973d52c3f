// The one case page the member (求助详情) and the assigned caseworker (个案详情) share. What the caller may
// do comes from the case itself (allowedTransitions: withdraw/close for the member, the work moves for the
// caseworker); the signed-in role only picks the upload endpoint, the title and whether a rating is asked.
import { call, get, post, session } from '/lib/api.js';
import { time } from '/lib/format.js';
import { CASE_STATUS, summary, upload } from '/lib/cases.js';
import { reloadOnLive } from '/lib/live.js';

const ACTIONS = { ...CASE_STATUS, ASSIGNED: '改派', MESSAGE: '留言', RATED: '评价' };
const MOVE_LABELS = { IN_PROGRESS: '开始处理', RESOLVED: '已解决', REJECTED: '不予受理', WITHDRAWN: '撤回求助', CLOSED: '结案' };
const ACTORS = { member: '求助人', caseworker: '专员', admin: '管理员', system: '系统' };
const UPLOADS = { member: '/me/attachments', caseworker: '/caseworker/attachments' };

/** Status, files, timeline, messages, reply, the moves this caller may make, and the rating. */
Page({
  data: { c: null, error: null, text: '', note: '', pending: [], busy: false, score: 5, comment: '', stars: [1, 2, 3, 4, 5] },

  onLoad(q) {
    this.id = Number(q.id);
    this.role = (session() || {}).role;
    if (this.role === 'caseworker') wx.setNavigationBarTitle({ title: '个案详情' });
    // the other side's message or move shows at once (member: /me/live, caseworker: /console/live)
    this.offLive = reloadOnLive(this, (e) => e.type === 'case' && Number(e.caseId) === this.id);
  },
  onUnload() { if (this.offLive) this.offLive(); },
  onShow() { this.load(); },

  async load() {
    const res = await get('/cases/' + this.id);
    if (!res.ok) { this.setData({ c: null, error: { message: res.message, code: res.code } }); return; }
    const c = res.data;
    this.setData({
      error: null,
      c: {
        ...summary(c),
        files: c.attachments.map((a) => ({ ...a, label: label(a) })),
        timeline: c.timeline.map((t) => ({ ...t, atText: time(t.at), actionText: ACTIONS[t.action] || t.action, actorText: t.actorName || ACTORS[t.actor] })),
        messages: c.messages.map((m) => ({ ...m, atText: time(m.at), files: m.attachments.map((a) => ({ ...a, label: label(a) })) })),
        moves: c.allowedTransitions.map((to) => ({ to, label: MOVE_LABELS[to] || to })),
        canTalk: !['WITHDRAWN', 'CLOSED'].includes(c.status),
        canRate: this.role === 'member' && c.rating == null && (c.status === 'RESOLVED' || (c.status === 'CLOSED' && c.resolvedAt)),
        ratingText: c.rating ? '★'.repeat(c.rating) + '☆'.repeat(5 - c.rating) : '',
      },
    });
  },

  async pickFile(e) {
    const f = e.detail.files && e.detail.files[0];
    if (!f) return;
    const res = await upload(f, UPLOADS[this.role]);
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    this.setData({ error: null, pending: [...this.data.pending, { ...res.data, name: f.name }] });
  },

  async send() {
    const text = this.data.text.trim();
    if (!text) return;
    this.setData({ busy: true });
    const res = await post('/cases/' + this.id + '/messages', { text, attachmentIds: this.data.pending.map((p) => p.attachmentId) });
    this.setData({ busy: false });
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    this.setData({ text: '', pending: [] });
    this.load();
  },

  async move(e) {
    const to = e.currentTarget.dataset.to;
    const note = this.data.note.trim();
    const res = await post('/cases/' + this.id + '/transitions', note ? { to, note } : { to });
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    this.setData({ note: '' });
    wx.showToast({ title: CASE_STATUS[res.data.status] || res.data.status });
    this.load();
  },

  setScore(e) { this.setData({ score: Number(e.currentTarget.dataset.score) }); },

  async rate() {
    const res = await post('/cases/' + this.id + '/rating', { score: this.data.score, comment: this.data.comment.trim() || undefined });
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    wx.showToast({ title: '感谢评价' });
    this.load();
  },

  /** Files need the bearer token, so they are fetched as bytes and shown from a blob URL. */
  async view(e) {
    const { id, type } = e.currentTarget.dataset;
    const res = await call('GET', '/cases/' + this.id + '/attachments/' + id, null, { responseType: 'arraybuffer' });
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    const url = URL.createObjectURL(new Blob([res.data], { type }));
    if (type.startsWith('image/')) this.setData({ preview: url }); else window.open(url, '_blank');
  },

  closePreview() { this.setData({ preview: null }); },
});

function label(a) {
  const kb = Math.max(1, Math.round(a.size / 1024)) + ' KB';
  return a.type === 'application/pdf' ? 'PDF · ' + kb : '图片 ' + a.width + '×' + a.height + ' · ' + kb;
}
