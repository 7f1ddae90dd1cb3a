# A private Dovecot on loopback for the pull tests: its own config, user, self-signed certificate
# and mail, all under one temporary directory. Source it, then:
#   dovecot_start         starts it in a new directory of its own (DOVECOT_DIR, under /tmp: its
#                         unprivileged processes must reach it, which a private 0700 test
#                         directory forbids); sets IMAP_PORT (STARTTLS), IMAPS_PORT, IMAP_USER, IMAP_PASSWORD
#                         and IMAP_CA (the certificate: it names "localhost" only, so reaching the
#                         same server as 127.0.0.1 is a name that does not match)
#   dovecot_stop          stops it and removes its directory
#   imap_tool COMMAND ... the test's IMAP client (imap.py: append, flags, uidvalidity, recreate)
# Nothing but 127.0.0.1 is ever spoken to.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

dovecot_start() {
  DOVECOT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/inwriting-dovecot.XXXXXX")
  mkdir -p "$DOVECOT_DIR"/{run,state,mail}
  # Dovecot's auth and mail processes run as other users: they must be able to reach their files.
  chmod 0755 "$DOVECOT_DIR"
  IMAP_PORT=$(free_port)
  IMAPS_PORT=$(free_port)
  IMAP_USER=dana
  IMAP_PASSWORD='S3cret-pa55word!'
  IMAP_CA="$DOVECOT_DIR/cert.pem"
  local mail_user login_user
  if [ "$(id -u)" = 0 ]; then
    # As root: imap-login refuses to run as root, and mail may not be served as a UID below
    # first_valid_uid, so mail belongs to the dovecot user.
    login_user=dovenull
    mail_user=dovecot
  else
    login_user=$(id -un)
    mail_user=$(id -un)
  fi
  chown -R "$mail_user" "$DOVECOT_DIR/mail"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost" \
    -keyout "$DOVECOT_DIR/key.pem" -out "$DOVECOT_DIR/cert.pem" 2>/dev/null
  printf '%s:{PLAIN}%s\n' "$IMAP_USER" "$IMAP_PASSWORD" > "$DOVECOT_DIR/passwd"
  cat > "$DOVECOT_DIR/dovecot.conf" <<CONF
base_dir = $DOVECOT_DIR/run
state_dir = $DOVECOT_DIR/state
log_path = $DOVECOT_DIR/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <$DOVECOT_DIR/cert.pem
ssl_key = <$DOVECOT_DIR/key.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = $login_user
default_internal_user = $mail_user
first_valid_uid = 1
mail_location = maildir:$DOVECOT_DIR/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $DOVECOT_DIR/passwd
}
userdb {
  driver = static
  args = uid=$mail_user gid=$mail_user home=$DOVECOT_DIR/mail/%u
}
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $IMAPS_PORT
    ssl = yes
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
CONF
  dovecot -c "$DOVECOT_DIR/dovecot.conf" || { cat "$DOVECOT_DIR/dovecot.log" >&2 2>/dev/null; return 1; }
  local i
  for i in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$IMAP_PORT") 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$IMAPS_PORT") 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "dovecot did not start listening; its log:" >&2
  cat "$DOVECOT_DIR/dovecot.log" >&2 2>/dev/null
  return 1
}

# Stops the server, keeping its directory (a test may start it again with dovecot_restart).
dovecot_halt() {
  [ -n "${DOVECOT_DIR:-}" ] && [ -f "$DOVECOT_DIR/run/master.pid" ] || return 0
  local pid
  pid=$(cat "$DOVECOT_DIR/run/master.pid")
  kill "$pid" 2>/dev/null || true
  local i
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
}

dovecot_stop() {
  dovecot_halt
  [ -n "${DOVECOT_DIR:-}" ] && [ -d "$DOVECOT_DIR" ] && rm -rf "$DOVECOT_DIR"
  DOVECOT_DIR=
}

# Seeding and looking are done over IMAP too, by a client of the test's own (imap.py).
imap_tool() { IMAP_CA=$IMAP_CA IMAPS_PORT=$IMAPS_PORT IMAP_USER=$IMAP_USER IMAP_PASSWORD=$IMAP_PASSWORD \
  python3 "$(dirname "${BASH_SOURCE[0]}")/imap.py" "$@"; }
