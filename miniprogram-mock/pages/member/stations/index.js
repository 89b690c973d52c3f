import { get } from '/lib/api.js';
import { STATION_TYPES, SERVICES, distance, rating } from '/lib/format.js';

const RADII = [500, 1500, 3000, 5000, 10000, 20000];
const PLOT_RINGS = [300, 500, 1000, 1500, 2000, 3000, 5000, 10000, 20000];

Page({
  data: {
    view: 'list', items: [], loading: true, error: null,
    type: '', radius: '3000', openNow: false,
    typeOptions: [{ value: '', label: '全部类型' }, ...Object.entries(STATION_TYPES).map(([value, label]) => ({ value, label }))],
    radiusOptions: RADII.map((r) => ({ value: String(r), label: '范围 ' + distance(r) })),
    locationLabel: '定位中…', searchText: '', radiusText: '', halfRadiusText: '',
  },

  onLoad() { this.locate(); },

  onShow() { if (this.here) this.search(); },

  locate() {
    this.setData({ locationLabel: '定位中…' });
    wx.getLocation({
      type: 'gcj02',
      success: (r) => { this.here = { lat: r.latitude, lng: r.longitude }; this.setData({ locationLabel: `当前位置 ${r.latitude.toFixed(4)}, ${r.longitude.toFixed(4)}` }); this.search(); },
      fail: () => { const d = getApp().globalData.defaultLocation; this.here = { lat: d.lat, lng: d.lng }; this.setData({ locationLabel: d.label }); this.search(); },
    });
  },

  async search() {
    const radius = Number(this.data.radius);
    this.setData({ loading: !this.data.items.length, error: null, searchText: distance(radius) });
    const res = await get('/stations/nearby', {
      lat: this.here.lat.toFixed(6), lng: this.here.lng.toFixed(6), radius, limit: 50,
      type: this.data.type || undefined, openNow: this.data.openNow ? 'true' : undefined,
    }, { auth: false });
    if (!res.ok) { this.setData({ loading: false, error: { message: res.message, code: res.code } }); return; }
    const { lat: lat0, lng: lng0 } = this.here;
    // The plot's outer ring: a round distance just beyond the farthest station found.
    const far = Math.max(0, ...res.data.items.map((s) => s.distanceMeters)) * 1.15;
    const plotRadius = PLOT_RINGS.find((r) => r >= far) || radius;
    this.setData({ radiusText: distance(plotRadius), halfRadiusText: distance(plotRadius / 2) });
    const items = res.data.items.map((s) => {
      const dx = (s.lng - lng0) * Math.cos(lat0 * Math.PI / 180) * 111320;
      const dy = (s.lat - lat0) * 110540;
      const k = 50 / plotRadius;
      return {
        ...s,
        x: Math.max(2, Math.min(98, 50 + dx * k)).toFixed(1),
        y: Math.max(2, Math.min(98, 50 - dy * k)).toFixed(1),
        distanceText: distance(s.distanceMeters),
        typeText: STATION_TYPES[s.type] || s.type,
        ratingText: rating(s.rating, s.ratingCount),
        serviceTexts: (s.services || []).slice(0, 4).map((x) => SERVICES[x] || x),
      };
    });
    this.setData({ items, loading: false });
  },

  setType(e) { this.setData({ type: e.detail.value }); this.search(); },
  setRadius(e) { this.setData({ radius: e.detail.value }); this.search(); },
  setOpenNow(e) { this.setData({ openNow: e.detail.value }); this.search(); },
  setView(e) { this.setData({ view: e.currentTarget.dataset.view }); },

  open(e) { wx.navigateTo({ url: '/pages/member/station/index?id=' + e.currentTarget.dataset.id }); },
});
