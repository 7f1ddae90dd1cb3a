# inwriting serve, by curl: the port on the first line; the pages' security headers; a capture
# through the same requests the review page makes; and each attack refused — wrong Host, foreign
# Origin, no or a spent token, chunked and gzip bodies, an oversized body, no Content-Length, a
# long path — with no body, nothing stored, and the server still serving. The port cannot be
# shared (no SO_REUSEPORT) and a second server on it says so.
source "$(dirname "$0")/lib.sh"
store="$HOME/.local/share/inwriting/store.db"
sources() { [ -f "$store" ] || { echo 0; return; }; python3 -c "import sqlite3; print(sqlite3.connect('$store').execute('select count(*) from sources').fetchone()[0])"; }

mkfifo "$WORK/serve.out"
"$INWRITING" serve --port 0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
serve_pid=$!
trap 'kill $serve_pid 2>/dev/null || true; cleanup' EXIT
exec 3<"$WORK/serve.out"
read -r -t 20 first <&3 || fail "serve printed nothing"
cat <&3 >"$WORK/serve.log" &
[[ "$first" =~ ^listening\ on\ http://127\.0\.0\.1:([0-9]+)/$ ]] || fail "first line: $first"
port=${BASH_REMATCH[1]}
base="http://127.0.0.1:$port"

# request NAME CURL-ARGS...: status in $WORK/NAME.status, body in $WORK/NAME.body, headers in .headers
request() {
  local name=$1; shift
  curl -sS -o "$WORK/$name.body" -D "$WORK/$name.headers" -w '%{http_code}' "$@" >"$WORK/$name.status" 2>"$WORK/$name.curl" || true
}
status_is() { [ "$(cat "$WORK/$1.status")" = "$2" ] || fail "$1: HTTP $(cat "$WORK/$1.status"), expected $2 ($(cat "$WORK/$1.curl"))"; }
empty_body() { [ ! -s "$WORK/$1.body" ] || fail "$1: a refused request got a body: $(head -c 200 "$WORK/$1.body")"; }
# refused NAME CODE WHY: answered CODE with no body, or — for a body the server would not read —
# the connection closed under curl while it was still sending; either way the refusal is logged.
refused() {
  local code
  code=$(cat "$WORK/$1.status")
  if [ "$code" = 000 ]; then
    grep -q "$3" "$WORK/serve.err" || fail "$1: the connection failed ($(cat "$WORK/$1.curl")) and no refusal was logged"
    return
  fi
  status_is "$1" "$2"
  empty_body "$1"
  grep -q "$3" "$WORK/serve.err" || fail "$1: refusal not logged ($3)"
}
still_serving() {
  request alive "$base/"
  status_is alive 200
  [ "$(sources)" = "$1" ] || fail "after $2: $(sources) sources, expected $1"
}

request index "$base/"
status_is index 200
grep -qi "^content-security-policy: .*frame-ancestors 'none'" "$WORK/index.headers" || fail "no CSP frame-ancestors on /"
grep -qi "^x-content-type-options: nosniff" "$WORK/index.headers" || fail "no nosniff on /"
grep -qi "^cache-control: no-store" "$WORK/index.headers" || fail "no no-store on /"
grep -q 'href="javascript:' "$WORK/index.body" || fail "no bookmarklet on /"
grep -q "127.0.0.1%3A$port\|127.0.0.1:$port" "$WORK/index.body" || fail "the bookmarklet does not hold the port"

request page "$base/capture"
status_is page 200
token=$(sed -n 's/.*name="inwriting-token" content="\([0-9a-f]*\)".*/\1/p' "$WORK/page.body")
[ ${#token} = 64 ] || fail "no token in the capture page"
grep -qi "^content-security-policy: .*script-src 'self'" "$WORK/page.headers" || fail "no CSP on /capture"
request script "$base/capture.js"
status_is script 200
grep -qi "^content-type: text/javascript" "$WORK/script.headers" || fail "capture.js type"

python3 - "$TEST_DATA/corpus/dev/es-tecnopunto-chat-garantia-guardado.html" >"$WORK/page.json" <<'EOF'
import json, sys
print(json.dumps({"v": 1, "url": "https://soporte.tecnopunto.example/chat/4471", "title": "Chat TecnoPunto",
                  "html": open(sys.argv[1], encoding="utf-8").read()}))
EOF
post=(-H "Origin: $base" -H "Content-Type: application/json" -H "X-Inwriting-Token: $token")

# --- each attack refused, nothing stored, still serving
request wrong_host -H "Host: rebind.example:$port" "$base/"
status_is wrong_host 421; empty_body wrong_host
request wrong_host_post -H "Host: localhost:$port" "${post[@]}" --data-binary @"$WORK/page.json" "$base/api/save"
status_is wrong_host_post 421; empty_body wrong_host_post
still_serving 0 "a wrong Host"

request foreign_origin -H "Origin: https://evil.example" -H "Content-Type: application/json" -H "X-Inwriting-Token: $token" \
  --data-binary @"$WORK/page.json" "$base/api/save"
status_is foreign_origin 403; empty_body foreign_origin
request no_origin -H "Content-Type: application/json" -H "X-Inwriting-Token: $token" --data-binary @"$WORK/page.json" "$base/api/save"
status_is no_origin 403; empty_body no_origin
still_serving 0 "a foreign Origin"

request no_token -H "Origin: $base" -H "Content-Type: application/json" --data-binary @"$WORK/page.json" "$base/api/save"
status_is no_token 403; empty_body no_token
last=${token: -1}
wrong_token="${token%?}$([ "$last" = 0 ] && echo 1 || echo 0)"
request bad_token -H "Origin: $base" -H "Content-Type: application/json" -H "X-Inwriting-Token: $wrong_token" \
  --data-binary @"$WORK/page.json" "$base/api/save"
status_is bad_token 403; empty_body bad_token
request form_post -H "Origin: $base" -H "X-Inwriting-Token: $token" --data "html=<p>x</p>" "$base/api/save"
status_is form_post 415; empty_body form_post
still_serving 0 "a missing token"

request chunked "${post[@]}" -H "Transfer-Encoding: chunked" --data-binary @"$WORK/page.json" "$base/api/save"
refused chunked 400 "Transfer-Encoding on a request"
still_serving 0 "a chunked body"

gzip -c "$WORK/page.json" >"$WORK/page.json.gz"
request gzipped "${post[@]}" -H "Content-Encoding: gzip" --data-binary @"$WORK/page.json.gz" "$base/api/save"
refused gzipped 415 "Content-Encoding on a request"
still_serving 0 "a gzip body"

head -c $((9 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$WORK/huge"
request huge "${post[@]}" -H "Expect:" --data-binary @"$WORK/huge" "$base/api/save"
refused huge 413 "body larger than 8388608 bytes"
still_serving 0 "an oversized body"

# No Content-Length (curl always sends one, or chunked): by hand.
python3 - "$port" "$token" >"$WORK/no_length.reply" <<'EOF'
import socket, sys
port, token = sys.argv[1], sys.argv[2]
s = socket.create_connection(("127.0.0.1", int(port)), timeout=10)
s.sendall(("POST /api/save HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nOrigin: http://127.0.0.1:%s\r\n"
           "Content-Type: application/json\r\nX-Inwriting-Token: %s\r\nConnection: close\r\n\r\n{}" % (port, port, token)).encode())
reply = b""
while True:
    chunk = s.recv(65536)
    if not chunk: break
    reply += chunk
head, _, body = reply.partition(b"\r\n\r\n")
print(head.split(b"\r\n")[0].decode(), len(body))
EOF
grep -q "^HTTP/1.1 411 .* 0$" "$WORK/no_length.reply" || fail "no Content-Length: $(cat "$WORK/no_length.reply")"
still_serving 0 "a POST without Content-Length"

request long_path "$base/$(printf 'a%.0s' $(seq 300))"
status_is long_path 414; empty_body long_path
request put -X PUT "${post[@]}" --data-binary @"$WORK/page.json" "$base/api/save"
status_is put 405; empty_body put
request no_static "$base/../../etc/passwd" --path-as-is
[ "$(cat "$WORK/no_static.status")" != 200 ] || fail "a file path was served"
still_serving 0 "a long path"

# --- the review page's own requests: preview, then save (once per token)
request preview "${post[@]}" --data-binary @"$WORK/page.json" "$base/api/preview"
status_is preview 200
python3 -c "
import json; j = json.load(open('$WORK/preview.body'))
assert j['ok'] and j['status'] == 'understood' and j['messages'] == 17 and j['channel'] == 'chat', j
assert any(s['name'] == 'Nerea' and s['role'] == 'agent' for s in j['speakers']), j['speakers']
assert any(p['kind'] == 'discount' and p['amount'] == '20.00' for p in j['promises']), j['promises']
" || fail "preview: $(head -c 400 "$WORK/preview.body")"
[ "$(sources)" = 0 ] || fail "a preview stored something"

request save "${post[@]}" --data-binary @"$WORK/page.json" -A "inwriting-e2e-browser/1.0" "$base/api/save"
status_is save 200
python3 -c "
import json; j = json.load(open('$WORK/save.body'))
assert j['ok'] and j['status'] == 'kept' and len(j['conversation_ids']) == 1, j
" || fail "save: $(head -c 400 "$WORK/save.body")"
[ "$(sources)" = 1 ] || fail "the save stored $(sources) sources"
request again "${post[@]}" --data-binary @"$WORK/page.json" "$base/api/save"
status_is again 403; empty_body again

detail=$(python3 -c "import sqlite3; print(sqlite3.connect('$store').execute(\"select s.origin_kind || ' ' || s.origin || ' ' || c.detail from sources s join custody_events c on c.source_id = s.id where c.event = 'imported'\").fetchone()[0])")
python3 - "$detail" <<'EOF' || fail "serve custody: $detail"
import json, sys
kind, origin, detail = sys.argv[1].split(" ", 2)
d = json.loads(detail)
assert kind == "capture" and origin == "https://soporte.tecnopunto.example/chat/4471"
assert d["page_url"] == origin and d["title"] == "Chat TecnoPunto" and d["user_agent"] == "inwriting-e2e-browser/1.0"
assert d["captured_at"].endswith("+00:00")
EOF
# The bytes kept are the HTML the page sent.
python3 -c "
import json, sqlite3, hashlib
sent = json.load(open('$WORK/page.json'))['html'].encode()
kept = sqlite3.connect('$store').execute('select bytes from sources').fetchone()[0]
assert kept == sent
" || fail "the kept bytes differ from the HTML sent"
"$INWRITING" search garantia --json >"$WORK/out"
json 'len(j["hits"]) >= 1'
"$INWRITING" promises --json >"$WORK/out"
python3 -c "import json; j=json.load(open('$WORK/out')); assert any(p['kind'] == 'discount' for p in j)" || fail "promises of the capture"

# --- the port is this server's alone
python3 - "$port" <<'EOF' || fail "another socket could share the port"
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(0)
sys.exit(1)
EOF
run 1 timeout 10 "$INWRITING" serve --port "$port"
err_has "the port is in use"

sleep 0.2
grep -q "^kept    conversation 1 (Chat TecnoPunto; 17 messages, [0-9]* promises)" "$WORK/serve.log" || fail "serve's log: $(cat "$WORK/serve.log")"
grep -q "refused GET /: Host is not 127.0.0.1:$port" "$WORK/serve.err" || fail "serve's refusals are not logged: $(cat "$WORK/serve.err")"
! grep -q "$token" "$WORK/serve.err" "$WORK/serve.log" || fail "a token reached the log"
kill -TERM $serve_pid
wait $serve_pid || fail "serve did not stop cleanly on SIGTERM"
echo "serve: ok"
