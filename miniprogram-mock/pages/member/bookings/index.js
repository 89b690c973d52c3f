import { get, del } from '/lib/api.js';
import { BOOKING_STATUS, SERVICE_KINDS, time } from '/lib/format.js';
import { onLive } from '/lib/live.js';

const STATUS_CLASS = { BOOKED: 'green', VERIFIED: 'gray', NO_SHOW: 'orange', CANCELLED: 'gray' };
const hhmm = (iso) => time(iso).slice(-5);

Page({
  data: { items: [], loading: true, error: null },

  onLoad() {
    this.open = {};
    // A code verified at the counter turns to 已核销 here while the member still holds up the phone.
    this.offLive = onLive((event) => { if (event.type === 'verified' && event.kind === 'BOOKING') this.load(); });
  },

  onUnload() { if (this.offLive) this.offLive(); },

  onShow() { this.load(); },

  async load() {
    const res = await get('/me/bookings', { limit: 50 });
    if (!res.ok) { this.setData({ loading: false, error: { message: res.message, code: res.code } }); return; }
    this.raw = res.data.items;
    const first = this.raw.find((b) => b.status === 'BOOKED');
    if (first && Object.keys(this.open).length === 0) this.open[first.bookingId] = true;
    this.paint();
  },

  paint() {
    const now = Date.now();
    this.setData({
      loading: false, error: null,
      items: this.raw.map((b) => ({
        ...b, live: b.status === 'BOOKED', open: !!this.open[b.bookingId], kindText: SERVICE_KINDS[b.kind] || b.kind,
        statusText: BOOKING_STATUS[b.status] || b.status, statusClass: STATUS_CLASS[b.status] || '',
        timeText: `${time(b.startsAt)}-${hhmm(b.endsAt)}`,
        changeable: b.status === 'BOOKED' && new Date(b.cancelBefore).getTime() > now,
        cancelText: time(b.cancelBefore),
      })),
    });
  },

  toggle(e) {
    const id = e.currentTarget.dataset.id;
    this.open[id] = !this.open[id];
    this.paint();
  },

  move(e) {
    const b = this.raw.find((x) => x.bookingId === Number(e.currentTarget.dataset.id));
    wx.navigateTo({ url: `/pages/member/service/index?id=${b.serviceId}&move=${b.bookingId}&day=${b.startsAt.slice(0, 10)}` });
  },

  cancel(e) {
    const id = e.currentTarget.dataset.id;
    wx.showModal({
      title: '取消预约？', content: '取消后名额释放给其他工友，本预约码作废。', confirmText: '取消预约',
      success: async ({ confirm }) => {
        if (!confirm) return;
        const res = await del('/me/bookings/' + id);
        if (res.ok) wx.showToast({ title: '已取消' });
        else wx.showToast({ title: res.message, icon: 'none' });
        this.load();
      },
    });
  },
});
