// The mini-program runtime in miniature: App(), Page(), getApp(), getCurrentPages(), a page
// stack with navigation, a tab bar, a navigation bar and setData() re-rendering the page's
// WXML-like template. Page code (pages/**/index.js) only ever talks to `wx`, `Page`, `getApp`.
import { parseTemplate, renderChildren, morphChildren } from './template.js';
import { qrcode } from '../lib/vendor/qrcode-generator.mjs';
import { drawChart } from '../lib/chart.js';

let appConfig = null;
let appInstance = null;
const definitions = new Map();   // route → Page({...}) object
const templates = new Map();     // route → parsed template
const pageConfigs = new Map();   // route → index.json
let loadingRoute = null;
const stack = [];                // live page instances, top last
const tabCache = new Map();      // route → instance kept alive while on a tab

const $ = (id) => document.getElementById(id);

// ---- globals the page code sees --------------------------------------------------------

export function App(def) {
  appInstance = def;
  appInstance.globalData = appInstance.globalData || {};
  return def;
}

export function Page(def) {
  if (!loadingRoute) throw new Error('Page() called outside page loading');
  definitions.set(loadingRoute, def);
}

export const getApp = () => appInstance;
export const getCurrentPages = () => stack.slice();

// ---- routes ------------------------------------------------------------------------------

function parseUrl(url) {
  const [path, qs = ''] = url.replace(/^#/, '').split('?');
  const route = path.replace(/^\/+/, '');
  const query = Object.fromEntries(new URLSearchParams(qs));
  return { route, query, url: '/' + route + (qs ? '?' + qs : '') };
}

async function loadRoute(route) {
  if (definitions.has(route)) return;
  if (!appConfig.pages.includes(route)) throw new Error('page not in app.json: ' + route);
  const [html, css, json] = await Promise.all([
    fetch('/' + route + '.html').then((r) => (r.ok ? r.text() : '')),
    fetch('/' + route + '.css').then((r) => (r.ok ? r.text() : '')),
    fetch('/' + route + '.json').then((r) => (r.ok ? r.json() : {})),
  ]);
  templates.set(route, parseTemplate(html));
  pageConfigs.set(route, json);
  if (css) {
    const style = document.createElement('style');
    style.dataset.page = route;
    style.textContent = css;
    document.head.appendChild(style);
  }
  loadingRoute = route;
  try {
    await import('/' + route + '.js');
  } finally {
    loadingRoute = null;
  }
  if (!definitions.has(route)) throw new Error(route + '.js did not call Page()');
}

function setPath(target, path, value) {
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let o = target;
  for (let i = 0; i < keys.length - 1; i++) {
    if (o[keys[i]] === undefined || o[keys[i]] === null) o[keys[i]] = /^\d+$/.test(keys[i + 1]) ? [] : {};
    o = o[keys[i]];
  }
  o[keys[keys.length - 1]] = value;
}

function instantiate(route, query, url) {
  const def = definitions.get(route);
  const el = document.createElement('section');
  el.className = 'page page-' + route.replace(/^pages\//, '').replace(/\/index$/, '').replace(/\//g, '-');
  el.dataset.route = route;
  const inst = {};
  for (const [k, v] of Object.entries(def)) {
    if (k !== 'data') inst[k] = typeof v === 'function' ? v : v;
  }
  Object.assign(inst, {
    route, options: query, url, el,
    data: structuredClone(def.data || {}),
    __alive: true,
    setData(patch, cb) {
      if (!this.__alive) return;
      for (const [k, v] of Object.entries(patch || {})) {
        if (/[.[]/.test(k)) setPath(this.data, k, v);
        else this.data[k] = v;
      }
      render(this);
      if (cb) cb();
    },
  });
  el.addEventListener('click', (e) => dispatch(inst, e, 'tap'));
  el.addEventListener('input', (e) => dispatch(inst, e, 'input'));
  el.addEventListener('change', (e) => dispatch(inst, e, 'change'));
  el.addEventListener('submit', (e) => { e.preventDefault(); dispatch(inst, e, 'submit'); });
  el.addEventListener('keydown', (e) => { if (e.key === 'Enter' && e.target.localName === 'input') dispatch(inst, e, 'confirm'); });
  return inst;
}

function render(inst) {
  // A morph can move focus (a removed input blurs, firing change → setData): never nest renders,
  // render again once the current one is done instead.
  if (inst.__rendering) { inst.__dirty = true; return; }
  inst.__rendering = true;
  try {
    do {
      inst.__dirty = false;
      const nodes = renderChildren(templates.get(inst.route), inst.data);
      morphChildren(inst.el, nodes);
      for (const q of inst.el.querySelectorAll('qr-code')) drawQr(q);
      for (const c of inst.el.querySelectorAll('zj-chart')) drawChart(c, (inst.data.charts || {})[c.getAttribute('name')], inst);
    } while (inst.__dirty);
  } finally {
    inst.__rendering = false;
  }
}

export function qrSvg(text, size = 180) {
  const qr = qrcode(0, 'M');
  qr.addData(String(text));
  qr.make();
  return qr.createSvgTag({ cellSize: 4, margin: 12, scalable: true });
}

function drawQr(el) {
  const value = el.getAttribute('value') || '';
  const size = Number(el.getAttribute('size') || 180);
  if (el.__qr === value + '|' + size) return;
  el.__qr = value + '|' + size;
  el.style.width = el.style.height = size + 'px';
  el.innerHTML = value ? qrSvg(value, size) : '';
  el.setAttribute('aria-label', value ? '二维码: ' + value : '');
}

function datasetOf(el) {
  return el ? { ...el.dataset } : {};
}

function formValue(form) {
  const out = {};
  for (const field of form.elements) {
    if (!field.name) continue;
    if (field.type === 'checkbox') {
      out[field.name] = out[field.name] || [];
      if (field.checked) out[field.name].push(field.value);
    } else if (field.type === 'radio') {
      if (field.checked) out[field.name] = field.value;
      else if (!(field.name in out)) out[field.name] = '';
    } else {
      out[field.name] = field.value;
    }
  }
  return out;
}

function dispatch(inst, e, kind) {
  const target = e.target;
  const textual = target.localName === 'textarea' || (target.localName === 'input' && !['checkbox', 'radio', 'file'].includes(target.type));
  // Text fields sync on input; their change (on blur) would only repeat it.
  if (kind === 'input' || (kind === 'change' && !textual)) {
    const model = target.getAttribute && target.getAttribute('data-zj-model');
    if (model) {
      const value = target.type === 'checkbox' ? target.checked : target.value;
      target.__zjValue = String(value);
      inst.setData({ [model]: value });
    }
  }
  const attr = 'bind' + kind;
  const catchAttr = 'catch' + kind;
  let node = target.nodeType === Node.ELEMENT_NODE ? target : target.parentElement;
  while (node && node !== inst.el) {
    const name = node.getAttribute(attr) || node.getAttribute(catchAttr);
    if (name) {
      if (kind === 'tap' && (node.disabled || node.hasAttribute('disabled'))) return;
      const handler = inst[name];
      if (typeof handler !== 'function') { console.warn(`page ${inst.route} has no handler ${name}`); return; }
      let detail = {};
      if (kind === 'submit') detail = { value: formValue(node) };
      else if (kind === 'input' || kind === 'change' || kind === 'confirm') {
        detail = { value: node.type === 'checkbox' ? node.checked : node.value };
        if (node.type === 'file') detail.files = node.files;
      }
      const event = { type: kind, detail, currentTarget: { id: node.id, dataset: datasetOf(node) }, target: { id: target.id, dataset: datasetOf(target) } };
      try {
        const r = handler.call(inst, event);
        if (r && typeof r.catch === 'function') r.catch((err) => reportError(inst, err));
      } catch (err) {
        reportError(inst, err);
      }
      if (kind === 'tap' && node.localName === 'a') e.preventDefault();
      return;
    }
    node = node.parentElement;
  }
}

function reportError(inst, err) {
  console.error(`[${inst.route}]`, err);
  window.wx?.showToast({ title: '页面出错：' + (err && err.message ? err.message : err), icon: 'none' });
}

// ---- chrome: navigation bar and tab bar ----------------------------------------------------

function tabListFor(route) {
  const lists = [appConfig.tabBar?.list || [], ...Object.values(appConfig['x-roleTabBars'] || {})];
  return lists.find((l) => l.some((t) => t.pagePath === route)) || null;
}

export const isTabRoute = (route) => tabListFor(route.replace(/^\/+/, '').split('?')[0]) !== null;

const badges = new Map(); // pagePath → text

function drawChrome() {
  const top = stack[stack.length - 1];
  if (!top) return;
  const cfg = { ...(appConfig.window || {}), ...(pageConfigs.get(top.route) || {}), ...(top.__title ? { navigationBarTitleText: top.__title } : {}) };
  $('nav-title').textContent = cfg.navigationBarTitleText || '';
  $('nav-back').hidden = stack.length < 2;
  const list = tabListFor(top.route);
  const bar = $('tabbar');
  bar.hidden = !list;
  document.body.classList.toggle('has-tabbar', !!list);
  if (!list) return;
  bar.replaceChildren(...list.map((t) => {
    const b = document.createElement('button');
    b.className = 'tab' + (t.pagePath === top.route ? ' active' : '');
    b.dataset.path = t.pagePath;
    const icon = document.createElement('span');
    icon.className = 'tab-icon';
    icon.textContent = t.iconText || t.text.slice(0, 1);
    const label = document.createElement('span');
    label.className = 'tab-label';
    label.textContent = t.text;
    b.append(icon, label);
    const badge = badges.get(t.pagePath);
    if (badge) {
      const s = document.createElement('span');
      s.className = 'tab-badge';
      s.textContent = badge;
      b.appendChild(s);
    }
    b.addEventListener('click', () => switchTab(t.pagePath));
    return b;
  }));
}

export function setTabBadge(pagePath, text) {
  if (text) badges.set(pagePath, String(text));
  else badges.delete(pagePath);
  drawChrome();
}

export function setTitle(inst, title) {
  inst.__title = title;
  drawChrome();
}

// ---- navigation --------------------------------------------------------------------------

function showTop() {
  const top = stack[stack.length - 1];
  for (const child of $('pages').children) child.hidden = child !== top.el;
  $('pages').scrollTop = top.__scroll || 0;
  history.replaceState(null, '', '#' + top.url);
  drawChrome();
}

function hide(inst) {
  inst.__scroll = $('pages').scrollTop;
  inst.onHide && inst.onHide();
}

function destroy(inst) {
  inst.onUnload && inst.onUnload();
  inst.__alive = false;
  inst.el.remove();
  for (const [k, v] of tabCache) if (v === inst) tabCache.delete(k);
}

async function open(url, { tab = false } = {}) {
  const { route, query, url: norm } = parseUrl(url);
  await loadRoute(route);
  if (tab && tabCache.has(route)) return { inst: tabCache.get(route), fresh: false };
  const inst = instantiate(route, query, norm);
  $('pages').appendChild(inst.el);
  render(inst);
  if (tab) tabCache.set(route, inst);
  return { inst, fresh: true };
}

function start(inst, fresh) {
  if (fresh) inst.onLoad && inst.onLoad(inst.options || {});
  inst.onShow && inst.onShow();
  if (fresh) inst.onReady && inst.onReady();
}

export async function navigateTo(url) {
  if (isTabRoute(url)) return switchTab(url);
  const { inst } = await open(url);
  const prev = stack[stack.length - 1];
  if (prev) hide(prev);
  stack.push(inst);
  showTop();
  start(inst, true);
}

export async function redirectTo(url) {
  const { inst } = await open(url);
  const prev = stack.pop();
  if (prev) (tabCache.get(prev.route) === prev ? hide(prev) : destroy(prev));
  stack.push(inst);
  showTop();
  start(inst, true);
}

export function navigateBack(delta = 1) {
  if (stack.length < 2) return;
  for (let i = 0; i < delta && stack.length > 1; i++) {
    const gone = stack.pop();
    tabCache.get(gone.route) === gone ? hide(gone) : destroy(gone);
  }
  const top = stack[stack.length - 1];
  showTop();
  top.onShow && top.onShow();
}

export async function switchTab(url) {
  const { route } = parseUrl(url);
  const current = stack[stack.length - 1];
  if (current && current.route === route && stack.length === 1) return;
  const { inst, fresh } = await open(url, { tab: true });
  while (stack.length) {
    const gone = stack.pop();
    if (gone === inst) continue;
    tabCache.get(gone.route) === gone ? hide(gone) : destroy(gone);
  }
  stack.push(inst);
  showTop();
  start(inst, fresh);
}

export async function reLaunch(url) {
  while (stack.length) destroy(stack.pop());
  for (const inst of [...tabCache.values()]) destroy(inst);
  tabCache.clear();
  if (isTabRoute(url)) return switchTab(url);
  const { inst } = await open(url);
  stack.push(inst);
  showTop();
  start(inst, true);
}

// ---- boot ----------------------------------------------------------------------------------

export async function boot(config, entry) {
  appConfig = config;
  $('nav-back').addEventListener('click', () => navigateBack());
  await import('/app.js');
  const launchUrl = location.hash.length > 2 ? location.hash.slice(1) : null;
  if (appInstance && appInstance.onLaunch) appInstance.onLaunch({ path: launchUrl || entry });
  const target = (appInstance && appInstance.resolveLaunch) ? appInstance.resolveLaunch(launchUrl || '/' + config.pages[0]) : (launchUrl || '/' + config.pages[0]);
  await reLaunch(target);
  document.body.dataset.ready = 'true';
}
