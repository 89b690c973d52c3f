import { get } from '/lib/api.js';
import { distance, salary } from '/lib/format.js';

const SALARY_FLOORS = [0, 3000, 5000, 8000, 10000];

// 找工作: words (Chinese works: 快递 finds 快递分拣员), category, district, salary floor, nearest first.
Page({
  data: {
    q: '', category: '', district: '', salaryMin: '0', near: false, items: [], nextCursor: null, loading: true, error: null,
    categoryOptions: [{ value: '', label: '全部工种' }], districtOptions: [{ value: '', label: '全部区域' }],
    salaryOptions: SALARY_FLOORS.map((s) => ({ value: String(s), label: s ? `${s} 元以上` : '薪资不限' })),
  },

  async onLoad() {
    const [cats, dists] = await Promise.all([get('/jobs/categories', null, { auth: false }), get('/jobs/districts', null, { auth: false })]);
    if (cats.ok) this.setData({ categoryOptions: [{ value: '', label: '全部工种' }, ...cats.data.map((c) => ({ value: c.code, label: c.name }))] });
    if (dists.ok) this.setData({ districtOptions: [{ value: '', label: '全部区域' }, ...dists.data.map((c) => ({ value: c.code, label: c.name }))] });
    this.search();
  },

  async search(cursor) {
    if (this.data.near && !this.here) { this.locate(); return; }
    this.setData({ loading: !cursor, error: null });
    const d = this.data;
    const res = await get('/jobs', {
      q: d.q.trim() || undefined, category: d.category || undefined, district: d.district || undefined,
      salaryMin: Number(d.salaryMin) || undefined, limit: 20, cursor,
      ...(d.near ? { lat: this.here.lat.toFixed(6), lng: this.here.lng.toFixed(6), radius: 20000 } : {}),
    }, { auth: false });
    if (!res.ok) { this.setData({ loading: false, error: { message: res.message, code: res.code } }); return; }
    const mapped = res.data.items.map((j) => ({
      ...j, salaryText: salary(j.salaryMin, j.salaryMax), distanceText: j.distanceMeters == null ? '' : distance(j.distanceMeters),
      seatsText: `招 ${j.headcount} 人`,
    }));
    this.setData({ loading: false, items: cursor ? [...d.items, ...mapped] : mapped, nextCursor: res.data.nextCursor });
  },

  locate() {
    wx.getLocation({
      type: 'gcj02',
      success: (r) => { this.here = { lat: r.latitude, lng: r.longitude }; this.search(); },
      fail: () => { const p = getApp().globalData.defaultLocation; this.here = { lat: p.lat, lng: p.lng }; this.search(); },
    });
  },

  input(e) { this.setData({ q: e.detail.value }); },
  submit() { this.search(); },
  setCategory(e) { this.setData({ category: e.detail.value }); this.search(); },
  setDistrict(e) { this.setData({ district: e.detail.value }); this.search(); },
  setSalary(e) { this.setData({ salaryMin: e.detail.value }); this.search(); },
  setNear(e) { this.setData({ near: !!e.detail.value }); this.search(); },
  more() { this.search(this.data.nextCursor); },
  open(e) { wx.navigateTo({ url: '/pages/member/job/index?id=' + e.currentTarget.dataset.id }); },
  mine() { wx.navigateTo({ url: '/pages/member/applications/index' }); },
});
