#!/usr/bin/env python3
"""The test's own IMAP client (Python's imaplib, over TLS on loopback): seeds and inspects the
Dovecot that dovecot.sh starts, the way another mail client would.

  imap.py append MAILBOX FILE...   appends each file, with no flags (unread)
  imap.py flags MAILBOX            prints "UID FLAGS" per message
  imap.py uidvalidity MAILBOX      prints the mailbox's UIDVALIDITY
  imap.py recreate MAILBOX         deletes the mailbox and appends the same messages again: a new
                                   UIDVALIDITY, the same bytes
Settings come from IMAPS_PORT, IMAP_USER, IMAP_PASSWORD and IMAP_CA.
"""
import imaplib
import os
import ssl
import sys


def connect():
    context = ssl.create_default_context(cafile=os.environ["IMAP_CA"])
    imap = imaplib.IMAP4_SSL("localhost", int(os.environ["IMAPS_PORT"]), ssl_context=context)
    imap.login(os.environ["IMAP_USER"], os.environ["IMAP_PASSWORD"])
    return imap


def check(result):
    status, data = result
    if status != "OK":
        sys.exit("imap.py: %s %r" % (status, data))
    return data


def ensure(imap, mailbox):
    if mailbox.upper() != "INBOX":
        imap.create(mailbox)  # fails harmlessly when it exists


def append(imap, mailbox, paths):
    ensure(imap, mailbox)
    for path in paths:
        with open(path, "rb") as f:
            check(imap.append(mailbox, None, None, f.read()))


def messages(imap, mailbox):
    """(uid, flags, bytes) for each message, read without marking anything."""
    check(imap.select(mailbox, readonly=True))
    out = []
    data = check(imap.uid("FETCH", "1:*", "(UID FLAGS BODY.PEEK[])"))
    for item in data:
        if isinstance(item, tuple):
            head = item[0].decode()
            uid = int(head.split("UID ")[1].split()[0])
            flags = head.split("FLAGS (")[1].split(")")[0]
            out.append((uid, flags, item[1]))
    return out


def main():
    command, mailbox, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
    imap = connect()
    if command == "append":
        append(imap, mailbox, rest)
    elif command == "flags":
        check(imap.select(mailbox, readonly=True))
        data = check(imap.uid("FETCH", "1:*", "(UID FLAGS)"))
        for line in data:
            if line:
                text = line.decode()
                uid = text.split("UID ")[1].split()[0].rstrip(")")
                flags = text.split("FLAGS (")[1].split(")")[0]
                print(uid, flags)
    elif command == "uidvalidity":
        data = check(imap.status(mailbox, "(UIDVALIDITY)"))
        print(data[0].decode().split("UIDVALIDITY ")[1].rstrip(")"))
    elif command == "recreate":
        kept = messages(imap, mailbox)
        imap.close() if imap.state == "SELECTED" else None
        check(imap.delete(mailbox))
        check(imap.create(mailbox))
        for _, _, body in kept:
            check(imap.append(mailbox, None, None, body))
    else:
        sys.exit("imap.py: unknown command " + command)
    imap.logout()


if __name__ == "__main__":
    main()
