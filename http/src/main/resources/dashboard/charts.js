// Dorado Fleet dashboard charts, drawn with uPlot (served from its WebJar by the node): equity and
// drawdown for the fleet or one bot, and realized P&L by day. The series are computed here from what
// the API returns; uPlot draws the axes (times and values) and the hover legend.
'use strict';

const Charts = (() => {
  const AXIS = { stroke: '#9fb3c8', grid: { stroke: '#223040', width: 1 }, ticks: { stroke: '#223040', width: 1 } };
  const HEIGHT = 200;

  function money(v) { return v == null ? '–' : Number(v).toLocaleString(undefined, { maximumFractionDigits: 2 }); }
  function pct(v) { return v == null ? '–' : Number(v).toFixed(2) + '%'; }

  /** As many decimals as the ticks' step needs (a 0.05 % step shows -0.05 %, -0.10 %, not -0.1 % twice). */
  function decimals(step) { return step > 0 ? Math.min(6, Math.max(0, -Math.floor(Math.log10(step)))) : 2; }
  const moneyTicks = (u, vs, i, space, step) => vs.map(v => Number(v).toLocaleString(undefined,
    { minimumFractionDigits: decimals(step), maximumFractionDigits: decimals(step) }));
  const pctTicks = (u, vs, i, space, step) => vs.map(v => Number(v).toFixed(decimals(step)) + '%');

  /** Drawdown (%, ≤ 0) of each point from the running peak of {@code values}. */
  function drawdownPct(values) {
    let peak = -Infinity;
    return values.map(v => {
      peak = Math.max(peak, v);
      return peak > 0 ? (v - peak) / peak * 100 : 0;
    });
  }

  /** Drawdown in currency (≤ 0) from the running peak: for a bot's cumulative P&L, which starts at 0. */
  function drawdownAbs(values) {
    let peak = 0;
    return values.map(v => { peak = Math.max(peak, v); return v - peak; });
  }

  /** A bot's closed trades (any order) → its cumulative realized P&L after each close, oldest first. */
  function cumulative(trades) {
    const closed = trades.filter(t => t.closed_at && t.realized_pnl != null)
      .map(t => ({ t: Date.parse(t.closed_at) / 1000, pnl: Number(t.realized_pnl) }))
      .sort((a, b) => a.t - b.t);
    let sum = 0;
    return closed.map(c => ({ t: c.t, value: (sum += c.pnl) }));
  }

  /** Tick labels of a time axis in UTC: the day and time, or only the day for daily bars. */
  const clock = (u, vs) => vs.map(v => new Date(v * 1000).toISOString().substring(5, 16).replace('T', ' '));
  const day = (u, vs) => vs.map(v => new Date(v * 1000).toISOString().substring(0, 10));

  /** Each axis's tick labels are also written to data-axis<i> on the chart (the canvas holds only pixels). */
  function recorded(container, axes) {
    return axes.map((a, i) => Object.assign({}, a, { values: (u, vs, ...rest) => {
      const labels = a.values(u, vs, ...rest);
      container.dataset['axis' + i] = labels.join('|');
      return labels;
    } }));
  }

  function width(container) { return Math.max(300, container.clientWidth || 600); }

  /** One chart in {@code container}, kept and re-fed with {@code setData}; rebuilt when its series change. */
  function holder(container, optionsFor) {
    let plot = null, key = null;
    new ResizeObserver(() => { if (plot) plot.setSize({ width: width(container), height: HEIGHT }); }).observe(container);
    return (seriesKey, data) => {
      if (plot && key === seriesKey) { plot.setData(data); return; }
      if (plot) plot.destroy();
      key = seriesKey;
      const options = optionsFor(seriesKey);
      options.axes = recorded(container, options.axes);
      plot = new uPlot(Object.assign({ width: width(container), height: HEIGHT }, options), data, container);
    };
  }

  const equityChart = (container) => holder(container, scope => ({
    scales: { x: { time: true }, dd: { range: (u, lo) => [Math.min(lo, -0.01), 0] } },
    series: [
      { label: 'time' },
      { label: scope ? scope + ' realized P&L' : 'fleet equity', stroke: '#42a5f5', width: 2, value: (u, v) => money(v) },
      scope
        ? { label: 'drawdown', stroke: '#ef5350', fill: 'rgba(239,83,80,0.15)', scale: 'dd', value: (u, v) => money(v) }
        : { label: 'drawdown', stroke: '#ef5350', fill: 'rgba(239,83,80,0.15)', scale: 'dd', value: (u, v) => pct(v) },
    ],
    axes: [
      Object.assign({}, AXIS, { values: clock, space: 110 }),
      Object.assign({}, AXIS, { label: scope ? 'realized P&L' : 'equity', size: 80, values: moneyTicks }),
      Object.assign({}, AXIS, { side: 1, scale: 'dd', label: scope ? 'drawdown' : 'drawdown %', size: 70,
        grid: { show: false }, values: scope ? moneyTicks : pctTicks }),
    ],
  }));

  // A day either side of the data: uPlot widens a single point's time range by 86400 / 1e-3 s (1,000 days).
  const dailyChart = (container) => holder(container, () => ({
    scales: { x: { time: true, range: (u, lo, hi) => {
      const xs = u.data[0];
      return xs && xs.length ? [xs[0] - 86400, xs[xs.length - 1] + 86400] : [lo, hi];
    } } },
    series: [
      { label: 'day', value: (u, v) => v == null ? '–' : new Date(v * 1000).toISOString().substring(0, 10) },
      { label: 'realized P&L', stroke: '#66bb6a', fill: 'rgba(102,187,106,0.5)', value: (u, v) => money(v),
        paths: uPlot.paths.bars({ size: [0.6, 40] }), points: { show: false } },
    ],
    axes: [Object.assign({}, AXIS, { values: day, space: 90, incrs: [86400, 7 * 86400, 30 * 86400, 365 * 86400] }),
      Object.assign({}, AXIS, { label: 'realized P&L', size: 80, values: moneyTicks })],
  }));

  return { drawdownPct, drawdownAbs, cumulative, equityChart, dailyChart, money, pct };
})();
