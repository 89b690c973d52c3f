import { get, post } from '/lib/api.js';
import { time } from '/lib/format.js';
import { myStations, currentStationId, chooseStation } from '/lib/staff.js';

const KIND = { WATER_PICKUP: '领水', BENEFIT_CLAIM: '福利', BOOKING: '预约' };
const hhmm = (iso) => time(iso).slice(-5);

Page({
  data: { stations: [], current: null, stationName: '', code: '', busy: false, result: null, today: [], todayError: null },

  onLoad() { this.done = []; },

  async onShow() {
    const { stations } = await myStations();
    const current = currentStationId(stations);
    const st = stations.find((s) => s.id === current);
    this.setData({ stations, current, stationName: st ? st.name : '' });
    this.loadToday();
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
      // The service answers a staff member's repeat of a code they already redeemed with the same
      // 200 and `repeat: true` (a safe retry); the counter must not hand the item over twice.
      if (r.repeat) {
        const earlier = this.done.find((x) => x.kind === r.kind && x.refId === r.refId);
        this.setData({ code: '', result: { ok: false, repeat: true, title: '此码已核销过', detail: `您已在 ${earlier ? hhmm(earlier.at) : '之前'} 核销（${r.item || ''}），请勿重复发放`, code: 'REPEAT' } });
        return;
      }
      this.setData({ code: '', result: { ok: true, title: '核销成功', kindText: KIND[r.kind] || r.kind, item: r.item || '', memberName: r.memberName || '', prize } });
      wx.vibrateShort();
      this.loadToday();
    } else {
      this.setData({ result: { ok: false, title: '核销失败', detail: res.message, code: res.code } });
    }
  },

  /** Today's verifications at this staff member's stations (GET /staff/verifications), newest first. */
  async loadToday() {
    const res = await get('/staff/verifications');
    if (!res.ok) { this.setData({ todayError: { message: res.message, code: res.code } }); return; }
    this.done = res.data;
    const names = Object.fromEntries(this.data.stations.map((s) => [s.id, s.name]));
    this.setData({
      todayError: null,
      today: this.done.map((x) => ({
        id: x.id, kindText: KIND[x.kind] || x.kind, item: x.item || '', memberName: x.memberName || '', timeText: hhmm(x.at),
        stationText: this.data.stations.length > 1 ? names[x.stationId] || '#' + x.stationId : '',
      })),
    });
  },
});
