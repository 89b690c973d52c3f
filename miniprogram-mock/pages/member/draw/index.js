import { get, session } from '/lib/api.js';
import { time } from '/lib/format.js';

Page({
  data: { title: '', totalStock: 0, timeText: '', ticket: null, draw: null, won: false, msg: null },

  async onLoad(q) {
    const id = Number(q.id);
    const isMember = (session() || {}).role === 'member';
    const [b, d, entries] = await Promise.all([get('/benefits/' + id), get(`/benefits/${id}/draw`), isMember ? get('/me/entries') : null]);
    const mine = entries && entries.ok ? entries.data.find((t) => t.benefitId === id) : null;
    if (b.ok) this.setData({ title: b.data.title, totalStock: b.data.totalStock, timeText: `${time(b.data.opensAt)} 至 ${time(b.data.closesAt)}` });
    this.setData({ ticket: mine ? mine.ticket : null });
    if (d.ok) {
      this.setData({ draw: d.data, won: !!mine && (mine.won === true || d.data.winners.includes(mine.ticket)) });
    } else if (d.code === 'DRAW_PENDING' || d.code === 'NO_DRAW') {
      this.setData({ msg: { kind: 'info', text: d.message + (b.ok ? `，${time(b.data.closesAt)} 截止后开奖` : '') } });
    } else {
      this.setData({ msg: { kind: 'error', text: d.message, code: d.code } });
    }
  },
});
