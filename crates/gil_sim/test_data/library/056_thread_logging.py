import logging
import threading
import time

logging.basicConfig(level=logging.DEBUG, format="(%(threadName)-9s) %(levelname)s %(message)s")


def worker(delay):
    logging.debug("starting")
    time.sleep(delay)
    logging.info("finished after a short nap")


threads = [
    threading.Thread(target=worker, name="first", args=(0.12,)),
    threading.Thread(target=worker, name="second", args=(0.12,)),
]
for i, t in enumerate(threads):
    t.start()
    time.sleep(0.04)
logging.warning("waiting for %d threads", len(threads))
for t in threads:
    t.join()
logging.error("all done")
