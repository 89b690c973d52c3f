// Browser journeys of the mock mini-program against a running Zhijia service.
//   MOCK_URL  the mock client (serve.mjs), e.g. http://127.0.0.1:5173
//   API_URL   the service itself, for test set-up only, e.g. http://127.0.0.1:8080
// Chromium is Debian's /usr/bin/chromium (CHROMIUM to override); nothing is downloaded.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const MOCK_URL = process.env.MOCK_URL || 'http://127.0.0.1:5173';
const API_URL = process.env.API_URL || 'http://127.0.0.1:8080';
const SHOTS = path.join(here, 'screenshots');
const FAILS = path.join(SHOTS, 'failures');
const RUN = Date.now().toString(36).slice(-6);
const TIMEOUT = 15_000;

fs.mkdirSync(FAILS, { recursive: true });

// ---- tiny runner ---------------------------------------------------------------------------
// Every journey asserts: it passes or fails, and any failure (or an uncaught page error) fails the run.

const results = [];
const pageErrors = [];
let currentPages = [];

// JOURNEYS=jobs,bookings runs only the journeys whose names contain one of those words, after the
// first two (admin and member log-in), which every later journey builds on. Unset: all of them.
const only = (process.env.JOURNEYS || '').split(',').map((w) => w.trim()).filter(Boolean);
let journeyCount = 0;

async function journey(name, fn) {
  if (journeyCount++ >= 2 && only.length && !only.some((w) => name.includes(w))) return;
  const t0 = Date.now();
  process.stdout.write(`▶ ${name}\n`);
  try {
    await fn();
    results.push({ name, ok: true, ms: Date.now() - t0 });
    process.stdout.write(`  ✔ passed (${Date.now() - t0} ms)\n`);
  } catch (e) {
    results.push({ name, ok: false, ms: Date.now() - t0, note: e.message.split('\n')[0] });
    process.stdout.write(`  ✘ FAILED: ${e.stack || e.message}\n`);
    for (const [i, p] of currentPages.entries()) {
      await p.screenshot({ path: path.join(FAILS, `${name.replace(/\W+/g, '-')}-${i}.png`) }).catch(() => {});
    }
  }
}

function step(msg) { process.stdout.write(`    · ${msg}\n`); }

function assert(cond, msg) { if (!cond) throw new Error('assertion failed: ' + msg); }

async function shot(page, name, { banner = false } = {}) {
  // A toast or banner from the previous step would hide what the screenshot is for.
  // Taps scroll the page; the screen as a person opens it starts at the top.
  await page.evaluate((ids) => {
    for (const id of ids) document.getElementById(id).hidden = true;
    document.getElementById('pages').scrollTop = 0;
  }, banner ? ['toast', 'mask'] : ['toast', 'mask', 'banner']);
  await page.waitForTimeout(150); // let the morph and transitions settle
  await page.screenshot({ path: path.join(SHOTS, name + '.png') });
}

// ---- service helpers (set-up only) -----------------------------------------------------------

async function api(method, p, body, token) {
  const r = await fetch(API_URL + '/api/v1' + p, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: 'Bearer ' + token } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = text; }
  return { status: r.status, data };
}

// ---- browser ---------------------------------------------------------------------------------

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run', '--lang=zh-CN'],
});

async function phone(label) {
  // No geolocation permission: the client falls back to its default point, where the admin puts the station.
  const context = await browser.newContext({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`[${label}] ${e.message}`));
  page.on('dialog', (d) => d.accept());
  await page.goto(MOCK_URL + '/');
  await page.waitForSelector('body[data-ready=true]');
  return { context, page };
}

const visiblePage = (page) => page.locator('section.page:not([hidden])');

async function tab(page, text) {
  await page.locator('#tabbar .tab', { hasText: text }).click();
}

async function passwordLogin(page, mode, username, password) {
  await visiblePage(page).locator('.seg', { hasText: mode }).click();
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#password-login');
}


/** The figure a member sees on a tab's badge (0 when there is none). */
async function badge(page, pagePath) {
  const b = page.locator(`#tabbar .tab[data-path="${pagePath}"] .tab-badge`);
  return (await b.count()) ? Number(await b.innerText()) : 0;
}

/** Reloads the app at a route (as a member returning to the mini-program would) and waits for it. */
async function openRoute(page, route) {
  await page.goto(MOCK_URL + '/#/' + route);
  await page.reload();
  await page.waitForSelector('body[data-ready=true]');
  // a live banner (6 s) from an earlier journey's event would take the next tap meant for the page below it
  await page.waitForSelector('#banner', { state: 'hidden', timeout: 8_000 });
}

/** 'YYYY-MM-DDTHH:mm:ss' in the phone's zone, `ms` from now: a datetime-local value with seconds. */
const localInAPhone = (page, ms) => page.evaluate((ms) => {
  const d = new Date(Date.now() + ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}, ms);

/** An admin composes a campaign on the 活动 tab and publishes it; returns its id. */
async function composeAndPublish(page, kind, title, body, fill) {
  await tab(page, '活动');
  await visiblePage(page).locator('.kinds .seg', { hasText: kind }).click();
  await page.fill('#c-title', title);
  await page.fill('#c-body', body);
  if (fill) await fill();
  await page.click('#campaign-create');
  await page.waitForSelector('#campaign-admin-msg:has-text("草稿已保存")');
  const card = visiblePage(page).locator('.card.campaign', { hasText: title });
  await card.waitFor();
  const id = Number(await card.getAttribute('data-campaign-id'));
  await card.locator('button', { hasText: '发布并推送' }).click();
  await page.locator('#dialog .btn-primary').click();
  await card.locator('.tag:has-text("已发布")').waitFor();
  return id;
}

// ---- the journeys ------------------------------------------------------------------------------

const state = {
  stationName: `人民广场爱心驿站-${RUN}`, benefitTitle: `夏送清凉大礼包-${RUN}`, lotteryTitle: `健康体检名额抽签-${RUN}`,
};
const card1 = `E2E${RUN.toUpperCase()}01`;
const card2 = `E2E${RUN.toUpperCase()}02`;
const memberName = '张测试';
const member2Code = `mock-e2e-b-${RUN}`;
// The lottery closes this long after the admin creates it: long enough for the member journey to enter.
const LOTTERY_OPEN_MS = 45_000;

const admin = await phone('admin');
const member = await phone('member');
const staff = await phone('staff');

await journey('admin: log in, create a station, a benefit opening now, a lottery, upload the roster', async () => {
  const { page } = admin;
  currentPages = [page];
  await shot(page, 'login');
  await passwordLogin(page, '管理员', 'admin', 'admin-dev-only');
  await page.waitForSelector('.page-admin-home:not([hidden])');
  step('logged in as admin');

  await tab(page, '驿站');
  await page.click('#new-station');
  await page.waitForSelector('.page-admin-station-edit:not([hidden]) #s-name');
  await page.fill('#s-name', state.stationName);
  // ~220 m north-east of the member's default point, so distance and walk minutes are non-zero.
  const lat = Number(await page.inputValue('#s-lat')) + 0.0015;
  const lng = Number(await page.inputValue('#s-lng')) + 0.0015;
  await page.fill('#s-lat', lat.toFixed(6));
  await page.fill('#s-lng', lng.toFixed(6));
  await page.fill('#s-addr', '黄浦区人民大道 100 号');
  await page.fill('#s-stock', '120');
  // Open round the clock: the default 07:00–21:00 would refuse pickups when CI runs in the evening.
  await page.locator('.page-admin-station-edit:not([hidden]) label.check', { hasText: '24 小时开放' }).locator('input').check();
  await shot(page, 'admin-station-form');
  await page.click('#station-save');
  await page.waitForSelector(`.page-admin-stations:not([hidden]) .list-item:has-text("${state.stationName}")`);
  step('station created');

  const login = await api('POST', '/auth/login', { username: 'admin', password: 'admin-dev-only' });
  assert(login.status === 200, 'admin API login ' + login.status);
  state.adminToken = login.data.accessToken;
  const list = await api('GET', '/admin/stations?limit=100', null, state.adminToken);
  const st = list.data.items.find((s) => s.name === state.stationName);
  assert(st, 'station is listed by the API');
  state.stationId = st.id;
  await shot(page, 'admin-stations');

  await tab(page, '福利');
  await page.click('#new-benefit');
  await page.waitForSelector('.page-admin-benefit-edit:not([hidden]) #b-title');
  await page.fill('#b-title', state.benefitTitle);
  await page.fill('#b-desc', '毛巾、香皂、洗发水各一份，凭领取码到驿站领取。');
  await page.fill('#b-stock', '5');
  await page.locator('.station-check', { hasText: state.stationName }).locator('input').check();
  await shot(page, 'admin-benefit-form');
  await page.click('#benefit-save');
  await page.waitForSelector(`.page-admin-benefits:not([hidden]) .card:has-text("${state.benefitTitle}")`);
  const b = visiblePage(page).locator('.card', { hasText: state.benefitTitle });
  assert((await b.locator('.tag').innerText()).includes('领取中'), 'the new benefit is open now');
  step('first-come benefit created and open');

  // A lottery that closes within the run: members enter while it is open, the service draws after closesAt.
  await page.click('#new-benefit');
  await page.waitForSelector('.page-admin-benefit-edit:not([hidden]) #b-title');
  await page.fill('#b-title', state.lotteryTitle);
  await page.fill('#b-desc', '新就业形态劳动者免费健康体检，名额有限，截止后公开抽签。');
  await page.click('#alloc-lottery');
  await page.fill('#b-stock', '3');
  state.lotteryClosesAt = Date.now() + LOTTERY_OPEN_MS;
  await page.fill('#b-closes', await localInAPhone(page, LOTTERY_OPEN_MS));
  await page.locator('.station-check', { hasText: state.stationName }).locator('input').check();
  await page.click('#benefit-save');
  const lot = visiblePage(page).locator('.card', { hasText: state.lotteryTitle });
  await lot.waitFor();
  assert((await lot.innerText()).includes('抽奖'), 'the lottery is listed as a lottery: ' + await lot.innerText());
  step('lottery created, closing in ' + LOTTERY_OPEN_MS / 1000 + ' s');
  await shot(page, 'admin-benefits');

  await tab(page, '会员');
  await page.fill('#roster-csv', `name,cardNo,phone,orgId,tags\n${memberName},${card1},13800000001,org-e2e,courier;new-employment-form\n李测试,${card2},13800000002,org-e2e,rider`);
  await page.click('#roster-upload');
  await page.waitForSelector('#roster-result');
  const imported = await page.locator('#roster-result .stat-value').first().innerText();
  assert(imported.trim() === '2', 'two roster lines imported, got ' + imported);
  step('roster imported');
  await shot(page, 'admin-roster');

  // Test set-up (not UI): the station's staff account.
  state.staffUser = `staff-${RUN}`;
  state.staffPassword = `pw-${RUN}-longenough`;
  const created = await api('POST', '/admin/staff', { username: state.staffUser, password: state.staffPassword, displayName: '王站长', stationIds: [state.stationId] }, state.adminToken);
  assert(created.status === 201, 'staff account created: ' + created.status + ' ' + JSON.stringify(created.data));
});

await journey('member: log in, verify, find the station, review it, report a problem, claim the benefit, enter the lottery', async () => {
  const { page } = member;
  currentPages = [page];
  await page.fill('#custom-id', `e2e-${RUN}`);
  await page.click('#wechat-login');
  await page.waitForSelector('.page-member-verify:not([hidden]) #v-name');
  step('logged in with a mock identity, asked to verify');

  await page.fill('#v-name', memberName);
  await page.fill('#v-card', 'WRONG-CARD');
  await page.click('#verify-submit');
  await page.waitForSelector('#verify-error');
  assert((await page.innerText('#verify-error')).includes('ROSTER_NO_MATCH'), 'wrong card shows ROSTER_NO_MATCH');
  await shot(page, 'member-verify-error');
  await page.fill('#v-card', card1);
  await page.click('#verify-submit');
  await page.waitForSelector('#verify-done');
  step('verified against the roster');
  await page.click('text=去首页');
  await page.waitForSelector('#verified-tag');
  await page.waitForSelector('#live-state:has-text("已连接")');
  await shot(page, 'member-home');

  await tab(page, '驿站');
  const item = page.locator('.page-member-stations:not([hidden]) .station', { hasText: state.stationName });
  await item.waitFor();
  const dist = await item.locator('.dist').innerText();
  const walk = await item.locator('.muted').first().innerText();
  assert(/\d+ 米/.test(dist), 'distance shown: ' + dist);
  assert(/步行约 \d+ 分钟/.test(walk), 'walk minutes shown: ' + walk);
  step(`station nearby: ${dist}, ${walk}`);
  await shot(page, 'member-stations');
  await page.click('#view-plot');
  await page.waitForSelector('.page-member-stations:not([hidden]) .plot .dot');
  await shot(page, 'member-stations-plot');
  await page.locator(`.page-member-stations:not([hidden]) .plot .dot[data-id="${state.stationId}"]`).dispatchEvent('click'); // dots may overlap

  await page.waitForSelector(`.page-member-station:not([hidden]) #station-name:has-text("${state.stationName}")`);
  await page.locator('.page-member-station:not([hidden]) .chip').first().click();
  await page.locator('.page-member-station:not([hidden]) .star-btn').nth(4).click();
  await page.waitForSelector('#review-msg');
  const review = await page.innerText('#review-msg');
  assert(review.includes('感谢您的 5 星评价'), 'the review was accepted: ' + review);
  await page.waitForSelector('#station-rating:has-text("5.0 分 · 1 条评价")');
  step('one-tap review: ' + review.replace(/\s+/g, ' ') + ', rating now ' + await page.innerText('#station-rating'));

  await page.selectOption('.page-member-station:not([hidden]) select', 'NO_WATER');
  await page.fill('.page-member-station:not([hidden]) textarea', '下午三点到站，饮水机没有水了。');
  await page.click('#report-submit');
  await page.waitForSelector('#report-msg');
  const report = await page.innerText('#report-msg');
  assert(report.includes('已提交'), 'the problem report was accepted: ' + report);
  step('problem reported (NO_WATER)');
  await shot(page, 'member-station-detail');
  await page.click('#nav-back');

  await tab(page, '福利');
  const card = page.locator('.page-member-benefits:not([hidden]) .benefit', { hasText: state.benefitTitle });
  await card.waitFor();
  const btn = card.locator('.claim-btn');
  assert((await btn.innerText()).includes('立即领取'), 'claim button offered');
  // Two taps in the same instant: the first disables the button, the second must not send a claim.
  await btn.evaluate((b) => { b.click(); b.click(); });
  await card.locator('.code-text').waitFor();
  state.claimCode = (await card.locator('.code-text').innerText()).trim();
  assert(/^\d{8}$/.test(state.claimCode), 'claim code shown: ' + state.claimCode);
  assert((await btn.innerText()).includes('已领取'), 'button shows claimed');
  const mine = await page.evaluate(async () => {
    const s = JSON.parse(localStorage.getItem('zj:session'));
    const r = await fetch('/api/v1/me/claims', { headers: { authorization: 'Bearer ' + s.accessToken } });
    return (await r.json()).items.length;
  });
  assert(mine === 1, 'exactly one claim after a double tap, got ' + mine);
  step('claimed, code ' + state.claimCode);

  const lottery = page.locator('.page-member-benefits:not([hidden]) .benefit', { hasText: state.lotteryTitle });
  await lottery.locator('.claim-btn:has-text("参与抽奖")').click();
  await lottery.locator('.note:has-text("已参与 · 券号 #")').waitFor();
  state.ticket = Number((await lottery.locator('.note').innerText()).match(/#(\d+)/)[1]);
  assert(Date.now() < state.lotteryClosesAt, 'entered before the lottery closed');
  step(`entered the lottery, ticket #${state.ticket}`);
  await shot(page, 'member-benefits');

  await card.locator('.link').click();
  await page.waitForSelector('.page-member-claims:not([hidden]) qr-code svg');
  await page.waitForSelector('.page-member-claims:not([hidden]) .entry .entry-result');
  assert((await page.innerText('.page-member-claims:not([hidden]) .entry')).includes('#' + state.ticket), 'my lottery entries list the ticket');
  await shot(page, 'member-claims');
});

await journey('staff (second browser context): rotating check-in QR, verify the member\'s claim code, today\'s list', async () => {
  const { page } = staff;
  currentPages = [page, member.page];
  await passwordLogin(page, '驿站工作人员', state.staffUser, state.staffPassword);
  await page.waitForSelector(`.page-staff-home:not([hidden]) .station:has-text("${state.stationName}")`);
  await shot(page, 'staff-home');

  await tab(page, '签到码');
  await page.waitForSelector('#checkin-qr svg');
  state.checkinPayload = (await page.innerText('#checkin-payload')).trim();
  assert(state.checkinPayload.startsWith('zhijia://checkin?s=' + state.stationId + '&t='), 'QR carries station and token: ' + state.checkinPayload);
  const left = Number((await page.innerText('.page-staff-checkin .refresh .muted')).match(/(\d+) 秒/)[1]);
  assert(left > 0 && left <= 30, 'refresh scheduled before the token expires: ' + left + ' s');
  step(`check-in QR shown, refresh in ${left} s`);
  await shot(page, 'staff-checkin-qr');

  await tab(page, '核销');
  await page.waitForSelector('.page-staff-verify:not([hidden]) .empty:has-text("今天还没有核销记录")');
  await page.fill('#code-input', state.claimCode);
  await page.click('#verify-btn');
  await page.waitForSelector('#verify-result');
  const ok = await page.innerText('#verify-result');
  assert(ok.includes('核销成功'), 'verification succeeded: ' + ok);
  assert(ok.includes(state.benefitTitle), 'shows the item');
  assert(ok.includes('张*'), 'member name is masked: ' + ok);
  await page.waitForSelector('.page-staff-verify .today:has-text("福利")');
  const todayRow = await page.innerText('.page-staff-verify .today');
  assert(todayRow.includes('张*'), 'today\'s list (GET /staff/verifications) shows the masked member');
  assert(todayRow.includes(state.benefitTitle), 'and what was handed over: ' + todayRow);
  step('claim code verified; today\'s list shows it');

  // The same staff member repeating the code gets the service's replayed 200 (repeat: true); the page
  // must still tell the counter not to hand the item over again.
  await page.fill('#code-input', state.claimCode);
  await page.click('#verify-btn');
  await page.waitForFunction(() => document.querySelector('#verify-result')?.innerText.includes('此码已核销过'));
  await page.waitForTimeout(300);
  assert((await page.locator('.page-staff-verify .today').count()) === 1, 'still one verification in today\'s list');
  step('repeat of the same code flagged, not counted twice');
  await page.fill('#code-input', '00000000');
  await page.click('#verify-btn');
  await page.waitForFunction(() => document.querySelector('#verify-result')?.innerText.includes('CODE_INVALID'));
  assert((await page.innerText('#verify-result')).includes('核销码无效'), 'wrong code explained in Chinese');
  step('wrong code refused with CODE_INVALID');
  await shot(page, 'staff-verify-invalid');

  // The member's list now shows it redeemed.
  const mp = member.page;
  await mp.reload();
  await mp.waitForSelector('body[data-ready=true]');
  await mp.waitForSelector('.page-member-claims:not([hidden]) .claim .tag:has-text("已核销")');
});

await journey('burst: the last unit goes to one member, the other sees sold out', async () => {
  const now = Date.now();
  const iso = (ms) => new Date(ms).toISOString();
  const title = `爱心餐券-${RUN}`;
  const made = await api('POST', '/admin/benefits', { title, totalStock: 1, perMemberLimit: 1, opensAt: iso(now - 60_000), closesAt: iso(now + 3_600_000), redeemBy: iso(now + 86_400_000), stationIds: [state.stationId] }, state.adminToken);
  assert(made.status === 201, 'benefit with one unit: ' + made.status);
  // A second member (the roster's other card) in a third browser context.
  const other = await phone('member2');
  currentPages = [member.page, other.page];
  try {
    // The late member is already looking at the benefit (one left) when the other one takes it.
    const mp = member.page;
    await openRoute(mp, 'pages/member/benefits/index');
    const mine = mp.locator('.page-member-benefits:not([hidden]) .benefit', { hasText: title });
    await mine.locator('.claim-btn:has-text("立即领取")').waitFor();

    const op = other.page;
    await op.fill('#custom-id', member2Code.replace(/^mock-/, ''));
    await op.click('#wechat-login');
    await op.fill('#v-name', '李测试');
    await op.fill('#v-card', card2);
    await op.click('#verify-submit');
    await op.waitForSelector('#verify-done');
    await op.click('text=去首页');
    await tab(op, '福利');
    const theirs = op.locator('.page-member-benefits:not([hidden]) .benefit', { hasText: title });
    await theirs.locator('.claim-btn:has-text("立即领取")').click();
    await theirs.locator('.code-text').waitFor();
    step('the other member took the only unit');

    // Tap at once; should the 2 s live count have refreshed first, the button already says sold out.
    const label = await mine.locator('.claim-btn').innerText();
    if (label.includes('立即领取')) {
      await mine.locator('.claim-btn').click();
      await mine.locator('.note.error').waitFor();
    }
    await mp.waitForFunction((t) => [...document.querySelectorAll('.benefit')].some((b) => b.innerText.includes(t) && b.querySelector('.claim-btn').innerText.includes('已领完') && b.querySelector('.claim-btn').disabled), title);
    const note = await mine.locator('.note').innerText();
    assert(label.includes('已领完') || note.includes('已经领完'), 'sold out explained: ' + note);
    step(`sold out shown to the late member (${label.includes('已领完') ? 'from the live count' : 'BENEFIT_SOLD_OUT on tap'})`);
  } finally {
    await other.context.close();
  }
});

await journey('staff: restock the station', async () => {
  const { page } = staff;
  currentPages = [page];
  await tab(page, '工作台');
  const stationCard = page.locator(`.page-staff-home:not([hidden]) .station:has-text("${state.stationName}")`);
  await stationCard.waitFor();
  const before = Number(await stationCard.locator('.stock-num').innerText());
  await stationCard.locator('.restock-input').fill('30');
  await stationCard.locator('.restock-btn').click();
  await stationCard.locator('.restock-msg').waitFor();
  const msg = await stationCard.locator('.restock-msg').innerText();
  assert(msg.includes('已补货 30 瓶'), 'restock confirmed: ' + msg);
  const after = Number(await stationCard.locator('.stock-num').innerText());
  assert(after === before + 30, `stock ${before} + 30 = ${after}`);
  state.stockAfterRestock = after;
  step(`restocked: ${before} → ${after}`);
});

await journey('water pickup: the member scans the station QR, gets a 6-digit code and QR, staff verifies it', async () => {
  const { page } = member;
  const sp = staff.page;
  currentPages = [page, sp];
  await openRoute(page, 'pages/member/water/index');
  await page.waitForSelector('#scan-btn');
  // What the staff page shows now (the QR read earlier may have rotated out).
  await tab(sp, '签到码');
  await sp.waitForSelector('#checkin-qr svg');
  const payload = (await sp.innerText('#checkin-payload')).trim();
  assert(payload.startsWith(`zhijia://checkin?s=${state.stationId}&t=`), 'fresh check-in payload: ' + payload);
  await page.click('#scan-btn');
  await page.fill('.scan-input', payload);
  await shot(page, 'member-scan');
  await page.click('.scan-ok');
  await page.waitForSelector('#pickup-code, #water-msg');
  assert(!(await page.locator('#water-msg').count()), 'pickup refused: ' + (await page.locator('#water-msg').count() ? await page.innerText('#water-msg') : ''));
  const code = (await page.innerText('#pickup-code')).trim();
  assert(/^\d{6}$/.test(code), 'a 6-digit pickup code shown big: ' + code);
  await page.waitForSelector('#pickup-card qr-code svg');
  assert((await page.innerText('#pickup-card')).includes('有效期剩余'), 'the code counts down');
  step('pickup code ' + code + ' with its QR');
  await shot(page, 'member-water');

  await tab(sp, '核销');
  await sp.fill('#code-input', code);
  await sp.click('#verify-btn');
  await sp.waitForFunction(() => document.querySelector('#verify-result')?.innerText.includes('核销成功'));
  const ok = await sp.innerText('#verify-result');
  assert(ok.includes('领水') && ok.includes('张*'), 'water pickup verified for the masked member: ' + ok);
  await sp.waitForFunction(() => document.querySelectorAll('.page-staff-verify .today').length === 2);
  assert((await sp.locator('.page-staff-verify .today').first().innerText()).includes('领水'), 'today\'s list shows the pickup first');
  step('staff verified the pickup; today\'s list has 2 entries');
  await shot(sp, 'staff-verify-ok');
  // The member's phone hears of it over the live socket and puts the code away.
  await page.waitForSelector('#pickup-done', { timeout: 5_000 });
  assert((await page.innerText('#pickup-done')).includes('已领取'), 'the member sees the bottle handed over');
  assert(!(await page.locator('#pickup-code').count()), 'the spent code is no longer shown');
  step('the member\'s page turned to 已领取 by itself (live "verified" event)');
  await shot(page, 'member-water-done');

  // A second scan the same day is refused with the service's code, in Chinese.
  await tab(sp, '签到码');
  await sp.waitForSelector('#checkin-qr svg');
  const fresh = (await sp.innerText('#checkin-payload')).trim();
  await page.click('#rescan-btn');
  await page.fill('.scan-input', fresh);
  await page.click('.scan-ok');
  await page.waitForSelector('#water-msg');
  const refused = await page.innerText('#water-msg');
  assert(refused.includes('DAILY_QUOTA_REACHED') && refused.includes('今天已经领过水了'), 'second bottle refused: ' + refused);
  step('a second bottle today refused: DAILY_QUOTA_REACHED');

  await tab(sp, '工作台');
  const stock = sp.locator(`.page-staff-home:not([hidden]) .station:has-text("${state.stationName}") .stock-num`);
  await sp.waitForFunction((want) => [...document.querySelectorAll('.page-staff-home .stock-num')].some((n) => Number(n.innerText) === want), state.stockAfterRestock - 1);
  step(`station stock counted down: ${state.stockAfterRestock} → ${await stock.innerText()}`);
});

await journey('live push: admin publishes a notice, the member sees it at once, the inbox badge counts it', async () => {
  const { page } = admin;
  const mp = member.page;
  currentPages = [page, mp];
  await openRoute(mp, 'pages/member/home/index');
  await mp.waitForSelector('#live-state:has-text("实时推送：已连接")', { timeout: 10_000 });
  const inbox = 'pages/member/inbox/index';
  const before = await badge(mp, inbox);
  step(`member's socket connected (sub-protocols zhijia-live + token); unread badge ${before || 'none'}`);

  const title = `夏送清凉-${RUN}`;
  const t0 = Date.now();
  await composeAndPublish(page, '通知', title, '本周六上午在人民广场驿站发放清凉包，欢迎工友们前来领取。');
  await mp.waitForSelector(`#banner:not([hidden]):has-text("${title}")`, { timeout: 5_000 });
  const banner = await mp.innerText('#banner');
  assert(banner.includes('新活动'), 'banner says what arrived: ' + banner);
  step(`banner shown ${Date.now() - t0} ms after the admin tapped 发布`);
  await shot(mp, 'member-live-push', { banner: true });
  await shot(page, 'admin-campaigns');

  await mp.waitForFunction(({ sel, want }) => Number(document.querySelector(sel)?.innerText || 0) >= want,
    { sel: `#tabbar .tab[data-path="${inbox}"] .tab-badge`, want: before + 1 }, { timeout: 10_000 });
  const after = await badge(mp, inbox);
  step(`inbox badge ${before || 'none'} → ${after}`);

  await tab(mp, '消息');
  const msg = mp.locator('.page-member-inbox:not([hidden]) .msg', { hasText: title });
  await msg.waitFor();
  assert(await msg.evaluate((m) => m.classList.contains('unread')), 'the new message is unread');
  const head = async () => Number(((await mp.innerText('.page-member-inbox:not([hidden]) .head')).match(/(\d+) 条未读/) || [0, 0])[1]);
  const unreadBefore = await head();
  await shot(mp, 'member-inbox');
  await msg.click();
  await mp.waitForFunction((t) => [...document.querySelectorAll('.page-member-inbox .msg')].some((m) => m.innerText.includes(t) && !m.classList.contains('unread')), title);
  assert(await head() === unreadBefore - 1, `unread ${unreadBefore} → ${await head()}`);
  assert(await badge(mp, inbox) === unreadBefore - 1, 'the tab badge follows the read');
  step('opened in the inbox: marked read, badge ' + (await badge(mp, inbox) || 'gone'));
});

await journey('event sign-up: the member is waitlisted with a position, then promoted live when a seat frees', async () => {
  const { page } = admin;
  const mp = member.page;
  currentPages = [page, mp];
  const title = `单身职工联谊会-${RUN}`;
  const id = await composeAndPublish(page, '活动报名', title, '周日下午人民公园，名额 1 人（演示）。', async () => {
    await page.fill('#c-location', '人民公园东门');
    await page.fill('#c-capacity', '1');
  });
  // Set-up (not UI): the other member takes the only seat first.
  const m2 = await api('POST', '/auth/wechat/login', { code: member2Code });
  assert(m2.status === 200, 'member 2 API login ' + m2.status);
  state.member2Token = m2.data.accessToken;
  const taken = await api('POST', `/campaigns/${id}/signups`, {}, state.member2Token);
  assert(taken.status === 201 && taken.data.status === 'CONFIRMED', 'member 2 holds the seat: ' + JSON.stringify(taken.data));

  // The member opens the event from the live banner.
  await mp.locator(`#banner:not([hidden]):has-text("${title}")`).click({ timeout: 8_000 });
  await mp.waitForSelector(`.page-member-campaign:not([hidden]) .card-title:has-text("${title}")`);
  await mp.click('#signup-btn');
  await mp.waitForSelector('#signup-status');
  const waiting = await mp.innerText('#signup-status');
  assert(waiting.includes('已进入候补') && waiting.includes('第 1 位'), 'waitlisted with position 1: ' + waiting);
  await mp.waitForSelector('#event-seats:has-text("已报名 1 / 1，候补 1 人")'); // the page re-reads the event after signing up
  step('signed up from the banner: ' + waiting);
  await shot(mp, 'member-event-waitlist');

  // The seat frees up; the service promotes the first on the waitlist and tells them live.
  const cancelled = await api('DELETE', `/campaigns/${id}/signups`, null, state.member2Token);
  assert(cancelled.status === 204, 'member 2 cancelled: ' + cancelled.status);
  await mp.waitForSelector('#banner:not([hidden]):has-text("候补转正")', { timeout: 5_000 });
  await mp.waitForSelector('#signup-status:has-text("报名成功")');
  step('promoted live: banner 候补转正, status 报名成功');
});

await journey('voting: admin publishes a vote, the member picks two options, results count the ballot', async () => {
  const { page } = admin;
  const mp = member.page;
  currentPages = [page, mp];
  const title = `兴趣课程投票-${RUN}`;
  const id = await composeAndPublish(page, '投票', title, '工会将按得票开设兴趣班，每人最多选两项。');
  await mp.locator(`#banner:not([hidden]):has-text("${title}")`).click({ timeout: 8_000 });
  await mp.waitForSelector(`.page-member-campaign:not([hidden]) .card-title:has-text("${title}")`);
  const opt = (label) => mp.locator('.page-member-campaign:not([hidden]) .opt', { hasText: label });
  await opt('摄影').click();
  await opt('书法').click();
  await opt('短视频剪辑').click(); // a third choice is refused on the phone (maxChoices 2)
  assert(!(await opt('短视频剪辑').evaluate((o) => o.classList.contains('on'))), 'at most two options');
  await mp.click('#vote-btn');
  await mp.waitForSelector('#vote-done');
  await mp.waitForSelector('#vote-ballots:has-text("共 1 人投票")');
  const counts = await mp.locator('.page-member-campaign:not([hidden]) .opt .opt-count').allInnerTexts();
  assert(counts.join('|') === '1 票|1 票|0 票', 'results per option: ' + counts.join(', '));
  step('voted 摄影 + 书法; results 1 / 1 / 0');
  await shot(mp, 'member-vote');

  const card = visiblePage(page).locator(`.card.campaign[data-campaign-id="${id}"]`);
  await card.locator('button', { hasText: '查看投票结果' }).click();
  await card.locator('.vote-results:has-text("共 1 人投票")').waitFor();
  step('admin sees the ballot in the results');
});

await journey('lottery: after closing, the service draws; the member sees the result and the won claim', async () => {
  const mp = member.page;
  currentPages = [mp];
  const wait = state.lotteryClosesAt - Date.now();
  if (wait > 0) step(`waiting ${Math.ceil(wait / 1000)} s for the lottery to close`);
  await openRoute(mp, 'pages/member/claims/index');
  const entry = mp.locator('.page-member-claims:not([hidden]) .entry', { hasText: state.lotteryTitle });
  const deadline = state.lotteryClosesAt + 30_000;
  for (;;) {
    await entry.waitFor();
    const result = await entry.locator('.entry-result').innerText();
    if (result.includes('中签')) break;
    assert(Date.now() < deadline, 'no draw within 30 s of closing: ' + result);
    await mp.waitForTimeout(2000);
    await openRoute(mp, 'pages/member/claims/index');
  }
  const result = await entry.locator('.entry-result').innerText();
  assert(result === '已中签', 'the only entrant of 3 places wins: ' + result);
  await mp.waitForSelector(`.page-member-claims:not([hidden]) .claim:has-text("${state.lotteryTitle}") .tag:has-text("待核销")`);
  step('drawn: 已中签, the won claim waits in 我的领取');
  await shot(mp, 'member-claims-lottery');
  await entry.click();
  await mp.waitForSelector('#draw-result');
  assert((await mp.innerText('#draw-result')).includes('恭喜中签'), 'draw page shows the win');
  assert((await mp.innerText('.page-member-draw:not([hidden])')).includes('#' + state.ticket), 'winning ticket listed');
  step('draw page: seed, digest and winners published');
  await shot(mp, 'member-draw');
});

await journey('admin figures: the overview counts the pickups, claims and redemptions; the report shows on the station', async () => {
  const { page } = admin;
  currentPages = [page];
  await tab(page, '概览');
  await page.locator('.page-admin-home:not([hidden]) .seg', { hasText: '今日' }).click();
  const figure = async (key) => Number(await page.locator(`#figures [data-figure="${key}"] .stat-value`).innerText());
  await page.waitForFunction(() => Number(document.querySelector('#figures [data-figure="waterPickups"] .stat-value')?.innerText) >= 1);
  const f = {};
  for (const k of ['peopleServed', 'members', 'verifiedMembers', 'waterPickups', 'claims', 'redemptions', 'reviews']) f[k] = await figure(k);
  // This run's fresh database: two verified members; member 1 picked up water and had a claim redeemed;
  // claims: member 1's, member 2's burst unit, member 1's lottery win.
  assert(f.waterPickups === 1, 'one water pickup: ' + f.waterPickups);
  assert(f.redemptions >= 1, 'redemptions counted: ' + f.redemptions);
  assert(f.claims >= 3, 'claims counted: ' + f.claims);
  assert(f.peopleServed >= 1, 'people served: ' + f.peopleServed);
  assert(f.verifiedMembers >= 2 && f.reviews >= 1, 'members and reviews: ' + JSON.stringify(f));
  const api1 = await api('GET', '/admin/stats/overview', null, state.adminToken);
  assert(api1.data.waterPickups === f.waterPickups && api1.data.claims === f.claims, 'the screen shows the service\'s figures');
  const row = page.locator('.page-admin-home:not([hidden]) .srow', { hasText: state.stationName });
  assert((await row.innerText()).includes('领水 1'), 'per-station figures: ' + await row.innerText());
  step('figures: ' + Object.entries(f).map(([k, v]) => `${k} ${v}`).join(', '));
  await shot(page, 'admin-home');

  await tab(page, '驿站');
  const st = page.locator('.page-admin-stations:not([hidden]) .list-item', { hasText: state.stationName });
  await st.locator('.tag:has-text("1 个问题")').waitFor();
  step('the member\'s problem report shows on the station');

  // The admin opens the reports, resolves the member's with a note; the station's count goes away.
  await page.locator('.page-admin-stations:not([hidden]) #open-reports').click();
  const report = page.locator('.page-admin-reports:not([hidden]) .report', { hasText: state.stationName });
  await report.waitFor();
  assert((await report.innerText()).includes('待处理'), 'the report is open: ' + await report.innerText());
  await shot(page, 'admin-reports');
  await report.locator('.resolution').fill('已补水，感谢反馈');
  await report.locator('.resolve-btn').click();
  await page.locator('.page-admin-reports:not([hidden]) .empty').waitFor();
  const resolved = await api('GET', '/admin/reports?status=RESOLVED', null, state.adminToken);
  assert(resolved.data.items.some((r) => r.stationName === state.stationName && r.resolution === '已补水，感谢反馈'), 'resolved with the note');
  await page.click('#nav-back'); // the stations list shows itself again and reloads
  await page.waitForFunction((name) => {
    const item = [...document.querySelectorAll('.page-admin-stations:not([hidden]) .list-item')].find((n) => n.innerText.includes(name));
    return item && !item.innerText.includes('个问题');
  }, state.stationName);
  step('the admin resolved the report with a note; the station shows no open problem');
});

await journey('union hierarchy: a district admin sees their district\'s stations and members only, the city admin sees all', async () => {
  const { page } = admin;
  currentPages = [page];
  const districtId = `org-xh-${RUN}`;
  const districtName = `西湖区总工会-${RUN}`;
  const districtUser = `xh-admin-${RUN}`;
  const districtStation = `西湖区职工驿站-${RUN}`;

  // the city admin's header names the root; the org tree page adds a district under it
  await tab(page, '概览');
  await page.waitForSelector('#admin-org:has-text("市总工会")');
  await page.click('#open-orgs');
  await page.waitForSelector('.page-admin-orgs:not([hidden]) .org[data-org="root"]');
  await page.fill('#o-id', districtId);
  await page.fill('#o-name', districtName);
  await page.click('#org-create');
  await page.waitForSelector(`.page-admin-orgs:not([hidden]) .org[data-org="${districtId}"]`);
  step('the city admin added ' + districtName + ' under the root');
  await shot(page, 'admin-orgs');
  await page.click('#nav-back');

  // an admin account of the district, from the 工作人员 form
  await tab(page, '会员');
  await visiblePage(page).locator('.seg', { hasText: '工作人员' }).first().click();
  await page.fill('#st-user', districtUser);
  await page.fill('#st-pass', 'district-password-1');
  await page.fill('#st-name', '西湖区管理员');
  await visiblePage(page).locator('.role-pick', { hasText: '管理员' }).click();
  await visiblePage(page).locator('.org-pick', { hasText: districtName }).click();
  await page.click('#staff-create');
  await page.waitForSelector(`.page-admin-members:not([hidden]) .notice.ok:has-text("${districtUser}")`);
  step('district admin account created in ' + districtId);

  // (set-up) one verified member of the district
  const districtCard = `E2E${RUN.toUpperCase()}XH`;
  const csv = `name,cardNo,phone,orgId,tags\n王西湖,${districtCard},13800000009,${districtId},courier\n`;
  const imported = await fetch(API_URL + '/api/v1/admin/roster', { method: 'POST', headers: { 'content-type': 'text/csv; charset=UTF-8', authorization: 'Bearer ' + state.adminToken }, body: csv });
  assert(imported.status === 200, 'roster import ' + imported.status);
  const m = await api('POST', '/auth/wechat/login', { code: `mock-e2e-xh-${RUN}` });
  const v = await api('POST', '/me/verification', { name: '王西湖', cardNo: districtCard }, m.data.accessToken);
  assert(v.status === 200, 'district member verified: ' + v.status);
  const city = await api('GET', '/admin/stats/overview', null, state.adminToken);

  // the district admin logs in: their org in the header, only their stations and members
  const district = await phone('district');
  const dp = district.page;
  currentPages = [page, dp];
  await passwordLogin(dp, '管理员', districtUser, 'district-password-1');
  await dp.waitForSelector('.page-admin-home:not([hidden])');
  await dp.waitForSelector(`#admin-org:has-text("${districtName}")`);
  await dp.waitForFunction(() => document.querySelector('#figures [data-figure="verifiedMembers"] .stat-value')?.innerText === '1');
  step('district header: ' + await dp.innerText('#admin-org') + '; verified members 1 (city: ' + city.data.verifiedMembers + ')');
  assert(city.data.verifiedMembers > 1, 'the city counts more members than the district');
  await shot(dp, 'admin-district-home');

  await tab(dp, '驿站');
  await dp.waitForSelector('.page-admin-stations:not([hidden])');
  await dp.click('#new-station');
  await dp.waitForSelector('.page-admin-station-edit:not([hidden]) #s-name');
  await dp.fill('#s-name', districtStation);
  await dp.fill('#s-addr', '西湖区北山街 1 号');
  await dp.click('#station-save');
  await dp.waitForSelector(`.page-admin-stations:not([hidden]) .list-item:has-text("${districtStation}")`);
  const dList = await dp.innerText('.page-admin-stations:not([hidden])');
  assert(!dList.includes(state.stationName), 'the district admin does not see the city\'s station');
  step('district stations: its own only');
  await shot(dp, 'admin-district-stations');

  await tab(dp, '概览');
  await dp.click('#open-orgs');
  const top = dp.locator(`.page-admin-orgs:not([hidden]) .org[data-org="${districtId}"]`);
  await top.waitFor();
  assert((await top.innerText()).includes('会员 1') && (await top.innerText()).includes('驿站 1'), 'district counts: ' + await top.innerText());
  assert(await dp.locator('.page-admin-orgs:not([hidden]) .org[data-org="root"]').count() === 0, 'the district admin does not see the root');
  step('district org tree: ' + (await top.innerText()).replace(/\s+/g, ' '));
  await district.context.close();

  // the city admin sees both stations
  await tab(page, '驿站');
  await page.waitForSelector(`.page-admin-stations:not([hidden]) .list-item:has-text("${districtStation}")`);
  await page.waitForSelector(`.page-admin-stations:not([hidden]) .list-item:has-text("${state.stationName}")`);
  step('the city admin sees the city\'s and the district\'s stations');
});

await journey('jobs: the admin posts a job, the member finds it in Chinese, applies with one tap and is hired', async () => {
  const { page } = admin;
  const mp = member.page;
  currentPages = [page, mp];
  const title = `快递分拣员-${RUN}`;
  // another post the words must not find (set-up through the API)
  const other = await api('POST', '/admin/jobs', {
    title: `小区保安-${RUN}`, employer: '物业公司', category: 'security', district: 'xihu', lat: 31.2304, lng: 121.4737,
    salaryMin: 3000, salaryMax: 3500, headcount: 1, closesAt: new Date(Date.now() + 7 * 864e5).toISOString(),
  }, state.adminToken);
  assert(other.status === 201, 'second post ' + other.status);

  await tab(page, '概览');
  await page.click('#open-jobs');
  await page.waitForSelector('.page-admin-jobs:not([hidden]) #j-title');
  await page.fill('#j-title', title);
  await page.fill('#j-employer', '中通快运');
  await page.fill('#j-address', '黄浦区人民大道 200 号');
  // ~330 m north of the member's default point
  await page.fill('#j-lat', (Number(await page.inputValue('#j-lat')) + 0.003).toFixed(6));
  await page.fill('#j-desc', '夜班分拣，包吃住');
  await page.fill('#j-tags', '五险一金, 包住');
  await page.click('#job-save');
  await page.waitForSelector('#job-admin-msg:has-text("已发布")');
  const post = page.locator('.page-admin-jobs:not([hidden]) .admin-job', { hasText: title });
  await post.waitFor();
  step('admin posted ' + title);
  await shot(page, 'admin-jobs');

  await openRoute(mp, 'pages/member/home/index');
  await mp.click('#home-jobs');
  await mp.waitForSelector('.page-member-jobs:not([hidden]) #job-q');
  await mp.fill('#job-q', '快递');
  await mp.click('#job-search');
  const found = mp.locator('.page-member-jobs:not([hidden]) .job', { hasText: title });
  // the page first lists every open post; the search's answer replaces it
  await mp.waitForFunction((t) => {
    const list = document.querySelector('.page-member-jobs:not([hidden]) .list');
    return list && list.innerText.includes(t) && !list.innerText.includes('小区保安');
  }, title);
  step('q=快递 finds the post, not the other one');
  await mp.check('#job-near');
  await found.locator('.job-distance').waitFor();
  const dist = await found.locator('.job-distance').innerText();
  assert(/米|公里/.test(dist), 'distance shown: ' + dist);
  step('nearest first: ' + dist);
  await shot(mp, 'member-jobs');
  await found.click();
  await mp.waitForSelector('.page-member-job:not([hidden]) #job-apply');
  await shot(mp, 'member-job');
  await mp.click('#job-apply');
  await mp.waitForSelector('#job-mine-status:has-text("已投递")');
  step('applied with one tap');

  await post.locator('.applicants-btn').click();
  const applicant = page.locator('.page-admin-job-applicants:not([hidden]) .applicant');
  await applicant.waitFor();
  const who = await applicant.innerText();
  assert(who.includes(memberName), 'the admin sees the applicant\'s name in full: ' + who);
  await applicant.locator('.step-note').fill('周三 10:00 面试');
  await applicant.locator('.step-btn', { hasText: '邀请面试' }).click();
  await applicant.locator('.applicant-status:has-text("邀请面试")').waitFor();
  await applicant.locator('.step-btn', { hasText: '录用' }).click();
  await applicant.locator('.applicant-status:has-text("已录用")').waitFor();
  step('admin: 邀请面试 → 录用');
  await shot(page, 'admin-job-applicants');

  await openRoute(mp, 'pages/member/applications/index');
  const mine = mp.locator('.page-member-applications:not([hidden]) .application', { hasText: title });
  await mine.locator('.app-status:has-text("已录用")').waitFor();
  step('the member sees 已录用 in 我的求职');
  await openRoute(mp, 'pages/member/inbox/index');
  await mp.locator('.page-member-inbox:not([hidden])', { hasText: '求职进度：已录用' }).waitFor();
  step('and the inbox told them');
});

await journey('bookings: the member books a check-up slot, moves it, staff verify the code (已核销 live), a missed slot shows 未到', async () => {
  const a = admin.page;
  const { page } = member;
  currentPages = [a, page, staff.page];
  const title = `免费健康体检-${RUN}`;
  await openRoute(a, 'pages/admin/home/index'); // an earlier journey may leave the console on a sub-page
  await tab(a, '福利');
  await a.click('#admin-services');
  await a.waitForSelector('.page-admin-services:not([hidden]) #new-service');
  await a.click('#new-service');
  await a.fill('#sv-title', title);
  await a.fill('#sv-desc', '新就业形态劳动者免费体检，每人一次，凭预约码到体检中心核销。');
  await a.fill('#sv-cancel', '0');
  await a.locator('.page-admin-services:not([hidden]) .station-check', { hasText: state.stationName }).locator('input').check();
  await shot(a, 'admin-service-form');
  await a.click('#service-save');
  const svc = a.locator('.page-admin-services:not([hidden]) .admin-service', { hasText: title });
  await svc.waitFor();
  const serviceId = Number(await svc.getAttribute('data-service-id'));
  // tomorrow's two half-hour slots from a weekly rule (every weekday)
  const tomorrow = await a.evaluate(() => { const d = new Date(Date.now() + 86400_000); const p = (n) => String(n).padStart(2, '0'); return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`; });
  await a.fill('#r-from', tomorrow);
  await a.fill('#r-to', tomorrow);
  await a.fill('#r-weekdays', '1,2,3,4,5,6,7');
  await a.fill('#r-times', '09:00-09:30, 09:30-10:00');
  await a.fill('#r-capacity', '2');
  await a.click('#rule-save');
  await a.waitForSelector('#rule-msg:has-text("已添加 2 个时段")');
  step(`service #${serviceId} created with tomorrow's slots from a weekly rule`);
  // Set-up (API): a slot starting in 10 minutes (its code can be verified now) with one seat.
  const soonStart = Date.now() + 10 * 60_000;
  const soon = await api('POST', `/admin/services/${serviceId}/slots`, { slots: [{ startsAt: new Date(soonStart).toISOString(), endsAt: new Date(soonStart + 30 * 60_000).toISOString(), capacity: 1 }] }, state.adminToken);
  assert(soon.status === 201 && soon.data.created === 1, 'soon slot: ' + JSON.stringify(soon.data));
  const slotsOf = async (day) => (await api('GET', `/services/${serviceId}/slots?from=${day}&to=${day}`)).data.items;
  const today = await a.evaluate(() => { const d = new Date(); const p = (n) => String(n).padStart(2, '0'); return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`; });
  const soonSlot = (await slotsOf(today)).find((x) => new Date(x.startsAt).getTime() === Math.floor(soonStart / 1000) * 1000 || Math.abs(new Date(x.startsAt).getTime() - soonStart) < 1000);
  assert(soonSlot, 'the soon slot is listed today');
  const nineAm = (await slotsOf(tomorrow))[0];

  await openRoute(page, 'pages/member/home/index');
  await page.click('#home-services');
  await page.locator('.page-member-services:not([hidden]) .service', { hasText: title }).click();
  await page.waitForSelector(`.page-member-service:not([hidden]) #service-title:has-text("${title}")`);
  await page.locator('.page-member-service:not([hidden]) .day').nth(1).click();
  const nine = page.locator(`.page-member-service:not([hidden]) .slot[data-slot-id="${nineAm.slotId}"]`);
  await nine.locator('.seats:has-text("2")').waitFor();
  await shot(page, 'member-service-slots');
  await nine.locator('.book-btn').click();
  const card = page.locator('.page-member-bookings:not([hidden]) .booking', { hasText: title });
  await card.locator('.booking-code').waitFor();
  const code = (await card.locator('.booking-code').innerText()).trim();
  assert(/^\d{8}$/.test(code), 'booking code shown: ' + code);
  await page.waitForSelector('.page-member-bookings:not([hidden]) qr-code svg');
  assert((await card.locator('.slot-line').innerText()).includes('09:00'), 'booked the 09:00 slot');
  step('booked tomorrow 09:00, code ' + code);

  await card.locator('.move-btn').click();
  await page.waitForSelector('.page-member-service:not([hidden]) .notice:has-text("选择新的时段")');
  await page.locator('.page-member-service:not([hidden]) .day').first().click();
  await page.locator(`.page-member-service:not([hidden]) .slot[data-slot-id="${soonSlot.slotId}"] .book-btn:has-text("改到此时段")`).click();
  const moved = page.locator('.page-member-bookings:not([hidden]) .booking', { hasText: title });
  await moved.locator('.booking-status:has-text("待核销")').waitFor();
  const hm = await page.evaluate((t) => new Date(t).toTimeString().slice(0, 5), soonStart); // the phone's zone, not this machine's
  await page.waitForFunction(([t, hm]) => [...document.querySelectorAll('.page-member-bookings:not([hidden]) .booking')].some((n) => n.innerText.includes(t) && n.innerText.includes(hm)), [title, hm]);
  const after = await api('GET', `/services/${serviceId}/slots?from=${tomorrow}&to=${tomorrow}`);
  assert(after.data.items[0].remaining === 2, 'the old seat went back: ' + JSON.stringify(after.data.items[0]));
  step('moved to today ' + hm + '; the 09:00 seat is free again');
  await shot(page, 'member-bookings');

  const s = staff.page;
  await tab(s, '核销');
  await s.fill('#code-input', code);
  await s.click('#verify-btn');
  await s.waitForSelector('#verify-result');
  const ok = await s.innerText('#verify-result');
  assert(ok.includes('核销成功') && ok.includes('预约') && ok.includes(title), 'booking verified at the counter: ' + ok);
  await s.waitForSelector(`.page-staff-verify .today:has-text("预约 · ${title}")`);
  await moved.locator('.booking-status:has-text("已核销")').waitFor(); // live 'verified' event, no reload
  step('staff verified the code; today\'s list shows 预约; the member\'s card says 已核销 by itself');
  await shot(s, 'staff-verify-booking');

  // A slot that ends in half a minute, booked and not shown up for: the sweeper marks it 未到.
  const missStart = Date.now() + 20_000;
  const miss = await api('POST', `/admin/services/${serviceId}/slots`, { slots: [{ startsAt: new Date(missStart).toISOString(), endsAt: new Date(missStart + 10_000).toISOString(), capacity: 5 }] }, state.adminToken);
  assert(miss.status === 201, 'short slot created');
  const missSlot = (await slotsOf(today)).find((x) => Math.abs(new Date(x.startsAt).getTime() - missStart) < 1000);
  await openRoute(page, `pages/member/service/index?id=${serviceId}`);
  await page.locator(`.page-member-service:not([hidden]) .slot[data-slot-id="${missSlot.slotId}"] .book-btn`).click();
  const missed = page.locator('.page-member-bookings:not([hidden]) .booking .booking-status', { hasText: '未到' });
  for (let i = 0; i < 30 && !(await missed.count()); i++) {
    await page.waitForTimeout(2000);
    await openRoute(page, 'pages/member/bookings/index');
  }
  assert(await missed.count() === 1, 'the missed slot shows 未到');
  const inbox = await page.evaluate(async () => {
    const s = JSON.parse(localStorage.getItem('zj:session'));
    const r = await fetch('/api/v1/me/inbox', { headers: { authorization: 'Bearer ' + s.accessToken } });
    return (await r.json()).items.map((m) => m.kind);
  });
  assert(inbox.includes('BOOKING_NO_SHOW'), 'the member is told in the inbox: ' + inbox.join(','));
  const figures = await api('GET', `/admin/services/${serviceId}/figures`, null, state.adminToken);
  assert(figures.data.verified === 1 && figures.data.noShows === 1, 'figures count it: ' + JSON.stringify(figures.data));
  step('the missed slot shows 未到; figures: verified 1, no-shows 1');
});

// ---- charts: the admins' pictures draw the service's own numbers --------------------------------

/** The service zone's date `days` from today (the figures count Asia/Shanghai days). */
const zoneDay = (days = 0) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
  .format(new Date(Date.now() + days * 86400_000));

/** What a <zj-chart> draws: its labels and each dataset's numbers, read from its Chart.js instance. */
async function chartData(page, sel) {
  await page.waitForFunction((sel) => document.querySelector(sel)?.chart, sel);
  return page.evaluate((sel) => {
    const c = document.querySelector(sel).chart;
    return { labels: c.data.labels, datasets: c.data.datasets.map((d) => ({ label: d.label, data: d.data })) };
  }, sel);
}

/** Moves the mouse onto a drawn point or bar and returns the tooltip Chart.js shows there. */
async function tooltipAt(page, sel, datasetIndex, index) {
  await page.locator(sel).scrollIntoViewIfNeeded();
  const at = await page.evaluate(([sel, di, i]) => {
    const c = document.querySelector(sel).chart;
    const p = c.getDatasetMeta(di).data[i];
    const r = c.canvas.getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + Math.min(p.y, c.chartArea.bottom - 4) };
  }, [sel, datasetIndex, index]);
  await page.mouse.move(at.x, at.y);
  await page.waitForFunction((sel) => document.querySelector(sel).chart.tooltip.opacity > 0, sel);
  return page.evaluate((sel) => {
    const t = document.querySelector(sel).chart.tooltip;
    return { title: t.title.join(' '), points: t.dataPoints.map((p) => ({ label: p.dataset.label, value: p.raw, index: p.dataIndex })) };
  }, sel);
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** The 概览 charts against GET /admin/stats/daily for the same range: every point of every series. */
async function checkTrendCharts(page, from, to) {
  const daily = await api('GET', `/admin/stats/daily?from=${from}&to=${to}`, null, state.adminToken);
  assert(daily.status === 200, 'daily figures ' + daily.status);
  const col = (k) => daily.data.items.map((r) => r[k]);
  const home = '.page-admin-home:not([hidden])';
  await page.waitForFunction(([sel, n]) => document.querySelector(sel)?.chart?.data.labels.length === n, [`${home} #chart-served`, daily.data.items.length]);
  const served = await chartData(page, `${home} #chart-served`);
  const activity = await chartData(page, `${home} #chart-activity`);
  const ratings = await chartData(page, `${home} #chart-ratings`);
  assert(same(served.labels, daily.data.items.map((r) => r.day.slice(5))), 'one point a day of the range: ' + served.labels.join(','));
  assert(same(served.datasets[0].data, col('peopleServed')) && same(served.datasets[1].data, col('pickups')), 'line: people served and pickups');
  assert(same(activity.datasets.map((d) => d.data), [col('claims'), col('redemptions'), col('bookings')]), 'bars: claims, redemptions, bookings');
  assert(same(ratings.datasets[0].data, col('avgRating')) && same(ratings.datasets[1].data, col('reviews')), 'ratings trend');
  return daily.data;
}

await journey('charts: 概览 trends, the station map, the sell-out and reads curves draw the service\'s numbers (375×667, 1280×800)', async () => {
  const { page } = admin;
  currentPages = [page];
  const memberToken = await member.page.evaluate(() => JSON.parse(localStorage.getItem('zj:session')).accessToken);

  // Set-up (API): two more stations ~2 km apart — one low on water, one closed at this hour — a benefit
  // opening now that the member claims, a check-up the member books, a notice the member reads.
  const base = (await api('GET', `/admin/stations?limit=100`, null, state.adminToken)).data.items.find((s) => s.id === state.stationId);
  const hhmm = (m) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const [hh, mm] = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date()).split(':').map(Number);
  const nowMin = hh * 60 + mm;
  const low = await api('POST', '/admin/stations', { name: `城东送水点-${RUN}`, type: 'WATER_STATION', lat: base.lat + 0.012, lng: base.lng + 0.018, address: '城东路 8 号', hours: { open24h: true }, waterStock: 4 }, state.adminToken);
  const closed = await api('POST', '/admin/stations', { name: `城西职工之家-${RUN}`, type: 'SERVICE_CENTER', lat: base.lat - 0.009, lng: base.lng - 0.016, address: '城西街 20 号', hours: { opens: hhmm(nowMin + 120), closes: hhmm(nowMin + 180) }, waterStock: 80 }, state.adminToken);
  assert(low.status === 201 && closed.status === 201, 'stations for the map: ' + low.status + ' ' + closed.status);
  // opened 6 minutes ago, so the sell-out curve has minutes before the two claims that take it all
  const opens = new Date(Date.now() - 6 * 60_000);
  const benefit = await api('POST', '/admin/benefits', { title: `防暑降温包-${RUN}`, description: '藿香正气水、清凉油', totalStock: 2, opensAt: opens.toISOString(), closesAt: new Date(Date.now() + 86400_000).toISOString(), redeemBy: new Date(Date.now() + 3 * 86400_000).toISOString(), stationIds: [state.stationId], eligibility: { tags: [], orgIds: [] } }, state.adminToken);
  assert(benefit.status === 201, 'benefit ' + benefit.status + ' ' + JSON.stringify(benefit.data));
  const claimed = await api('POST', `/benefits/${benefit.data.id}/claims`, null, memberToken);
  assert(claimed.status === 201, 'the member claims it: ' + claimed.status);
  // a second member (roster line, log-in, verification), who takes the last unit and picks up a bottle
  const card = `E2E${RUN.toUpperCase()}CH`;
  const roster = await fetch(API_URL + '/api/v1/admin/roster', { method: 'POST', headers: { 'content-type': 'text/csv; charset=UTF-8', authorization: 'Bearer ' + state.adminToken }, body: `name,cardNo,phone,orgId,tags\n赵图表,${card},13800000009,,courier\n` });
  assert(roster.ok, 'roster line for the second member: ' + roster.status);
  const second = (await api('POST', '/auth/wechat/login', { code: `mock-e2e-charts-${RUN}` })).data.accessToken;
  assert((await api('POST', '/me/verification', { name: '赵图表', cardNo: card }, second)).status === 200, 'second member verified');
  assert((await api('POST', `/benefits/${benefit.data.id}/claims`, null, second)).status === 201, 'the second member takes the last unit');
  const staffToken = (await api('POST', '/auth/login', { username: state.staffUser, password: state.staffPassword })).data.accessToken;
  const checkin = (await api('GET', `/stations/${state.stationId}/checkin-token`, null, staffToken)).data.token;
  const pickup = await api('POST', '/water/pickups', { stationId: state.stationId, checkinToken: checkin }, second);
  assert(pickup.status === 201, 'second member\'s pickup code: ' + pickup.status);
  for (const code of [pickup.data.code, claimed.data.code]) {
    const v = await api('POST', '/staff/verifications', { code }, staffToken);
    assert(v.status === 200, 'staff verify ' + code + ': ' + v.status);
  }
  const service = await api('POST', '/admin/services', { title: `职工体检-${RUN}`, kind: 'CHECKUP', description: '免费体检', stationIds: [], releaseAt: new Date(Date.now() - 1000).toISOString(), cancelMinutesBefore: 60, eligibility: { tags: [], orgIds: [] } }, state.adminToken);
  const slotStart = new Date(Date.now() + 2 * 86400_000);
  slotStart.setUTCMinutes(0, 0, 0);
  await api('POST', `/admin/services/${service.data.id}/slots`, { slots: [{ startsAt: slotStart.toISOString(), endsAt: new Date(slotStart.getTime() + 1800_000).toISOString(), capacity: 5 }] }, state.adminToken);
  const slots = await api('GET', `/services/${service.data.id}/slots?from=${zoneDay(1)}&to=${zoneDay(3)}`);
  const booked = await api('POST', `/services/${service.data.id}/bookings`, { slotId: slots.data.items[0].slotId }, memberToken);
  assert(booked.status === 201, 'the member books: ' + booked.status);
  const notice = await api('POST', '/admin/campaigns', { kind: 'NOTICE', title: `高温作业提醒-${RUN}`, body: '午间 12–15 时请到驿站休息补水。', audience: { tags: [], orgIds: [] } }, state.adminToken);
  assert((await api('POST', `/admin/campaigns/${notice.data.id}/publish`, null, state.adminToken)).status === 200, 'notice published');
  let entry;
  for (let i = 0; i < 20 && !entry; i++) {
    entry = (await api('GET', '/me/inbox', null, memberToken)).data.items.find((m) => m.kind === 'CAMPAIGN' && m.refId === notice.data.id);
    if (!entry) await new Promise((r) => setTimeout(r, 250));
  }
  assert(entry, 'the notice reached the member');
  await api('POST', `/me/inbox/${entry.id}/read`, null, memberToken);
  step('set-up: 2 stations, a benefit two members take (one redeemed), a pickup, a booking, a read notice');

  // 概览 on the phone: 7, 30, 90 days and a custom range, each chart point equal to the daily figures
  await openRoute(page, 'pages/admin/home/index'); // an earlier journey may leave the console on a sub-page
  await tab(page, '概览');
  const home = '.page-admin-home:not([hidden])';
  for (const [label, days] of [['近 7 天', 7], ['近 30 天', 30], ['近 90 天', 90]]) {
    await page.locator(`${home} .seg`, { hasText: label }).click();
    await checkTrendCharts(page, zoneDay(-(days - 1)), zoneDay(0));
    step(`${label}: ${days} points in each chart, equal to GET /admin/stats/daily`);
  }
  await page.locator(`${home} .seg`, { hasText: '自定义' }).click();
  await page.fill('#range-from', zoneDay(-2));
  await page.fill('#range-to', zoneDay(0));
  await page.click('#range-apply');
  await checkTrendCharts(page, zoneDay(-2), zoneDay(0));
  step('custom range: 3 days');
  await page.locator(`${home} .seg`, { hasText: '近 7 天' }).click();
  const week = await checkTrendCharts(page, zoneDay(-6), zoneDay(0));
  const today = week.items[6];
  const tip = await tooltipAt(page, `${home} #chart-activity`, 0, 6);
  assert(tip.title === today.day.slice(5), 'the tooltip is today\'s: ' + tip.title);
  assert(same(tip.points.map((p) => p.value), [today.claims, today.redemptions, today.bookings]), `tooltip = today's claims/redemptions/bookings ${JSON.stringify(tip)} vs ${JSON.stringify(today)}`);
  assert(today.claims >= 1 && today.bookings >= 1, 'today has the set-up\'s claim and booking: ' + JSON.stringify(today));
  step(`tooltip on today's bars: 领取 ${today.claims} · 核销 ${today.redemptions} · 预约 ${today.bookings}`);
  assert(today.pickups >= 1 && today.peopleServed >= 2 && today.redemptions >= 1, 'today\'s pickup and redemption: ' + JSON.stringify(today));
  await page.evaluate((sel) => document.querySelector(sel).scrollIntoView({ block: 'start' }), `${home} .charts`);
  await page.screenshot({ path: path.join(SHOTS, 'admin-home-charts.png') });

  // 服务云图: every station a dot, coloured by its state, sized by today's use; a tap opens its card
  await page.click('#open-map');
  const mapSel = '.page-admin-station-map:not([hidden]) #station-map';
  const picture = (await api('GET', '/admin/stats/station-map', null, state.adminToken)).data;
  const drawn = await chartData(page, mapSel);
  const dots = drawn.datasets.flatMap((d) => d.data.map((p) => ({ ...p, state: d.label })));
  assert(dots.length === picture.items.length, `one dot per station: ${dots.length} vs ${picture.items.length}`);
  for (const s of picture.items) {
    const dot = dots.find((p) => p.stationId === s.stationId);
    assert(dot && dot.uses === s.usesToday, 'dot size from today\'s use: ' + s.name);
  }
  const lowDot = drawn.datasets.findIndex((d) => d.data.some((p) => p.stationId === low.data.id));
  const closedDot = drawn.datasets.findIndex((d) => d.data.some((p) => p.stationId === closed.data.id));
  assert(drawn.datasets[lowDot].label === '库存不足' && drawn.datasets[closedDot].label === '已打烊', 'coloured by state: ' + drawn.datasets.map((d) => d.label).join(','));
  const scale = await page.evaluate((sel) => document.querySelector(sel).chart.$scaleBar, mapSel);
  assert(scale && scale.meters >= 500 && scale.pixels > 20, 'a scale bar: ' + JSON.stringify(scale));
  const lowIndex = drawn.datasets[lowDot].data.findIndex((p) => p.stationId === low.data.id);
  const at = await page.evaluate(([sel, di, i]) => {
    const c = document.querySelector(sel).chart;
    const p = c.getDatasetMeta(di).data[i];
    const r = c.canvas.getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, [mapSel, lowDot, lowIndex]);
  await page.mouse.click(at.x, at.y);
  await page.locator(`#map-card[data-station-id="${low.data.id}"]`).waitFor();
  const cardText = await page.innerText('#map-card');
  assert(cardText.includes(`城东送水点-${RUN}`) && cardText.includes('4 瓶') && cardText.includes('库存不足'), 'the tapped station\'s card: ' + cardText);
  step(`map: ${dots.length} stations, scale bar ${scale.meters} m; tapping the low-stock dot opens its card`);
  const mainDot = dots.find((p) => p.stationId === state.stationId);
  assert(mainDot.uses >= 2 && mainDot.r > dots.find((p) => p.stationId === low.data.id).r, 'the busy station\'s dot is bigger: ' + JSON.stringify(mainDot));
  await page.mouse.move(1, 1);
  await shot(page, 'admin-station-map');

  // the benefit's sell-out curve and the notice's reads over time
  await page.click('#nav-back');
  await tab(page, '福利');
  await visiblePage(page).locator('.card', { hasText: `防暑降温包-${RUN}` }).locator('.benefit-figures').click();
  const bf = (await api('GET', `/admin/stats/benefits/${benefit.data.id}`, null, state.adminToken)).data;
  const curve = await chartData(page, '.page-admin-benefit-figures:not([hidden]) #chart-sellout');
  assert(same(curve.datasets[0].data, bf.sellOut.points.map((p) => p.cumulative)) && same(curve.datasets[1].data, bf.sellOut.points.map((p) => p.count)), 'sell-out curve = the service\'s per-minute claims');
  assert(curve.datasets[0].data.at(-1) === bf.claims + bf.cancellations && bf.claims === 2 && bf.remaining === 0, 'the curve ends at the claims made: ' + JSON.stringify(bf));
  assert(curve.labels.length >= 7 && curve.datasets[0].data.slice(0, 5).every((n) => n === 0), 'nothing claimed in the first minutes: ' + curve.datasets[0].data.join(','));
  assert(bf.sellOutSeconds >= 360, 'sold out about 6 minutes after opening: ' + bf.sellOutSeconds);
  assert(Number(await page.innerText('.page-admin-benefit-figures:not([hidden]) [data-figure="remaining"] .stat-value')) === bf.remaining, 'remaining tile');
  step(`sell-out curve: ${bf.sellOut.points.length} minutes, ${bf.claims} claimed`);
  await shot(page, 'admin-benefit-figures');
  await page.click('#nav-back');
  // the second member reads the notice too, a while after the first: the reads curve has two steps
  const secondEntry = (await api('GET', '/me/inbox', null, second)).data.items.find((m) => m.kind === 'CAMPAIGN' && m.refId === notice.data.id);
  assert(secondEntry, 'the notice reached the second member');
  await api('POST', `/me/inbox/${secondEntry.id}/read`, null, second);

  await tab(page, '活动');
  await visiblePage(page).locator('.card.campaign', { hasText: `高温作业提醒-${RUN}` }).locator('.campaign-figures').click();
  const cf = (await api('GET', `/admin/stats/campaigns/${notice.data.id}`, null, state.adminToken)).data;
  const reads = await chartData(page, '.page-admin-campaign-figures:not([hidden]) #chart-reads');
  assert(same(reads.datasets[0].data, cf.reads.points.map((p) => p.cumulative)), 'reads curve = the service\'s reads over time');
  assert(reads.datasets[0].data.at(-1) === cf.read && cf.read >= 2, 'reads end at the read count: ' + JSON.stringify(cf));
  assert(Number(await page.innerText('.page-admin-campaign-figures:not([hidden]) [data-figure="read"] .stat-value')) === cf.read, 'read tile');
  step(`reads curve: ${cf.reads.points.length} buckets of ${cf.reads.bucketSeconds} s, ${cf.read} of ${cf.delivered} read`);
  await shot(page, 'admin-campaign-figures');
  await page.click('#nav-back');

  // the same on a 1280×800 screen (the phone frame on a desktop)
  const desk = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  desk.setDefaultTimeout(TIMEOUT);
  const wide = await desk.newPage();
  wide.on('pageerror', (e) => pageErrors.push(`[desktop] ${e.message}`));
  currentPages = [page, wide];
  await wide.goto(MOCK_URL + '/');
  await wide.waitForSelector('body[data-ready=true]');
  await passwordLogin(wide, '管理员', 'admin', 'admin-dev-only');
  await wide.waitForSelector('.page-admin-home:not([hidden])');
  await wide.locator(`${home} .seg`, { hasText: '近 30 天' }).click();
  const month = await checkTrendCharts(wide, zoneDay(-29), zoneDay(0));
  const wideTip = await tooltipAt(wide, `${home} #chart-served`, 0, 29);
  assert(same(wideTip.points.map((p) => p.value), [month.items[29].peopleServed, month.items[29].pickups]), 'desktop tooltip = today\'s people served and pickups: ' + JSON.stringify(wideTip));
  await wide.screenshot({ path: path.join(SHOTS, 'admin-home-charts-desktop.png') });
  await wide.click('#open-map');
  const wideMap = await chartData(wide, mapSel);
  assert(wideMap.datasets.flatMap((d) => d.data).length === picture.items.length, 'desktop map: every station');
  await shot(wide, 'admin-station-map-desktop');
  step('1280×800: 30-day charts and tooltip equal the daily figures; the map has every station');
  await desk.close();
});

// A door simulator (scripts/door-sim.sh: the repository's one, the Java tests' too) on the service's topics;
// resolves once it is connected, with its lines so far and a way to wait for the next QR payload.
function doorSimulator(doorId, secret, mode) {
  const script = path.join(here, '..', '..', 'scripts', 'door-sim.sh');
  const child = spawn('bash', [script, '--door', String(doorId), '--secret', secret, '--mode', mode, '--heartbeat-seconds', '2'], {
    env: process.env, stdio: ['pipe', 'pipe', 'inherit'],
  });
  const sim = { child, lines: [], qr: null, waiters: [] };
  let buf = '';
  child.stdout.on('data', (chunk) => {
    buf += chunk;
    for (let i; (i = buf.indexOf('\n')) >= 0;) {
      const line = buf.slice(0, i).trim();
      buf = buf.slice(i + 1);
      sim.lines.push(line);
      if (line.startsWith('QR ')) sim.qr = line.slice(3);
      sim.waiters = sim.waiters.filter((w) => !w(line));
    }
  });
  sim.until = (test, ms = 30_000) => new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('door simulator said nothing matching in time: ' + sim.lines.join(' | '))), ms);
    const hit = (line) => { if (test(line)) { clearTimeout(t); resolve(line); return true; } return false; };
    if (!sim.lines.some((l) => hit(l))) sim.waiters.push(hit);
  });
  sim.stop = () => { child.kill('SIGTERM'); };
  return sim;
}

await journey('doors: the member scans a 24-hour station door and it opens; an offline door and a forged QR are refused', async () => {
  const a = admin.page;
  const { page } = member;
  currentPages = [a, page];
  const sims = [];
  try {
    // The admin adds the station's door on its door page; the device secret is shown once.
    await openRoute(a, `pages/admin/doors/index?stationId=${state.stationId}`);
    await a.fill('#door-name', '正门');
    await a.click('#door-add');
    await a.waitForSelector('#door-secret');
    const doorId = Number(await a.innerText('#door-created-id'));
    const secret = (await a.innerText('#door-created-secret')).trim();
    assert(doorId > 0 && secret.length === 43, 'door created, secret shown once: ' + doorId);
    const listed = await api('GET', `/admin/stations/${state.stationId}/doors`, null, state.adminToken);
    assert(listed.data.every((d) => !('deviceSecret' in d)), 'the list never shows the secret');
    step(`door #${doorId} added; secret shown once`);

    // The device: the simulator logs in with the secret, beats, shows its rotating QR.
    const door = doorSimulator(doorId, secret, 'open');
    sims.push(door);
    await door.until((l) => l.startsWith('CONNECTED'));
    await door.until((l) => l.startsWith('QR '));
    await openRoute(a, `pages/admin/doors/index?stationId=${state.stationId}`);
    const state1 = a.locator(`.door-row[data-door-id="${doorId}"] .door-state`);
    for (let i = 0; i < 10 && (await state1.innerText()) !== '在线'; i++) { await a.waitForTimeout(1000); await openRoute(a, `pages/admin/doors/index?stationId=${state.stationId}`); }
    assert((await state1.innerText()) === '在线', 'the door shows 在线 from its heartbeats');
    step('the simulator is online (heartbeats)');

    // 2 a.m. at the station: the member scans the door's QR and it opens.
    await openRoute(page, 'pages/member/home/index');
    await page.click('#home-door');
    await page.waitForSelector('#door-scan');
    await page.click('#door-scan');
    await page.fill('.scan-input', door.qr);
    const t0 = Date.now();
    await page.click('.scan-ok');
    await page.waitForSelector('#door-opened, #door-msg');
    assert(await page.locator('#door-opened').count(), 'opened: ' + (await page.locator('#door-msg').count() ? await page.innerText('#door-msg') : ''));
    assert((await page.innerText('#door-opened')).includes('门已打开'), 'the member reads 门已打开');
    await door.until((l) => l.startsWith('OPENED '));
    step(`门已打开 ${Date.now() - t0} ms after the tap; the simulator opened`);
    await shot(page, 'member-door-opened');

    // A forged QR (the signature changed): refused, the door stays shut.
    const forged = door.qr.slice(0, -6) + (door.qr.endsWith('000000') ? '111111' : '000000');
    await page.click('#door-rescan');
    await page.fill('.scan-input', forged);
    await page.click('.scan-ok');
    await page.waitForSelector('#door-msg');
    const forgedMsg = await page.innerText('#door-msg');
    assert(forgedMsg.includes('DOOR_QR_INVALID') && forgedMsg.includes('门禁码无效'), 'forged QR refused: ' + forgedMsg);
    step('a forged QR: 门禁码无效 (DOOR_QR_INVALID)');

    // A second door whose controller has lost its network: it shows a QR but never answers.
    const back = await api('POST', `/admin/stations/${state.stationId}/doors`, { name: '后门' }, state.adminToken);
    assert(back.status === 201, 'second door ' + back.status);
    const silent = doorSimulator(back.data.doorId, back.data.deviceSecret, 'silent');
    sims.push(silent);
    await silent.until((l) => l.startsWith('QR '));
    await page.click('#door-scan');
    await page.fill('.scan-input', silent.qr);
    await page.click('.scan-ok');
    await page.waitForSelector('#door-msg:has-text("DOOR_OFFLINE")', { timeout: 10_000 });
    assert((await page.innerText('#door-msg')).includes('门禁暂时离线'), 'offline door refused');
    step('an offline door: 门禁暂时离线 (DOOR_OFFLINE) after the 3 s wait, nothing logged');
    await shot(page, 'member-door-offline');

    // The admin's door page: one door online, one offline; occupancy 1; the entry with the member's name.
    await openRoute(a, `pages/admin/doors/index?stationId=${state.stationId}`);
    await a.waitForSelector('.entry-row');
    assert((await a.innerText(`.door-row[data-door-id="${back.data.doorId}"] .door-state`)) === '离线', 'the silent door shows 离线');
    assert(Number(await a.innerText('#occupancy')) === 1, 'occupancy: 1 entry in the last hour');
    const rows = await a.locator('.entry-row').count();
    assert(rows === 1, 'exactly one entry logged (the opened one): ' + rows);
    assert((await a.innerText('.entry-row .entry-name')) === memberName, 'admins see the full name');
    await shot(a, 'admin-doors');
    // The station's staff see the log with the name masked (set-up: a staff account of the station).
    const username = `door-staff-${RUN}`;
    const made = await api('POST', '/admin/staff', { username, password: 'staff-password-1', displayName: '站员', stationIds: [state.stationId] }, state.adminToken);
    assert(made.status === 201, 'staff account ' + made.status);
    const staffLogin = await api('POST', '/auth/login', { username, password: 'staff-password-1' });
    const log = await api('GET', `/admin/stations/${state.stationId}/entries`, null, staffLogin.data.accessToken);
    assert(log.status === 200 && log.data.items[0].memberName === '张**', 'staff see 张**: ' + JSON.stringify(log.data));
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const fig = await api('GET', `/admin/stats/stations?from=${today}&to=${today}`, null, state.adminToken);
    const row = fig.data.items.find((x) => x.stationId === state.stationId);
    assert(row.entries === 1 && row.entrants === 1, 'figures: 1 entry, 1 entrant: ' + JSON.stringify(row));
    step('admin: 在线/离线, occupancy 1, entry log with 张测试; staff see 张**; figures count 1 entry');
  } finally {
    for (const s of sims) s.stop();
  }
});

await journey('help desk: a member files a wage case with a photo, the admin assigns a caseworker, they talk, it is resolved, rated and closed; another member cannot see it', async () => {
  const a = admin.page;
  const mp = member.page;
  const cwUser = `cw-${RUN}`;
  const cwPassword = 'caseworker-pass-1';
  const made = await api('POST', '/admin/staff', {
    username: cwUser, password: cwPassword, displayName: `王律师-${RUN}`, stationIds: [], roles: ['caseworker'],
  }, state.adminToken);
  assert(made.status === 201, 'caseworker account ' + made.status);
  const cw = await phone('caseworker');
  const other = await phone('other member');
  currentPages = [mp, a, cw.page, other.page];
  const title = `工地拖欠工资-${RUN}`;
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

  // the member files the case; a script renamed .jpg is refused by its content
  await openRoute(mp, 'pages/member/home/index');
  await mp.click('#home-cases');
  await mp.click('.page-member-cases:not([hidden]) #case-new');
  await mp.waitForSelector('.page-member-case-new:not([hidden]) #case-title');
  await mp.setInputFiles('.page-member-case-new:not([hidden]) #case-photo', { name: '工资条.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('#!/bin/sh\nrm -rf /\n') });
  await mp.waitForSelector('#case-new-msg:has-text("ATTACHMENT_TYPE_INVALID")');
  step('a script renamed .jpg is refused: ' + (await mp.innerText('#case-new-msg')).replace(/\s+/g, ' '));
  await mp.selectOption('.page-member-case-new:not([hidden]) #case-category', 'WAGE_ARREARS');
  await mp.fill('.page-member-case-new:not([hidden]) #case-title', title);
  await mp.fill('.page-member-case-new:not([hidden]) #case-desc', '包工头拖欠 8-10 月工资共 18000 元');
  await mp.fill('.page-member-case-new:not([hidden]) #case-phone', '13800001234');
  await mp.setInputFiles('.page-member-case-new:not([hidden]) #case-photo', { name: '考勤表.png', mimeType: 'image/png', buffer: png });
  await mp.locator('.page-member-case-new:not([hidden]) .case-upload', { hasText: '考勤表.png' }).waitFor();
  await shot(mp, 'member-case-new');
  await mp.click('.page-member-case-new:not([hidden]) #case-submit');
  await mp.waitForSelector('.page-case:not([hidden]) #case-number');
  const number = (await mp.innerText('.page-case:not([hidden]) #case-number')).split(' ')[0];
  assert(/^ZJ-\d{4}-\d{6,}$/.test(number), 'readable number: ' + number);
  const caseId = await mp.evaluate(async (t) => {
    const s = JSON.parse(localStorage.getItem('zj:session'));
    const r = await fetch('/api/v1/me/cases', { headers: { authorization: 'Bearer ' + s.accessToken } });
    return (await r.json()).items.find((c) => c.title === t).caseId;
  }, title);
  assert(caseId > 0, 'the case is in 我的求助');
  assert((await mp.locator('.page-case:not([hidden]) .case-file').count()) === 1, 'the photo is attached');
  step('filed ' + number + ' with one photo');

  // another member, in their own phone, cannot learn that it exists
  await other.page.fill('#custom-id', `e2e-hd-other-${RUN}`);
  await other.page.click('#wechat-login');
  await other.page.waitForSelector('.page-member-verify:not([hidden]) #v-name'); // signed in (a new member is asked to verify)
  await openRoute(other.page, `pages/case/index?id=${caseId}`);
  await other.page.waitForSelector('#case-msg:has-text("CASE_NOT_FOUND")');
  assert(!(await other.page.innerText('body')).includes(title), 'nothing of the case shows to another member');
  step('another member opening the case gets CASE_NOT_FOUND');
  await shot(other.page, 'other-member-case-refused');

  // the caseworker is signed in, on their home page, with their live socket open (/console/live)
  await passwordLogin(cw.page, '驿站工作人员', cwUser, cwPassword);
  await cw.page.waitForSelector('.page-caseworker-home:not([hidden]) #cw-open:has-text("0")');
  await cw.page.waitForFunction(() => import('/lib/live.js').then((m) => m.status.state === 'open'));
  await cw.page.evaluate(() => { window.__noReload = true; }); // gone if the page is ever reloaded

  // the admin assigns it from the waiting list
  await openRoute(a, 'pages/admin/home/index');
  await a.click('#open-cases');
  await a.locator('.page-admin-cases:not([hidden]) .seg', { hasText: '待分派' }).click();
  const card = a.locator('.page-admin-cases:not([hidden]) .admin-case', { hasText: title });
  await card.waitFor();
  await card.locator('.assign-to').selectOption(String(made.data.id));
  await card.locator('.assign-btn').click();
  await a.locator('.page-admin-cases:not([hidden]) .seg', { hasText: '全部' }).click();
  await a.locator('.page-admin-cases:not([hidden]) .admin-case', { hasText: title }).locator('.case-status:has-text("已受理")').waitFor();
  step('admin assigned it to the caseworker: 已受理');
  await shot(a, 'admin-cases');

  // the caseworker's home shows the case without a reload; they start work and reply
  await cw.page.waitForSelector('.page-caseworker-home:not([hidden]) #cw-open:has-text("1")', { timeout: 5_000 });
  assert(await cw.page.evaluate(() => window.__noReload === true), 'the caseworker home was refreshed live, not reloaded');
  step('the caseworker\'s home shows the assigned case live (我的个案 1, no reload)');
  await cw.page.locator('.page-caseworker-home:not([hidden]) .cw-case', { hasText: title }).click();
  const cwCase = '.page-case:not([hidden])';
  await cw.page.waitForSelector(cwCase + ' .move-btn');
  assert((await cw.page.innerText('#nav-title')) === '个案详情', 'the shared case page is titled for the caseworker');
  await cw.page.locator(cwCase + ' .move-btn', { hasText: '开始处理' }).click();
  await cw.page.waitForSelector(cwCase + ' #case-status:has-text("处理中")');
  await cw.page.fill(cwCase + ' #case-reply', '您好，已联系用人单位，请补充欠条照片');
  await cw.page.click(cwCase + ' #case-send');
  await cw.page.locator(cwCase + ' .case-message', { hasText: '请补充欠条照片' }).waitFor();
  step('caseworker: 开始处理, replied');

  // the member sees it, answers with a photo
  await openRoute(mp, `pages/case/index?id=${caseId}`);
  const mc = '.page-case:not([hidden])';
  await mp.locator(mc + ' .case-message', { hasText: '请补充欠条照片' }).waitFor();
  assert((await mp.innerText('#nav-title')) === '求助详情', 'the shared case page is titled for the member');
  await mp.setInputFiles(mc + ' #case-reply-file', { name: '欠条.png', mimeType: 'image/png', buffer: png });
  await mp.locator(mc, { hasText: '已添加 1 个附件' }).waitFor();
  await mp.fill(mc + ' #case-reply', '欠条照片已上传');
  await mp.click(mc + ' #case-send');
  await mp.locator(mc + ' .case-message', { hasText: '欠条照片已上传' }).waitFor();
  step('member replied with a photo');
  // the caseworker, still on the case page, sees the reply arrive without a reload
  await cw.page.locator(cwCase + ' .case-message', { hasText: '欠条照片已上传' }).waitFor({ timeout: 5_000 });
  assert(await cw.page.evaluate(() => window.__noReload === true), 'the case page was refreshed live, not reloaded');
  step('the member\'s reply shows on the caseworker\'s case page live (no reload)');

  // the caseworker's home counts it as waiting; they resolve the case
  await openRoute(cw.page, 'pages/caseworker/home/index');
  await cw.page.waitForSelector('.page-caseworker-home:not([hidden]) #cw-waiting:has-text("1")');
  await cw.page.locator('.page-caseworker-home:not([hidden]) .cw-case', { hasText: title }).click();
  await cw.page.fill(cwCase + ' #case-note', '经调解已追回全部工资');
  await cw.page.locator(cwCase + ' .move-btn', { hasText: '已解决' }).click();
  await cw.page.waitForSelector(cwCase + ' #case-status:has-text("已解决")');
  assert((await cw.page.locator(cwCase + ' #case-rate').count()) === 0, 'only the member is asked to rate');
  step('caseworker: 待回复 1, then 已解决');
  await shot(cw.page, 'caseworker-case');

  // the member rates and closes it; the timeline has every step; the inbox told them
  await openRoute(mp, `pages/case/index?id=${caseId}`);
  await mp.locator(mc + ' #case-rate .star').nth(4).click();
  await mp.fill(mc + ' #case-comment', '专员很负责');
  await mp.click(mc + ' #case-rate-submit');
  await mp.waitForSelector(mc + ' #case-rating:has-text("★★★★★")');
  await mp.locator(mc + ' .move-btn', { hasText: '结案' }).click();
  await mp.waitForSelector(mc + ' #case-status:has-text("已结案")');
  const steps = await mp.locator(mc + ' .timeline-entry').count();
  assert(steps === 8, 'timeline: submitted, accepted, in progress, 2 messages, resolved, rated, closed; got ' + steps);
  await shot(mp, 'member-case-closed');
  await openRoute(mp, 'pages/member/inbox/index');
  await mp.locator('.page-member-inbox:not([hidden])', { hasText: '求助进度：已解决' }).waitFor();
  step('rated 5★ and closed; the inbox told the member');
  await cw.context.close();
  await other.context.close();
});


await journey('contests: the admin uploads a question bank, the member answers against the countdown, ranks first and sees the prize', async () => {
  const a = admin.page;
  const mp = member.page;
  currentPages = [a, mp];
  const title = `安康杯安全知识竞赛-${RUN}`;
  // the right options, by question (the member's "knowledge")
  const bank = [
    ['发现火情首先应该？', ['拨打119', '继续工作', '自行离开'], 'A'],
    ['高温天气户外作业应当？', ['连续作业', '多喝水并适时休息', '不戴帽子'], 'B'],
    ['下列属于个人防护用品的有？', ['安全帽', '手机', '反光背心', '耳机'], 'AC'],
    ['电动自行车应在哪里充电？', ['楼道里', '卧室', '集中充电点'], 'C'],
  ];
  const right = Object.fromEntries(bank.map(([text, , answer]) => [text, answer]));
  const csv = 'text,options,answer,points\n' + bank.map(([t, o, ans]) => `${t},${o.join('|')},${ans},10`).join('\n');

  await openRoute(a, 'pages/admin/home/index'); // an earlier journey may leave the console on a sub-page
  await tab(a, '概览');
  await a.click('#open-contests');
  await a.waitForSelector('.page-admin-contests:not([hidden]) #k-title');
  await a.fill('#k-title', title);
  const opensIn = 15_000;
  await a.fill('#k-opens', await localInAPhone(a, opensIn));
  const opensAt = Date.now() + opensIn;
  await a.fill('#k-closes', await localInAPhone(a, opensIn + 30_000));
  const closesAt = Date.now() + opensIn + 30_000;
  await a.fill('#k-tags', 'courier');
  await a.fill('#k-per', '4');
  await a.fill('#k-secs', '60');
  await a.fill('#k-attempts', '1');
  await a.fill('#k-prizes', '一等奖:1, 二等奖:2');
  await a.click('#contest-save');
  await a.waitForSelector('#contest-admin-msg:has-text("已创建")');
  // a bad line refuses the whole file, then the good bank goes in
  await a.fill('#k-csv', csv + '\n没有答案的题,甲|乙,Z,10');
  await a.click('#contest-upload');
  await a.waitForSelector('#contest-csv-msg:has-text("line 6")');
  await a.fill('#k-csv', csv);
  await a.click('#contest-upload');
  await a.waitForSelector('#contest-csv-msg:has-text("共 4 题")');
  const card = a.locator('.page-admin-contests:not([hidden]) .admin-contest', { hasText: title });
  await card.waitFor();
  const contestId = Number(await card.getAttribute('data-contest-id'));
  step(`admin created contest ${contestId} and uploaded 4 questions by CSV (a bad line was refused first)`);
  await shot(a, 'admin-contests');

  await mp.waitForTimeout(Math.max(0, opensAt - Date.now() + 500));
  await openRoute(mp, 'pages/member/home/index');
  await mp.click('#home-contests');
  await mp.locator(`.page-member-contests:not([hidden]) .contest-item[data-contest-id="${contestId}"]`).click();
  await mp.click('#contest-start');
  await mp.waitForSelector('#contest-attempt .contest-q');
  const first = await mp.innerText('#contest-countdown');
  await mp.waitForTimeout(1300);
  const later = await mp.innerText('#contest-countdown');
  assert(/^\d:\d\d$/.test(first) && later < first, `the countdown runs: ${first} → ${later}`);
  const questions = mp.locator('#contest-attempt .contest-q');
  assert(await questions.count() === 4, '4 questions drawn');
  for (let i = 0; i < 4; i++) {
    const q = questions.nth(i);
    const text = await q.locator('.small').first().innerText();
    const key = Object.keys(right).find((t) => text.includes(t));
    for (const letter of right[key]) await q.locator('.contest-opt', { hasText: letter + '. ' }).click();
  }
  await shot(mp, 'member-contest-attempt');
  await mp.click('#contest-submit');
  await mp.waitForSelector('#contest-score');
  assert((await mp.innerText('#contest-score-value')).trim() === '40', 'scored 40 of 40');
  await mp.waitForSelector('#contest-mine-rank:has-text("1")');
  const row = await mp.locator('#contest-board .board-row').first().innerText();
  assert(row.includes(memberName[0] + '**') && !row.includes(memberName), 'the leaderboard masks names: ' + row);
  step(`answered 4/4 with ${later} left; scored 40, leaderboard rank 1 (${row.replace(/\s+/g, ' ')})`);
  await shot(mp, 'member-contest-score');

  // the close: one replica awards the tiers; the member sees the prize and an inbox entry
  await mp.waitForTimeout(Math.max(0, closesAt - Date.now() + 1000));
  for (let i = 0; i < 20; i++) {
    await openRoute(mp, `pages/member/contest/index?id=${contestId}`);
    if (await mp.locator('#contest-my-prize').count()) break;
    await mp.waitForTimeout(1500);
  }
  assert((await mp.innerText('#contest-my-prize')).includes('一等奖'), 'the member sees the first prize');
  const inbox = await inboxKinds(mp);
  assert(inbox.includes('CONTEST_PRIZE'), 'the winner is told in the inbox: ' + inbox.join(','));
  step('after the close the member sees 一等奖 and has a CONTEST_PRIZE inbox entry');
  await shot(mp, 'member-contest-prize');

  await a.locator('.page-admin-contests:not([hidden]) .admin-contest', { hasText: title }).locator('.results-btn').click();
  await a.waitForSelector('.page-admin-contest-results:not([hidden]) #fig-participants');
  assert((await a.innerText('#fig-participants')).trim() === '1', 'one participant');
  assert(await a.locator('.page-admin-contest-results:not([hidden]) .question-rate').count() === 4, 'a correct rate per question');
  assert((await a.innerText('.page-admin-contest-results:not([hidden]) .admin-prize-tier')).includes(memberName), 'the admin sees the winner by name');
  step('admin results: 1 participant, 4 question rates, the winner listed');
  await shot(a, 'admin-contest-results');
});

async function inboxKinds(page) {
  return page.evaluate(async () => {
    const s = JSON.parse(localStorage.getItem('zj:session'));
    const r = await fetch('/api/v1/me/inbox', { headers: { authorization: 'Bearer ' + s.accessToken } });
    return (await r.json()).items.map((m) => m.kind);
  });
}

await browser.close();

// ---- report ----------------------------------------------------------------------------------

for (const e of pageErrors) results.push({ name: 'uncaught page error', ok: false, note: e });
const failed = results.filter((r) => !r.ok);
process.stdout.write('\n');
for (const r of results) {
  process.stdout.write(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name}${r.ms !== undefined ? ` (${r.ms} ms)` : ''}${r.note ? '  — ' + r.note : ''}\n`);
}
process.stdout.write(`\n${results.length - failed.length}/${results.length} passed; screenshots in ${path.relative(process.cwd(), SHOTS) || SHOTS}\n`);
process.exit(failed.length ? 1 : 0);
