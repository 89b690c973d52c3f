import { get } from '/lib/api.js';

const KIND = { NOTICE: '通知', EVENT: '活动报名', VOTE: '投票' };
const SIGNUP = { CONFIRMED: '报名成功', WAITLISTED: '候补', CANCELLED: '已取消' };

Page({
  data: { title: '', sub: '', tiles: [], charts: null, msg: null, empty: '', unit: '' },

  onLoad(q) { this.id = Number(q.id); },

  onShow() { this.load(); },

  async load() {
    const res = await get(`/admin/stats/campaigns/${this.id}`);
    if (!res.ok) { this.setData({ msg: { text: res.message, code: res.code } }); return; }
    const c = res.data;
    const readRate = c.delivered ? Math.round((c.read * 100) / c.delivered) + '%' : '—';
    const tiles = [['delivered', '送达', c.delivered], ['read', '已读', c.read], ['readRate', '阅读率', readRate]];
    if (c.kind === 'VOTE') tiles.push(['ballots', '投票人数', c.ballots]);
    for (const [status, n] of Object.entries(c.signups || {})) tiles.push(['signup-' + status, SIGNUP[status] || status, n]);
    const pts = c.reads.points;
    const step = c.reads.bucketSeconds;
    const unit = step === 10 ? '10 秒' : step === 60 ? '分钟' : '小时';
    const at = (p) => (step === 10 ? `${p.offset * 10} 秒` : step === 60 ? `${p.offset} 分` : `${p.offset} 时`);
    this.setData({
      msg: null, title: c.title, sub: `${KIND[c.kind] || c.kind} · #${c.campaignId}`, unit,
      tiles: tiles.map(([key, label, value]) => ({ key, label, value })),
      empty: pts.length ? '' : '尚未发布',
      charts: pts.length ? {
        reads: {
          type: 'line', title: '阅读随时间', labels: pts.map(at),
          datasets: [{ label: '累计已读', data: pts.map((p) => p.cumulative) }, { label: `每${unit}已读`, data: pts.map((p) => p.count), type: 'bar', axis: 'y1', color: '#8c959f' }],
        },
      } : null,
    });
  },
});
