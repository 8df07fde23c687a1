import threading

barrier = threading.Barrier(3)
info = {}
lock = threading.Lock()


def record():
    me = threading.current_thread()
    with lock:
        info[me.name] = (threading.get_ident(), threading.get_native_id(), me.ident, me.native_id)
    barrier.wait()  # keep all three alive at once so their ids are distinct


t1 = threading.Thread(target=record, name="t1")
t2 = threading.Thread(target=record, name="t2")
print("ident before start:", t1.ident, "native_id before start:", t1.native_id)
t1.start()
t2.start()
record_main = threading.current_thread()
with lock:
    info["main"] = (threading.get_ident(), threading.get_native_id(),
                    record_main.ident, record_main.native_id)
barrier.wait()
t1.join()
t2.join()

for name in sorted(info):
    ident, native, attr_ident, attr_native = info[name]
    print(name, "get_ident()==ident:", ident == attr_ident,
          "get_native_id()==native_id:", native == attr_native,
          "ints:", isinstance(ident, int) and isinstance(native, int))
print("distinct idents:", len({v[0] for v in info.values()}))
print("distinct native ids:", len({v[1] for v in info.values()}))
print("main ident matches main_thread():", info["main"][0] == threading.main_thread().ident)
print("ident kept after join:", t1.ident == info["t1"][0])
