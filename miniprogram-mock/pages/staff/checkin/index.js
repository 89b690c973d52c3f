import { get } from '/lib/api.js';
import { myStations, currentStationId, chooseStation } from '/lib/staff.js';
import { checkinPayload } from '/lib/checkin.js';

// A new token is asked for this long before the shown one expires (tokens live 30–60 s).
const REFRESH_MARGIN_MS = 32_000;

Page({
  data: { stations: [], current: null, stationName: '', payload: '', secondsLeft: 0, pct: 100, rotations: 0, loading: true, error: null },

  async onShow() {
    const { res, stations } = await myStations();
    if (!res.ok) { this.setData({ loading: false, error: { message: res.message, code: res.code } }); return; }
    this.setData({ stations, loading: false, current: currentStationId(stations) });
    this.fetchToken();
  },

  onHide() { this.stop(); },
  onUnload() { this.stop(); },

  stop() { clearTimeout(this.refreshTimer); clearInterval(this.tick); },

  pick(e) {
    chooseStation(e.detail.value);
    this.setData({ current: Number(e.detail.value), payload: '' });
    this.fetchToken();
  },

  async fetchToken() {
    this.stop();
    const id = this.data.current;
    if (!id) return;
    const res = await get(`/stations/${id}/checkin-token`);
    if (id !== this.data.current) return;
    if (!res.ok) {
      this.setData({ error: { message: res.message, code: res.code } });
      if (res.status === 0 || res.status >= 500) this.refreshTimer = setTimeout(() => this.fetchToken(), 5000);
      return;
    }
    const station = this.data.stations.find((s) => s.id === id);
    const expires = new Date(res.data.expiresAt).getTime();
    const refreshAt = Math.max(Date.now() + 3000, expires - REFRESH_MARGIN_MS);
    const span = refreshAt - Date.now();
    this.setData({ error: null, payload: checkinPayload(id, res.data.token), stationName: station ? station.name : '', rotations: this.data.rotations + 1 });
    const update = () => {
      const left = Math.max(0, refreshAt - Date.now());
      this.setData({ secondsLeft: Math.ceil(left / 1000), pct: Math.round((left / span) * 100) });
    };
    update();
    this.tick = setInterval(update, 1000);
    this.refreshTimer = setTimeout(() => this.fetchToken(), refreshAt - Date.now());
  },

  copy() { wx.setClipboardData({ data: this.data.payload }); },
});
