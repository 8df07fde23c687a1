import threading

BLOCK = 4
buffer = bytearray(BLOCK * 4)


def fill(index, value):
    start = index * BLOCK
    buffer[start:start + BLOCK] = bytes([value]) * BLOCK


threads = [threading.Thread(target=fill, args=(i, 0x41 + i)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()

print(buffer)
print("hex:", buffer.hex(" ", 4))
frozen = bytes(buffer)
print("upper/lower:", frozen.lower(), frozen.count(b"C"), frozen.find(b"D"))
print("split:", b"key=value;a=b".split(b";"), b"-".join([b"x", b"y", b"z"]))
print("fromhex:", bytes.fromhex("de ad be ef"), list(bytes.fromhex("0a0b")))
print("int <-> bytes:", (1024).to_bytes(2, "big"), int.from_bytes(b"\x00\x10", "little"))
buffer[0:2] = b"zz"
buffer.extend(b"!?")
del buffer[2:4]
print(buffer, len(buffer))
print("decode:", "héllo".encode("utf-8"), b"h\xc3\xa9llo".decode("utf-8"))
try:
    buffer[0] = 256
except ValueError as e:
    print("ValueError:", e)
print("checksum:", sum(frozen) % 256, "xor:", bytes(a ^ b for a, b in zip(b"abc", b"\x01\x02\x03")))
