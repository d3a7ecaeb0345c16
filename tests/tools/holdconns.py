#!/usr/bin/env python3
"""holdconns.py: open N connections that leave input unread, and hold them.

  holdconns.py MODE HOST PORT N SECONDS READY-FILE

MODE is one of
  gopher-extra   a Gopher selector line followed by bytes (no newline)
  gemini-extra   a Gemini request followed by bytes, in one TLS record
  titan-refused  a Titan upload over the size limit, with some of its body

Each connection reads its reply (so that the server has answered and is
closing), then stays open without sending or reading more.  Once all N
are open and answered, READY-FILE is made, and they are held SECONDS
more.  Prints "replies=K" (connections that got a reply) and exits 0.
Used by tests/integration/lingering.sh.
"""
import socket
import ssl
import sys
import time

mode, host, port, n, hold, ready = sys.argv[1], sys.argv[2], \
    int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
url = "%s://localhost:%d" % ("titan" if mode == "titan-refused" else
                             "gemini", port)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE

conns, replies = [], 0
for _ in range(n):
    s = socket.create_connection((host, port), timeout=5)
    if mode == "gopher-extra":
        s.sendall(b"/robots.txt\r\nEXTRA")
    else:
        s = ctx.wrap_socket(s, server_hostname="localhost")
        if mode == "gemini-extra":
            s.sendall((url + "/\r\nEXTRA").encode())
        else:
            s.sendall((url + "/thread/1/comment;size=99999999;"
                       "mime=text/plain\r\n").encode() + b"x" * 4096)
    try:
        if s.recv(4096):
            replies += 1
    except (OSError, ssl.SSLError):
        pass
    conns.append(s)
open(ready, "w").close()
time.sleep(hold)
print("replies=%d" % replies)
for s in conns:
    try:
        s.close()
    except OSError:
        pass
