import { get, post, del, intentKey } from '/lib/api.js';
import { onLive } from '/lib/live.js';
import { time } from '/lib/format.js';

const KIND = { NOTICE: '通知', EVENT: '活动报名', VOTE: '投票' };

Page({
  data: {
    c: null, loading: true, msg: null, busy: false, kindText: '', eventTime: '', deadline: '', voteCloses: '',
    signup: null, seatsText: '', options: [], chosen: 0, voted: false, results: null, ballots: 0,
  },

  onLoad(q) {
    this.id = Number(q.id);
    this.picked = new Set();
    // A waitlist promotion for this event arrives live: show the new status at once.
    this.off = onLive((e) => { if (e.type === 'waitlist-promoted' && Number(e.campaignId) === this.id) this.load(); });
    this.load();
  },

  onUnload() { this.off && this.off(); },

  async load() {
    const res = await get('/campaigns/' + this.id);
    if (!res.ok) {
      this.setData({ loading: false, msg: { kind: 'error', text: res.message, code: res.code } });
      return;
    }
    const c = res.data;
    const mine = c.mine || {};
    wx.setNavigationBarTitle({ title: KIND[c.kind] || '活动' });
    this.setData({
      c, loading: false, kindText: KIND[c.kind] || c.kind,
      eventTime: c.event ? time(c.event.startsAt) : '', deadline: c.event ? time(c.event.signupDeadline) : '',
      seatsText: c.event ? `已报名 ${c.event.confirmed} / ${c.event.capacity}${c.event.waitlisted ? `，候补 ${c.event.waitlisted} 人` : ''}` : '',
      voteCloses: c.vote ? time(c.vote.closesAt) : '',
      signup: mine.signup && mine.signup.status !== 'CANCELLED' ? mine.signup : null,
      voted: !!(mine.votedOptionIds && mine.votedOptionIds.length),
    });
    if (mine.votedOptionIds) this.picked = new Set(mine.votedOptionIds.map(String));
    if (c.kind === 'VOTE' && (this.data.voted || c.vote.closed)) this.loadResults();
    this.paintOptions();
  },

  async loadResults() {
    const res = await get(`/campaigns/${this.id}/results`);
    if (!res.ok) return;
    const counts = {};
    for (const o of res.data.options || []) counts[o.id] = o.votes || 0;
    this.setData({ results: counts, ballots: res.data.ballots || 0 });
    this.paintOptions();
  },

  paintOptions() {
    const c = this.data.c;
    if (!c || !c.vote) return;
    const counts = this.data.results || {};
    const ballots = this.data.ballots || 1;
    this.setData({
      chosen: this.picked.size,
      options: c.vote.options.map((o) => ({
        id: o.id, label: o.label, on: this.picked.has(String(o.id)), count: counts[o.id] || 0,
        pct: Math.round(((counts[o.id] || 0) / ballots) * 100),
      })),
    });
  },

  toggle(e) {
    if (this.data.voted || this.data.c.vote.closed) return;
    const id = String(e.currentTarget.dataset.id);
    if (this.picked.has(id)) this.picked.delete(id);
    else if (this.picked.size < (this.data.c.vote.maxChoices || 1)) this.picked.add(id);
    else { wx.showToast({ title: `最多选 ${this.data.c.vote.maxChoices} 项`, icon: 'none' }); return; }
    this.paintOptions();
  },

  async vote() {
    if (this.data.busy) return;
    this.voteKey = this.voteKey || intentKey();
    this.setData({ busy: true, msg: null });
    const optionIds = [...this.picked].map(Number);
    const res = await post(`/campaigns/${this.id}/votes`, { optionIds }, { header: { 'Idempotency-Key': this.voteKey } });
    this.setData({ busy: false });
    if (res.ok) {
      this.voteKey = null;
      this.setData({ voted: true, msg: { kind: 'ok', text: '投票成功，感谢参与！' } });
      this.loadResults();
      return;
    }
    if (res.status !== 0 && res.status < 500) this.voteKey = null;
    this.setData({ msg: { kind: res.code === 'ALREADY_VOTED' ? 'warn' : 'error', text: res.message, code: res.code } });
    if (res.code === 'ALREADY_VOTED') this.load();
  },

  async signUp() {
    if (this.data.busy) return;
    this.signupKey = this.signupKey || intentKey();
    this.setData({ busy: true, msg: null });
    const res = await post(`/campaigns/${this.id}/signups`, undefined, { header: { 'Idempotency-Key': this.signupKey } });
    this.setData({ busy: false });
    if (res.ok) { this.signupKey = null; this.setData({ signup: res.data }); this.load(); return; }
    if (res.status !== 0 && res.status < 500) this.signupKey = null;
    if (res.code === 'ALREADY_SIGNED_UP' && res.data && res.data.signup) this.setData({ signup: res.data.signup });
    this.setData({ msg: { kind: res.code === 'ALREADY_SIGNED_UP' ? 'warn' : 'error', text: res.message, code: res.code } });
  },

  cancelSignup() {
    wx.showModal({
      title: '取消报名？', content: '取消后名额让给候补的工友。', confirmText: '取消报名', cancelText: '再想想',
      success: async ({ confirm }) => {
        if (!confirm) return;
        this.setData({ busy: true });
        const res = await del(`/campaigns/${this.id}/signups`);
        this.setData({ busy: false });
        if (res.ok) { this.setData({ signup: null, msg: { kind: 'ok', text: '已取消报名' } }); this.load(); }
        else this.setData({ msg: { kind: 'error', text: res.message, code: res.code } });
      },
    });
  },
});
