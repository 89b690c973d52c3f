import { post } from '/lib/api.js';
import { time } from '/lib/format.js';

// The door's screen shows zjdoor:<doorId>:<window>:<signature>, renewed every 30 s.
const parseDoor = (text) => {
  const m = /^zjdoor:([1-9][0-9]{0,17}):[0-9]+:[0-9a-f]+$/.exec((text || '').trim());
  return m ? { doorId: m[1], qr: text.trim() } : null;
};

// 扫码进站: scan the QR on a 24-hour station's door; the door opens once the service hears it did.
Page({
  data: { busy: false, opened: null, msg: null },

  scan() {
    wx.scanCode({ onlyFromCamera: false, success: ({ result }) => this.enter(result), fail: () => {} });
  },

  async enter(text) {
    const door = parseDoor(text);
    if (!door) { this.setData({ opened: null, msg: { kind: 'error', text: '这不是驿站门禁码，请扫描门上的二维码' } }); return; }
    this.setData({ busy: true, msg: null, opened: null });
    const res = await post('/doors/' + door.doorId + '/entries', { qr: door.qr });
    this.setData({ busy: false });
    if (res.ok) {
      wx.vibrateShort();
      this.setData({ opened: { ...res.data, atText: time(res.data.at) } });
      return;
    }
    this.setData({ msg: { kind: 'error', text: res.message, code: res.code, verify: res.code === 'NOT_VERIFIED' } });
  },

  verify() { wx.navigateTo({ url: '/pages/member/verify/index' }); },
});
