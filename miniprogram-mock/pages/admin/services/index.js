import { get, post } from '/lib/api.js';
import { SERVICE_KINDS, localInput, isoWithOffset, options, time } from '/lib/format.js';
import { allStations, splitList, downloadCsv } from '/lib/admin.js';

const pad = (n) => String(n).padStart(2, '0');
const ymd = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const hhmm = (iso) => time(iso).slice(-5);

// Services (create: title, kind, release time, cancellation deadline, stations, eligibility), their
// slots from a weekly rule, and per slot: booked / verified / no-shows / cancellations, and who booked.
Page({
  data: {
    items: [], error: null, kinds: options(SERVICE_KINDS), stations: [], form: false, busy: false,
    title: '', kind: 'CHECKUP', description: '', releaseAt: '', cancelMinutes: '120', tags: '',
    ruleFor: null, from: '', to: '', weekdays: '1,2,3,4,5', times: '09:00-09:30, 09:30-10:00', capacity: '25', ruleMsg: null,
    figures: null, figuresFor: null, people: null,
  },

  async onLoad() {
    this.picked = new Set();
    const today = new Date();
    this.setData({ releaseAt: localInput(Date.now()), from: ymd(today), to: ymd(new Date(today.getTime() + 13 * 86400_000)) });
    const { stations } = await allStations();
    this.all = stations;
    this.paintStations();
  },

  onShow() { this.load(); },

  async load() {
    const res = await get('/admin/services', { limit: 50 });
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    this.setData({
      error: null,
      items: res.data.items.map((s) => ({ ...s, kindText: SERVICE_KINDS[s.kind] || s.kind, releaseText: time(s.releaseAt) })),
    });
  },

  paintStations() {
    this.setData({ stations: (this.all || []).map((s) => ({ id: s.id, name: s.name, on: this.picked.has(s.id) })) });
  },

  toggleStation(e) {
    const id = Number(e.currentTarget.dataset.id);
    if (e.detail.value) this.picked.add(id); else this.picked.delete(id);
    this.paintStations();
  },

  showForm() { this.setData({ form: !this.data.form }); },
  setKind(e) { this.setData({ kind: e.detail.value }); },

  async create() {
    const d = this.data;
    const body = {
      title: d.title.trim(), kind: d.kind, description: d.description.trim() || null, releaseAt: isoWithOffset(d.releaseAt),
      cancelMinutesBefore: Number(d.cancelMinutes), stationIds: [...this.picked], eligibility: { tags: splitList(d.tags), orgIds: [] },
    };
    if (!body.title || !body.releaseAt) { this.setData({ error: { message: '请填写名称和放号时间', code: '' } }); return; }
    this.setData({ busy: true, error: null });
    const res = await post('/admin/services', body);
    this.setData({ busy: false });
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    wx.showToast({ title: '已创建' });
    this.setData({ form: false, title: '', description: '', ruleFor: res.data.id });
    this.load();
  },

  rule(e) { this.setData({ ruleFor: Number(e.currentTarget.dataset.id), ruleMsg: null }); },

  async addSlots() {
    const d = this.data;
    const body = {
      from: d.from, to: d.to, weekdays: splitList(d.weekdays).map(Number), times: splitList(d.times), capacity: Number(d.capacity),
    };
    const res = await post(`/admin/services/${d.ruleFor}/slots`, body);
    this.setData({ ruleMsg: res.ok ? { ok: true, text: `已添加 ${res.data.created} 个时段` } : { ok: false, text: res.message, code: res.code } });
    if (res.ok && d.figuresFor === d.ruleFor) this.loadFigures(d.ruleFor);
  },

  csv() { downloadCsv(`/admin/services/${this.data.figuresFor}/figures.csv`, `zhijia-service-${this.data.figuresFor}.csv`); },

  figures(e) { this.loadFigures(Number(e.currentTarget.dataset.id)); },

  async loadFigures(id) {
    const res = await get(`/admin/services/${id}/figures`);
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    const f = res.data;
    this.setData({
      figuresFor: id, people: null,
      figures: {
        ...f, slots: f.slots.map((s) => ({ ...s, timeText: `${time(s.startsAt)}-${hhmm(s.endsAt)}` })),
      },
    });
  },

  async slotPeople(e) {
    const slotId = Number(e.currentTarget.dataset.id);
    const res = await get(`/admin/services/${this.data.figuresFor}/slots/${slotId}/bookings`);
    if (res.ok) this.setData({ people: { slotId, items: res.data.items.map((b) => ({ ...b, at: time(b.createdAt) })) } });
  },
});
