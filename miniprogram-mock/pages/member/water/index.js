import { post, intentKey, session } from '/lib/api.js';
import { parseCheckin } from '/lib/checkin.js';
import { countdown } from '/lib/format.js';
import { onLive } from '/lib/live.js';

// The shown code survives a reload until it expires; kept per member (phones are shared at a station).
const storageKey = () => 'water.pickup.' + (((session() || {}).member || {}).id || 'me');

Page({
  data: { pickup: null, done: null, busy: false, msg: null, left: '', expired: false },

  onLoad() {
    const last = wx.getStorageSync(storageKey());
    if (last && new Date(last.expiresAt).getTime() > Date.now()) this.showPickup(last);
    // The service says over the live socket when staff verified the code on screen.
    this.offLive = onLive((event) => this.onVerified(event));
  },

  onUnload() { clearInterval(this.timer); if (this.offLive) this.offLive(); },

  onVerified(event) {
    const p = this.data.pickup;
    if (event.type !== 'verified' || event.kind !== 'WATER_PICKUP' || !p || Number(event.refId) !== Number(p.pickupId)) return;
    clearInterval(this.timer);
    wx.removeStorageSync(storageKey());
    this.setData({ pickup: null, done: { item: event.item || '矿泉水 1 瓶', prize: event.prize || null }, msg: null });
  },

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
      wx.setStorageSync(storageKey(), res.data);
      wx.vibrateShort();
      this.showPickup(res.data);
      return;
    }
    if (res.code === 'DAILY_QUOTA_REACHED') {
      // Today's bottle has been handed over: the code on screen is spent.
      clearInterval(this.timer);
      wx.removeStorageSync(storageKey());
      this.setData({ pickup: null });
    }
    this.setData({ msg: { kind: 'error', text: res.message, code: res.code, verify: res.code === 'NOT_VERIFIED' } });
  },

  showPickup(p) {
    clearInterval(this.timer);
    const tick = () => {
      const expired = new Date(p.expiresAt).getTime() <= Date.now();
      this.setData({ left: countdown(p.expiresAt), expired });
      if (expired) clearInterval(this.timer);
    };
    this.setData({ pickup: p, done: null, msg: null });
    tick();
    this.timer = setInterval(tick, 1000);
  },

  verify() { wx.navigateTo({ url: '/pages/member/verify/index' }); },
});
