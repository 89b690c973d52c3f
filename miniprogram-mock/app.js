// The app: session routing, the live push connection and the unread badge.
import { session, call } from '/lib/api.js';
import { startLive, stopLive, onLive, hasLive } from '/lib/live.js';
import { showBanner } from '/lib/ui.js';

const HOME = {
  member: '/pages/member/home/index', staff: '/pages/staff/home/index', admin: '/pages/admin/home/index',
  caseworker: '/pages/caseworker/home/index',
};
const INBOX = 'pages/member/inbox/index';
// Pages outside a role's folder, and the roles that may open them.
const SHARED = { 'pages/case/': ['member', 'caseworker'] };

App({
  globalData: {
    // Where "nearby" starts when the browser gives no position (GCJ-02, like wx.getLocation).
    defaultLocation: { lat: 31.2304, lng: 121.4737, label: '人民广场（默认位置）' },
    unread: 0,
  },

  onLaunch() {
    onLive((event) => this.onLiveEvent(event));
    if (session()) this.startSession();
  },

  /** Where a launch (or a reload) may go: pages of another role go home; no session goes to login. */
  resolveLaunch(url) {
    const s = session();
    if (!s) return '/pages/login/index';
    const route = url.replace(/^\/+/, '');
    const shared = Object.keys(SHARED).find((prefix) => route.startsWith(prefix));
    if (shared) return SHARED[shared].includes(s.role) ? url : HOME[s.role];
    const role = route.startsWith('pages/staff/') ? 'staff' : route.startsWith('pages/admin/') ? 'admin'
      : route.startsWith('pages/member/') ? 'member' : route.startsWith('pages/caseworker/') ? 'caseworker' : null;
    if (role !== s.role) return HOME[s.role];
    return url;
  },

  homeOf(role) {
    return HOME[role];
  },

  /** Called once a session exists (after login or on launch with a stored session). */
  startSession() {
    const s = session();
    if (s && hasLive(s.role)) {
      startLive();
      if (s.role === 'member') this.refreshUnread();
    } else {
      stopLive();
    }
  },

  endSession() {
    stopLive();
  },

  async refreshUnread() {
    const res = await call('GET', '/me/inbox', { limit: 1 });
    if (!res.ok) return null;
    this.globalData.unread = res.data.unread || 0;
    wx.setTabBarBadge({ pagePath: INBOX, text: this.globalData.unread > 0 ? String(Math.min(this.globalData.unread, 99)) : '' });
    return this.globalData.unread;
  },

  /**
   * After a live event: the inbox entry may lag the push (the service writes inboxes in the background
   * after the live event goes out), so look again a few times until the count moves.
   */
  async refreshUnreadSoon() {
    const before = this.globalData.unread;
    for (const wait of [0, 500, 1000, 2000, 4000]) {
      if (wait) await new Promise((r) => setTimeout(r, wait));
      const n = await this.refreshUnread();
      if (n !== null && n !== before) return;
    }
  },

  onLiveEvent(event) {
    const s = session();
    if (s && s.role !== 'member') { this.onConsoleEvent(s.role, event); return; }
    if (event.type === 'resync') { this.refreshUnread(); return; }
    const kinds = { campaign: '新活动', prize: '中奖通知', 'waitlist-promoted': '候补转正', verified: '核销成功', case: '求助进度' };
    const title = kinds[event.type] || '新消息';
    const body = (event.campaign && event.campaign.title) || event.title || event.message
      || (event.type === 'prize' ? '恭喜获得「' + event.name + '」' : '') || (event.type === 'verified' ? event.item : '') || '';
    const id = (event.campaign && event.campaign.id) || event.campaignId || null;
    showBanner({
      title, body,
      onTap: id ? () => wx.navigateTo({ url: '/pages/member/campaign/index?id=' + id })
        : event.type === 'case' ? () => wx.navigateTo({ url: '/pages/case/index?id=' + event.caseId })
          : () => wx.switchTab({ url: '/' + INBOX }),
    });
    this.refreshUnreadSoon();
  },

  /**
   * A caseworker's or an admin's event (/console/live): a banner that opens the case or the case list, for what
   * someone else did (the caseworker's own moves come back too, for their other devices: no banner for those, nor
   * while the case itself is on screen, which refreshes).
   */
  onConsoleEvent(role, event) {
    if (event.type !== 'case') return;
    const worker = {
      ACCEPTED: '新分派个案', ASSIGNED: '新分派个案', UNASSIGNED: '个案已改派', MESSAGE: '求助人留言', RATED: '求助人已评价',
      WITHDRAWN: '求助人已撤回', CLOSED: '个案已结案',
    };
    const admin = { SUBMITTED: '新求助', OVERDUE: '求助超期未受理' };
    const title = role === 'admin' ? admin[event.action] : worker[event.action];
    const top = getCurrentPages().pop();
    if (!title || (top && top.route === 'pages/case/index' && top.id === Number(event.caseId))) return;
    const url = role === 'admin' ? '/pages/admin/cases/index'
      : event.action === 'UNASSIGNED' ? '/pages/caseworker/home/index' : '/pages/case/index?id=' + event.caseId;
    showBanner({ title, body: event.number || '', onTap: () => wx.navigateTo({ url }) });
  },
});
