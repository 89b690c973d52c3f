import { get, session, logout } from '/lib/api.js';
import { downloadCsv, orgTree, serviceDay } from '/lib/admin.js';

const FIGURES = [
  ['peopleServed', '惠及人数'], ['members', '注册会员'], ['verifiedMembers', '认证会员'], ['waterPickups', '领水次数'],
  ['claims', '福利领取'], ['redemptions', '核销次数'], ['reviews', '评价数'], ['avgRating', '平均评分'],
];

const PERIOD_DAYS = { today: 1, '7d': 7, '30d': 30, '90d': 90 };

/** The figures take service-zone dates, both included (`from=2026-07-01&to=2026-07-07`). */
function range(period, custom) {
  if (period === 'custom') return { from: custom.from, to: custom.to };
  return { from: serviceDay(-(PERIOD_DAYS[period] - 1)), to: serviceDay(0) };
}

/** The trend charts' specs (lib/chart.js) from `GET /admin/stats/daily`: one point per day of the range. */
function charts(daily) {
  const labels = daily.items.map((r) => r.day.slice(5));
  const col = (k) => daily.items.map((r) => r[k]);
  return {
    served: { type: 'line', title: '惠及人数与领水次数', labels, datasets: [{ label: '惠及人数', data: col('peopleServed') }, { label: '领水次数', data: col('pickups') }] },
    activity: { type: 'bar', title: '福利领取、核销与预约', labels, datasets: [{ label: '福利领取', data: col('claims') }, { label: '核销', data: col('redemptions') }, { label: '预约', data: col('bookings') }] },
    ratings: {
      type: 'line', title: '评分趋势', labels, yMax: 5,
      datasets: [{ label: '平均评分', data: col('avgRating'), color: '#bf8700' }, { label: '评价数', data: col('reviews'), type: 'bar', axis: 'y1', color: '#8c959f' }],
    },
  };
}

Page({
  data: {
    who: '', orgName: '', period: '7d', stats: null, msg: null, stations: [], stationsEmpty: '加载中…',
    periods: [{ value: 'today', label: '今日' }, { value: '7d', label: '近 7 天' }, { value: '30d', label: '近 30 天' }, { value: '90d', label: '近 90 天' }, { value: 'custom', label: '自定义' }],
    customFrom: serviceDay(-13), customTo: serviceDay(0), charts: null, chartMsg: null, rangeText: '',
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

  applyCustom() { this.load(); },

  async load() {
    const q = range(this.data.period, { from: this.data.customFrom, to: this.data.customTo });
    this.setData({ rangeText: q.from === q.to ? q.from : `${q.from} 至 ${q.to}` });
    const [o, st, daily] = await Promise.all([get('/admin/stats/overview', q), get('/admin/stats/stations', q), get('/admin/stats/daily', q)]);
    if (o.ok) {
      this.setData({
        msg: null,
        stats: FIGURES.map(([k, label]) => ({ key: k, label, value: o.data[k] === undefined || o.data[k] === null ? '—' : k === 'avgRating' ? Number(o.data[k]).toFixed(1) : o.data[k] })),
      });
    } else {
      this.setData({ stats: null, msg: { kind: 'error', text: o.message, code: o.code } });
    }
    this.setData(daily.ok ? { charts: charts(daily.data), chartMsg: null } : { charts: null, chartMsg: { text: daily.message, code: daily.code } });
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
    const q = new URLSearchParams(range(this.data.period, { from: this.data.customFrom, to: this.data.customTo }));
    await downloadCsv(`/admin/stats/stations.csv?${q}`, 'zhijia-stations.csv');
  },

  async exportDaily() {
    const q = new URLSearchParams(range(this.data.period, { from: this.data.customFrom, to: this.data.customTo }));
    await downloadCsv(`/admin/stats/daily.csv?${q}`, 'zhijia-daily.csv');
  },

  openMap() { wx.navigateTo({ url: '/pages/admin/station-map/index' }); },

  openJobs() { wx.navigateTo({ url: '/pages/admin/jobs/index' }); },
  openCases() { wx.navigateTo({ url: '/pages/admin/cases/index' }); },
  openContests() { wx.navigateTo({ url: '/pages/admin/contests/index' }); },

  logout() { logout(); },
});
