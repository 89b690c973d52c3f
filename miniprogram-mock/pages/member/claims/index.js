import { get, del } from '/lib/api.js';
import { CLAIM_STATUS, time } from '/lib/format.js';
import { onLive } from '/lib/live.js';

const STATUS_CLASS = { CLAIMED: 'green', REDEEMED: 'gray', CANCELLED: 'gray', EXPIRED: 'gray' };

Page({
  data: { items: [], entries: [], loading: true, error: null },

  onLoad() {
    this.open = {};
    // A claim redeemed at the counter turns to 已核销 here while the member still holds up the phone.
    this.offLive = onLive((event) => { if (event.type === 'verified' && event.kind === 'BENEFIT_CLAIM') this.load(); });
  },

  onUnload() { if (this.offLive) this.offLive(); },

  onShow() { this.load(); },

  async load() {
    const [res, entries] = await Promise.all([get('/me/claims', { limit: 50 }), get('/me/entries')]);
    if (!res.ok) { this.setData({ loading: false, error: { message: res.message, code: res.code } }); return; }
    this.raw = res.data.items;
    const first = this.raw.find((c) => c.status === 'CLAIMED');
    if (first && Object.keys(this.open).length === 0) this.open[first.claimId] = true;
    this.setData({
      loading: false, error: null,
      entries: (entries.ok ? entries.data : []).map((t) => ({
        id: t.benefitId, ticket: t.ticket, title: t.title,
        resultText: t.won === true ? '已中签' : t.won === false ? '未中签' : `${time(t.closesAt)} 开奖`,
        resultClass: t.won === true ? 'green' : t.won === false ? 'gray' : 'orange',
      })),
    });
    this.paint();
  },

  paint() {
    const now = Date.now();
    this.setData({
      items: this.raw.map((c) => {
        const expired = c.status === 'CLAIMED' && new Date(c.redeemBy).getTime() < now;
        const status = expired ? 'EXPIRED' : c.status;
        return {
          ...c, live: status === 'CLAIMED', open: !!this.open[c.claimId],
          statusText: CLAIM_STATUS[status] || status, statusClass: STATUS_CLASS[status] || '',
          createdText: time(c.createdAt), redeemByText: time(c.redeemBy),
        };
      }),
    });
  },

  toggle(e) {
    const id = e.currentTarget.dataset.id;
    this.open[id] = !this.open[id];
    this.paint();
  },

  cancel(e) {
    const id = e.currentTarget.dataset.id;
    wx.showModal({
      title: '退回名额？', content: '退回后名额回到福利池，其他工友可以领取，本领取码作废。', confirmText: '退回',
      success: async ({ confirm }) => {
        if (!confirm) return;
        const res = await del('/me/claims/' + id);
        if (res.ok) wx.showToast({ title: '已退回' });
        else wx.showToast({ title: res.message, icon: 'none' });
        this.load();
      },
    });
  },

  draw(e) { wx.navigateTo({ url: '/pages/member/draw/index?id=' + e.currentTarget.dataset.id }); },
});
