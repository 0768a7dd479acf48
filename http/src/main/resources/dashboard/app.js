// Dorado Fleet dashboard: plain JS, no build step. Everything it shows comes from /api/v1 with the
// token the operator entered (kept in sessionStorage for this tab only). The live stream is read with
// fetch() rather than EventSource, because EventSource cannot send an Authorization header.
'use strict';

const TOKEN_KEY = 'dorado.token';
const POLL_MS = 5000;
const MAX_EVENTS = 200;
const TAGS = ['', 'Best credit', 'S/R alignment', 'Bandit rec', 'Strong trend', 'Diversification', 'Gut feel'];
const equity = [];   // {t, equity, pnl}, oldest first
let streamAbort = null;
let refreshTimer = null;

function token() { return sessionStorage.getItem(TOKEN_KEY) || ''; }

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.substring(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
  return e;
}

function setStatus(text, error) {
  const s = document.getElementById('status');
  s.textContent = text;
  s.classList.toggle('error', !!error);
}

async function api(path, options) {
  const opts = Object.assign({ headers: {} }, options || {});
  opts.headers = Object.assign({ 'Authorization': 'Bearer ' + token() }, opts.headers);
  if (opts.json !== undefined) {
    opts.method = opts.method || 'POST';
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(opts.json);
  }
  const response = await fetch('/api/v1' + path, opts);
  const body = response.headers.get('Content-Type')?.includes('json') ? await response.json() : null;
  if (!response.ok) {
    const err = new Error((body && body.reason) || response.statusText);
    err.status = response.status;
    throw err;
  }
  return body;
}

function fill(tableId, rows) {
  const tbody = document.querySelector('#' + tableId + ' tbody');
  tbody.replaceChildren(...rows);
}

function time(iso) { return iso ? new Date(iso).toISOString().substring(5, 19).replace('T', ' ') : ''; }
function num(x) { return x == null ? '' : String(x); }

// ---- sections

async function loadBots() {
  const list = await api('/bots');
  fill('bots', list.bots.map(b => el('tr', { 'data-bot': b.bot_id },
    el('td', {}, b.bot_id), el('td', { class: 'phase' }, b.phase), el('td', { class: 'desired' }, b.desired),
    el('td', {}, b.config.underlying), el('td', {}, b.config.strategy_template), el('td', {}, b.holding ? 'yes' : ''),
    el('td', { class: 'actions' }, ...botActions(b)))));
  const scope = document.getElementById('equity-scope');
  const known = new Set([...scope.options].map(o => o.value));
  for (const b of list.bots) if (!known.has(b.bot_id)) scope.append(el('option', { value: b.bot_id }, b.bot_id));
}

// Per-bot controls (the operator token is needed; the node refuses them with the API token). Retiring
// and closing a position cannot be undone, so they ask first.
const BOT_ACTIONS = [
  { verb: 'pause', label: 'Pause', when: b => b.desired !== 'PAUSED' && b.desired !== 'RETIRED' },
  { verb: 'resume', label: 'Resume', when: b => b.desired === 'PAUSED' },
  // A scan of this bot now (on_demand bots are scanned only so); its report is the scanner's next /scan/last.
  { verb: 'scan', label: 'Scan now', when: b => b.config.signal_mode !== 'webhook' && b.desired !== 'RETIRED' },
  { verb: 'close', label: 'Close position', when: b => b.holding && b.desired !== 'RETIRED', danger: true,
    confirm: b => 'Close the position of ' + b.bot_id + ' at market?' },
  // The fleet refuses to retire a bot that holds something: close its position first.
  { verb: 'retire', label: 'Retire', when: b => b.desired !== 'RETIRED' && !b.holding, danger: true,
    confirm: b => 'Retire ' + b.bot_id + '? It stops for good.' },
];

function botActions(b) {
  return BOT_ACTIONS.filter(a => a.when(b)).map(a => el('button', {
    class: 'bot-action ' + a.verb + (a.danger ? ' danger' : ''), 'data-verb': a.verb,
    onclick: async () => {
      if (a.confirm && !confirm(a.confirm(b))) return;
      try {
        const reply = await api('/bots/' + encodeURIComponent(b.bot_id) + '/' + a.verb,
          a.danger ? { json: { reason: a.verb + ' from the dashboard' } } : { method: 'POST' });
        setStatus(b.bot_id + ': ' + a.verb + (reply && reply.detail ? ' — ' + reply.detail : ''));
      } catch (e) { setStatus(b.bot_id + ': ' + a.verb + ' failed: ' + e.message, true); }
      refreshSoon(0);
    } }, a.label));
}

async function loadApprovals() {
  const pending = await api('/approvals');
  fill('approvals', pending.map(p => {
    const tag = el('select', { class: 'tag' }, ...TAGS.map(t => el('option', { value: t }, t || '(no tag)')));
    const decide = (verb) => async () => {
      const body = { review_id: p.proposal.review_id };
      if (tag.value) body.tag = tag.value;
      try {
        await api('/approvals/' + encodeURIComponent(p.bot_id) + '/' + verb, { json: body });
        setStatus(verb + 'd ' + p.proposal.review_id);
      } catch (e) { setStatus(verb + ' failed: ' + e.message, true); }
      refreshSoon(0);
    };
    return el('tr', { 'data-approval': p.bot_id },
      el('td', {}, p.bot_id),
      el('td', {}, p.proposal.side + ' ' + p.proposal.symbol + ' @ ' + num(p.proposal.reference_price)),
      el('td', {}, num(p.quantity)), el('td', {}, num(p.max_loss)), el('td', {}, time(p.deadline)),
      el('td', {}, tag),
      el('td', {}, el('button', { class: 'approve', onclick: decide('approve') }, 'Approve'), ' ',
        el('button', { class: 'reject', onclick: decide('reject') }, 'Reject')));
  }));
}

// The latest scan's ranked list (PRD §3.2): rank, score, each gate with its values, the proposed sizing, what the
// selection decided and why; a Pick button sends a candidate to its bot (asks first: it is a real signal).
async function loadCandidates() {
  let scan;
  try {
    scan = await api('/scans/latest');
  } catch (e) {
    if (e.status !== 404) throw e;
    document.getElementById('scan-info').textContent = 'no scan has finished yet';
    fill('candidates', []);
    return;
  }
  document.getElementById('scan-info').textContent = scan.scan_id + ' · ' + time(scan.at) + ' · regime ' + scan.regime;
  fill('candidates', scan.candidates.map(c => el('tr', { 'data-candidate': c.candidate_id, class: c.fate },
    el('td', {}, c.rank),
    el('td', {}, c.bot_id + ' · ' + (c.side || '') + ' ' + c.symbol),
    el('td', { class: 'score' }, Number(c.score).toFixed(2)),
    el('td', { class: 'wrap gates' }, ...c.gates.map(g => el('span', { class: 'gate ' + (g.passed ? 'passed' : 'failed') },
      g.gate + (g.passed ? ' ✓ ' : ' ✗ ') + Object.entries(g.numbers || {}).map(([k, v]) => k + ' ' + num(v)).join(', ') + '; '))),
    el('td', { class: 'sizing' }, sizing(c)),
    el('td', { class: 'wrap selection' }, c.fate + ': ' + c.reason),
    el('td', {}, c.fate === 'excluded' ? '' : el('button', { class: 'pick', onclick: () => pick(scan, c) }, 'Pick')))));
  document.getElementById('skipped').textContent = scan.skipped.length === 0 ? ''
    : 'Skipped: ' + scan.skipped.map(s => s.bot_id + ' (' + (s.why || 'no candidate') + ')').join(', ');
}

function sizing(c) {
  const risk = 'risk ' + Number(c.risk_pct).toFixed(2) + '%';
  if (c.credit != null) return risk + ' · credit ' + num(c.credit) + ' · max loss ' + num(c.max_loss);
  return risk + ' · ' + num(c.entry) + ' / stop ' + num(c.stop) + (c.target != null ? ' / target ' + num(c.target) : '');
}

async function pick(scan, c) {
  if (!confirm('Pick ' + c.symbol + ' (#' + c.rank + ') for ' + c.bot_id + '? It goes to the bot as a signal.')) return;
  try {
    const reply = await api('/scans/' + encodeURIComponent(scan.scan_id) + '/candidates/'
      + encodeURIComponent(c.candidate_id) + '/pick', { method: 'POST' });
    setStatus('picked ' + c.candidate_id + ': ' + reply.reason);
  } catch (e) { setStatus('pick of ' + c.candidate_id + ' refused: ' + e.message, true); }
  refreshSoon(0);
}

function gauge(label, value, max) {
  const v = Number(value || 0);
  return [el('span', {}, label), el('meter', { min: 0, max: max, low: max * 0.5, high: max * 0.8, optimum: 0, value: v }),
    el('span', {}, v.toFixed(2) + '%')];
}

async function loadRisk() {
  const r = await api('/risk');
  const state = document.getElementById('trading-state');
  state.textContent = r.trading_state;
  state.className = 'badge ' + r.trading_state;
  const kill = document.getElementById('kill-switch');
  kill.textContent = r.kill_switch ? 'ENGAGED' : 'off';
  kill.className = 'badge ' + (r.kill_switch ? 'on' : '');
  const limits = r.limits || [];
  const heat = limits.find(l => l.name === 'heat' && l.scope === 'guardian');
  document.getElementById('gauges').replaceChildren(...gauge('Heat', r.heat_pct, heat ? Number(heat.limit) : 30));
  fill('limits', limits.map(limitRow));
  const restricted = r.restricted_symbols || [];
  document.getElementById('restricted').textContent =
    restricted.length ? 'Restricted symbols (no new exposure): ' + restricted.join(', ') : '';
  fill('kill-scopes', (r.kill_scopes || []).map(k => el('tr', { 'data-kill-scope': killScopeKey(k.scope) },
    el('td', {}, killScopeKey(k.scope)), el('td', {}, k.reason), el('td', {}, k.by), el('td', {}, time(k.since)))));
  addEquityPoint({ t: Date.now(), equity: Number(r.equity), pnl: Number(r.realized_pnl) });
  try {
    const b = await api('/risk/breakers');
    document.getElementById('breakers').replaceChildren(...b.breakers.flatMap(breakerGauge),
      el('span', { class: 'breaker-summary' }, 'sizing ×' + num(b.sizing_multiplier) + ' · breakers imply '
        + b.implied_state + (b.implied_state !== b.trading_state ? ' (in force: ' + b.trading_state + ')' : '')));
  } catch (e) { document.getElementById('breakers').replaceChildren(el('span', {}, 'Breakers: ' + e.message)); }
}

const LIMIT_LABELS = { heat: 'Heat', daily_loss: 'Daily loss', drawdown: 'Drawdown', var_95: 'VaR 95',
  positions: 'Positions', delta: '|Delta|', vega: '|Vega|' };

// One limit: a meter of the measure (its absolute value) against the limit, and both numbers; a breached one stands out.
function limitRow(l) {
  const v = Math.abs(Number(l.measure || 0)), max = Math.max(Number(l.limit || 0), 1e-9);
  const unit = l.unit === '%' ? '%' : l.unit === 'count' ? '' : ' ' + l.unit;
  return el('tr', { 'data-limit': l.name + ':' + l.scope, class: l.breached ? 'breached' : '' },
    el('td', {}, LIMIT_LABELS[l.name] || l.name), el('td', {}, l.scope),
    el('td', {}, el('meter', { min: 0, max: max, low: max * 0.5, high: max * 0.8, optimum: 0, value: Math.min(v, max) })),
    el('td', { class: 'figures' }, num(l.measure) + (l.unit === '%' ? '%' : '') + ' / ' + num(l.limit) + unit + (l.breached ? ' · BREACHED' : '')));
}

function killScopeKey(s) {
  if (!s) return '';
  if (s.kind === 'VENUE') return 'venue:' + s.venue;
  if (s.kind === 'ACCOUNT') return 'account:' + s.account;
  if (s.kind === 'BOT') return 'bot:' + s.bot_id;
  return 'all';
}

const BREAKER_LABELS = { DAILY_LOSS: 'Daily loss', WEEKLY_LOSS: 'Weekly loss', DRAWDOWN: 'Drawdown',
  CONSECUTIVE_LOSSES: 'Losses in a row' };

function breakerGauge(g) {
  const count = g.breaker === 'CONSECUTIVE_LOSSES';
  const v = Number(g.value || 0), max = Math.max(Number(g.limit || 0), 1e-9);
  const shown = count ? v + ' / ' + num(g.limit) : v.toFixed(2) + '% / ' + num(g.limit) + '%';
  return [el('span', {}, BREAKER_LABELS[g.breaker] || g.breaker),
    el('meter', { min: 0, max: max, low: max * 0.5, high: max * 0.8, optimum: 0, value: Math.min(v, max) }),
    el('span', { class: 'breaker ' + (g.tripped ? 'tripped' : ''), 'data-breaker': g.breaker },
      shown + (g.tripped ? ' · TRIPPED (' + g.action + ') since ' + time(g.since) : ''))];
}

async function loadAllocator() {
  const a = await api('/allocator');
  fill('allocator', a.arms.map(arm => el('tr', { 'data-arm': arm.arm_id },
    el('td', {}, arm.arm_id), el('td', {}, arm.active_bots.join(', ')),
    el('td', {}, arm.alpha.toFixed(2) + ' / ' + arm.beta.toFixed(2)), el('td', {}, arm.mean_reward.toFixed(3)),
    el('td', {}, el('meter', { min: 0, max: 1, value: arm.weight }), ' ' + (arm.weight * 100).toFixed(1) + '%'),
    el('td', {}, num(arm.capital)))));
}

async function loadCluster() {
  const c = await api('/cluster');
  fill('members', c.members.map(m => el('tr', {}, el('td', {}, m.address + (m.address === c.self_address ? ' (this node)' : '')),
    el('td', {}, m.status), el('td', {}, m.reachable ? 'yes' : 'NO'))));
  fill('shards', c.regions.map(r => el('tr', {}, el('td', {}, r.type_name), el('td', {}, r.address),
    el('td', {}, r.shards.length), el('td', {}, r.entities))));
}

/** Who approved the order's trade: the operator, "auto" when automatic, blank for an order recorded before either. */
function approver(o) {
  if (o.approved_by) return o.approved_by;
  return o.template ? 'auto' : '';
}

async function loadOrders() {
  const orders = await api('/orders?limit=15');
  fill('orders', orders.items.map(o => el('tr', {}, el('td', {}, time(o.updated_at)), el('td', {}, o.client_order_id),
    el('td', {}, o.side), el('td', {}, num(o.quantity)), el('td', {}, num(o.filled_quantity)), el('td', {}, num(o.average_price)),
    el('td', {}, o.status), el('td', {}, o.template || ''), el('td', {}, approver(o)))));
  const fills = await api('/fills?limit=15');
  fill('fills', fills.items.map(f => el('tr', {}, el('td', {}, time(f.at)), el('td', {}, f.client_order_id),
    el('td', {}, f.side), el('td', {}, num(f.quantity)), el('td', {}, num(f.price)))));
}

async function loadEquityHistory() {
  const points = await api('/pnl/equity?days=30');
  for (const p of points) equity.push({ t: Date.parse(p.at), equity: Number(p.equity), pnl: Number(p.realized_pnl) });
  equity.sort((a, b) => a.t - b.t);
  drawEquity();
}

function addEquityPoint(p) {
  equity.push(p);
  if (equity.length > 2000) equity.shift();
  drawEquity();
}

let equityChart = null, dailyChart = null;

/** The fleet's equity and drawdown %, or the chosen bot's cumulative realized P&L and its drawdown. */
function drawEquity() {
  equityChart = equityChart || Charts.equityChart(document.getElementById('equity-chart'));
  const legend = document.getElementById('equity-legend');
  const bot = document.getElementById('equity-scope').value;
  if (bot) {
    api('/trades?bot=' + encodeURIComponent(bot) + '&limit=500').then(page => {
      const curve = Charts.cumulative(page.items);
      const values = curve.map(c => c.value);
      const dd = Charts.drawdownAbs(values);
      equityChart(bot, [curve.map(c => c.t), values, dd]);
      legend.textContent = curve.length === 0 ? bot + ': no closed trades yet'
        : bot + ' realized P&L ' + Charts.money(values[values.length - 1]) + ' · drawdown ' + Charts.money(dd[dd.length - 1])
          + ' · ' + curve.length + ' closed trades';
    }).catch(e => { legend.textContent = bot + ': ' + e.message; });
    return;
  }
  if (equity.length === 0) return;
  const values = equity.map(p => p.equity);
  const dd = Charts.drawdownPct(values);
  equityChart('', [equity.map(p => p.t / 1000), values, dd]);
  const last = equity[equity.length - 1];
  legend.textContent = 'fleet equity ' + Charts.money(last.equity) + ' · drawdown ' + Charts.pct(dd[dd.length - 1])
    + ' · realized P&L ' + Charts.money(last.pnl) + ' · ' + equity.length + ' points';
}

async function loadDailyPnl() {
  const report = await api('/pnl?days=30');
  dailyChart = dailyChart || Charts.dailyChart(document.getElementById('pnl-chart'));
  const days = report.by_day.slice().sort((a, b) => a.date.localeCompare(b.date));
  dailyChart('daily', [days.map(d => Date.parse(d.date + 'T00:00:00Z') / 1000), days.map(d => Number(d.realized_pnl))]);
}

// ---- live events

function showEvent(kind, data) {
  const list = document.getElementById('events');
  let summary = data;
  try { const e = JSON.parse(data); summary = (e.bot_id ? e.bot_id + ': ' : '') + e.summary; } catch (ignored) { /* plain text */ }
  list.prepend(el('li', { class: kind }, el('span', { class: 'kind' }, kind), summary));
  while (list.children.length > MAX_EVENTS) list.lastChild.remove();
  if (kind !== 'notice') refreshSoon(300);
}

async function openStream() {
  if (streamAbort) streamAbort.abort();
  streamAbort = new AbortController();
  try {
    const response = await fetch('/api/v1/events', { headers: { 'Authorization': 'Bearer ' + token() }, signal: streamAbort.signal });
    if (!response.ok) throw new Error('event stream: ' + response.status);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.substring(0, cut);
        buffer = buffer.substring(cut + 2);
        let kind = 'message', data = [];
        for (const line of frame.split('\n')) {
          if (line.startsWith('event:')) kind = line.substring(6).trim();
          else if (line.startsWith('data:')) data.push(line.substring(5).replace(/^ /, ''));
        }
        // A frame with no data is the stream's keep-alive: nothing happened, nothing to show.
        if (data.join('').trim()) showEvent(kind, data.join('\n'));
      }
    }
  } catch (e) {
    if (e.name === 'AbortError') return;
    setStatus(e.message, true);
  }
  setTimeout(openStream, 3000); // the node went away or restarted: reconnect
}

// ---- refresh

async function refresh() {
  const sections = [loadBots, loadApprovals, loadCandidates, loadRisk, loadAllocator, loadCluster, loadOrders, loadDailyPnl];
  const results = await Promise.allSettled(sections.map(f => f()));
  const failed = results.filter(r => r.status === 'rejected').map(r => r.reason);
  const auth = failed.find(e => e.status === 401);
  if (auth) setStatus('the token was refused', true);
  else if (failed.length) setStatus('connected; ' + failed.length + ' section(s) unavailable: ' + failed[0].message);
  else setStatus('connected · ' + new Date().toISOString().substring(11, 19));
}

function refreshSoon(ms) {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, ms);
}

function connect() {
  refresh();
  loadEquityHistory().catch(() => {});
  openStream();
}

document.getElementById('login').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const input = document.getElementById('token');
  sessionStorage.setItem(TOKEN_KEY, input.value.trim());
  input.value = '';
  connect();
});

document.getElementById('equity-scope').addEventListener('change', drawEquity);

document.getElementById('engage-kill-switch').addEventListener('click', async () => {
  if (!confirm('Halt all trading and cancel every working order?')) return;
  try {
    await api('/risk/kill-switch', { json: { reason: 'dashboard' } });
    setStatus('kill switch engaged');
  } catch (e) { setStatus('kill switch failed: ' + e.message, true); }
  refreshSoon(0);
});

setInterval(() => { if (token()) refresh(); }, POLL_MS);
if (token()) connect();
