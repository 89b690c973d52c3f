import { get, post, intentKey } from '/lib/api.js';
import { localInput, isoWithOffset } from '/lib/format.js';
import { splitList } from '/lib/admin.js';

const KINDS = [{ value: 'NOTICE', label: '通知' }, { value: 'EVENT', label: '活动报名' }, { value: 'VOTE', label: '投票' }];
const KIND_TEXT = Object.fromEntries(KINDS.map((k) => [k.value, k.label]));
const DAY = 86400_000;

Page({
  data: {
    kinds: KINDS, kind: 'NOTICE', title: '', body: '', tags: '', startsAt: '', location: '', capacity: '50', signupDeadline: '',
    options: '摄影\n书法\n短视频剪辑', maxChoices: '2', voteClosesAt: '', busy: false, msg: null, items: [],
  },

  onLoad() {
    const now = Date.now();
    this.setData({ startsAt: localInput(now + 7 * DAY), signupDeadline: localInput(now + 5 * DAY), voteClosesAt: localInput(now + 3 * DAY) });
  },

  onShow() { this.load(); },

  async load() {
    const res = await get('/admin/campaigns', { limit: 30 });
    if (!res.ok) { this.setData({ msg: { kind: 'error', text: res.message, code: res.code } }); return; }
    this.raw = res.data.items;
    this.paint();
  },

  paint() {
    const results = this.results || {};
    this.setData({
      items: (this.raw || []).map((c) => ({
        ...c, kindText: KIND_TEXT[c.kind] || c.kind, published: c.status === 'PUBLISHED',
        detail: c.event ? `报名 ${c.event.confirmed} / ${c.event.capacity}${c.event.waitlisted ? `，候补 ${c.event.waitlisted}` : ''}`
          : c.vote ? `${c.vote.options.length} 个选项，最多选 ${c.vote.maxChoices}${c.vote.closed ? ' · 已截止' : ''}` : '',
        results: results[c.id] || null,
      })),
    });
  },

  async showResults(e) {
    const id = Number(e.currentTarget.dataset.id);
    const res = await get(`/admin/campaigns/${id}/results`);
    if (!res.ok) { this.setData({ msg: { kind: 'error', text: res.message, code: res.code } }); return; }
    this.results = { ...(this.results || {}), [id]: { ballots: res.data.ballots, options: res.data.options } };
    this.paint();
  },

  figures(e) { wx.navigateTo({ url: '/pages/admin/campaign-figures/index?id=' + e.currentTarget.dataset.id }); },

  setKind(e) { this.setData({ kind: e.currentTarget.dataset.value }); },

  async create() {
    const d = this.data;
    const body = { kind: d.kind, title: d.title.trim(), body: d.body.trim(), audience: { tags: splitList(d.tags), orgIds: [] } };
    if (d.kind === 'EVENT') body.event = { startsAt: isoWithOffset(d.startsAt), location: d.location.trim(), capacity: Number(d.capacity), signupDeadline: isoWithOffset(d.signupDeadline) };
    if (d.kind === 'VOTE') body.vote = { options: d.options.split('\n').map((s) => s.trim()).filter(Boolean), maxChoices: Number(d.maxChoices), closesAt: isoWithOffset(d.voteClosesAt) };
    if (!body.title) { this.setData({ msg: { kind: 'error', text: '请填写标题' } }); return; }
    this.setData({ busy: true, msg: null });
    const res = await post('/admin/campaigns', body, { header: { 'Idempotency-Key': intentKey() } });
    this.setData({ busy: false });
    if (!res.ok) { this.setData({ msg: { kind: 'error', text: res.message, code: res.code || String(res.status) } }); return; }
    this.setData({ title: '', body: '', msg: { kind: 'ok', text: `草稿已保存（#${res.data.id}），确认无误后点“发布并推送”` } });
    this.load();
  },

  publish(e) {
    const id = Number(e.currentTarget.dataset.id);
    wx.showModal({
      title: '发布并推送？', content: '推送后目标会员立即收到消息，无法撤回。', confirmText: '发布',
      success: async ({ confirm }) => {
        if (!confirm) return;
        // Publishing is idempotent on the service: a repeated tap gets the same campaign, nothing twice.
        const res = await post(`/admin/campaigns/${id}/publish`);
        if (!res.ok) { this.setData({ msg: { kind: 'error', text: res.message, code: res.code } }); return; }
        this.setData({ msg: { kind: 'ok', text: `「${res.data.title}」已发布：在线会员即时收到，其余会员在消息中查看` } });
        this.load();
      },
    });
  },
});
