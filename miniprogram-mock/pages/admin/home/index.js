import { get, session, logout } from '/lib/api.js';
import { downloadCsv, orgTree } from '/lib/admin.js';

const FIGURES = [
  ['peopleServed', '惠及人数'], ['members', '注册会员'], ['verifiedMembers', '认证会员'], ['waterPickups', '领水次数'],
  ['claims', '福利领取'], ['redemptions', '核销次数'], ['reviews', '评价数'], ['avgRating', '平均评分'],
];

const day = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The figures take service-zone dates, both included (`from=2026-07-01&to=2026-07-07`). */
function range(period) {
  const to = new Date();
  const from = new Date();
  if (period === '7d') from.setDate(from.getDate() - 6);
  else if (period === '30d') from.setDate(from.getDate() - 29);
  return { from: day(from), to: day(to) };
}

Page({
  data: {
    who: '', orgName: '', period: '7d', stats: null, msg: null, stations: [], stationsEmpty: '加载中…',
    periods: [{ value: 'today', label: '今日' }, { value: '7d', label: '近 7 天' }, { value: '30d', label: '近 30 天' }],
  },

  onShow() {
    const s = session();
    this.setData({ who: s ? s.username : '' });
    this.load();
    // the admin's org (the top of what they manage), so an admin of a district knows these are the district's figures
    orgTree().then((res) => this.setData({ orgName: res.ok && res.data.length ? res.data[0].name : '' }));
  },

  orgs() { wx.navigateTo({ url: '/pages/admin/orgs/index' }); },

  setPeriod(e) { this.setData({ period: e.currentTarget.dataset.value }); this.load(); },

  async load() {
    const q = range(this.data.period);
    const [o, st] = await Promise.all([get('/admin/stats/overview', q), get('/admin/stats/stations', q)]);
    if (o.ok) {
      this.setData({
        msg: null,
        stats: FIGURES.map(([k, label]) => ({ key: k, label, value: o.data[k] === undefined || o.data[k] === null ? '—' : k === 'avgRating' ? Number(o.data[k]).toFixed(1) : o.data[k] })),
      });
    } else {
      this.setData({ stats: null, msg: { kind: 'error', text: o.message, code: o.code } });
    }
    if (st.ok) {
      this.setData({
        stationsEmpty: '还没有驿站',
        stations: st.data.items.map((x) => ({
          id: x.stationId, name: x.name,
          text: `领水 ${x.pickups} · 核销 ${x.redemptions} · 库存 ${x.waterStock}${x.rating !== null && x.rating !== undefined ? ' · ' + Number(x.rating).toFixed(1) + ' 分' : ''}`,
        })),
      });
    } else {
      this.setData({ stations: [], stationsEmpty: st.message });
    }
  },

  async exportCsv() {
    const q = new URLSearchParams(range(this.data.period));
    await downloadCsv(`/admin/stats/stations.csv?${q}`, 'zhijia-stations.csv');
  },

  openJobs() { wx.navigateTo({ url: '/pages/admin/jobs/index' }); },
  openContests() { wx.navigateTo({ url: '/pages/admin/contests/index' }); },

  logout() { logout(); },
});
