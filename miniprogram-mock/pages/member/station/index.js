import { get, post, intentKey } from '/lib/api.js';
import { STATION_TYPES, SERVICES, REPORT_KINDS, REVIEW_TAGS, stars, rating } from '/lib/format.js';

Page({
  data: {
    s: null, error: null, typeText: '', hoursText: '', serviceTexts: [], starText: '', ratingText: '',
    tags: REVIEW_TAGS.map((label) => ({ label, on: false })), score: 0, reviewBusy: false, reviewed: false, reviewMsg: null,
    reviews: [], kinds: REPORT_KINDS, kind: REPORT_KINDS[0].value, comment: '', reportBusy: false, reportMsg: null,
  },

  onLoad(q) {
    this.id = Number(q.id);
    this.load();
  },

  async load() {
    const res = await get('/stations/' + this.id);
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    const s = res.data;
    const h = s.hours || {};
    this.setData({
      s, error: null,
      typeText: STATION_TYPES[s.type] || s.type,
      hoursText: s.open24h || h.open24h ? '24 小时开放' : `${h.opens || '?'} – ${h.closes || '?'}`,
      serviceTexts: (s.services || []).map((x) => SERVICES[x] || x),
      starText: stars(s.rating),
      ratingText: rating(s.rating, s.ratingCount),
    });
    wx.setNavigationBarTitle({ title: s.name });
    this.loadReviews();
  },

  async loadReviews() {
    const res = await get('/stations/' + this.id + '/reviews', { limit: 5 });
    if (!res.ok) return; // not there yet, or not public: the section stays hidden
    this.setData({
      reviews: (res.data.items || []).map((r, i) => ({
        id: r.id || i, who: r.reviewer || r.memberName || r.nickname || '工友', stars: stars(r.score), comment: r.comment || '', tags: r.tags || [],
      })),
    });
  },

  toggleTag(e) {
    const i = Number(e.currentTarget.dataset.index);
    this.setData({ [`tags[${i}].on`]: !this.data.tags[i].on });
  },

  async review(e) {
    const score = Number(e.currentTarget.dataset.score);
    this.reviewKey = this.reviewKey || intentKey();
    this.setData({ score, reviewBusy: true, reviewMsg: null });
    const tags = this.data.tags.filter((t) => t.on).map((t) => t.label);
    const res = await post(`/stations/${this.id}/reviews`, { score, tags, comment: '' }, { header: { 'Idempotency-Key': this.reviewKey } });
    if (res.ok) {
      this.setData({ reviewBusy: false, reviewed: true, reviewMsg: { kind: 'ok', text: `感谢您的 ${score} 星评价！` } });
      this.load();
      return;
    }
    this.reviewKey = null;
    this.setData({ reviewBusy: false, score: 0, reviewed: res.code === 'ALREADY_REVIEWED_TODAY', reviewMsg: { kind: 'error', text: res.message, code: res.code || String(res.status) } });
  },

  setKind(e) { this.setData({ kind: e.detail.value }); },

  async report() {
    this.setData({ reportBusy: true, reportMsg: null });
    const res = await post(`/stations/${this.id}/reports`, { kind: this.data.kind, comment: this.data.comment.trim() });
    if (res.ok) { this.setData({ reportBusy: false, comment: '', reportMsg: { kind: 'ok', text: '已提交，工会会尽快处理，谢谢！' } }); return; }
    this.setData({ reportBusy: false, reportMsg: { kind: 'error', text: res.message, code: res.code || String(res.status) } });
  },

  water() { wx.navigateTo({ url: '/pages/member/water/index?stationId=' + this.id }); },
});
