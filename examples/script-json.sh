#!/usr/bin/env bash
# For scripts: import with --json and read the results with python3, as a cron job or a household
# automation would. Fails (non-zero) if anything in the examples could not be kept.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
inwriting=${INWRITING:-$here/../build/src/inwriting}
dir=$(mktemp -d "${TMPDIR:-/tmp}/inwriting-example.XXXXXX")
trap 'rm -rf "$dir"' EXIT
"$inwriting" --store "$dir/store.db" import --json "$here/transcripts" > "$dir/import.jsonl"
python3 - "$dir/import.jsonl" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
for r in rows:
    for c in r["conversations"]:
        agents = [p["name"] for p in c["participants"] if p["role"] in ("agent", "bot")]
        print(f'{r["status"]:9} #{c["id"]} {c["company"] or "?"}: {c["messages"]} messages, agents: {", ".join(agents)}')
sys.exit(0 if all(r["status"] != "failed" for r in rows) else 1)
PY
"$inwriting" --store "$dir/store.db" search --json refund | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["hits"]), "hits for refund")'
