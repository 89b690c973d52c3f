import { get } from '/lib/api.js';
import { project } from '/lib/chart.js';
import { STATION_TYPES } from '/lib/format.js';

// The first state a station has picks its colour (GET /admin/stats/station-map lists them most urgent first).
const STATES = [
  { key: 'OFFLINE_DOORS', label: '门禁离线', color: '#8250df' },
  { key: 'OPEN_REPORTS', label: '有待处理反馈', color: '#c8102e' },
  { key: 'LOW_STOCK', label: '库存不足', color: '#bf8700' },
  { key: 'CLOSED', label: '已打烊', color: '#8c959f' },
  { key: 'OK', label: '正常', color: '#2da44e' },
];

/** Dot radius in pixels: 4 for an idle station, growing with the square root of today's uses. */
const radius = (uses) => Math.min(22, 4 + 3 * Math.sqrt(uses));

Page({
  data: { charts: null, msg: null, card: null, legend: [], summary: '', day: '' },

  onShow() { this.load(); },

  async load() {
    const res = await get('/admin/stats/station-map');
    if (!res.ok) { this.setData({ msg: { text: res.message, code: res.code }, charts: null }); return; }
    this.stations = res.data.items;
    const { points, halfSpanMeters } = project(this.stations);
    const groups = STATES.map((s) => ({ ...s, points: [] }));
    for (const p of points) {
      const state = p.states[0] || 'OK';
      groups.find((g) => g.key === state).points.push({ x: p.x, y: p.y, r: radius(p.usesToday), name: p.name, uses: p.usesToday, stationId: p.stationId });
    }
    const shown = groups.filter((g) => g.points.length);
    this.setData({
      msg: null, day: res.data.day,
      summary: `${this.stations.length} 个驿站 · 今日服务 ${this.stations.reduce((n, s) => n + s.usesToday, 0)} 次`,
      // 门禁离线 only once the service reports doors (offlineDoors is null until then)
      legend: STATES.filter((s) => s.key !== 'OFFLINE_DOORS' || this.stations.some((x) => x.offlineDoors !== null))
        .map((s) => ({ ...s, count: groups.find((g) => g.key === s.key).points.length })),
      charts: {
        map: {
          type: 'bubble', title: '驿站分布', height: 340, onPick: 'pick', map: { halfSpanMeters },
          datasets: shown.map((g) => ({ label: g.label, color: g.color, data: g.points })),
        },
      },
    });
  },

  /** A tapped dot: that station's card under the map. */
  pick(e) {
    const s = this.stations.find((x) => x.stationId === e.detail.point.stationId);
    if (!s) return;
    this.setData({
      card: {
        id: s.stationId, name: s.name, address: s.address || '—', type: STATION_TYPES[s.type] || s.type,
        open: s.openNow ? '营业中' : '已打烊', stock: s.waterStock, low: s.lowStock, reports: s.openReports,
        pickups: s.pickupsToday, redemptions: s.redemptionsToday, uses: s.usesToday,
        doors: s.offlineDoors === null || s.offlineDoors === undefined ? null : s.offlineDoors,
      },
    });
  },

  editStation() { wx.navigateTo({ url: '/pages/admin/station-edit/index?id=' + this.data.card.id }); },

  reports() { wx.navigateTo({ url: '/pages/admin/reports/index' }); },
});
