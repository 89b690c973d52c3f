import { get, post } from '/lib/api.js';
import { CONTEST_STATUS, time } from '/lib/format.js';

const LETTERS = 'ABCDEFGH';
const pad = (n) => String(n).padStart(2, '0');

// One contest: start an attempt, answer against the server's countdown, the score with the right answers,
// the live leaderboard (names masked, my rank) and, after the close, the prizes and my own.
Page({
  data: {
    c: null, error: null, msg: null, busy: false, attempt: null, questions: [], left: '', scored: null,
    board: null, prizes: null, statusText: '', window: '',
  },

  onLoad(q) { this.id = q.id; },
  onShow() { this.load(); },
  onHide() { clearInterval(this.tick); },
  onUnload() { clearInterval(this.tick); },

  async load() {
    const res = await get('/contests/' + this.id);
    if (!res.ok) { this.setData({ error: { message: res.message, code: res.code } }); return; }
    const c = res.data;
    this.setData({ c, error: null, statusText: CONTEST_STATUS[c.status] || c.status, window: `${time(c.opensAt)} – ${time(c.closesAt)}` });
    this.loadBoard();
    if (c.status === 'CLOSED' || c.status === 'AWARDED') this.loadPrizes();
  },

  async loadBoard() {
    const res = await get(`/contests/${this.id}/leaderboard`, { limit: 20 });
    if (res.ok) this.setData({ board: { ...res.data, items: res.data.items.map((r) => ({ ...r, secs: (r.millis / 1000).toFixed(1) })) } });
  },

  async loadPrizes() {
    const res = await get(`/contests/${this.id}/prizes`);
    if (res.ok) this.setData({ prizes: res.data });
  },

  async start() {
    this.setData({ busy: true, msg: null, scored: null });
    const res = await post(`/contests/${this.id}/attempts`);
    this.setData({ busy: false });
    if (!res.ok) { this.setData({ msg: { kind: 'error', text: res.message, code: res.code } }); return; }
    const a = res.data;
    this.chosen = {};
    // the countdown runs from what the server says is left, not from the phone's clock
    this.endsAt = Date.now() + a.millisLeft;
    this.setData({
      attempt: a,
      questions: a.questions.map((q, i) => ({
        ...q, no: i + 1, kindText: q.multiple ? '多选' : '单选',
        options: q.options.map((text, k) => ({ k, text, letter: LETTERS[k], on: false })),
      })),
    });
    clearInterval(this.tick);
    this.countdown();
    this.tick = setInterval(() => this.countdown(), 250);
    this.load(); // the attempts left
  },

  countdown() {
    const ms = this.endsAt - Date.now();
    if (ms <= 0) { clearInterval(this.tick); this.setData({ left: '时间到' }); return; }
    const s = Math.ceil(ms / 1000);
    this.setData({ left: `${Math.floor(s / 60)}:${pad(s % 60)}` });
  },

  pick(e) {
    const qid = String(e.currentTarget.dataset.q);
    const k = Number(e.currentTarget.dataset.k);
    const q = this.data.questions.find((x) => String(x.questionId) === qid);
    let set = new Set(this.chosen[qid] || []);
    if (q.multiple) { if (set.has(k)) set.delete(k); else set.add(k); } else set = new Set([k]);
    this.chosen[qid] = [...set].sort();
    this.setData({
      questions: this.data.questions.map((x) => (String(x.questionId) !== qid ? x
        : { ...x, options: x.options.map((o) => ({ ...o, on: set.has(o.k) })) })),
    });
  },

  async submit() {
    const a = this.data.attempt;
    if (!a) return;
    const answers = this.data.questions.map((q) => ({ questionId: q.questionId, choice: this.chosen[String(q.questionId)] || [] }));
    this.setData({ busy: true, msg: null });
    const res = await post(`/contests/${this.id}/attempts/${a.attemptId}/answers`, { answers });
    this.setData({ busy: false });
    clearInterval(this.tick);
    if (!res.ok) { this.setData({ attempt: null, questions: [], msg: { kind: 'error', text: res.message, code: res.code } }); this.load(); return; }
    const byId = Object.fromEntries(this.data.questions.map((q) => [q.questionId, q]));
    this.setData({
      attempt: null, questions: [],
      scored: {
        ...res.data, secs: (res.data.millis / 1000).toFixed(1),
        results: res.data.results.map((r) => ({
          ...r, text: byId[r.questionId].text,
          answerText: r.answer.map((k) => LETTERS[k]).join(''), choiceText: r.choice.map((k) => LETTERS[k]).join('') || '未答',
        })),
      },
    });
    this.load();
  },
});
