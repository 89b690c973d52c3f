// Bits of UI a real mini-program would make custom components of.

let bannerTimer = null;

/** The in-app push banner (slides in under the navigation bar, tap to open). */
export function showBanner({ title, body, onTap, duration = 6000 }) {
  const b = document.getElementById('banner');
  b.replaceChildren();
  const t = document.createElement('div');
  t.className = 'banner-title';
  t.textContent = title;
  const d = document.createElement('div');
  d.className = 'banner-body';
  d.textContent = body || '';
  b.append(t, d);
  b.hidden = false;
  b.onclick = () => { b.hidden = true; onTap && onTap(); };
  clearTimeout(bannerTimer);
  bannerTimer = setTimeout(() => { b.hidden = true; }, duration);
}
