#!/usr/bin/env bash
# make-tsa.sh DIR — a throwaway CA and RFC 3161 time-stamping authority, for tests only.
# Writes into DIR (created if missing): ca.key/ca.pem (the CA, self-signed), tsa.key/tsa.pem (the
# TSA's certificate, signed by the CA, extendedKeyUsage critical timeStamping, as RFC 3161 §2.3
# requires), chain.pem (TSA then CA) and openssl.cnf, whose [tsa] section `openssl ts -reply`
# reads. Keys are P-256, so this takes milliseconds. Never trust these certificates anywhere else.
set -euo pipefail
dir=${1:?usage: make-tsa.sh DIR}
case "$dir" in *[[:space:]]*) echo "make-tsa.sh: $dir: openssl.cnf cannot name a path with spaces; use another DIR" >&2; exit 2 ;; esac
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
case "$dir" in *[[:space:]]*) echo "make-tsa.sh: $dir: openssl.cnf cannot name a path with spaces; use another DIR" >&2; exit 2 ;; esac

cat > "$dir/openssl.cnf" <<CNF
# Written by tests/tools/tsa/make-tsa.sh: a test TSA, not for real use.
[ req ]
distinguished_name = req_dn
prompt = no
[ req_dn ]
CN = unused

[ v3_ca ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ v3_tsa ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ tsa ]
default_tsa = tsa_config

[ tsa_config ]
dir = $dir
serial = \$dir/tsaserial
crypto_device = builtin
signer_cert = \$dir/tsa.pem
# The CA goes into every token beside the TSA's certificate, so a bag carries the whole chain.
certs = \$dir/ca.pem
signer_key = \$dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
other_policies = 1.3.6.1.4.1.99999.2
# No sha1: a query with it is refused (badAlg), which the tests use.
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF

# openssl's chatter only when it fails, so a test's log shows why.
quietly() {
  local said
  if ! said=$("$@" 2>&1); then
    printf 'make-tsa.sh: %s failed:\n%s\n' "$*" "$said" >&2
    exit 1
  fi
}

cd "$dir"
quietly openssl req -x509 -config openssl.cnf -extensions v3_ca -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout ca.key -out ca.pem -days 3650 -subj "/O=inwriting tests/CN=inwriting throwaway test CA"
quietly openssl req -new -config openssl.cnf -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout tsa.key -out tsa.csr -subj "/O=inwriting tests/CN=inwriting throwaway test TSA"
quietly openssl x509 -req -in tsa.csr -CA ca.pem -CAkey ca.key -set_serial 2 -days 3650 \
  -extfile openssl.cnf -extensions v3_tsa -out tsa.pem
rm -f tsa.csr
cat tsa.pem ca.pem > chain.pem
echo 01 > tsaserial
chmod 600 ca.key tsa.key
