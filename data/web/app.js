// SPDX-License-Identifier: Apache-2.0
//
// vigil dashboard: plain JavaScript, no framework, no build step.  Every
// value from the server is written with textContent (never innerHTML), so
// data cannot become markup.  The session cookie is HttpOnly; the CSRF
// token comes with the login answer (and the vigil_csrf cookie after a
// reload) and goes with every change in X-CSRF-Token.
'use strict';

const state = { csrf: null, me: null };

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const k of kids.flat()) {
    if (k === null || k === undefined) continue;
    e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return e;
}

const svgNS = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, ...kids) {
  const e = document.createElementNS(svgNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return e;
}

function cookie(name) {
  for (const c of document.cookie.split(';')) {
    const [k, v] = c.trim().split('=');
    if (k === name) return v;
  }
  return null;
}

class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : 'HTTP ' + status);
    this.status = status;
  }
}

async function api(method, path, body, raw) {
  const headers = {};
  if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
  let payload;
  if (raw !== undefined) payload = raw;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const r = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  if (r.status === 204) return null;
  const ct = r.headers.get('Content-Type') || '';
  const data = ct.includes('json') ? await r.json() : await r.text();
  if (!r.ok) {
    if (r.status === 401 && path !== '/api/v1/session') showLogin();
    throw new ApiError(r.status, data);
  }
  return data;
}

const q = (o) => new URLSearchParams(Object.entries(o).filter(([, v]) => v !== '' && v != null)).toString();
const view = () => document.getElementById('view');
const sev = (s) => el('span', { class: 'sev sev-' + (s || 'unknown') }, s || 'unknown');
const fmt = (v) => (v === null || v === undefined || v === '' ? '—' : v);

function setView(title, ...kids) {
  const v = view();
  v.replaceChildren(el('h2', { id: 'view-title' }, title), ...kids);
  document.title = title + ' — vigil';
}

function errorBox(e) {
  return el('p', { class: 'error', role: 'alert' }, e.message || String(e));
}

function table(caption, cols, rows) {
  return el('table', {},
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, cols.map((c) => el('th', { scope: 'col' }, c[0])))),
    el('tbody', {}, rows.map((r) => el('tr', {}, cols.map((c) => el('td', {}, c[1](r)))))));
}

// ---- charts (inline SVG) ---------------------------------------------------

function barChart(title, data, colors) {
  const entries = Object.entries(data);
  const max = Math.max(1, ...entries.map(([, v]) => v));
  const h = 24 * entries.length + 10;
  const s = svg('svg', { width: '100%', viewBox: `0 0 420 ${h}`, role: 'img', 'aria-label': title });
  entries.forEach(([k, v], i) => {
    const w = Math.round((v / max) * 260);
    s.append(svg('text', { x: 0, y: 24 * i + 18 }, k.replace(/_/g, ' ')));
    s.append(svg('rect', { x: 130, y: 24 * i + 5, width: Math.max(w, 1), height: 16, fill: (colors && colors[k]) || '#0b4f8a' }));
    s.append(svg('text', { x: 136 + w, y: 24 * i + 18 }, v));
  });
  const list = el('ul', { class: 'sr-list' }, entries.map(([k, v]) => el('li', {}, `${k.replace(/_/g, ' ')}: ${v}`)));
  list.hidden = true;
  return el('figure', {}, el('figcaption', {}, title), s, entries.length ? null : el('p', {}, 'Nothing yet.'), list);
}

const riskColors = { critical: '#8b0000', high: '#a63c00', medium: '#6b5300', low: '#1f5f2c', unknown: '#4a525c' };
const stageColors = { development: '#4a525c', supported: '#1f5f2c', limited_support: '#6b5300', end_of_support: '#8b0000' };

// ---- views ------------------------------------------------------------------

async function viewOverview() {
  const o = await api('GET', '/api/v1/overview');
  const t = o.totals;
  const card = (label, n, cls) => el('div', { class: 'card' }, el('span', { class: 'n ' + (cls || '') }, n), label);
  setView('Fleet overview',
    el('div', { class: 'cards' },
      card('devices', t.devices), card('devices affected', t.affected_devices),
      card('releases', t.releases), card('SBOMs', t.sboms),
      card('open findings', t.findings), card('in CISA KEV', t.kev, t.kev ? 'sev-critical' : '')),
    el('div', { class: 'charts' },
      barChart('Devices by life-cycle stage (N70)', o.devices_by_stage, stageColors),
      barChart('Findings by patient-harm risk', o.findings_by_risk, riskColors),
      barChart('Findings by VEX status', o.findings_by_vex)));
}

function pager(page, go) {
  const { offset, limit, total } = page;
  return el('div', { class: 'pager' },
    el('button', { type: 'button', class: 'secondary', disabled: offset === 0, onclick: () => go(Math.max(0, offset - limit)) }, 'Previous'),
    el('span', {}, `${total ? offset + 1 : 0}–${Math.min(offset + limit, total)} of ${total}`),
    el('button', { type: 'button', class: 'secondary', disabled: offset + limit >= total, onclick: () => go(offset + limit) }, 'Next'));
}

async function viewReleases(offset = 0) {
  const p = await api('GET', '/api/v1/releases?' + q({ offset, limit: 50, sort: 'product' }));
  setView('Releases',
    table('Product releases', [
      ['Product', (r) => el('a', { href: '#/releases/' + r.id }, r.product)],
      ['Version', (r) => r.version], ['Stage', (r) => r.stage.replace(/_/g, ' ')],
      ['End of support', (r) => fmt(r.end_of_support)],
      ['Devices', (r) => r.devices], ['Findings', (r) => r.findings]], p.items),
    pager(p, viewReleases),
    newReleaseForm());
}

function newReleaseForm() {
  const f = el('form', { id: 'new-release' },
    el('h3', {}, 'Add a release'),
    el('p', {}, el('label', { for: 'nr-product' }, 'Product'), el('input', { id: 'nr-product', required: true })),
    el('p', {}, el('label', { for: 'nr-version' }, 'Version'), el('input', { id: 'nr-version', required: true })),
    el('p', {}, el('label', { for: 'nr-eos' }, 'End of support'), el('input', { id: 'nr-eos', type: 'date' })),
    el('p', {}, el('button', { type: 'submit' }, 'Add')),
    el('p', { id: 'nr-msg', role: 'status' }));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const r = await api('POST', '/api/v1/releases', {
        product: f.querySelector('#nr-product').value, version: f.querySelector('#nr-version').value,
        end_of_support: f.querySelector('#nr-eos').value || null });
      location.hash = '#/releases/' + r.id;
    } catch (e) { f.querySelector('#nr-msg').replaceChildren(errorBox(e)); }
  });
  return f;
}

const justifications = ['component_not_present', 'vulnerable_code_not_present', 'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary', 'inline_mitigations_already_exist'];

function triageForm(f, done) {
  const id = 'tr-' + f.id;
  const form = el('form', { class: 'triage', 'aria-label': 'Triage ' + f.vuln },
    el('p', {}, el('label', { for: id + '-s' }, 'VEX status'),
      el('select', { id: id + '-s' }, ['under_investigation', 'affected', 'not_affected', 'fixed'].map((s) =>
        el('option', { value: s, selected: s === f.vex_status }, s.replace(/_/g, ' '))))),
    el('p', {}, el('label', { for: id + '-j' }, 'Justification'),
      el('select', { id: id + '-j' }, el('option', { value: '' }, '—'), justifications.map((s) =>
        el('option', { value: s, selected: s === f.justification }, s.replace(/_/g, ' '))))),
    el('p', {}, el('label', { for: id + '-d' }, 'Statement'),
      el('textarea', { id: id + '-d', rows: 2, cols: 50 }, f.vex_detail || '')),
    el('p', {}, el('button', { type: 'submit' }, 'Save decision'), ' ', el('span', { role: 'status', class: 'msg' })));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const msg = form.querySelector('.msg');
    try {
      await api('PUT', `/api/v1/vex/${f.release_id}/${encodeURIComponent(f.vuln)}`, {
        status: form.querySelector('#' + id + '-s').value,
        justification: form.querySelector('#' + id + '-j').value || null,
        detail: form.querySelector('#' + id + '-d').value || null });
      msg.replaceChildren(el('span', { class: 'ok' }, 'Saved'));
      if (done) done();
    } catch (e) { msg.replaceChildren(errorBox(e)); }
  });
  return form;
}

function findingsTable(caption, items, reload) {
  return table(caption, [
    ['Vulnerability', (f) => [el('a', { href: '#/search/' + encodeURIComponent(f.vuln) }, f.vuln), f.kev ? [' ', el('span', { class: 'tag kev' }, 'KEV')] : null]],
    ['Component', (f) => `${fmt(f.component)} ${fmt(f.version)}`],
    ['Fixed in', (f) => fmt(f.fixed)],
    ['Severity', (f) => [sev(f.severity), f.score != null ? ' ' + f.score : '']],
    ['Patient-harm risk', (f) => [sev(f.risk), f.harm ? ` (${f.harm})` : '']],
    ['VEX', (f) => f.vex_status.replace(/_/g, ' ')],
    ['Triage', (f) => {
      if (!state.me || state.me.role === 'viewer') return '—';
      const b = el('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false' }, 'Triage');
      const box = el('div');
      b.addEventListener('click', () => {
        const open = b.getAttribute('aria-expanded') === 'true';
        b.setAttribute('aria-expanded', String(!open));
        box.replaceChildren(open ? '' : triageForm(f, reload));
      });
      return [b, box];
    }]], items);
}

async function viewRelease(id) {
  const r = await api('GET', '/api/v1/releases/' + id);
  const [fi, sb, dv] = await Promise.all([
    api('GET', '/api/v1/findings?' + q({ release_id: id, limit: 500, sort: 'priority', order: 'asc' })),
    api('GET', '/api/v1/sboms?' + q({ release_id: id, limit: 100 })),
    api('GET', '/api/v1/devices?' + q({ release_id: id, limit: 100 }))]);
  const diffOut = el('div', { 'aria-live': 'polite' });
  let comps = el('div');
  if (r.latest_sbom) {
    const c = await api('GET', `/api/v1/sboms/${r.latest_sbom}/components?limit=500`);
    comps = table(`Components of the latest SBOM (${c.total})`, [
      ['Name', (x) => fmt(x.name)], ['Version', (x) => fmt(x.version)], ['purl', (x) => fmt(x.purl)],
      ['State', (x) => x.state.replace(/_/g, ' ')], ['Reason', (x) => x.reason.replace(/_/g, ' ')]], c.items);
  }
  setView(`${r.product} ${r.version}`,
    el('dl', { class: 'cards' },
      [['Stage', r.stage.replace(/_/g, ' ')], ['Released', fmt(r.released)],
      ['End of guaranteed support', fmt(r.end_of_guaranteed_support)], ['End of support', fmt(r.end_of_support)],
      ['Devices', r.devices], ['Findings', r.findings]].map(([k, v]) =>
      el('div', { class: 'card' }, el('dt', {}, k), el('dd', {}, v)))),
    el('p', {}, el('a', { href: `/api/v1/reports/${id}?format=csv` }, 'Download report (CSV)')),
    findingsTable(`Findings (${fi.total})`, fi.items, () => viewRelease(id)),
    table('SBOM history', [
      ['Id', (s) => s.id], ['Name', (s) => fmt(s.name)], ['Format', (s) => s.format],
      ['Uploaded', (s) => s.uploaded], ['Components', (s) => s.components],
      ['Download', (s) => el('a', { href: `/api/v1/sboms/${s.id}/content` }, 'original')],
      ['Diff', (s) => s.id === r.latest_sbom ? '—' : el('button', { type: 'button', class: 'secondary', onclick: () => showDiff(r.latest_sbom, s.id, diffOut) }, 'Compare with latest')]],
    sb.items),
    diffOut,
    comps,
    table('Installed devices', [['Name', (d) => d.name], ['Serial', (d) => fmt(d.serial)], ['Location', (d) => fmt(d.location)]], dv.items));
}

async function showDiff(a, b, out) {
  const d = await api('GET', `/api/v1/sboms/${a}/components?against=${b}`);
  const li = (x) => el('li', {}, `${fmt(x.name)} ${fmt(x.version)}`);
  out.replaceChildren(el('h3', {}, `SBOM ${a} against ${b}`),
    el('p', {}, 'Added:'), el('ul', {}, d.added.map(li)),
    el('p', {}, 'Removed:'), el('ul', {}, d.removed.map(li)));
}

async function viewDevices(offset = 0, filter = '') {
  const p = await api('GET', '/api/v1/devices?' + q({ offset, limit: 50, q: filter }));
  const f = el('form', { class: 'toolbar', role: 'search' },
    el('label', { for: 'dev-q' }, 'Filter devices'), el('input', { id: 'dev-q', value: filter }),
    el('button', { type: 'submit' }, 'Filter'));
  f.addEventListener('submit', (ev) => { ev.preventDefault(); viewDevices(0, f.querySelector('#dev-q').value); });
  setView('Devices', f,
    table('Installed devices', [
      ['Name', (d) => d.name], ['Serial', (d) => fmt(d.serial)], ['Location', (d) => fmt(d.location)],
      ['Product', (d) => d.release_id ? el('a', { href: '#/releases/' + d.release_id }, `${d.product} ${d.version}`) : '—'],
      ['Stage', (d) => fmt(d.stage)], ['End of support', (d) => fmt(d.end_of_support)]], p.items),
    pager(p, (o) => viewDevices(o, filter)));
}

async function viewFindings(offset = 0) {
  const p = await api('GET', '/api/v1/findings?' + q({ offset, limit: 50, sort: 'priority', order: 'asc' }));
  setView('Findings', findingsTable(`All findings (${p.total})`, p.items, () => viewFindings(offset)), pager(p, viewFindings));
}

async function viewSearch(initial) {
  const out = el('div', { id: 'search-out', 'aria-live': 'polite' });
  const f = el('form', { class: 'toolbar', role: 'search', id: 'search-form' },
    el('p', {}, el('label', { for: 'search-q' }, 'CVE, GHSA … or component'),
      el('input', { id: 'search-q', value: initial || '', required: true, placeholder: 'CVE-2024-3094 or openssl' })),
    el('p', {}, el('button', { type: 'submit' }, 'Search')));
  const run = async (term) => {
    const isId = /^[A-Za-z]+-[0-9A-Za-z.:_-]+$/.test(term) && /\d/.test(term);
    try {
      const p = await api('GET', '/api/v1/affected?' + q(isId ? { id: term, limit: 500 } : { component: term, limit: 500 }));
      const kids = [el('p', { id: 'search-count' }, `${p.total} device${p.total === 1 ? '' : 's'} affected by ${term}`)];
      if (isId) {
        try {
          const v = await api('GET', '/api/v1/vulnerabilities/' + encodeURIComponent(term));
          const a = v.advisory;
          kids.push(el('p', {}, 'Known as: ', (a.ids || a.aliases || []).join(', ')));
        } catch (e) { kids.push(el('p', {}, 'Not in the store.')); }
      }
      kids.push(table('Affected devices', [['Device', (d) => d.name], ['Location', (d) => fmt(d.location)],
        ['Release', (d) => el('a', { href: '#/releases/' + d.release_id }, `${d.product} ${d.version}`)], ['Stage', (d) => d.stage]], p.items));
      out.replaceChildren(...kids);
    } catch (e) { out.replaceChildren(errorBox(e)); }
  };
  f.addEventListener('submit', (ev) => { ev.preventDefault(); run(f.querySelector('#search-q').value.trim()); });
  setView('Am I affected?', f, out);
  if (initial) run(initial);
}

async function viewLifecycle() {
  const p = await api('GET', '/api/v1/lifecycle?limit=200&sort=product');
  const rows = p.items;
  const year = (d) => (d ? new Date(d + 'T00:00:00Z').getTime() : null);
  const now = Date.now();
  const ts = rows.flatMap((r) => [year(r.released), year(r.end_of_guaranteed_support), year(r.end_of_support)]).filter((x) => x);
  const lo = Math.min(now, ...ts) - 1e10, hi = Math.max(now, ...ts) + 1e10;
  const X = (t) => 200 + ((t - lo) / (hi - lo)) * 580;
  const s = svg('svg', { width: '100%', viewBox: `0 0 800 ${30 * rows.length + 40}`, role: 'img', 'aria-label': 'Life-cycle timeline' });
  rows.forEach((r, i) => {
    const y = 30 * i + 10;
    s.append(svg('text', { x: 0, y: y + 13 }, `${r.product} ${r.version}`));
    const a = year(r.released) || lo, b = year(r.end_of_guaranteed_support), c = year(r.end_of_support);
    if (b) s.append(svg('rect', { x: X(a), y, width: Math.max(1, X(b) - X(a)), height: 16, fill: '#1f5f2c' }));
    if (c) s.append(svg('rect', { x: X(b || a), y, width: Math.max(1, X(c) - X(b || a)), height: 16, fill: b ? '#6b5300' : '#1f5f2c' }));
  });
  s.append(svg('line', { x1: X(now), x2: X(now), y1: 0, y2: 30 * rows.length + 20, stroke: '#8b0000', 'stroke-width': 2 }));
  s.append(svg('text', { x: X(now) + 4, y: 30 * rows.length + 30 }, 'today'));
  setView('Life cycle',
    el('figure', {}, el('figcaption', {}, 'Support (green) and limited support (amber) per release'), s),
    table('Stages and dates', [['Product', (r) => r.product], ['Version', (r) => r.version], ['Stage', (r) => r.stage.replace(/_/g, ' ')],
      ['Released', (r) => fmt(r.released)], ['End of guaranteed support', (r) => fmt(r.end_of_guaranteed_support)],
      ['End of support', (r) => fmt(r.end_of_support)]], rows));
}

async function viewUpload() {
  const p = await api('GET', '/api/v1/releases?limit=1000&sort=product');
  const out = el('div', { id: 'upload-out', role: 'status' });
  const f = el('form', { id: 'upload-form' },
    el('p', {}, el('label', { for: 'up-release' }, 'Release'),
      el('select', { id: 'up-release', required: true }, p.items.map((r) => el('option', { value: r.id }, `${r.product} ${r.version}`)))),
    el('p', {}, el('label', { for: 'up-file' }, 'SBOM file'), el('input', { id: 'up-file', type: 'file', required: true })),
    el('p', {}, el('button', { type: 'submit' }, 'Upload and scan')));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const file = f.querySelector('#up-file').files[0];
    const rel = f.querySelector('#up-release').value;
    out.replaceChildren('Scanning…');
    try {
      const s = await api('POST', `/api/v1/releases/${rel}/sboms?` + q({ name: file.name }), undefined, file);
      out.replaceChildren(el('p', { class: 'ok' }, `Scanned ${s.components} components: ${s.findings} findings, ` +
        `${s.not_evaluated} not evaluated (${s.coverage.toFixed(1)}% coverage).`),
      el('p', {}, el('a', { href: '#/releases/' + rel }, 'Open the release')));
    } catch (e) { out.replaceChildren(errorBox(e)); }
  });
  setView('Upload an SBOM', el('p', {}, 'CycloneDX or SPDX, JSON, XML or tag-value. The SBOM is scanned before the answer.'), f, out);
}

// ---- routing and session ---------------------------------------------------

const routes = [
  [/^#\/overview$/, viewOverview], [/^#\/releases$/, () => viewReleases()], [/^#\/releases\/(\d+)$/, viewRelease],
  [/^#\/devices$/, () => viewDevices()], [/^#\/findings$/, () => viewFindings()],
  [/^#\/search(?:\/(.+))?$/, (t) => viewSearch(t ? decodeURIComponent(t) : '')],
  [/^#\/lifecycle$/, viewLifecycle], [/^#\/upload$/, viewUpload]];

async function route() {
  if (!state.me) return;
  const h = location.hash || '#/overview';
  for (const a of document.querySelectorAll('nav a')) {
    if (h.startsWith(a.getAttribute('href'))) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  for (const [re, fn] of routes) {
    const m = h.match(re);
    if (m) {
      try { await fn(...m.slice(1)); } catch (e) { setView('Error', errorBox(e)); }
      document.getElementById('main').focus();
      return;
    }
  }
  setView('Not found', el('p', {}, 'No such view.'));
}

function showLogin() {
  state.me = null;
  document.getElementById('login').hidden = false;
  document.getElementById('nav').hidden = true;
  document.getElementById('who').hidden = true;
  view().replaceChildren();
  document.getElementById('email').focus();
}

function loggedIn(me) {
  state.me = me;
  document.getElementById('login').hidden = true;
  document.getElementById('nav').hidden = false;
  document.getElementById('who').hidden = false;
  document.getElementById('who-name').textContent = `${me.email} (${me.role})`;
  route();
}

async function start() {
  document.getElementById('login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const err = document.getElementById('login-error');
    err.textContent = '';
    try {
      const r = await api('POST', '/api/v1/session', {
        email: document.getElementById('email').value, password: document.getElementById('password').value });
      state.csrf = r.csrf;
      document.getElementById('password').value = '';
      loggedIn({ email: r.email, role: r.role });
    } catch (e) { err.textContent = e.message; }
  });
  document.getElementById('logout').addEventListener('click', async () => {
    try { await api('DELETE', '/api/v1/session'); } catch (e) { /* gone already */ }
    state.csrf = null;
    showLogin();
  });
  window.addEventListener('hashchange', route);
  state.csrf = cookie('vigil_csrf');
  try {
    const me = await api('GET', '/api/v1/session');
    loggedIn(me);
  } catch (e) { showLogin(); }
}

document.addEventListener('DOMContentLoaded', start);
