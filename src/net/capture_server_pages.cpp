// The pages `inwriting serve` shows and the bookmarklet, kept short enough to read in review.
// The pages run no inline script (their CSP forbids it): the review page's code is /capture.js.
#include <string>

#include "capture_server_pages.hpp"

namespace inwriting::net::pages {

namespace {

// Past this many characters the page is not put in the link (browsers cap URL length, Chromium at
// 2 MB, others lower): the bookmarklet sends it by postMessage once the capture window is ready.
constexpr const char* k_fragment_limit = "1000000";

// `@ORIGIN@` and `@LIMIT@` are filled in by bookmarklet_source().
// void(…): a bookmarklet whose last value is not undefined replaces the page it runs on.
constexpr const char* k_bookmarklet = R"JS(void(function(){
var o='@ORIGIN@',d=document,t=d.doctype?new XMLSerializer().serializeToString(d.doctype)+'\n':'';
var p=JSON.stringify({v:1,url:location.href,title:d.title,html:t+d.documentElement.outerHTML});
var f=encodeURIComponent(p);
if(f.length<=@LIMIT@){if(!window.open(o+'/capture#'+f,'_blank'))alert('inwriting: allow pop-ups for this site, then click the bookmarklet again.');return;}
var w=window.open(o+'/capture#wait','_blank');
if(!w){alert('inwriting: allow pop-ups for this site, then click the bookmarklet again.');return;}
window.addEventListener('message',function m(e){if(e.origin!==o||e.source!==w||e.data!=='inwriting-ready')return;window.removeEventListener('message',m);w.postMessage(p,o);});
}());)JS";

}  // namespace

std::string bookmarklet_source(const std::string& origin) {
  std::string js = k_bookmarklet;
  auto fill = [&js](const std::string& mark, const std::string& value) {
    for (size_t at = js.find(mark); at != std::string::npos; at = js.find(mark, at + value.size())) {
      js.replace(at, mark.size(), value);
    }
  };
  fill("@ORIGIN@", origin);
  fill("@LIMIT@", k_fragment_limit);
  std::string one_line;
  for (char c : js) {
    if (c != '\n') one_line += c;
  }
  return one_line;
}

const char* index_html() {
  return R"HTML(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>inwriting: keep a chat from your browser</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/style.css"></head>
<body><main>
<h1>Keep a chat from your browser</h1>
<p>Drag this button to your bookmarks bar (once):</p>
<p><a class="bookmarklet" id="bookmarklet" href="@BOOKMARKLET@">Keep in inwriting</a></p>
<ol>
<li>Open the support chat (or transcript page) you want to keep, with the whole conversation on the screen.</li>
<li>Click <b>Keep in inwriting</b> in your bookmarks bar. A new window opens and shows what will be saved.</li>
<li>Check it, then press <b>Save</b>. The page is kept exactly as your browser had it, with its address and the time.</li>
</ol>
<p class="note">This works while <code>inwriting serve</code> is running on this computer, at this same port (@PORT@).
Nothing leaves your computer. If your browser blocks the new window, allow pop-ups for the chat site and click again.</p>
</main></body></html>
)HTML";
}

const char* capture_html() {
  return R"HTML(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>inwriting: save this chat?</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="inwriting-token" content="@TOKEN@">
<link rel="stylesheet" href="/style.css"><script src="/capture.js" defer></script></head>
<body data-state="waiting"><main>
<h1>Save this chat?</h1>
<p id="status" role="status">Waiting for the page…</p>
<dl>
<dt>Page</dt><dd id="url">—</dd>
<dt>Title</dt><dd id="title">—</dd>
<dt>Size</dt><dd id="size">—</dd>
<dt>Found</dt><dd id="found">—</dd>
<dt>Speakers</dt><dd><ul id="speakers"></ul></dd>
<dt>Promises</dt><dd><ul id="promises"></ul></dd>
</dl>
<p><button id="save" type="button" disabled>Save</button></p>
<p class="note">Save only a page you sent here yourself, with the bookmarklet.</p>
<p id="result" role="status"></p>
</main></body></html>
)HTML";
}

const char* capture_js() {
  return R"JS('use strict';
(function () {
  var token = document.querySelector('meta[name="inwriting-token"]').content;
  var $ = function (id) { return document.getElementById(id); };
  var page = null;

  function status(state, text) {
    document.body.dataset.state = state;
    $('status').textContent = text;
  }
  function post(path, body) {
    return fetch(path, {
      method: 'POST', credentials: 'same-origin', cache: 'no-store',
      headers: { 'Content-Type': 'application/json', 'X-Inwriting-Token': token },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().catch(function () { return { ok: false, error: 'inwriting refused the request (HTTP ' + r.status + ').' }; });
    }, function () { return { ok: false, error: 'inwriting is not answering: is "inwriting serve" still running?' }; });
  }
  function list(id, items) {
    var ul = $(id);
    ul.textContent = '';
    items.forEach(function (text) { var li = document.createElement('li'); li.textContent = text; ul.appendChild(li); });
    if (!items.length) { var li = document.createElement('li'); li.textContent = 'none'; ul.appendChild(li); }
  }
  function show(r) {
    $('found').textContent = r.messages + ' message' + (r.messages === 1 ? '' : 's') + ' (' + r.channel + ', ' + r.format + ')' +
      (r.company ? ' with ' + r.company : '');
    list('speakers', r.speakers.map(function (s) { return s.name + ' (' + s.role + ')'; }));
    list('promises', r.promises.map(function (p) {
      return p.kind.replace('_', ' ') + (p.amount ? ' ' + p.amount + ' ' + p.currency : '') + (p.due ? ', due ' + p.due : '') +
        (p.by ? ', by ' + p.by : '') + ': "' + p.quote + '"';
    }));
  }
  function review(p) {
    if (!p || typeof p.html !== 'string' || !p.html) { status('error', 'The page arrived empty; click the bookmarklet again.'); return; }
    // A lone UTF-16 surrogate (a script's half emoji) cannot be sent as JSON text: it becomes U+FFFD.
    var wellFormed = function (t) { return String(t || '').toWellFormed ? String(t || '').toWellFormed() : String(t || ''); };
    page = { url: wellFormed(p.url), title: wellFormed(p.title), html: wellFormed(p.html) };
    $('url').textContent = page.url || '(unknown)';
    $('title').textContent = page.title || '(no title)';
    $('size').textContent = Math.max(1, Math.round(new Blob([page.html]).size / 1024)) + ' KB';
    status('checking', 'Reading the page…');
    post('/api/preview', page).then(function (r) {
      if (!r.ok) { status('error', r.error); return; }
      show(r);
      $('save').disabled = false;
      status('ready', 'Check what was found, then press Save.');
    });
  }
  $('save').addEventListener('click', function () {
    if (!page) return;
    $('save').disabled = true;
    status('saving', 'Saving…');
    post('/api/save', page).then(function (r) {
      if (!r.ok) { status('error', r.error); $('save').disabled = false; return; }
      show(r);
      var ids = r.conversation_ids.join(', ');
      status('saved', r.status === 'duplicate' ? 'Already kept (conversation ' + ids + '): nothing new to save.'
                                               : 'Saved as conversation ' + ids + '. You can close this window.');
    });
  });

  var fragment = location.hash.slice(1);
  // The page's text leaves the address bar and this history entry at once.
  history.replaceState(null, '', location.pathname);
  if (fragment && fragment !== 'wait') {
    var parsed = null;
    try { parsed = JSON.parse(decodeURIComponent(fragment)); } catch (e) { parsed = null; }
    if (parsed) review(parsed); else status('error', 'The page could not be read from the link; click the bookmarklet again.');
  } else if (fragment === 'wait' && window.opener) {
    window.addEventListener('message', function (e) {
      if (e.source !== window.opener || typeof e.data !== 'string' || page) return;
      var parsed = null;
      try { parsed = JSON.parse(e.data); } catch (err) { parsed = null; }
      review(parsed);
    });
    window.opener.postMessage('inwriting-ready', '*');
    setTimeout(function () {
      if (!page) status('error', 'The page did not arrive. It may be too large for this way in: save it from the browser ' +
                                 '(Ctrl-S, "Webpage, complete") and run: inwriting import FILE');
    }, 10000);
  } else {
    status('idle', 'Open the chat page and click the "Keep in inwriting" bookmarklet there.');
  }
})();
)JS";
}

const char* style_css() {
  return R"CSS(body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f7f6f2;color:#1c1c1c}
main{max-width:44rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem}
.bookmarklet{display:inline-block;padding:.5rem 1rem;border-radius:.5rem;background:#2f5d50;color:#fff;text-decoration:none}
.note{color:#555}
dt{font-weight:600;margin-top:.5rem}
dd{margin-left:1rem;overflow-wrap:anywhere}
button{font-size:1rem;padding:.5rem 2rem}
[data-state="error"] #status{color:#a00}
[data-state="saved"] #status{color:#185c2e;font-weight:600}
)CSS";
}

}  // namespace inwriting::net::pages
