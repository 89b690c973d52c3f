import { get, post, intentKey } from '/lib/api.js';
import { BENEFIT_STATUS, time } from '/lib/format.js';

const POLL_MS = 2000;

Page({
  data: {
    status: 'open', items: [], loading: true, error: null, emptyText: '',
    tabs: Object.entries(BENEFIT_STATUS).map(([value, label]) => ({ value, label })),
  },

  onLoad() {
    this.raw = [];
    this.ui = {};        // benefitId → {busy, state, note, noteKind, code, key}
  },

  onShow() {
    this.load();
    this.loadMine();
    clearInterval(this.poll);
    this.poll = setInterval(() => { if (this.data.status !== 'closed') this.load(true); }, POLL_MS);
  },

  onHide() { clearInterval(this.poll); },
  onUnload() { clearInterval(this.poll); },

  setStatus(e) {
    this.raw = [];
    this.setData({ status: e.currentTarget.dataset.status, items: [], loading: true });
    this.load();
  },

  async load(quiet) {
    const status = this.data.status;
    const res = await get('/benefits', { status, limit: 50 });
    if (status !== this.data.status) return;
    if (!res.ok) { if (!quiet) this.setData({ loading: false, error: { message: res.message, code: res.code } }); return; }
    this.raw = res.data.items;
    this.setData({ loading: false, error: null, emptyText: { open: '现在没有正在发放的福利', upcoming: '暂无预告', closed: '没有已结束的福利' }[status] });
    this.paint();
  },

  /** What this member already holds: claims and lottery entries. */
  async loadMine() {
    const [res, entries] = await Promise.all([get('/me/claims', { limit: 100 }), get('/me/entries')]);
    if (res.ok) {
      for (const c of res.data.items) {
        if (c.status === 'CANCELLED') continue;
        const u = this.ui[c.benefitId] || (this.ui[c.benefitId] = {});
        if (!u.busy) Object.assign(u, { state: 'claimed', code: c.status === 'CLAIMED' ? c.code : null, note: c.status === 'REDEEMED' ? '已核销' : '已领取', noteKind: 'ok' });
      }
    }
    if (entries.ok) {
      for (const t of entries.data) {
        const u = this.ui[t.benefitId] || (this.ui[t.benefitId] = {});
        if (u.busy || u.state === 'claimed') continue;
        const result = t.won === true ? ' · 已中签' : t.won === false ? ' · 未中签' : '';
        Object.assign(u, { state: 'entered', note: `已参与 · 券号 #${t.ticket}${result}`, noteKind: 'ok' });
      }
    }
    this.paint();
  },

  paint() {
    const now = Date.now();
    const items = this.raw.map((b) => {
      const u = this.ui[b.id] || {};
      const lottery = b.allocation === 'LOTTERY';
      const opens = new Date(b.opensAt).getTime();
      let btnText; let btnClass = 'btn-primary'; let btnDisabled = false;
      if (u.busy) { btnText = lottery ? '提交中…' : '领取中…'; btnDisabled = true; }
      else if (u.state === 'claimed') { btnText = '已领取'; btnClass = 'btn-plain'; btnDisabled = true; }
      else if (u.state === 'entered') { btnText = b.status === 'closed' ? '查看开奖' : '已参与'; btnClass = 'btn-plain'; btnDisabled = b.status !== 'closed'; }
      else if (b.status === 'upcoming') { btnText = '未开始'; btnDisabled = true; }
      else if (b.status === 'closed') { btnText = lottery ? '查看开奖' : '已结束'; btnClass = 'btn-plain'; btnDisabled = !lottery; }
      else if (u.state === 'soldout' || (!lottery && b.remaining <= 0)) { btnText = '已领完'; btnClass = 'btn-plain'; btnDisabled = true; }
      else btnText = lottery ? '参与抽奖' : '立即领取';
      let note = u.note || '';
      if (!note && b.status === 'upcoming') note = `${time(b.opensAt)} 开抢，还有 ${Math.max(1, Math.round((opens - now) / 60000))} 分钟`;
      return {
        id: b.id, title: b.title, description: b.description, lottery, remaining: b.remaining, totalStock: b.totalStock,
        pct: b.totalStock ? Math.round((b.remaining / b.totalStock) * 100) : 0,
        timeText: `${time(b.opensAt)} 至 ${time(b.closesAt)}`, redeemByText: time(b.redeemBy),
        btnText, btnClass, btnDisabled, note, noteKind: u.noteKind || '', code: u.code || null,
      };
    });
    this.setData({ items });
  },

  async act(e) {
    const id = Number(e.currentTarget.dataset.id);
    const b = this.raw.find((x) => x.id === id);
    if (!b) return;
    const u = this.ui[id] || (this.ui[id] = {});
    if (u.busy) return;
    if (b.status === 'closed' && b.allocation === 'LOTTERY') { wx.navigateTo({ url: '/pages/member/draw/index?id=' + id }); return; }
    u.busy = true;
    u.key = u.key || intentKey(); // the same key across retries of this one intent
    u.note = ''; u.noteKind = '';
    this.paint();
    const lottery = b.allocation === 'LOTTERY';
    const res = await post(`/benefits/${id}/${lottery ? 'entries' : 'claims'}`, undefined, { header: { 'Idempotency-Key': u.key } });
    u.busy = false;
    if (res.ok) {
      u.key = null;
      if (lottery) {
        Object.assign(u, { state: 'entered', note: `已参与 · 券号 #${res.data.ticket}`, noteKind: 'ok' });
        wx.showToast({ title: '已参与抽奖' });
      } else {
        Object.assign(u, { state: 'claimed', code: res.data.code, note: '领取成功！', noteKind: 'ok' });
        wx.showToast({ title: '领取成功' });
      }
    } else {
      const retryable = res.status === 0 || res.status >= 500 || res.code === 'IDEMPOTENCY_KEY_IN_USE';
      if (!retryable) u.key = null;
      const c = res.code;
      if (c === 'BENEFIT_SOLD_OUT') Object.assign(u, { state: 'soldout', note: res.message, noteKind: 'error' });
      else if (c === 'ALREADY_CLAIMED') { Object.assign(u, { state: 'claimed', note: res.message, noteKind: 'warn' }); this.loadMine(); }
      else if (c === 'ALREADY_ENTERED') Object.assign(u, { state: 'entered', note: res.message, noteKind: 'warn' });
      else if (c === 'NOT_VERIFIED') {
        Object.assign(u, { note: res.message, noteKind: 'error' });
        wx.showModal({ title: '需要会员认证', content: '认证工会会员后才能领取福利', confirmText: '去认证', success: (r) => r.confirm && wx.navigateTo({ url: '/pages/member/verify/index' }) });
      } else Object.assign(u, { note: res.message + (retryable ? '，可再点一次' : ''), noteKind: retryable ? 'warn' : 'error' });
    }
    this.paint();
    this.load(true);
  },

  claims() { wx.navigateTo({ url: '/pages/member/claims/index' }); },
});
