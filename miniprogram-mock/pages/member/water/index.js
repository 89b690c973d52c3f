import { post, intentKey } from '/lib/api.js';
import { parseCheckin } from '/lib/checkin.js';
import { countdown } from '/lib/format.js';

Page({
  data: { pickup: null, busy: false, msg: null, left: '', expired: false },

  onLoad() {
    const last = wx.getStorageSync('water.pickup');
    if (last && new Date(last.expiresAt).getTime() > Date.now()) this.showPickup(last);
  },

  onUnload() { clearInterval(this.timer); },

  scan() {
    wx.scanCode({
      onlyFromCamera: false,
      success: ({ result }) => this.pickup(result),
      fail: () => {},
    });
  },

  async pickup(text) {
    const checkin = parseCheckin(text);
    if (!checkin) { this.setData({ msg: { kind: 'error', text: '这不是驿站签到码，请扫描工作人员出示的二维码' } }); return; }
    this.setData({ busy: true, msg: null });
    const res = await post('/water/pickups', { stationId: checkin.stationId, checkinToken: checkin.token }, { header: { 'Idempotency-Key': intentKey() } });
    this.setData({ busy: false });
    if (res.ok) {
      wx.setStorageSync('water.pickup', res.data);
      wx.vibrateShort();
      this.showPickup(res.data);
      return;
    }
    if (res.missing) { this.setData({ msg: { kind: 'warn', text: '扫码取水功能即将上线，请先到驿站现场领取', code: 'HTTP 404' } }); return; }
    this.setData({ msg: { kind: 'error', text: res.message, code: res.code, verify: res.code === 'NOT_VERIFIED' } });
  },

  showPickup(p) {
    clearInterval(this.timer);
    const tick = () => {
      const expired = new Date(p.expiresAt).getTime() <= Date.now();
      this.setData({ left: countdown(p.expiresAt), expired });
      if (expired) clearInterval(this.timer);
    };
    this.setData({ pickup: p, msg: null });
    tick();
    this.timer = setInterval(tick, 1000);
  },

  verify() { wx.navigateTo({ url: '/pages/member/verify/index' }); },
});
