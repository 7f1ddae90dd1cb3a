// The bookmarklet, for real: Debian's headless Chromium opens saved chat pages from a fixture
// server with a strict CSP, runs the bookmarklet from inwriting's own page, reviews and saves in
// the window it opens (by the URL fragment, and by postMessage for a page past the URL limit);
// then `inwriting search` and `inwriting promises --json` find what was kept. A page on another
// host name mapped to 127.0.0.1 (DNS rebinding) is refused with nothing a page could read.
//
// Environment: INWRITING (the binary), CORPUS (tests/data/corpus/dev), WORK (a scratch directory
// with HOME set for the store). Exit 0 pass, 1 fail.
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import readline from 'node:readline';

const inwriting = process.env.INWRITING;
const corpus = process.env.CORPUS;
const work = process.env.WORK;
const env = { ...process.env };

function check(condition, what) {
  if (!condition) throw new Error('FAIL: ' + what);
  console.log('ok: ' + what);
}

function run(args) {
  return execFileSync(inwriting, args, { env, encoding: 'utf8' });
}

// A fixture site: the corpus pages, served as a real chat site would, with a CSP that allows no script.
const larkspur = fs.readFileSync(path.join(corpus, 'en-larkspur-chat-widget-saved.html'), 'utf8');
const siam = fs.readFileSync(path.join(corpus, 'mixed-siammobile-roaming-chat-saved.html'), 'utf8');
const tecnopunto = fs.readFileSync(path.join(corpus, 'es-tecnopunto-chat-garantia-guardado.html'), 'utf8');
// Past the bookmarklet's URL limit (1,000,000 characters encoded): it must go by postMessage.
const siamBig = siam.replace('</body>', '<div hidden>' + 'x'.repeat(1200000) + '</div></body>');
const fixture = http.createServer((req, res) => {
  const pages = { '/larkspur.html': larkspur, '/siam.html': siamBig, '/tecnopunto.html': tecnopunto };
  const body = pages[req.url];
  if (!body) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; connect-src 'none'; " +
      "script-src 'none'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'",
  });
  res.end(body);
});
fixture.listen(0, '127.0.0.1');
await once(fixture, 'listening');
const site = `http://127.0.0.1:${fixture.address().port}`;

const serve = spawn(inwriting, ['serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
const serveLog = [];
serve.stderr.on('data', (d) => serveLog.push(d.toString()));
const firstLine = await new Promise((resolve, reject) => {
  const lines = readline.createInterface({ input: serve.stdout });
  lines.once('line', resolve);
  serve.once('exit', (code) => reject(new Error('inwriting serve exited ' + code + ': ' + serveLog.join(''))));
});
const listening = /^listening on (http:\/\/127\.0\.0\.1:(\d+)\/)$/.exec(firstLine);
check(listening, 'serve prints "listening on http://127.0.0.1:PORT/" first: ' + firstLine);
const origin = listening[1].replace(/\/$/, '');
const port = listening[2];

const profile = fs.mkdtempSync(path.join(work, 'chromium-profile-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP rebind.test 127.0.0.1'],
});
let failed = false;
try {
  const page = context.pages()[0] || await context.newPage();

  const index = await page.goto(origin + '/');
  const headers = index.headers();
  check(index.status() === 200, 'GET / serves the bookmarklet page');
  check(/frame-ancestors 'none'/.test(headers['content-security-policy'] || ''), 'the page has a CSP with frame-ancestors none');
  check(headers['x-content-type-options'] === 'nosniff' && headers['cache-control'] === 'no-store', 'nosniff and no-store');
  const href = await page.getAttribute('#bookmarklet', 'href');
  check(href && href.startsWith('javascript:'), 'the bookmarklet is a javascript: link to drag to the bookmarks bar');
  // What the browser runs when the bookmark is clicked: the link's script, in the chat page.
  const bookmarklet = decodeURIComponent(href.slice('javascript:'.length));

  async function captureWith(url, expectFragment, damage) {
    await page.goto(url);
    check(await page.evaluate(() => typeof window.dataLayer === 'undefined'), url + ': the site\'s CSP blocks its own scripts');
    if (damage) await page.evaluate(damage);
    const [popup] = await Promise.all([context.waitForEvent('page'), page.evaluate(bookmarklet)]);
    await popup.waitForLoadState('domcontentloaded');
    await popup.waitForSelector('body[data-state="ready"], body[data-state="error"]', { timeout: 20000 });
    // How the page came: in the link (#…) or by postMessage (#wait); the address bar no longer says.
    const opened = await popup.evaluate(() => performance.getEntriesByType('navigation')[0].name);
    check(expectFragment ? /#%7B/.test(opened) : opened.endsWith('#wait'),
          'the page came ' + (expectFragment ? 'in the link' : 'by postMessage') + ': ' + opened.slice(0, 60));
    const status = await popup.textContent('#status');
    check(await popup.getAttribute('body', 'data-state') === 'ready', 'the review page is ready: ' + status);
    check(!popup.url().includes('#'), 'the page\'s text left the address bar: ' + popup.url().slice(0, 60));
    check(popup.url() === origin + '/capture', 'the review page is inwriting\'s own');
    check(await popup.textContent('#url') === url, 'the review shows the source URL');
    const speakers = await popup.textContent('#speakers');
    await popup.click('#save');
    await popup.waitForSelector('body[data-state="saved"], body[data-state="error"]', { timeout: 20000 });
    const saved = await popup.textContent('#status');
    check(/^Saved as conversation \d+/.test(saved), 'Save keeps it: ' + saved);
    await popup.close();
    return { speakers };
  }

  const first = await captureWith(site + '/larkspur.html', true);
  check(first.speakers.includes('Jordan (agent)') && first.speakers.includes('Erin Walsh (customer)'),
        'the review names the speakers and roles: ' + first.speakers);
  const second = await captureWith(site + '/siam.html', false);
  check(second.speakers.includes('Ploy'), 'a page past the URL limit arrives by postMessage: ' + second.speakers);
  // What a chat widget's script can leave in the page: half of an emoji, which is no valid JSON text.
  const third = await captureWith(site + '/tecnopunto.html', true, () => document.body.append(String.fromCharCode(0xD83D)));
  check(third.speakers.includes('Nerea'), 'a page holding a lone surrogate is read and saved: ' + third.speakers);

  // DNS rebinding: a page served under another name that resolves to 127.0.0.1.
  // Chromium shows its own error page for an empty refusal, so the answer is read off the wire.
  const answers = [];
  page.on('response', (r) => answers.push(r));
  await page.goto(`http://rebind.test:${port}/`).catch((e) => e);
  const rebound = answers.find((r) => r.url().startsWith('http://rebind.test:'));
  check(rebound && rebound.status() === 421, 'a page on another host name is refused (421)');
  check(rebound.headers()['content-length'] === '0', 'and gets no body');
  const still = await (await context.newPage()).goto(origin + '/');
  check(still.status() === 200, 'the server still serves');
} catch (e) {
  console.error(e.message || e);
  failed = true;
} finally {
  await context.close();
  fixture.close();
}

try {
  if (!failed) {
    const search = JSON.parse(run(['search', 'price adjustment', '--json']));
    check(search.hits.length > 0, 'inwriting search finds the captured chat\'s text');
    const thai = JSON.parse(run(['search', 'คืนเงิน', '--json']));
    check(thai.hits.length > 0, 'and the Thai chat that came by postMessage');
    const promises = JSON.parse(run(['promises', '--json']));
    const kinds = promises.map((p) => p.kind + ':' + (p.amount || ''));
    check(kinds.includes('price_match:40.00'), 'promises --json has the $40.00 price adjustment: ' + kinds.join(' '));
    check(kinds.includes('refund:2685.00'), 'and the 2,685 baht refund');
    const list = JSON.parse(run(['list', '--json']));
    check(list.conversations.length === 3 && list.conversations.every((c) => c.channel === 'chat'),
          'three chats kept, channel chat');
    const spanish = JSON.parse(run(['search', 'garantia', '--json']));
    check(spanish.hits.length > 0, 'and the Spanish chat whose page held a lone surrogate');
  }
} catch (e) {
  console.error(e.message || e);
  failed = true;
}
serve.kill('SIGTERM');
const [code] = await once(serve, 'exit');
check(code === 0, 'serve stops cleanly on SIGTERM');
if (failed) console.error('--- serve stderr\n' + serveLog.join(''));
process.exit(failed ? 1 : 0);
