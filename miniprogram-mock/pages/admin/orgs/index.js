import { post } from '/lib/api.js';
import { orgTree } from '/lib/admin.js';

// The union hierarchy as far as this admin reaches (市总 → 区总 → 街道 / 企业工会), with members and stations
// rolled up, and a form for a new org below any of them.
Page({
  data: { orgs: [], loading: true, error: null, newId: '', newName: '', parentId: null },

  onShow() { this.load(); },

  async load() {
    const res = await orgTree({ fresh: true });
    if (!res.ok) { this.setData({ loading: false, error: { message: res.message, code: res.code } }); return; }
    const top = res.data.length ? res.data[0].depth : 0;
    this.setData({
      loading: false, error: null,
      orgs: res.data.map((o) => ({ ...o, indent: 12 + (o.depth - top) * 18 })),
      parentId: this.data.parentId || (res.data[0] && res.data[0].id),
    });
  },

  pickParent(e) { this.setData({ parentId: e.currentTarget.dataset.id }); },

  async create() {
    const id = this.data.newId.trim();
    const name = this.data.newName.trim();
    if (!id || !name) { wx.showToast({ title: '请填写代码和名称', icon: 'none' }); return; }
    const res = await post('/admin/orgs', { id, name, parentId: this.data.parentId });
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    wx.showToast({ title: '已创建', icon: 'success' });
    this.setData({ newId: '', newName: '' });
    this.load();
  },
});
