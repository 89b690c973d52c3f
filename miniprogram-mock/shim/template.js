// A small WXML-like template engine over the DOM, so page templates read like a mini-program's:
//   {{expr}} in text and attributes, wx:if / wx:elif / wx:else, wx:for (+ wx:for-item,
//   wx:for-index, wx:key), <block>, bindtap / bindinput / bindchange / bindsubmit / bindconfirm,
//   model:value="{{field}}" (two-way), data-* → event.currentTarget.dataset,
//   <qr-code value="{{text}}" size="180"> (drawn as SVG by the runtime).
// Values reach the DOM through textContent and setAttribute only: data can never inject markup.

const exprCache = new Map();

function compile(expr) {
  let fn = exprCache.get(expr);
  if (!fn) {
    // Sloppy-mode Function so `with` can expose the data as plain names.
    fn = new Function('$scope', `with ($scope) { return (${expr}); }`);
    exprCache.set(expr, fn);
  }
  return fn;
}

export function evaluate(expr, scope) {
  try {
    return compile(expr)(scope);
  } catch (e) {
    if (e instanceof ReferenceError || e instanceof TypeError) return undefined;
    throw e;
  }
}

const WHOLE = /^\{\{((?:(?!\{\{|\}\})[\s\S])+)\}\}$/; // exactly one {{expr}}, nothing around it
const PART = /\{\{([\s\S]+?)\}\}/g;

/** The raw value when the string is exactly one {{expr}}, else the interpolated string. */
export function interpolate(text, scope) {
  const whole = WHOLE.exec(text);
  if (whole) return evaluate(whole[1], scope);
  if (!text.includes('{{')) return text;
  return text.replace(PART, (_, e) => {
    const v = evaluate(e, scope);
    return v === undefined || v === null ? '' : String(v);
  });
}

const BOOLEAN_ATTRS = new Set(['disabled', 'checked', 'hidden', 'selected', 'readonly', 'required', 'multiple', 'open']);
const falsy = (v) => v === false || v === null || v === undefined || v === '' || v === 0 || v === 'false';

export function parseTemplate(html) {
  const t = document.createElement('template');
  t.innerHTML = html;
  return t.content;
}

/** Renders the children of a template node in a scope into an array of fresh DOM nodes. */
export function renderChildren(parent, scope) {
  const out = [];
  let chainTaken = null; // null: no open if-chain; true/false: whether a branch was taken
  for (const node of parent.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = interpolate(node.nodeValue, scope);
      const s = text === undefined || text === null ? '' : String(text);
      // Whitespace-only text between tags is layout noise (spacing comes from CSS).
      if (s.trim() !== '' || node.nodeValue.includes('{{')) out.push(document.createTextNode(s));
      continue;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    const el = node;
    if (el.hasAttribute('wx:if')) {
      chainTaken = !falsy(interpolate(el.getAttribute('wx:if'), scope));
      if (!chainTaken) continue;
    } else if (el.hasAttribute('wx:elif')) {
      if (chainTaken !== false) continue;
      chainTaken = !falsy(interpolate(el.getAttribute('wx:elif'), scope));
      if (!chainTaken) continue;
    } else if (el.hasAttribute('wx:else')) {
      const skip = chainTaken !== false;
      chainTaken = null;
      if (skip) continue;
    } else {
      chainTaken = null;
    }
    if (el.hasAttribute('wx:for')) {
      const list = interpolate(el.getAttribute('wx:for'), scope) || [];
      const itemName = el.getAttribute('wx:for-item') || 'item';
      const indexName = el.getAttribute('wx:for-index') || 'index';
      const items = Array.isArray(list) ? list : typeof list === 'number' ? [...Array(list).keys()] : Object.values(list);
      items.forEach((item, index) => {
        const child = Object.create(scope);
        child[itemName] = item;
        child[indexName] = index;
        out.push(...renderElement(el, child));
      });
      continue;
    }
    out.push(...renderElement(el, scope));
  }
  return out;
}

function renderElement(el, scope) {
  const tag = el.localName;
  if (tag === 'block') return renderChildren(el, scope);
  const made = document.createElement(tag);
  for (const attr of el.attributes) {
    const name = attr.name;
    if (name.startsWith('wx:')) {
      if (name === 'wx:key') made.setAttribute('data-zj-key', String(interpolate(attr.value, scope)));
      continue;
    }
    if (name.startsWith('model:')) {
      const prop = name.slice(6);
      const field = (WHOLE.exec(attr.value) || [null, attr.value])[1].trim();
      made.setAttribute('data-zj-model', field);
      const v = evaluate(field, scope);
      made.setAttribute(prop, v === undefined || v === null ? '' : String(v));
      continue;
    }
    const value = interpolate(attr.value, scope);
    if (BOOLEAN_ATTRS.has(name)) {
      if (!falsy(value)) made.setAttribute(name, '');
      continue;
    }
    if (value === undefined || value === null) continue;
    made.setAttribute(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  const kids = renderChildren(tag === 'template' ? el.content : el, scope);
  for (const k of kids) made.appendChild(k);
  return [made];
}

// ---- morph: patch the live DOM towards freshly rendered nodes, keeping focus and caret ------

const FORM_VALUE = new Set(['input', 'textarea', 'select']);

function sameKind(a, b) {
  if (a.nodeType !== b.nodeType) return false;
  if (a.nodeType !== Node.ELEMENT_NODE) return true;
  return a.localName === b.localName && a.getAttribute('data-zj-key') === b.getAttribute('data-zj-key')
    && a.getAttribute('type') === b.getAttribute('type');
}

function patchAttributes(live, fresh) {
  for (const { name } of [...live.attributes]) {
    if (!fresh.hasAttribute(name)) live.removeAttribute(name);
  }
  for (const { name, value } of fresh.attributes) {
    if (live.getAttribute(name) !== value) live.setAttribute(name, value);
  }
  if (FORM_VALUE.has(live.localName)) {
    if (fresh.hasAttribute('value')) {
      const v = fresh.getAttribute('value');
      // Only push a value the data changed: typing in an unbound field is not wiped by a re-render.
      if (live.__zjValue !== v) {
        live.__zjValue = v;
        if (live.value !== v) live.value = v;
      }
    }
    if (live.type === 'checkbox' || live.type === 'radio') live.checked = fresh.hasAttribute('checked');
  }
}

/** A live sibling at or after `from` that is plainly the same element (tag, key, id, class). */
function findLater(liveParent, from, fresh) {
  if (fresh.nodeType !== Node.ELEMENT_NODE) return null;
  for (let j = from; j < liveParent.childNodes.length; j++) {
    const c = liveParent.childNodes[j];
    if (sameKind(c, fresh) && c.id === fresh.id && c.getAttribute('class') === fresh.getAttribute('class')) return c;
  }
  return null;
}

export function morphChildren(liveParent, freshNodes) {
  let i = 0;
  for (; i < freshNodes.length; i++) {
    const fresh = freshNodes[i];
    let live = liveParent.childNodes[i];
    if (!live) { adopt(fresh); liveParent.appendChild(fresh); continue; }
    if (!sameKind(live, fresh)) {
      // A wx:if block appeared or vanished before this node: move the existing element into
      // place rather than rebuilding it (a rebuilt input would lose what is being typed).
      const later = findLater(liveParent, i + 1, fresh);
      if (later) {
        liveParent.insertBefore(later, live);
        live = later;
      } else {
        adopt(fresh);
        liveParent.insertBefore(fresh, live);
        continue;
      }
    }
    if (live.nodeType === Node.TEXT_NODE) {
      if (live.nodeValue !== fresh.nodeValue) live.nodeValue = fresh.nodeValue;
      continue;
    }
    patchAttributes(live, fresh);
    if (live.localName === 'qr-code' || live.localName === 'zj-chart') continue; // their SVG / canvas is the runtime's
    if (live.localName === 'select') {
      morphChildren(live, [...fresh.childNodes]);
      const want = fresh.getAttribute('value');
      if (want !== null && live.value !== want) live.value = want;
      continue;
    }
    morphChildren(live, [...fresh.childNodes]);
  }
  while (liveParent.childNodes.length > freshNodes.length) liveParent.removeChild(liveParent.lastChild);
}

function adopt(node) {
  if (node.nodeType !== Node.ELEMENT_NODE) return;
  const all = [node, ...node.querySelectorAll('input,textarea,select')];
  for (const el of all) {
    if (FORM_VALUE.has(el.localName) && el.hasAttribute('value')) {
      el.__zjValue = el.getAttribute('value');
      el.value = el.__zjValue;
    }
  }
  if (node.localName === 'select' && node.hasAttribute('value')) node.value = node.getAttribute('value');
}
