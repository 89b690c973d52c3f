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
    if (res.ok) { this.setData({ items: res.data.items.map((c) => this.decorate(c)) }); return; }
    // No list endpoint yet: show the ones made from this phone.
    this.setData({ items: (wx.getStorageSync('admin.campaigns') || []).map((c) => this.decorate(c)) });
  },

  decorate(c) {
    return { ...c, kindText: KIND_TEXT[c.kind] || c.kind, published: !!(c.publishedAt || c.status === 'PUBLISHED' || c.published) };
  },

  remember(c) {
    const list = (wx.getStorageSync('admin.campaigns') || []).filter((x) => x.id !== c.id);
    list.unshift({ id: c.id, title: c.title, kind: c.kind, status: c.status, publishedAt: c.publishedAt, published: c.published });
    wx.setStorageSync('admin.campaigns', list.slice(0, 50));
  },

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
    if (!res.ok) { this.setData({ msg: { kind: res.missing ? 'warn' : 'error', text: res.missing ? '活动发布功能即将上线' : res.message, code: res.code || String(res.status) } }); return; }
    this.remember(res.data);
    this.setData({ title: '', body: '', msg: { kind: 'ok', text: `草稿已保存（#${res.data.id}），确认无误后点“发布并推送”` } });
    this.load();
  },

  publish(e) {
    const id = Number(e.currentTarget.dataset.id);
    wx.showModal({
      title: '发布并推送？', content: '推送后目标会员立即收到消息，无法撤回。', confirmText: '发布',
      success: async ({ confirm }) => {
        if (!confirm) return;
        const res = await post(`/admin/campaigns/${id}/publish`, {}, { header: { 'Idempotency-Key': intentKey() } });
        if (!res.ok) { this.setData({ msg: { kind: 'error', text: res.message, code: res.code } }); return; }
        const c = (wx.getStorageSync('admin.campaigns') || []).find((x) => x.id === id) || { id };
        this.remember({ ...c, ...(res.data || {}), published: true });
        const n = res.data && (res.data.recipients ?? res.data.delivered);
        this.setData({ msg: { kind: 'ok', text: n !== undefined ? `已发布，推送给 ${n} 位会员` : '已发布并推送' } });
        this.load();
      },
    });
  },
});
