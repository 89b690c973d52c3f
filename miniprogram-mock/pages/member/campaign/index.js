import { get, post, del, intentKey } from '/lib/api.js';
import { time } from '/lib/format.js';

const KIND = { NOTICE: '通知', EVENT: '活动报名', VOTE: '投票' };

Page({
  data: { c: null, loading: true, msg: null, busy: false, kindText: '', eventTime: '', deadline: '', voteCloses: '', signup: null, options: [], chosen: 0, voted: false, results: null },

  onLoad(q) {
    this.id = Number(q.id);
    this.picked = new Set();
    this.load();
  },

  async load() {
    const res = await get('/campaigns/' + this.id);
    if (!res.ok) {
      this.setData({ loading: false, msg: res.missing ? { kind: 'warn', text: '活动详情即将上线，请先在消息中查看通知' } : { kind: 'error', text: res.message, code: res.code } });
      return;
    }
    const c = res.data;
    wx.setNavigationBarTitle({ title: KIND[c.kind] || '活动' });
    const saved = (wx.getStorageSync('campaign.state') || {})[this.id] || {};
    this.setData({
      c, loading: false, kindText: KIND[c.kind] || c.kind,
      eventTime: c.event ? time(c.event.startsAt) : '', deadline: c.event ? time(c.event.signupDeadline) : '',
      voteCloses: c.vote ? time(c.vote.closesAt) : '',
      signup: c.mySignup || saved.signup || null, voted: !!(c.myVote || saved.voted),
    });
    if (c.kind === 'VOTE') this.loadResults();
    this.paintOptions();
  },

  remember(patch) {
    const all = wx.getStorageSync('campaign.state') || {};
    all[this.id] = { ...(all[this.id] || {}), ...patch };
    wx.setStorageSync('campaign.state', all);
  },

  async loadResults() {
    const res = await get(`/campaigns/${this.id}/results`);
    if (!res.ok) return;
    // Either {options:[{id,label,count}]} or {counts:{optionId:n}}.
    const d = res.data;
    const counts = {};
    if (Array.isArray(d.options)) for (const o of d.options) counts[o.id] = o.count ?? o.votes ?? 0;
    else if (d.counts) Object.assign(counts, d.counts);
    this.setData({ results: counts });
    this.paintOptions();
  },

  paintOptions() {
    const c = this.data.c;
    if (!c || !c.vote) return;
    const counts = this.data.results || {};
    const total = Object.values(counts).reduce((a, b) => a + Number(b || 0), 0) || 1;
    this.setData({
      chosen: this.picked.size,
      options: (c.vote.options || []).map((o) => (typeof o === 'string' ? { id: o, label: o } : o)).map((o) => ({
        id: o.id, label: o.label, on: this.picked.has(String(o.id)), count: counts[o.id] || 0, pct: Math.round(((counts[o.id] || 0) / total) * 100),
      })),
    });
  },

  toggle(e) {
    if (this.data.voted) return;
    const id = String(e.currentTarget.dataset.id);
    if (this.picked.has(id)) this.picked.delete(id);
    else if (this.picked.size < (this.data.c.vote.maxChoices || 1)) this.picked.add(id);
    else { wx.showToast({ title: `最多选 ${this.data.c.vote.maxChoices} 项`, icon: 'none' }); return; }
    this.paintOptions();
  },

  async vote() {
    this.setData({ busy: true, msg: null });
    const optionIds = [...this.picked].map((x) => (/^\d+$/.test(x) ? Number(x) : x));
    const res = await post(`/campaigns/${this.id}/votes`, { optionIds }, { header: { 'Idempotency-Key': intentKey() } });
    this.setData({ busy: false });
    if (res.ok || res.code === 'ALREADY_VOTED') { this.remember({ voted: true }); this.setData({ voted: true }); this.loadResults(); }
    if (!res.ok) this.setData({ msg: { kind: res.code === 'ALREADY_VOTED' ? 'warn' : 'error', text: res.message, code: res.code } });
  },

  async signUp() {
    this.setData({ busy: true, msg: null });
    const res = await post(`/campaigns/${this.id}/signups`, {}, { header: { 'Idempotency-Key': intentKey() } });
    this.setData({ busy: false });
    if (res.ok) { this.remember({ signup: res.data }); this.setData({ signup: res.data }); return; }
    this.setData({ msg: { kind: 'error', text: res.missing ? '报名功能即将上线' : res.message, code: res.code } });
  },

  async cancelSignup() {
    this.setData({ busy: true });
    const res = await del(`/campaigns/${this.id}/signups`);
    this.setData({ busy: false });
    if (res.ok) { this.remember({ signup: null }); this.setData({ signup: null, msg: { kind: 'ok', text: '已取消报名' } }); }
    else this.setData({ msg: { kind: 'error', text: res.message, code: res.code } });
  },
});
