// The app: session routing, the live push connection and the unread badge.
import { session, call } from '/lib/api.js';
import { startLive, stopLive, onLive } from '/lib/live.js';
import { showBanner } from '/lib/ui.js';

const HOME = { member: '/pages/member/home/index', staff: '/pages/staff/home/index', admin: '/pages/admin/home/index' };
const INBOX = 'pages/member/inbox/index';

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
    const role = route.startsWith('pages/staff/') ? 'staff' : route.startsWith('pages/admin/') ? 'admin'
      : route.startsWith('pages/member/') ? 'member' : null;
    if (role !== s.role) return HOME[s.role];
    return url;
  },

  homeOf(role) {
    return HOME[role];
  },

  /** Called once a session exists (after login or on launch with a stored session). */
  startSession() {
    const s = session();
    if (s && s.role === 'member') {
      startLive();
      this.refreshUnread();
    } else {
      stopLive();
    }
  },

  endSession() {
    stopLive();
  },

  async refreshUnread() {
    const res = await call('GET', '/me/inbox', { limit: 1 });
    if (!res.ok) return;
    this.globalData.unread = res.data.unread || 0;
    wx.setTabBarBadge({ pagePath: INBOX, text: this.globalData.unread > 0 ? String(Math.min(this.globalData.unread, 99)) : '' });
  },

  onLiveEvent(event) {
    const kinds = { campaign: '新活动', prize: '中奖通知', 'waitlist-promoted': '候补转正' };
    const title = kinds[event.type] || '新消息';
    const body = event.title || (event.campaign && event.campaign.title) || event.message || '';
    const id = event.campaignId || (event.campaign && event.campaign.id) || (event.type === 'campaign' ? event.id : null);
    showBanner({
      title, body,
      onTap: id ? () => wx.navigateTo({ url: '/pages/member/campaign/index?id=' + id }) : () => wx.switchTab({ url: '/' + INBOX }),
    });
    this.refreshUnread();
  },
});
