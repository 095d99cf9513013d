// SPDX-License-Identifier: Apache-2.0
//
// The dashboard in a real browser: log in, see the overview, upload an
// SBOM, ask which devices are affected by a CVE, triage a finding (VEX
// status with justification) and check the decision through the API;
// also that a viewer gets no triage control and that the page holds no
// inline script.  Starts `vigil serve` on 127.0.0.1 with a random port
// and a temporary store.  VIGIL_SCREENSHOTS=DIR keeps screenshots.
'use strict';
const { chromium } = require('playwright-core');
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const assert = require('assert');

const VIGIL = process.env.VIGIL_BIN;
const SRC = process.env.VIGIL_SRCDIR;
const DATA = path.join(SRC, 'tests/data/server');
const shots = process.env.VIGIL_SCREENSHOTS;

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-browser-'));
  const db = path.join(tmp, 'v.db');
  const pw = 'correct horse battery';
  execFileSync(VIGIL, ['db', 'import', '-q', '--db', db, path.join(DATA, 'osv-pump.json')]);
  const token = execFileSync(VIGIL, ['serve', '--init-admin', 'a@acme.test', '--org', 'Acme Medical',
    '--password-env', 'PW', '--db', db], { env: { ...process.env, PW: pw } }).toString().trim();
  const portFile = path.join(tmp, 'port');
  const srv = spawn(VIGIL, ['serve', '-q', '--listen', '127.0.0.1:0', '--port-file', portFile, '--db', db],
    { stdio: 'inherit' });
  let browser;
  try {
    for (let i = 0; i < 100 && !fs.existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 50));
    const base = 'http://127.0.0.1:' + fs.readFileSync(portFile, 'utf8').trim();
    const call = async (method, p, body, tok = token) => {
      const r = await fetch(base + p, { method, headers: { Authorization: 'Bearer ' + tok },
        body: body === undefined ? undefined : JSON.stringify(body) });
      return r.status === 204 ? null : r.json();
    };
    const r1 = await call('POST', '/api/v1/releases', { product: 'Infusion Pump X', version: '2.1',
      released: '2022-01-10', end_of_guaranteed_support: '2027-12-31', end_of_support: '2029-12-31' });
    for (const n of ['ICU-01', 'ICU-02']) await call('POST', '/api/v1/devices', { name: n, location: 'ICU', release_id: r1.id });
    const viewer = await call('POST', '/api/v1/users', { email: 'v@acme.test', role: 'viewer', password: pw });
    assert.ok(viewer.token);

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run'] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const cspErrors = [];
    page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) cspErrors.push(m.text()); });
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));

    // login
    await page.goto(base + '/');
    await page.getByLabel('Email').fill('a@acme.test');
    await page.getByLabel('Password').fill('wrong password!');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('wrong email or password').waitFor();
    await page.getByLabel('Password').fill(pw);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Fleet overview' }).waitFor();
    const cookies = await page.context().cookies();
    const sess = cookies.find((c) => c.name === 'vigil_session');
    assert.ok(sess && sess.httpOnly && sess.sameSite === 'Strict', 'session cookie flags');
    if (shots) await page.screenshot({ path: path.join(shots, 'overview-empty.png'), fullPage: true });

    // upload
    await page.getByRole('link', { name: 'Upload SBOM' }).click();
    await page.getByLabel('SBOM file').setInputFiles(path.join(DATA, 'pump-2.1.cdx.json'));
    await page.getByRole('button', { name: 'Upload and scan' }).click();
    await page.getByText('Scanned 3 components: 2 findings').waitFor();
    if (shots) await page.screenshot({ path: path.join(shots, 'upload.png'), fullPage: true });

    // am I affected?
    await page.getByRole('link', { name: 'Am I affected?' }).click();
    await page.getByLabel('CVE, GHSA … or component').fill('GHSA-vs01-0001-0001');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('2 devices affected by GHSA-vs01-0001-0001').waitFor();
    assert.strictEqual(await page.locator('#search-out tbody tr').count(), 2);
    if (shots) await page.screenshot({ path: path.join(shots, 'search.png'), fullPage: true });

    // triage a finding in the release view
    await page.goto(base + '/#/releases/' + r1.id);
    await page.getByRole('heading', { name: 'Infusion Pump X 2.1' }).waitFor();
    const row = page.locator('tr', { hasText: 'CVE-2099-1002' });
    await row.getByRole('button', { name: 'Triage' }).click();
    await row.getByLabel('VEX status').selectOption('not_affected');
    await row.getByLabel('Justification').selectOption('vulnerable_code_not_in_execute_path');
    await row.getByLabel('Statement').fill('The header parser is never called.');
    await row.getByRole('button', { name: 'Save decision' }).click();
    await page.locator('tr', { hasText: 'CVE-2099-1002' }).getByText('not affected').waitFor();
    const vex = await call('GET', '/api/v1/vex?vuln=CVE-2099-1002');
    assert.strictEqual(vex.total, 1);
    assert.strictEqual(vex.items[0].status, 'not_affected');
    assert.strictEqual(vex.items[0].justification, 'vulnerable_code_not_in_execute_path');
    if (shots) await page.screenshot({ path: path.join(shots, 'release.png'), fullPage: true });

    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('heading', { name: 'Fleet overview' }).waitFor();
    if (shots) await page.screenshot({ path: path.join(shots, 'overview.png'), fullPage: true });
    await page.getByRole('link', { name: 'Life cycle' }).click();
    await page.getByRole('heading', { name: 'Life cycle' }).waitFor();
    if (shots) await page.screenshot({ path: path.join(shots, 'lifecycle.png'), fullPage: true });

    // keyboard: from the content, Shift+Tab reaches the header controls,
    // and a navigation link opens its view with Enter
    await page.keyboard.press('Shift+Tab');
    assert.strictEqual(await page.evaluate(() => document.activeElement.textContent), 'Log out');
    await page.getByRole('link', { name: 'Releases' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Releases' }).waitFor();

    // log out, then a viewer sees findings but no triage control
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await page.getByLabel('Email').fill('v@acme.test');
    await page.getByLabel('Password').fill(pw);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('v@acme.test (viewer)').waitFor();
    await page.goto(base + '/#/releases/' + r1.id);
    await page.getByRole('heading', { name: 'Infusion Pump X 2.1' }).waitFor();
    assert.strictEqual(await page.getByRole('button', { name: 'Triage' }).count(), 0);

    // the page has no inline script and the policy was never violated
    const html = await (await fetch(base + '/')).text();
    assert.ok(!/<script(?![^>]*\bsrc=)/.test(html), 'no inline script');
    assert.deepStrictEqual(cspErrors, []);
    assert.deepStrictEqual(pageErrors, []);
    console.log('browser: login, upload, affected search, triage, roles: ok');
  } finally {
    if (browser) await browser.close();
    srv.kill('SIGTERM');
    await new Promise((r) => srv.on('exit', r));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
