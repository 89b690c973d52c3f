import { get } from '/lib/api.js';
import { maskCard } from '/lib/format.js';
import { status as live, onLiveState } from '/lib/live.js';

const LIVE = { open: '已连接', connecting: '连接中', waiting: '暂未连接（自动重试）', off: '未开启' };

Page({
  data: { profile: null, greeting: '你好', initial: '工', cardText: '', open: [], error: null, liveText: '' },

  onLoad() {
    this.off = onLiveState((state) => this.setData({ liveText: LIVE[state] || state }));
  },

  onShow() {
    this.load();
    this.setData({ liveText: LIVE[live.state] || live.state });
  },

  onUnload() { this.off && this.off(); },

  async load() {
    const [me, open] = await Promise.all([get('/me'), get('/benefits', { status: 'open', limit: 3 })]);
    if (!me.ok) { this.setData({ error: { message: me.message, code: me.code } }); return; }
    const p = me.data;
    const who = p.name || p.nickname || '工友';
    this.setData({
      profile: p, error: null,
      greeting: `你好，${who}`,
      initial: who.slice(0, 1),
      cardText: p.cardNo ? ' 卡号 ' + maskCard(p.cardNo) : '',
      open: open.ok ? open.data.items.map((b) => ({ ...b, allocationText: b.allocation === 'LOTTERY' ? '抽奖' : '先到先得' })) : [],
    });
  },

  goVerify() { wx.navigateTo({ url: '/pages/member/verify/index' }); },

  go(e) {
    const { url, tab } = e.currentTarget.dataset;
    if (tab) wx.switchTab({ url });
    else wx.navigateTo({ url });
  },
});
