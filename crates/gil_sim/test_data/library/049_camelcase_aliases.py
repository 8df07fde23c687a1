import threading


def job():
    me = threading.currentThread()
    print("inside:", me.getName(), "daemon:", me.isDaemon())


t = threading.Thread(target=job)
t.setName("old-style")
t.setDaemon(True)
t.start()
t.join()
print("active threads:", threading.activeCount())
print("same as active_count():", threading.activeCount() == threading.active_count())
print("current thread:", threading.currentThread().getName())
