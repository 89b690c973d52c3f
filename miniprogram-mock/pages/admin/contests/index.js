import { call, get, post } from '/lib/api.js';
import { CONTEST_STATUS, isoWithOffset, localInput, time } from '/lib/format.js';
import { splitList } from '/lib/admin.js';

const HOUR = 3600_000;
const CSV_EXAMPLE = 'text,options,answer,points\n发现火情首先应该？,拨打119|继续工作|自行离开,A,10\n';

// 竞赛管理: create a contest (audience, time limit, attempts, prize tiers), fill its bank by CSV before it
// opens, and open its results.
Page({
  data: {
    items: [], nextCursor: null, error: null, msg: null, busy: false,
    title: '', opensAt: '', closesAt: '', tags: '', orgIds: '', questionsPerAttempt: '10', secondsPerAttempt: '300',
    attemptsPerMember: '1', prizes: '一等奖:50, 二等奖:200, 三等奖:1000',
    target: '', csv: CSV_EXAMPLE, csvMsg: null,
  },

  onLoad() { this.setData({ opensAt: localInput(Date.now()), closesAt: localInput(Date.now() + 7 * 24 * HOUR) }); },
  onShow() { this.load(); },

  async load(cursor) {
    const res = await get('/admin/contests', { limit: 30, cursor });
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    const mapped = res.data.items.map((c) => ({
      ...c, statusText: CONTEST_STATUS[c.status] || c.status, window: `${time(c.opensAt)} – ${time(c.closesAt)}`,
      canUpload: c.status === 'UPCOMING',
    }));
    this.setData({ error: null, items: cursor ? [...this.data.items, ...mapped] : mapped, nextCursor: res.data.nextCursor });
    if (!this.data.target && mapped.length) this.setData({ target: String(mapped[0].id) });
  },

  more() { this.load(this.data.nextCursor); },

  async save() {
    const d = this.data;
    const prizes = splitList(d.prizes).map((p) => { const [tier, count] = p.split(/[:：]/); return { tier, count: Number(count) }; });
    const body = {
      title: d.title.trim(), opensAt: isoWithOffset(d.opensAt), closesAt: isoWithOffset(d.closesAt),
      audience: { tags: splitList(d.tags), orgIds: splitList(d.orgIds) },
      questionsPerAttempt: Number(d.questionsPerAttempt), secondsPerAttempt: Number(d.secondsPerAttempt),
      attemptsPerMember: Number(d.attemptsPerMember), prizes,
    };
    if (!body.title) { this.setData({ msg: { kind: 'error', text: '请填写竞赛名称' } }); return; }
    this.setData({ busy: true, msg: null });
    const res = await post('/admin/contests', body);
    this.setData({ busy: false });
    if (!res.ok) { this.setData({ msg: { kind: 'error', text: res.message, code: res.code } }); return; }
    this.setData({ msg: { kind: 'ok', text: '已创建：' + res.data.title + '，请上传题库' }, title: '', target: String(res.data.id) });
    this.load();
  },

  pickTarget(e) { this.setData({ target: e.detail.value }); },

  async upload() {
    const csv = this.data.csv.trim();
    if (!csv || !this.data.target) { this.setData({ csvMsg: { kind: 'error', text: '请选择竞赛并粘贴题库' } }); return; }
    this.setData({ busy: true, csvMsg: null });
    const res = await call('POST', `/admin/contests/${this.data.target}/questions`, csv + '\n', { contentType: 'text/csv; charset=UTF-8' });
    this.setData({ busy: false });
    if (!res.ok) {
      const lines = (res.data && res.data.violations || []).map((v) => `${v.field}：${v.message}`).join('；');
      this.setData({ csvMsg: { kind: 'error', text: res.message + (lines ? '（' + lines + '）' : ''), code: res.code } });
      return;
    }
    this.setData({ csvMsg: { kind: 'ok', text: `题库已更新：共 ${res.data.questionCount} 题` } });
    this.load();
  },

  results(e) { wx.navigateTo({ url: '/pages/admin/contest-results/index?id=' + e.currentTarget.dataset.id }); },
});
