import { BASE, del, get, post, session } from '/lib/api.js';
import { JOB_STATUS, isoWithOffset, localInput, salary } from '/lib/format.js';
import { splitList } from '/lib/admin.js';

const DAY = 24 * 3600_000;

// 岗位管理: post a job (for a job fair), the posts with their views, applications and hires, figures per month.
Page({
  data: {
    items: [], nextCursor: null, error: null, msg: null, busy: false, figures: [],
    categories: [], districts: [],
    title: '', employer: '', category: '', district: '', address: '', lat: '', lng: '', salaryMin: '4000', salaryMax: '6000',
    headcount: '5', closesAt: '', description: '', tags: '',
  },

  async onLoad() {
    const home = getApp().globalData.defaultLocation;
    this.setData({ lat: home.lat.toFixed(6), lng: home.lng.toFixed(6), closesAt: localInput(Date.now() + 30 * DAY) });
    const [cats, dists] = await Promise.all([get('/jobs/categories'), get('/jobs/districts')]);
    this.setData({
      categories: cats.ok ? cats.data : [], districts: dists.ok ? dists.data : [],
      category: cats.ok && cats.data.length ? cats.data[0].code : '', district: dists.ok && dists.data.length ? dists.data[0].code : '',
    });
  },

  onShow() { this.load(); this.loadFigures(); },

  async load(cursor) {
    const res = await get('/admin/jobs', { limit: 30, cursor });
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    const mapped = res.data.items.map((j) => ({ ...j, salaryText: salary(j.salaryMin, j.salaryMax), statusText: JOB_STATUS[j.status] || j.status }));
    this.setData({ error: null, items: cursor ? [...this.data.items, ...mapped] : mapped, nextCursor: res.data.nextCursor });
  },

  async loadFigures() {
    const res = await get('/admin/stats/jobs');
    if (res.ok) this.setData({ figures: res.data.items.slice(-12).reverse() });
  },

  more() { this.load(this.data.nextCursor); },
  pickCategory(e) { this.setData({ category: e.detail.value }); },
  pickDistrict(e) { this.setData({ district: e.detail.value }); },

  async save() {
    const d = this.data;
    const body = {
      title: d.title.trim(), employer: d.employer.trim(), category: d.category, district: d.district, address: d.address.trim(),
      lat: Number(d.lat), lng: Number(d.lng), salaryMin: Number(d.salaryMin), salaryMax: Number(d.salaryMax), headcount: Number(d.headcount),
      closesAt: isoWithOffset(d.closesAt), description: d.description.trim(), tags: splitList(d.tags),
    };
    if (!body.title || !body.employer) { this.setData({ msg: { kind: 'error', text: '请填写岗位名称和用人单位' } }); return; }
    this.setData({ busy: true, msg: null });
    const res = await post('/admin/jobs', body);
    this.setData({ busy: false });
    if (!res.ok) { this.setData({ msg: { kind: 'error', text: res.message, code: res.code } }); return; }
    this.setData({ msg: { kind: 'ok', text: '已发布：' + res.data.title }, title: '', employer: '', description: '', tags: '' });
    this.load();
  },

  applicants(e) { wx.navigateTo({ url: '/pages/admin/job-applicants/index?id=' + e.currentTarget.dataset.id }); },

  async remove(e) {
    const res = await del('/admin/jobs/' + e.currentTarget.dataset.id);
    if (!res.ok) { this.setData({ msg: { kind: 'error', text: res.message, code: res.code } }); return; }
    wx.showToast({ title: '已下架' });
    this.load();
  },

  async exportCsv() {
    const r = await fetch(`${BASE}/admin/stats/jobs.csv`, { headers: { Authorization: 'Bearer ' + session().accessToken } });
    if (!r.ok) { wx.showToast({ title: '导出失败（HTTP ' + r.status + '）', icon: 'none' }); return; }
    const url = URL.createObjectURL(await r.blob());
    const a = document.createElement('a');
    a.href = url; a.download = 'zhijia-jobs.csv'; a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  },
});
