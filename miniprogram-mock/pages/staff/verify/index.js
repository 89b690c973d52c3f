import { post } from '/lib/api.js';
import { time } from '/lib/format.js';
import { myStations, currentStationId, chooseStation } from '/lib/staff.js';

const KIND = { WATER_PICKUP: '领水', BENEFIT_CLAIM: '福利' };
const todayKey = () => new Date().toDateString();

Page({
  data: { stations: [], current: null, stationName: '', code: '', busy: false, result: null, today: [] },

  async onShow() {
    const { stations } = await myStations();
    const current = currentStationId(stations);
    const st = stations.find((s) => s.id === current);
    this.setData({ stations, current, stationName: st ? st.name : '' });
    this.paintToday();
  },

  pick(e) { chooseStation(e.detail.value); this.setData({ current: Number(e.detail.value) }); },

  scan() {
    wx.scanCode({ success: ({ result }) => { const m = /\d{6,8}/.exec(result); if (m) { this.setData({ code: m[0] }); this.verify(); } } });
  },

  async verify() {
    const code = (this.data.code || '').replace(/\s+/g, '');
    if (!/^(\d{6}|\d{8})$/.test(code)) { this.setData({ result: { ok: false, title: '码的格式不对', detail: '请输入 6 或 8 位数字', code: '' } }); return; }
    if (this.data.busy) return;
    this.setData({ busy: true, result: null });
    const body = { code };
    if (this.data.stations.length > 1 && this.data.current) body.stationId = this.data.current;
    const res = await post('/staff/verifications', body);
    this.setData({ busy: false });
    if (res.ok) {
      const r = res.data;
      const prize = r.prize ? (r.prize.name || String(r.prize)) : null;
      const log = (wx.getStorageSync('staff.verifications') || []).filter((x) => x.day === todayKey());
      // The service answers a staff member's repeat of a code they already redeemed with the same
      // 200 (a safe retry); the counter must not hand the item over twice.
      const earlier = r.refId !== undefined && log.find((x) => x.kind === r.kind && x.refId === r.refId);
      if (earlier || r.repeat) {
        this.setData({ code: '', result: { ok: false, repeat: true, title: '此码已核销过', detail: `您已在 ${earlier ? time(earlier.at).slice(-5) : '之前'} 核销（${r.item || ''}），请勿重复发放`, code: 'REPEAT' } });
        return;
      }
      this.setData({ code: '', result: { ok: true, title: '核销成功', kindText: KIND[r.kind] || r.kind, item: r.item || '', memberName: r.memberName || '', prize } });
      wx.vibrateShort();
      log.unshift({ day: todayKey(), at: new Date().toISOString(), kind: r.kind, refId: r.refId, item: r.item, memberName: r.memberName });
      wx.setStorageSync('staff.verifications', log.slice(0, 200));
      this.paintToday();
    } else {
      this.setData({ result: { ok: false, title: '核销失败', detail: res.message, code: res.code } });
    }
  },

  paintToday() {
    const log = (wx.getStorageSync('staff.verifications') || []).filter((x) => x.day === todayKey());
    this.setData({ today: log.map((x) => ({ ...x, kindText: KIND[x.kind] || x.kind, timeText: time(x.at).slice(-5) })) });
  },
});
