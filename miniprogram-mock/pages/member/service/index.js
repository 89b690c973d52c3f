import { get, post, put, intentKey } from '/lib/api.js';
import { SERVICE_KINDS, time } from '/lib/format.js';

const WEEK = ['日', '一', '二', '三', '四', '五', '六'];
const pad = (n) => String(n).padStart(2, '0');
const ymd = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const hhmm = (iso) => time(iso).slice(-5);

// One service's days and slots with seats left. With ?move=<bookingId> a tap moves that booking
// (PUT /me/bookings/{id}); otherwise it books (POST …/bookings with an Idempotency-Key per intent).
Page({
  data: { service: null, days: [], day: '', slots: [], loading: true, error: null, moving: null, busy: false, message: null },

  async onLoad(q) {
    this.id = Number(q.id);
    this.moving = q.move ? Number(q.move) : null;
    this.keys = {};
    const now = new Date();
    const days = [];
    for (let i = 0; i < 14; i++) {
      const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + i);
      days.push({ value: ymd(d), label: i === 0 ? '今天' : `${d.getMonth() + 1}/${d.getDate()}`, week: '周' + WEEK[d.getDay()] });
    }
    this.setData({ days, day: q.day || days[0].value, moving: this.moving });
    if (this.moving) wx.setNavigationBarTitle({ title: '改约到其他时段' });
    const res = await get('/services/' + this.id);
    if (res.ok) this.setData({ service: { ...res.data, kindText: SERVICE_KINDS[res.data.kind] || res.data.kind } });
    else this.setData({ error: { message: res.message, code: res.code } });
    this.load();
  },

  async load() {
    const res = await get(`/services/${this.id}/slots`, { from: this.data.day, to: this.data.day });
    if (!res.ok) { this.setData({ loading: false, error: { message: res.message, code: res.code } }); return; }
    const now = Date.now();
    this.setData({
      loading: false,
      slots: res.data.items.map((s) => {
        const past = new Date(s.startsAt).getTime() <= now;
        return {
          ...s, timeText: `${hhmm(s.startsAt)}-${hhmm(s.endsAt)}`, full: s.remaining <= 0, past,
          btnText: past ? '已开始' : s.remaining <= 0 ? '已约满' : this.moving ? '改到此时段' : '预约',
        };
      }),
    });
  },

  pickDay(e) { this.setData({ day: e.currentTarget.dataset.day, loading: true }); this.load(); },

  async book(e) {
    const slotId = Number(e.currentTarget.dataset.id);
    if (this.data.busy) return;
    this.setData({ busy: true, message: null });
    let res;
    if (this.moving) {
      res = await put('/me/bookings/' + this.moving, { slotId });
    } else {
      this.keys[slotId] = this.keys[slotId] || intentKey();
      res = await post(`/services/${this.id}/bookings`, { slotId }, { header: { 'Idempotency-Key': this.keys[slotId] } });
    }
    this.setData({ busy: false });
    if (res.ok) {
      wx.showToast({ title: this.moving ? '已改约' : '预约成功' });
      wx.redirectTo({ url: '/pages/member/bookings/index' });
      return;
    }
    this.setData({ message: { text: res.message, code: res.code } });
    this.load();
  },
});
