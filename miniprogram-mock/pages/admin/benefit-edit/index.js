import { get, post, put } from '/lib/api.js';
import { localInput, isoWithOffset } from '/lib/format.js';
import { allStations, splitList } from '/lib/admin.js';

const HOUR = 3600_000;

Page({
  data: {
    id: null, title: '', description: '', allocation: 'FIRST_COME', totalStock: '100',
    opensAt: '', closesAt: '', redeemBy: '', stations: [], tags: '', orgIds: '', busy: false, error: null,
  },

  async onLoad(q) {
    this.picked = new Set();
    const now = Date.now();
    this.setData({ opensAt: localInput(now), closesAt: localInput(now + 24 * HOUR), redeemBy: localInput(now + 7 * 24 * HOUR) });
    if (q.id) {
      wx.setNavigationBarTitle({ title: '修改福利' });
      const res = await get('/benefits/' + q.id);
      if (res.ok) {
        const b = res.data;
        (b.stationIds || []).forEach((id) => this.picked.add(id));
        this.setData({
          id: b.id, title: b.title, description: b.description || '', allocation: b.allocation, totalStock: String(b.totalStock),
          opensAt: localInput(b.opensAt), closesAt: localInput(b.closesAt), redeemBy: localInput(b.redeemBy),
          tags: (b.eligibility && b.eligibility.tags || []).join(', '), orgIds: (b.eligibility && b.eligibility.orgIds || []).join(', '),
        });
      }
    }
    const { stations } = await allStations();
    this.all = stations;
    this.paintStations();
  },

  paintStations() {
    this.setData({ stations: (this.all || []).map((s) => ({ id: s.id, name: s.name, on: this.picked.has(s.id) })) });
  },

  setAlloc(e) { this.setData({ allocation: e.currentTarget.dataset.value }); },

  toggleStation(e) {
    const id = Number(e.currentTarget.dataset.id);
    if (e.detail.value) this.picked.add(id); else this.picked.delete(id);
    this.paintStations();
  },

  async save() {
    const d = this.data;
    const body = {
      title: d.title.trim(), description: d.description.trim() || null, allocation: d.allocation,
      totalStock: Number(d.totalStock), perMemberLimit: 1,
      opensAt: isoWithOffset(d.opensAt), closesAt: isoWithOffset(d.closesAt), redeemBy: isoWithOffset(d.redeemBy),
      stationIds: [...this.picked],
      eligibility: { tags: splitList(d.tags), orgIds: splitList(d.orgIds) },
    };
    if (!body.title) { this.setData({ error: { message: '请填写标题', code: '' } }); return; }
    if (!body.opensAt || !body.closesAt || !body.redeemBy) { this.setData({ error: { message: '请填写完整的时间', code: '' } }); return; }
    this.setData({ busy: true, error: null });
    const res = d.id ? await put('/admin/benefits/' + d.id, body) : await post('/admin/benefits', body);
    this.setData({ busy: false });
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    wx.showToast({ title: d.id ? '已保存' : '已发布' });
    setTimeout(() => wx.navigateBack(), 600);
  },
});
