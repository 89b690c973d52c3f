import { get } from '/lib/api.js';

const ALLOCATION = { FIRST_COME: '先到先得', LOTTERY: '抽签' };

/** How long it took to go: 48 秒 / 3 分 12 秒. */
const seconds = (s) => (s < 60 ? `${s} 秒` : `${Math.floor(s / 60)} 分 ${s % 60} 秒`);

Page({
  data: { title: '', sub: '', tiles: [], charts: null, msg: null, empty: '' },

  onLoad(q) { this.id = Number(q.id); },

  onShow() { this.load(); },

  async load() {
    const res = await get(`/admin/stats/benefits/${this.id}`);
    if (!res.ok) { this.setData({ msg: { text: res.message, code: res.code } }); return; }
    const b = res.data;
    const lottery = b.allocation === 'LOTTERY';
    const tiles = lottery
      ? [['entries', '报名人数', b.entries], ['claims', '中签', b.claims], ['redemptions', '已核销', b.redemptions], ['totalStock', '名额', b.totalStock]]
      : [['claims', '已领取', b.claims], ['remaining', '剩余', b.remaining], ['redemptions', '已核销', b.redemptions], ['sellOut', '抢光用时', b.sellOutSeconds === null ? '未抢光' : seconds(b.sellOutSeconds)]];
    const pts = b.sellOut.points;
    const what = lottery ? '报名' : '领取';
    this.setData({
      msg: null, title: b.title, sub: `${ALLOCATION[b.allocation] || b.allocation} · 共 ${b.totalStock} 份 · 取消 ${b.cancellations}`,
      tiles: tiles.map(([key, label, value]) => ({ key, label, value })),
      empty: pts.length ? '' : '还没开始',
      charts: pts.length ? {
        curve: {
          type: 'line', title: `开抢后每分钟${what}`, labels: pts.map((p) => `${p.offset} 分`),
          datasets: [{ label: `累计${what}`, data: pts.map((p) => p.cumulative) }, { label: `每分钟${what}`, data: pts.map((p) => p.count), type: 'bar', axis: 'y1', color: '#8c959f' }],
        },
      } : null,
    });
  },
});
