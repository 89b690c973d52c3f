import { get, post, call } from '/lib/api.js';
import { allStations, orgTree } from '/lib/admin.js';

/** Roster files from Excel are often GBK: read as UTF-8 when valid, else as GB18030. */
async function readText(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

Page({
  data: {
    tab: 'roster', tabs: [{ value: 'roster', label: '名册导入' }, { value: 'staff', label: '工作人员' }, { value: 'apps', label: '入会审核' }],
    csv: '', fileName: '', busy: false, result: null, rosterMsg: null,
    username: '', password: '', displayName: '', stations: [], staff: [], staffMsg: null, apps: [],
    roles: [{ value: 'staff', label: '驿站工作人员' }, { value: 'caseworker', label: '个案专员' }, { value: 'admin', label: '管理员' }], role: 'staff', orgs: [], orgId: null,
  },

  onLoad() { this.picked = new Set(); },

  onShow() { this.loadTab(); },

  setTab(e) { this.setData({ tab: e.currentTarget.dataset.value }); this.loadTab(); },

  loadTab() {
    if (this.data.tab === 'staff') { this.loadStations(); this.loadStaff(); this.loadOrgs(); }
    if (this.data.tab === 'apps') this.loadApps();
  },

  async pickFile(e) {
    const f = e.detail.files && e.detail.files[0];
    if (f) this.setData({ csv: await readText(f), fileName: f.name });
  },

  async upload() {
    const csv = this.data.csv.trim();
    if (!csv) { this.setData({ rosterMsg: { kind: 'error', text: '请粘贴或选择名册' } }); return; }
    this.setData({ busy: true, rosterMsg: null, result: null });
    const res = await call('POST', '/admin/roster', csv + '\n', { contentType: 'text/csv; charset=UTF-8' });
    this.setData({ busy: false });
    if (!res.ok) { this.setData({ rosterMsg: { kind: 'error', text: res.message, code: res.code } }); return; }
    this.setData({ result: { ...res.data, rejected: (res.data.rejected || []).slice(0, 20) }, rosterMsg: { kind: 'ok', text: '名册导入完成' } });
  },

  async loadStations() {
    const { stations } = await allStations();
    this.all = stations;
    this.paintStations();
  },

  paintStations() {
    this.setData({ stations: (this.all || []).map((s) => ({ id: s.id, name: s.name, on: this.picked.has(s.id) })) });
  },

  toggleStation(e) {
    const id = Number(e.currentTarget.dataset.id);
    if (e.detail.value) this.picked.add(id); else this.picked.delete(id);
    this.paintStations();
  },

  /** Accounts are created inside the admin's own subtree only: the orgs offered are exactly that. */
  async loadOrgs() {
    const res = await orgTree();
    if (res.ok) this.setData({ orgs: res.data, orgId: this.data.orgId || (res.data[0] && res.data[0].id) });
  },

  pickRole(e) { this.setData({ role: e.currentTarget.dataset.value }); },
  pickOrg(e) { this.setData({ orgId: e.currentTarget.dataset.id }); },

  async loadStaff() {
    const res = await get('/admin/staff', { limit: 100 });
    if (!res.ok) return;
    const names = Object.fromEntries((this.all || []).map((s) => [s.id, s.name]));
    this.setData({
      staff: res.data.items.map((s) => ({
        ...s, roleText: (s.role === 'admin' ? '管理员' : s.role === 'caseworker' ? '个案专员' : '工作人员') + (s.orgId ? ' · ' + s.orgId : ''),
        stationText: (s.stationIds || []).map((id) => names[id] || '#' + id).join('、') || '未分配',
      })),
    });
  },

  async createStaff() {
    const d = this.data;
    this.setData({ busy: true, staffMsg: null });
    const res = await post('/admin/staff', {
      username: d.username.trim(), password: d.password, displayName: d.displayName.trim(), stationIds: [...this.picked],
      roles: [d.role], orgId: d.orgId || undefined,
    });
    this.setData({ busy: false });
    if (!res.ok) { this.setData({ staffMsg: { kind: 'error', text: res.message, code: res.code } }); return; }
    this.picked.clear();
    this.setData({ username: '', password: '', displayName: '', staffMsg: { kind: 'ok', text: `已创建 ${res.data.username}` } });
    this.paintStations();
    this.loadStaff();
  },

  async loadApps() {
    const res = await get('/admin/join-applications', { status: 'PENDING', limit: 50 });
    this.setData({ apps: res.ok ? res.data.items : [] });
  },

  async approve(e) {
    const res = await post(`/admin/join-applications/${e.currentTarget.dataset.id}/approve`, {});
    wx.showToast({ title: res.ok ? '已通过，已加入名册' : res.message, icon: res.ok ? 'success' : 'none' });
    this.loadApps();
  },

  async reject(e) {
    const res = await post(`/admin/join-applications/${e.currentTarget.dataset.id}/reject`, {});
    wx.showToast({ title: res.ok ? '已驳回' : res.message, icon: res.ok ? 'success' : 'none' });
    this.loadApps();
  },
});
