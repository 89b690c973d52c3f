import { post, saveSession, session } from '/lib/api.js';

const IDENTITIES = [
  { id: 'courier-zhang', label: '快递员 老张', avatar: '递' },
  { id: 'rider-li', label: '外卖骑手 小李', avatar: '骑' },
  { id: 'driver-wang', label: '货车司机 王师傅', avatar: '车' },
  { id: 'sanitation-zhao', label: '环卫工人 赵阿姨', avatar: '环' },
];

Page({
  data: { mode: 'member', identities: IDENTITIES, identity: IDENTITIES[0].id, customId: '', username: '', password: '', busy: false, error: null },

  onLoad() {
    const s = session();
    if (s) wx.reLaunch({ url: getApp().homeOf(s.role) });
    const last = wx.getStorageSync('mock.identity');
    if (last && !IDENTITIES.some((i) => i.id === last)) this.setData({ customId: last, identity: '' });
    else if (last) this.setData({ identity: last });
  },

  setMode(e) {
    const mode = e.currentTarget.dataset.mode;
    this.setData({ mode, error: null, username: mode === 'admin' && !this.data.username ? 'admin' : this.data.username });
  },

  pick(e) {
    this.setData({ identity: e.currentTarget.dataset.id, customId: '' });
  },

  memberLogin() {
    const id = (this.data.customId || '').trim() || this.data.identity;
    if (!id) { this.setData({ error: { message: '请选择或输入一个身份', code: '' } }); return; }
    if (!/^[A-Za-z0-9_.-]{1,60}$/.test(id)) { this.setData({ error: { message: '身份 ID 只能包含字母、数字、点、下划线和横线', code: '' } }); return; }
    wx.setStorageSync('mock.identity', id);
    this.setData({ busy: true, error: null });
    wx.login({
      success: async ({ code }) => {
        const res = await post('/auth/wechat/login', { code }, { auth: false });
        if (!res.ok) { this.setData({ busy: false, error: { message: res.message, code: res.code } }); return; }
        saveSession({ ...res.data, role: 'member' });
        getApp().startSession();
        wx.reLaunch({ url: res.data.member && !res.data.member.verified ? '/pages/member/verify/index?first=1' : '/pages/member/home/index' });
      },
      fail: () => this.setData({ busy: false, error: { message: '微信登录失败，请重试', code: '' } }),
    });
  },

  async passwordLogin() {
    const { username, password } = this.data;
    if (!username || !password) { this.setData({ error: { message: '请输入用户名和密码', code: '' } }); return; }
    this.setData({ busy: true, error: null });
    const res = await post('/auth/login', { username: username.trim(), password }, { auth: false });
    if (!res.ok) { this.setData({ busy: false, error: { message: res.message, code: res.code } }); return; }
    const role = ['admin', 'caseworker'].includes(res.data.role) ? res.data.role : 'staff';
    saveSession({ ...res.data, role, username: username.trim() });
    getApp().startSession();
    wx.reLaunch({ url: getApp().homeOf(role) });
  },
});
