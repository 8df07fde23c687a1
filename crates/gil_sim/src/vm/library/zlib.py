"""GIL Lab's model of the zlib module's checksums (crc32 and adler32), computed as zlib does.
Compression is not modelled."""

__all__ = ['crc32', 'adler32']

_TABLE = []
for _n in range(256):
    _c = _n
    for _k in range(8):
        _c = (0xEDB88320 ^ (_c >> 1)) if _c & 1 else (_c >> 1)
    _TABLE.append(_c)


def _data(data):
    if isinstance(data, str):
        raise TypeError("a bytes-like object is required, not 'str'")
    return data


def crc32(data, value=0):
    crc = value ^ 0xFFFFFFFF
    for byte in _data(data):
        crc = _TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def adler32(data, value=1):
    a, b = value & 0xFFFF, (value >> 16) & 0xFFFF
    for byte in _data(data):
        a = (a + byte) % 65521
        b = (b + a) % 65521
    return (b << 16) | a
