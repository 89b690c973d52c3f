// Charts with Chart.js (vendored: lib/vendor/chart.umd.min.js, MIT, see LICENSE-chartjs). A page puts
// <zj-chart name="served"> in its template and a plain spec under data.charts.served; the runtime draws it
// after each render (a real mini-program would make this a canvas custom component). Specs are data only:
//   { type: 'line' | 'bar' | 'bubble', labels, datasets: [{ label, data, color, axis }], yMax, onPick, map }
// Each element keeps its Chart as el.chart, so a test can read the numbers behind every point and tooltip.
import './vendor/chart.umd.min.js';

const { Chart } = globalThis;

export const COLORS = ['#c8102e', '#1f6feb', '#2da44e', '#bf8700', '#8250df', '#57606a'];

/** Draws (or redraws, when the spec object changed) the chart of one <zj-chart> element. */
export function drawChart(el, spec, page) {
  if (el.__spec === spec) return;
  el.__spec = spec;
  if (el.chart) { el.chart.destroy(); el.chart = null; }
  if (!spec) { el.replaceChildren(); return; }
  let canvas = el.querySelector('canvas');
  if (!canvas) {
    canvas = document.createElement('canvas');
    el.replaceChildren(canvas);
  }
  el.style.height = (spec.height || (spec.type === 'bubble' ? 320 : 200)) + 'px';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', spec.title || spec.datasets.map((d) => d.label).join('、'));
  el.chart = new Chart(canvas, spec.type === 'bubble' ? mapConfig(spec, page) : seriesConfig(spec, page));
}

function seriesConfig(spec, page) {
  const twoAxes = spec.datasets.some((d) => d.axis === 'y1');
  return {
    type: spec.type,
    data: {
      labels: spec.labels,
      datasets: spec.datasets.map((d, i) => {
        const color = d.color || COLORS[i % COLORS.length];
        return {
          label: d.label, data: d.data, yAxisID: d.axis || 'y', type: d.type || spec.type,
          borderColor: color, backgroundColor: spec.type === 'bar' || d.type === 'bar' ? color + 'cc' : color,
          pointRadius: spec.labels.length > 40 ? 0 : 3, pointHoverRadius: 5, borderWidth: 2, cubicInterpolationMode: 'monotone', spanGaps: true, // monotone: a cumulative line never dips
        };
      }),
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12, font: { size: 11 } } } },
      scales: {
        x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 7, font: { size: 10 } }, grid: { display: false } },
        y: { beginAtZero: true, max: spec.yMax, ticks: { precision: spec.yMax ? 1 : 0, font: { size: 10 } } },
        ...(twoAxes ? { y1: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { precision: 0, font: { size: 10 } } } } : {}),
      },
      onClick: pickHandler(spec, page),
    },
  };
}

/**
 * The offline map: points already projected to metres east/north of the extent's centre (see project()),
 * axes hidden and both spans equal, so a metre is as long across as up; a scale bar in the corner.
 */
function mapConfig(spec, page) {
  const half = spec.map.halfSpanMeters;
  return {
    type: 'bubble',
    data: {
      datasets: spec.datasets.map((d) => ({
        label: d.label, data: d.data,
        backgroundColor: d.color + 'b3', borderColor: d.color, borderWidth: 1.5, hoverBorderWidth: 3,
      })),
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      layout: { padding: 8 },
      scales: {
        x: { display: false, min: -half, max: half },
        y: { display: false, min: -half, max: half },
      },
      plugins: {
        legend: { display: false }, // the page draws its own legend, with the counts per state
        tooltip: { callbacks: { label: (ctx) => `${ctx.raw.name}：今日 ${ctx.raw.uses} 次` } },
      },
      onClick: pickHandler(spec, page),
    },
    plugins: [scaleBar],
  };
}

function pickHandler(spec, page) {
  if (!spec.onPick) return undefined;
  return (event, elements) => {
    if (!elements.length) return;
    const { datasetIndex, index } = elements[0];
    const handler = page[spec.onPick];
    if (typeof handler === 'function') handler.call(page, { detail: { datasetIndex, index, point: spec.datasets[datasetIndex].data[index], label: spec.labels && spec.labels[index] } });
  };
}

/** A bar of a round length (100 m, 200 m, 500 m, 1 km, 2 km …) about a fifth of the map's width. */
const scaleBar = {
  id: 'zjScaleBar',
  afterDraw(chart) {
    const x = chart.scales.x;
    const area = chart.chartArea;
    const perPixel = (x.max - x.min) / (area.right - area.left);
    const meters = niceLength(perPixel * (area.right - area.left) / 5);
    const px = meters / perPixel;
    const ctx = chart.ctx;
    const left = area.left + 10;
    const y = area.bottom - 12;
    ctx.save();
    ctx.strokeStyle = '#333';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(left, y - 5); ctx.lineTo(left, y); ctx.lineTo(left + px, y); ctx.lineTo(left + px, y - 5);
    ctx.stroke();
    ctx.fillStyle = '#333';
    ctx.font = '11px sans-serif';
    ctx.fillText(meters >= 1000 ? `${meters / 1000} km` : `${meters} m`, left + 4, y - 7);
    ctx.restore();
    chart.$scaleBar = { meters, pixels: px };
  },
};

export function niceLength(m) {
  const steps = [50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000];
  let best = steps[0];
  for (const s of steps) if (s <= m) best = s;
  return best;
}

/**
 * Stations' GCJ-02 degrees to metres east/north of the middle of their extent (equirectangular: exact
 * enough across a city), and the half-span that fits them all with a margin, the same both ways.
 */
export function project(points) {
  if (!points.length) return { points: [], halfSpanMeters: 1000 };
  const lats = points.map((p) => p.lat);
  const lngs = points.map((p) => p.lng);
  const lat0 = (Math.min(...lats) + Math.max(...lats)) / 2;
  const lng0 = (Math.min(...lngs) + Math.max(...lngs)) / 2;
  const R = 6371000;
  const k = Math.PI / 180;
  const out = points.map((p) => ({ ...p, x: (p.lng - lng0) * k * R * Math.cos(lat0 * k), y: (p.lat - lat0) * k * R }));
  const span = Math.max(...out.map((p) => Math.max(Math.abs(p.x), Math.abs(p.y))));
  return { points: out, halfSpanMeters: Math.max(500, span * 1.15) };
}
