import os, socket, sys, threading, time
stop = time.time() + float(sys.argv[1])
lock = threading.Lock()
def spin():
    x = 0
    while time.time() < stop:
        x += 1
def locker():
    while time.time() < stop:
        with lock:
            time.sleep(0.015)
def net():
    srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(64)
    port = srv.getsockname()[1]
    def acc():
        while True:
            c, _ = srv.accept(); c.sendall(b"x"); c.close()
    threading.Thread(target=acc, daemon=True).start()
    while time.time() < stop:
        s = socket.create_connection(("127.0.0.1", port)); s.recv(1); s.close(); time.sleep(0.02)
def disk():
    i = 0
    while time.time() < stop:
        with open("/tmp/rec/f%d" % (i % 4), "wb") as f:
            f.write(os.urandom(512 * 1024)); f.flush(); os.fsync(f.fileno())
        i += 1; time.sleep(0.05)
ts = [threading.Thread(target=f) for f in [spin, spin, spin, locker, locker, locker, net, disk]]
[t.start() for t in ts]; [t.join() for t in ts]
