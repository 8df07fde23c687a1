import threading
from concurrent.futures import ThreadPoolExecutor

PAGES = {
    "/a": "caf\u00e9 opens at nine",
    "/b": "tea;coffee;water",
    "/c": "  padded body  ",
}


def fetch(path):
    body = PAGES[path].encode("utf-8")
    header = len(body).to_bytes(2, "big")
    return header + body


def parse(packet):
    size = int.from_bytes(packet[:2], "big")
    body = packet[2:2 + size]
    return size, body


with ThreadPoolExecutor(max_workers=3) as pool:
    packets = list(pool.map(fetch, sorted(PAGES)))

for packet in packets:
    size, body = parse(packet)
    print(size, packet[:2].hex(" "), body.decode("utf-8"))

drinks = parse(packets[1])[1].split(b";")
print(drinks, b", ".join(drinks).upper(), drinks[0].startswith((b"t", b"x")))
print(parse(packets[2])[1].strip(), parse(packets[2])[1].count(b" "), packets[0].find(b"\xc3"))
print(bytes.fromhex("47 49 4c"), b"-" * 3, (-2).to_bytes(2, "little", signed=True))

lock = threading.Lock()
log = []


def record(i):
    with lock:
        log.append(bytes([0x30 + i]))


threads = [threading.Thread(target=record, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(b"".join(sorted(log)).decode("ascii"))
try:
    packets[0][2:].decode("ascii")
except UnicodeDecodeError as e:
    print("UnicodeDecodeError:", e)
