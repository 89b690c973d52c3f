import { get } from '/lib/api.js';
import { BENEFIT_STATUS, time } from '/lib/format.js';

const CLASS = { open: 'green', upcoming: 'orange', closed: 'gray' };

Page({
  data: { items: [], loading: true, error: null, nextCursor: null },

  onShow() { this.load(); },

  async load(cursor) {
    const res = await get('/benefits', { limit: 30, cursor });
    if (!res.ok) { this.setData({ loading: false, error: { message: res.message, code: res.code } }); return; }
    const mapped = res.data.items.map((b) => ({
      ...b, lottery: b.allocation === 'LOTTERY', allocationText: b.allocation === 'LOTTERY' ? (b.drawn ? '抽奖 · 已开奖' : '抽奖') : '先到先得',
      statusText: BENEFIT_STATUS[b.status] || b.status, statusClass: CLASS[b.status] || '',
      timeText: `${time(b.opensAt)} 至 ${time(b.closesAt)}，核销截止 ${time(b.redeemBy)}`,
      soldOutText: b.soldOutAt ? ` · ${time(b.soldOutAt)} 领完` : '',
    }));
    this.setData({ loading: false, error: null, items: cursor ? [...this.data.items, ...mapped] : mapped, nextCursor: res.data.nextCursor });
  },

  more() { this.load(this.data.nextCursor); },
  services() { wx.navigateTo({ url: '/pages/admin/services/index' }); },
  create() { wx.navigateTo({ url: '/pages/admin/benefit-edit/index' }); },
  edit(e) { wx.navigateTo({ url: '/pages/admin/benefit-edit/index?id=' + e.currentTarget.dataset.id }); },
  draw(e) { wx.navigateTo({ url: '/pages/member/draw/index?id=' + e.currentTarget.dataset.id }); },
  figures(e) { wx.navigateTo({ url: '/pages/admin/benefit-figures/index?id=' + e.currentTarget.dataset.id }); },
});
