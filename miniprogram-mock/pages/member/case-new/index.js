import { post } from '/lib/api.js';
import { options } from '/lib/format.js';
import { CASE_CATEGORIES, upload } from '/lib/cases.js';

// 我要求助: category, what happened, a phone number and photos of the documents (uploaded one by one as picked).
Page({
  data: {
    categories: options(CASE_CATEGORIES), category: 'WAGE_ARREARS', title: '', description: '', contactPhone: '',
    files: [], busy: false, error: null,
  },

  setCategory(e) { this.setData({ category: e.detail.value }); },

  async pickFile(e) {
    const f = e.detail.files && e.detail.files[0];
    if (!f) return;
    const res = await upload(f);
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    const typeText = res.data.type === 'application/pdf' ? 'PDF' : '图片';
    this.setData({ error: null, files: [...this.data.files, { ...res.data, name: f.name, typeText }] });
  },

  async submit() {
    this.setData({ busy: true, error: null });
    const d = this.data;
    const res = await post('/me/cases', {
      category: d.category, title: d.title.trim(), description: d.description.trim(), contactPhone: d.contactPhone.trim(),
      attachmentIds: d.files.map((f) => f.attachmentId),
    });
    this.setData({ busy: false });
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    wx.showToast({ title: '已提交 ' + res.data.number });
    wx.redirectTo({ url: '/pages/case/index?id=' + res.data.caseId });
  },
});
