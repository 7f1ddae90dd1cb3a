# inwriting capture: a pasted chat (standard input) reviewed and kept with its custody; a script
# without --yes is stopped rather than left hanging; a page that is no chat is kept as web text;
# --url against a local HTTPS server with a private CA (refused without --cacert, kept with it,
# bytes exactly as sent), a redirect loop, a 404 and a page over the size limit — nothing kept
# for any failure.
source "$(dirname "$0")/lib.sh"
store="$HOME/.local/share/inwriting/store.db"
sources() { python3 -c "import sqlite3; print(sqlite3.connect('$store').execute('select count(*) from sources').fetchone()[0])"; }
custody() { python3 -c "import sqlite3,sys; print(sqlite3.connect('$store').execute(\"select detail from custody_events where event='imported' order by id desc limit 1\").fetchone()[0])"; }

# --- a paste, as a script would send it
chat="$TEST_DATA/corpus/dev/en-zendesk-chat-billing-overcharge.txt"
run 0 setsid -w "$INWRITING" capture --yes --json --page-url https://help.example.com/chat <"$chat"
json 'j["format_version"] == 1 and j["status"] == "kept" and j["origin_kind"] == "capture"'
json 'j["understood"]["messages"] > 5 and any(s["role"] == "agent" for s in j["understood"]["speakers"])'
json 'len(j["understood"]["promises"]) >= 1 and j["conversations"][0]["promises_found"] == len(j["understood"]["promises"])'
[ "$(custody | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["method"], d["page_url"], "captured_at" in d)')" = "paste https://help.example.com/chat True" ] ||
  fail "the paste's custody detail: $(custody)"
run 0 "$INWRITING" promises --json
python3 -c "import json; j=json.load(open('$WORK/out')); assert len(j) >= 1" || fail "promises --json lists the pasted chat's promises"

# The same paste again: already kept, nothing added.
run 0 setsid -w "$INWRITING" capture --yes <"$chat"
out_has "already kept"
[ "$(sources)" = 1 ] || fail "a second paste of the same chat added a source"

# Without --yes and without a terminal to ask on: stopped with a clear word, nothing kept.
run 2 setsid -w "$INWRITING" capture <"$TEST_DATA/corpus/dev/en-pasted-chat-guardwell-cancellation.txt"
err_has "add --yes to save without asking"
[ "$(sources)" = 1 ] || fail "a capture that was not confirmed kept something"

# Text that is no chat is refused as import refuses it.
run 1 setsid -w "$INWRITING" capture --yes <<<"just a line of notes, no speakers"
err_has "not a chat transcript"

# A page that is not a chat: kept as a web conversation of its text.
cat >"$WORK/portal.html" <<'EOF'
<!DOCTYPE html><html><head><title>Your orders – Acme self-service</title></head>
<body><h1>Order A-77120</h1><p>Status: refund approved on 2026-03-02, amount $48.00.</p></body></html>
EOF
run 0 setsid -w "$INWRITING" capture --yes --json <"$WORK/portal.html"
json 'j["status"] == "kept" and j["format"] == "html-page" and j["understood"]["channel"] == "web"'
run 0 "$INWRITING" search "refund approved" --json
json 'len(j["hits"]) == 1'

# --- --url against a local HTTPS server whose certificate a private CA signed
ca="$WORK/ca"
mkdir -p "$ca"
(
  cd "$ca"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem -days 2 \
    -subj '/CN=inwriting e2e CA' 2>/dev/null
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout site.key -out site.csr \
    -subj '/CN=127.0.0.1' 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\n' >san.ext
  openssl x509 -req -in site.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out site.pem -days 2 -extfile san.ext 2>/dev/null
) || fail "openssl could not make the test CA"
page="$TEST_DATA/corpus/dev/en-larkspur-chat-widget-saved.html"
cat >"$WORK/site.py" <<'EOF'
import http.server, ssl, sys
page = open(sys.argv[1], 'rb').read()
class Site(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args): pass
    def send(self, status, body, headers=()):
        self.send_response(status)
        for name, value in headers: self.send_header(name, value)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        if self.path == '/transcript/8812':
            self.send(200, page, [('Content-Type', 'text/html; charset=utf-8'), ('Set-Cookie', 'session=s3cr3t; HttpOnly')])
        elif self.path == '/t/8812':
            self.send(301, b'', [('Location', '/transcript/8812')])
        elif self.path.startswith('/loop'):
            self.send(302, b'', [('Location', '/loop-b' if self.path == '/loop-a' else '/loop-a')])
        elif self.path == '/big':
            self.send(200, b'<html><body>' + b'x' * (2 * 1024 * 1024) + b'</body></html>', [('Content-Type', 'text/html')])
        else:
            self.send(404, b'no such transcript', [('Content-Type', 'text/plain')])
server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Site)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[2], sys.argv[3])
server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
EOF
python3 "$WORK/site.py" "$page" "$ca/site.pem" "$ca/site.key" >"$WORK/port" &
site_pid=$!
trap 'kill $site_pid 2>/dev/null; cleanup' EXIT
for _ in $(seq 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
site="https://127.0.0.1:$(cat "$WORK/port")"
before=$(sources)

run 1 "$INWRITING" capture --yes --url "$site/t/8812"
err_has "$site/t/8812: the certificate is not trusted (use --cacert FILE for a private CA)"
[ "$(sources)" = "$before" ] || fail "an untrusted page was kept"

run 0 "$INWRITING" capture --yes --json --url "$site/t/8812" --cacert "$ca/ca.pem"
json 'j["status"] == "kept" and j["origin_kind"] == "url" and j["format"] == "html-chat"'
json 'j["http"]["status"] == 200 and j["http"]["final_url"].endswith("/transcript/8812")'
json 'j["understood"]["channel"] == "chat" and j["understood"]["messages"] == 14'
json 'any(p["kind"] == "price_match" and p["amount"] == "40.00" for p in j["understood"]["promises"])'
[ "$(python3 -c "import json; print(json.load(open('$WORK/out'))['sha256'])")" = "$(sha256sum "$page" | cut -d' ' -f1)" ] ||
  fail "the bytes kept are not the bytes the server sent"
detail=$(custody)
python3 - "$detail" "$site" <<'EOF' || fail "the --url custody detail: $detail"
import json, sys
d = json.loads(sys.argv[1]); site = sys.argv[2]
assert d["url"] == site + "/t/8812" and d["final_url"] == site + "/transcript/8812" and d["status"] == 200
assert d["fetched_at"].endswith("+00:00")
names = [h["name"].lower() for h in d["headers"]]
assert "content-type" in names
cookie = [h["value"] for h in d["headers"] if h["name"].lower() == "set-cookie"]
assert cookie and "s3cr3t" not in cookie[0]
EOF
run 0 "$INWRITING" search "pouring shield" --json
json 'len(j["hits"]) >= 1'
before=$(sources)

run 1 "$INWRITING" capture --yes --url "$site/loop-a" --cacert "$ca/ca.pem"
err_has "more than 5 redirects (the site is sending it round in a loop)"
run 1 "$INWRITING" capture --yes --url "$site/expired" --cacert "$ca/ca.pem"
err_has "$site/expired: the server answered HTTP 404 (Not Found: check the link; transcript links often expire); nothing was kept"
run 1 "$INWRITING" capture --yes --json --url "$site/expired" --cacert "$ca/ca.pem"
json 'j["status"] == "failed" and j["http"]["status"] == 404 and "HTTP 404" in j["error"]'
run 1 "$INWRITING" capture --yes --url "$site/big" --cacert "$ca/ca.pem" --max-size 1
err_has "$site/big: the answer is larger than 1 MB; refused"
run 1 "$INWRITING" capture --yes --url "ftp://127.0.0.1/x"
err_has "only http:// and https:// addresses can be fetched"
[ "$(sources)" = "$before" ] || fail "a failed fetch kept something"

# Usage mistakes.
run 2 "$INWRITING" capture --yes --url "$site/t/8812" --clipboard
run 2 "$INWRITING" capture --yes --cacert "$ca/ca.pem" </dev/null
echo "capture: ok"
