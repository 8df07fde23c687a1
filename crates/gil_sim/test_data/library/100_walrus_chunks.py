import io
import queue
import threading
import zlib

payload = b"GIL Lab reads tutorials: threads, queues and processes. " * 3
chunks = queue.Queue()
checks = []


def checker():
    while (chunk := chunks.get()) is not None:
        checks.append((len(chunk), zlib.crc32(chunk)))


t = threading.Thread(target=checker)
t.start()
stream = io.BytesIO(payload)
while chunk := stream.read(64):
    chunks.put(chunk)
chunks.put(None)
t.join()

print("chunks:", len(checks), "sizes:", [n for n, _ in checks])
print("crc of the whole payload:", zlib.crc32(payload))
if (total := sum(n for n, _ in checks)) == len(payload):
    print("all", total, "bytes were checked")
values = [y for x in range(8) if (y := x * x) % 2 == 0]
print("even squares:", values)
