import { get, session, logout, BASE } from '/lib/api.js';
import { isoWithOffset } from '/lib/format.js';

const FIGURES = [
  ['peopleServed', '惠及人数'], ['members', '注册会员'], ['verifiedMembers', '认证会员'], ['waterPickups', '领水次数'],
  ['claims', '福利领取'], ['redemptions', '核销次数'], ['reviews', '评价数'], ['avgRating', '平均评分'],
];

function range(period) {
  const to = new Date();
  const from = new Date();
  if (period === 'today') from.setHours(0, 0, 0, 0);
  else if (period === '7d') from.setDate(from.getDate() - 7);
  else from.setDate(from.getDate() - 30);
  return { from: isoWithOffset(from), to: isoWithOffset(to) };
}

Page({
  data: {
    who: '', period: '7d', stats: null, msg: null, stations: [], stationsEmpty: '加载中…',
    periods: [{ value: 'today', label: '今日' }, { value: '7d', label: '近 7 天' }, { value: '30d', label: '近 30 天' }],
  },

  onShow() {
    const s = session();
    this.setData({ who: s ? s.username : '' });
    this.load();
  },

  setPeriod(e) { this.setData({ period: e.currentTarget.dataset.value }); this.load(); },

  async load() {
    const q = range(this.data.period);
    const [o, st] = await Promise.all([get('/admin/stats/overview', q), get('/admin/stats/stations', q)]);
    if (o.ok) {
      this.setData({
        msg: null,
        stats: FIGURES.map(([k, label]) => ({ label, value: o.data[k] === undefined || o.data[k] === null ? '—' : k === 'avgRating' ? Number(o.data[k]).toFixed(1) : o.data[k] })),
      });
    } else {
      this.setData({ stats: null, msg: o.missing ? { kind: 'warn', text: '数据统计即将上线，先看看各驿站库存' } : { kind: 'error', text: o.message, code: o.code } });
    }
    if (st.ok) {
      const items = Array.isArray(st.data) ? st.data : st.data.items || [];
      this.setData({ stations: items.map((x) => ({ id: x.stationId || x.id, name: x.name, text: `领水 ${x.pickups ?? 0} · 核销 ${x.redemptions ?? 0} · 库存 ${x.stock ?? x.waterStock ?? '—'}` })) });
    } else {
      // Until per-station figures exist, show what the station list knows.
      const list = await get('/admin/stations', { limit: 50 });
      const items = list.ok ? list.data.items : [];
      this.setData({
        stationsEmpty: '还没有驿站',
        stations: items.map((x) => ({ id: x.id, name: x.name, text: `库存 ${x.waterStock ?? '—'} · ${x.ratingCount || 0} 条评价${x.openReports ? ' · ' + x.openReports + ' 个待处理问题' : ''}` })),
      });
    }
  },

  async exportCsv() {
    const q = new URLSearchParams(range(this.data.period));
    const r = await fetch(`${BASE}/admin/stats/stations.csv?${q}`, { headers: { Authorization: 'Bearer ' + session().accessToken } });
    if (!r.ok) { wx.showToast({ title: r.status === 404 ? '导出功能即将上线' : '导出失败', icon: 'none' }); return; }
    const url = URL.createObjectURL(await r.blob());
    const a = document.createElement('a');
    a.href = url; a.download = 'zhijia-stations.csv'; a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  },

  logout() { logout(); },
});
