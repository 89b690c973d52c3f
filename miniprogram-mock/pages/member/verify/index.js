import { post } from '/lib/api.js';
import { maskCard } from '/lib/format.js';

Page({
  data: {
    name: '', cardNo: '', busy: false, error: null, done: false, doneText: '', first: false,
    joinMode: false, applied: null, jName: '', jPhone: '', jEmployer: '', jOccupation: '',
  },

  onLoad(q) { this.setData({ first: q.first === '1' }); },

  async verify() {
    const name = this.data.name.trim();
    const cardNo = this.data.cardNo.trim();
    if (!name || !cardNo) { this.setData({ error: { message: '请填写姓名和会员卡号', code: '' } }); return; }
    this.setData({ busy: true, error: null });
    const res = await post('/me/verification', { name, cardNo });
    if (res.ok || res.code === 'ALREADY_VERIFIED') {
      const p = res.data || {};
      this.setData({ busy: false, done: true, doneText: p.cardNo ? `${p.name} · 卡号 ${maskCard(p.cardNo)}` : '您已是认证会员' });
      return;
    }
    this.setData({ busy: false, error: { message: res.message, code: res.code } });
  },

  toggleJoin() { this.setData({ joinMode: !this.data.joinMode, error: null }); },

  async apply() {
    const d = this.data;
    if (!/^1\d{10}$/.test(d.jPhone.trim())) { this.setData({ error: { message: '请填写 11 位手机号', code: '' } }); return; }
    this.setData({ busy: true, error: null });
    const res = await post('/me/join-application', {
      name: d.jName.trim(), phone: d.jPhone.trim(), employer: d.jEmployer.trim(), occupation: d.jOccupation.trim(),
    });
    this.setData({ busy: false });
    if (res.ok) this.setData({ applied: res.data });
    else this.setData({ error: { message: res.message, code: res.code } });
  },

  home() { wx.reLaunch({ url: '/pages/member/home/index' }); },
});
