"""GIL Lab's model of CPython's random module, written in Python.

It gives CPython's numbers for the same seed on every modelled version (3.9 to 3.13): the
generator is the Mersenne Twister MT19937 as CPython's C module _random runs it (seeded by
init_by_array, 53-bit floats, getrandbits from 32-bit words), and the distributions draw from
it in the same order and with the same float arithmetic as Lib/random.py. Each version's
signatures, errors and deprecation warnings are followed too.

The class _MersenneTwister stands for the C type _random.Random (seed, random, getrandbits,
getstate, setstate); Random adds what Lib/random.py adds. Seeding with None asks the
simulator for entropy (_sim.entropy(): an int of at least 624 * 32 random bits, as CPython
reads 624 words from os.urandom). String seeds need SHA-512, computed here in Python.
"""

import sys as _sys
import _sim
from math import sqrt as _sqrt, log as _log, exp as _exp, cos as _cos, sin as _sin
from math import floor as _floor, ceil as _ceil, fabs as _fabs, pi as _pi, e as _e

_VERSION = (_sys.version_info[0], _sys.version_info[1])

__all__ = [
    "Random", "SystemRandom", "betavariate", "choice", "choices", "expovariate",
    "gammavariate", "gauss", "getrandbits", "getstate", "lognormvariate",
    "normalvariate", "paretovariate", "randbytes", "randint", "random", "randrange",
    "sample", "seed", "setstate", "shuffle", "triangular", "uniform",
    "vonmisesvariate", "weibullvariate",
]
if _VERSION >= (3, 12):
    __all__.insert(3, "binomialvariate")

TWOPI = 2.0 * _pi
NV_MAGICCONST = 4 * _exp(-0.5) / _sqrt(2.0)
LOG4 = _log(4.0)
SG_MAGICCONST = 1.0 + _log(4.5)
BPF = 53
RECIP_BPF = 2 ** -BPF

_MASK32 = 0xFFFFFFFF
_MASK64 = 0xFFFFFFFFFFFFFFFF

# Builtin types the simulator may not have (yet): left out of the checks when missing.
try:
    _BYTEARRAY = (bytearray,)
except NameError:
    _BYTEARRAY = ()
try:
    _MEMORYVIEW = (memoryview,)
except NameError:
    _MEMORYVIEW = ()

_SEED_TEXT_TYPES = (str, bytes) + _BYTEARRAY
_SEED_TYPES = (type(None), int, float) + _SEED_TEXT_TYPES
_SEQUENCE_TYPES = (list, tuple, range, str, bytes) + _BYTEARRAY + _MEMORYVIEW


# ---------------------------------------------------------------------------------------
# Small helpers for what CPython gets from C: operator.index, C integer arguments,
# warnings, hashes, abstract base class checks, bisect and accumulate.

def _type_name(value):
    return type(value).__name__


def _index(value):
    """operator.index(value): an exact int (a bool or other int subclass gives its value)."""
    if type(value) is int:
        return value
    if isinstance(value, int):
        return int(value)
    method = getattr(type(value), "__index__", None)
    if method is None:
        raise TypeError("'%s' object cannot be interpreted as an integer" % _type_name(value))
    result = method(value)
    if not isinstance(result, int):
        raise TypeError("__index__ returned non-int (type %s)" % _type_name(result))
    return result


def _c_integer(value, bits, c_type):
    """`value` as C argument parsing converts it to a signed C integer of `bits` bits."""
    if not isinstance(value, int):
        if _VERSION < (3, 10):
            if isinstance(value, float):
                raise TypeError("integer argument expected, got float")
            if getattr(type(value), "__index__", None) is None:
                raise TypeError("an integer is required (got type %s)" % _type_name(value))
        value = _index(value)
    limit = 1 << (bits - 1)
    if value < -limit or value >= limit:
        raise OverflowError("Python int too large to convert to C " + c_type)
    return value


def _count_argument(value):
    """A count given to itertools.repeat (a C Py_ssize_t)."""
    if _VERSION < (3, 10) and isinstance(value, float):
        raise TypeError("integer argument expected, got float")
    value = _index(value)
    if value < -(1 << 63) or value >= 1 << 63:
        raise OverflowError("Python int too large to convert to C ssize_t")
    return value


def _warn(message, category, stacklevel):
    """warnings.warn, `stacklevel` counted from the caller of _warn; nothing when the
    warnings module is not there."""
    try:
        from warnings import warn
    except ImportError:
        return
    warn(message, category, stacklevel + 1)


def _is_finite(x):
    return x - x == 0.0


_HASH_MODULUS = (1 << 61) - 1


def _int_hash(value):
    """CPython's hash of an int."""
    result = (value if value >= 0 else -value) % _HASH_MODULUS
    if value < 0:
        result = -result
    return -2 if result == -1 else result


def _float_hash(x):
    """CPython's hash of a float: the hash of the rational number it equals."""
    if x != x:
        if _VERSION < (3, 10):
            return 0
        return hash(x)
    if x - x != 0.0:
        return 314159 if x > 0 else -314159
    magnitude = -x if x < 0 else x
    exponent = 0
    while magnitude != _floor(magnitude):
        magnitude = magnitude * 2.0
        exponent -= 1
    numerator = int(magnitude) % _HASH_MODULUS
    # 2 ** 61 is 1 modulo 2 ** 61 - 1, so dividing by 2 ** k multiplies by 2 ** (-k % 61).
    result = (numerator << (exponent % 61)) % _HASH_MODULUS
    if x < 0:
        result = -result
    return -2 if result == -1 else result


def _tuple_hash(items):
    """CPython's hash of a tuple (the xxHash-based one of 3.8 and later)."""
    prime1 = 11400714785074694791
    prime2 = 14029467366897019727
    prime5 = 2870177450012600261
    acc = prime5
    for item in items:
        lane = _object_hash(item) & _MASK64
        acc = (acc + lane * prime2) & _MASK64
        acc = ((acc << 31) | (acc >> 33)) & _MASK64
        acc = (acc * prime1) & _MASK64
    acc = (acc + (len(items) ^ (prime5 ^ 3527539))) & _MASK64
    if acc == _MASK64:
        return 1546275796
    return acc - (1 << 64) if acc >= 1 << 63 else acc


def _object_hash(value):
    """hash(value), as CPython computes it for the types whose hash is not random."""
    if isinstance(value, float):
        return _float_hash(value)
    if isinstance(value, int):
        return _int_hash(value)
    if isinstance(value, tuple):
        return _tuple_hash(value)
    return hash(value)


def _class_names(value):
    names = []
    for klass in getattr(type(value), "__mro__", ()):
        names.append(getattr(klass, "__name__", ""))
    return names


def _is_sequence(value):
    """isinstance(value, collections.abc.Sequence)."""
    if isinstance(value, _SEQUENCE_TYPES):
        return True
    for name in _class_names(value):
        if name in ("Sequence", "MutableSequence", "deque", "array"):
            return True
    return False


def _is_set(value):
    """isinstance(value, collections.abc.Set)."""
    if isinstance(value, (set, frozenset)):
        return True
    for name in _class_names(value):
        if name in ("Set", "MutableSet", "KeysView", "ItemsView", "dict_keys", "dict_items"):
            return True
    return False


def _running_totals(values):
    """list(itertools.accumulate(values))."""
    totals = []
    total = None
    for value in values:
        if totals:
            total = total + value
        else:
            total = value
        totals.append(total)
    return totals


def _first_above(totals, x, high):
    """bisect.bisect_right(totals, x, 0, high)."""
    low = 0
    while low < high:
        middle = (low + high) // 2
        if x < totals[middle]:
            high = middle
        else:
            low = middle + 1
    return low


# ---------------------------------------------------------------------------------------
# SHA-512 (FIPS 180-4), for seeding with str, bytes and bytearray.

_sha512_tables = None


def _integer_root(n, degree):
    """The largest int r with r ** degree <= n (Newton's method from above)."""
    guess = 1 << ((n.bit_length() + degree - 1) // degree)
    while True:
        better = ((degree - 1) * guess + n // guess ** (degree - 1)) // degree
        if better >= guess:
            return guess
        guess = better


def _sha512_constants():
    """The initial hash (fractions of the square roots of the first 8 primes) and the
    round constants (fractions of the cube roots of the first 80 primes), 64 bits each."""
    global _sha512_tables
    if _sha512_tables is None:
        primes = []
        candidate = 2
        while len(primes) < 80:
            for prime in primes:
                if prime * prime > candidate:
                    primes.append(candidate)
                    break
                if candidate % prime == 0:
                    break
            else:
                primes.append(candidate)
            candidate += 1
        initial = [_integer_root(p << 128, 2) & _MASK64 for p in primes[:8]]
        rounds = [_integer_root(p << 192, 3) & _MASK64 for p in primes]
        _sha512_tables = (initial, rounds)
    return _sha512_tables


def _rotate_right(word, count):
    return ((word >> count) | (word << (64 - count))) & _MASK64


def _sha512_digest(data):
    """The SHA-512 digest of `data` (a list of byte values), as a 512-bit int."""
    initial, rounds = _sha512_constants()
    message = list(data)
    bit_length = len(message) * 8
    message.append(0x80)
    while len(message) % 128 != 112:
        message.append(0)
    for shift in range(120, -8, -8):
        message.append((bit_length >> shift) & 0xFF)
    state = list(initial)
    for block_start in range(0, len(message), 128):
        schedule = []
        for word_start in range(block_start, block_start + 128, 8):
            word = 0
            for byte in message[word_start:word_start + 8]:
                word = (word << 8) | byte
            schedule.append(word)
        for t in range(16, 80):
            before15 = schedule[t - 15]
            before2 = schedule[t - 2]
            sigma0 = _rotate_right(before15, 1) ^ _rotate_right(before15, 8) ^ (before15 >> 7)
            sigma1 = _rotate_right(before2, 19) ^ _rotate_right(before2, 61) ^ (before2 >> 6)
            schedule.append((schedule[t - 16] + sigma0 + schedule[t - 7] + sigma1) & _MASK64)
        a, b, c, d, e, f, g, h = state
        for t in range(80):
            big_sigma1 = _rotate_right(e, 14) ^ _rotate_right(e, 18) ^ _rotate_right(e, 41)
            choose = (e & f) ^ ((e ^ _MASK64) & g)
            first = (h + big_sigma1 + choose + rounds[t] + schedule[t]) & _MASK64
            big_sigma0 = _rotate_right(a, 28) ^ _rotate_right(a, 34) ^ _rotate_right(a, 39)
            majority = (a & b) ^ (a & c) ^ (b & c)
            second = (big_sigma0 + majority) & _MASK64
            h, g, f, e = g, f, e, (d + first) & _MASK64
            d, c, b, a = c, b, a, (first + second) & _MASK64
        state = [(old + new) & _MASK64 for old, new in zip(state, [a, b, c, d, e, f, g, h])]
    digest = 0
    for word in state:
        digest = (digest << 64) | word
    return digest


def _seed_bytes(value):
    """The byte values a str, bytes or bytearray seed stands for (str as UTF-8)."""
    if isinstance(value, str):
        value = value.encode()
    return [byte for byte in value]


def _text_seed_v2(value):
    """Version 2 seeding of str/bytes/bytearray: the int whose big-endian bytes are the
    value's bytes followed by their SHA-512 digest."""
    data = _seed_bytes(value)
    number = 0
    for byte in data:
        number = (number << 8) | byte
    return (number << 512) | _sha512_digest(data)


def _text_seed_v1(value):
    """Version 1 seeding of str/bytes (bytes read as Latin-1): an old string hash."""
    if isinstance(value, str):
        codes = [ord(char) for char in value]
    else:
        codes = [byte for byte in value]
    x = codes[0] << 7 if codes else 0
    for code in codes:
        x = ((1000003 * x) ^ code) & _MASK64
    x ^= len(codes)
    return x


# ---------------------------------------------------------------------------------------
# The Mersenne Twister MT19937 (Matsumoto and Nishimura), as CPython's _random runs it.

_STATE_WORDS = 624
_SHIFT_WORDS = 397
_TWIST_MATRIX = 0x9908B0DF
_TWO_TO_MINUS_53 = 1.0 / 9007199254740992.0


def _words_of(number, count):
    """The `count` 32-bit words of a non-negative int, least significant first."""
    return [(number >> (32 * i)) & _MASK32 for i in range(count)]


def _initial_state(seed):
    """init_genrand: the state a single 32-bit seed spreads into."""
    state = [seed]
    previous = seed
    for i in range(1, _STATE_WORDS):
        previous = (1812433253 * (previous ^ (previous >> 30)) + i) & _MASK32
        state.append(previous)
    return state


def _state_from_key(key):
    """init_by_array: the state a key (a list of 32-bit words) seeds."""
    state = _initial_state(19650218)
    last = _STATE_WORDS - 1
    i = 1
    j = 0
    for _ in range(max(_STATE_WORDS, len(key))):
        mixed = (state[i - 1] ^ (state[i - 1] >> 30)) * 1664525
        state[i] = ((state[i] ^ mixed) + key[j] + j) & _MASK32
        i += 1
        j += 1
        if i > last:
            state[0] = state[last]
            i = 1
        if j >= len(key):
            j = 0
    for _ in range(last):
        mixed = (state[i - 1] ^ (state[i - 1] >> 30)) * 1566083941
        state[i] = ((state[i] ^ mixed) - i) & _MASK32
        i += 1
        if i > last:
            state[0] = state[last]
            i = 1
    state[0] = 0x80000000
    return state


def _twist(state):
    """Replaces all 624 words of the state by the next 624."""
    for i in range(_STATE_WORDS):
        joined = (state[i] & 0x80000000) | (state[(i + 1) % _STATE_WORDS] & 0x7FFFFFFF)
        word = state[(i + _SHIFT_WORDS) % _STATE_WORDS] ^ (joined >> 1)
        if joined & 1:
            word ^= _TWIST_MATRIX
        state[i] = word


def _entropy_key():
    """624 words of entropy from the simulator, as CPython reads them from os.urandom."""
    return _words_of(_sim.entropy(), _STATE_WORDS)


def _no_arguments_error(name, args, kwargs):
    if kwargs:
        return TypeError("Random.%s() takes no keyword arguments" % name)
    return TypeError("Random.%s() takes no arguments (%d given)" % (name, len(args)))


class _MersenneTwister:
    """The generator core: what CPython's C type _random.Random provides."""

    def seed(self, n=None):
        if n is None:
            key = _entropy_key()
        else:
            if isinstance(n, int):
                number = -n if n < 0 else n
            else:
                number = _object_hash(n) & _MASK64
            count = (number.bit_length() + 31) // 32
            key = _words_of(number, count if count else 1)
        self._mt = _state_from_key(key)
        self._position = _STATE_WORDS

    def _next_word(self):
        """genrand_uint32: the next tempered 32-bit output."""
        if self._position >= _STATE_WORDS:
            _twist(self._mt)
            self._position = 0
        y = self._mt[self._position]
        self._position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        return y ^ (y >> 18)

    def random(self, *args, **kwargs):
        """random() -> x in the interval [0, 1)."""
        if args or kwargs:
            raise _no_arguments_error("random", args, kwargs)
        high = self._next_word() >> 5
        low = self._next_word() >> 6
        return ((high << 26) + low) * _TWO_TO_MINUS_53

    def getrandbits(self, *args, **kwargs):

        if kwargs:
            raise TypeError("Random.getrandbits() takes no keyword arguments")
        if len(args) != 1:
            raise TypeError(
                "Random.getrandbits() takes exactly one argument (%d given)" % len(args))
        k = _c_integer(args[0], 32, "int")
        if k < 0:
            raise ValueError("number of bits must be non-negative")
        if k <= 32:
            if k == 0:
                return 0
            return self._next_word() >> (32 - k)
        result = 0
        shift = 0
        while k > 0:
            word = self._next_word()
            if k < 32:
                word >>= 32 - k
            result |= word << shift
            shift += 32
            k -= 32
        return result

    def getstate(self):
        """getstate() -> tuple containing the current state."""
        return tuple(self._mt) + (self._position,)

    def setstate(self, state):
        """setstate(state) -> None.  Restores generator state."""
        if not isinstance(state, tuple):
            raise TypeError("state vector must be a tuple")
        if len(state) != _STATE_WORDS + 1:
            raise ValueError("state vector is the wrong size")
        words = []
        for item in state[:_STATE_WORDS]:
            if not isinstance(item, int):
                raise TypeError("an integer is required")
            if item < 0:
                raise OverflowError("can't convert negative value to unsigned int")
            if item > _MASK64:
                raise OverflowError("Python int too large to convert to C unsigned long")
            words.append(item & _MASK32)
        position = state[_STATE_WORDS]
        if _VERSION < (3, 10) and isinstance(position, float):
            position = int(position)
        position = _c_integer(position, 64, "long")
        if position < 0 or position > _STATE_WORDS:
            raise ValueError("invalid state")
        self._mt = words
        self._position = position


# ---------------------------------------------------------------------------------------
# Lib/random.py's part.

_NON_INTEGER_DEPRECATION = (
    "non-integer arguments to randrange() have been deprecated since Python 3.10 and "
    "will be removed in a subsequent version")


def _range_argument(value, which):
    """A randrange() argument as 3.10 and 3.11 convert it: ints and __index__ as they
    are; else int(value), with a DeprecationWarning, and a ValueError when that changes
    the value (both raised while handling operator.index's TypeError, as CPython does)."""
    try:
        return _index(value)
    except TypeError:
        number = int(value)
        if number != value:
            _warn("randrange() will raise TypeError in the future", DeprecationWarning, 3)
            raise ValueError("non-integer %s for randrange()" % which)
        _warn(_NON_INTEGER_DEPRECATION, DeprecationWarning, 3)
        return number


def _is_default_step(step):
    """`step is _ONE` in Lib/random.py: true for the int 1 (CPython caches small ints)."""
    return type(step) is int and step == 1


class Random(_MersenneTwister):












    VERSION = 3

    def __init__(self, x=None):




        self.seed(x)
        self.gauss_next = None

    def seed(self, a=None, version=2):
        """Initialize internal state from a seed.

        The only supported seed types are None, int, float,
        str, bytes, and bytearray.
        """
        if version == 1 and isinstance(a, (str, bytes)):
            a = _text_seed_v1(a)
        elif version == 2 and isinstance(a, _SEED_TEXT_TYPES):
            a = _text_seed_v2(a)
        elif not isinstance(a, _SEED_TYPES):
            if _VERSION >= (3, 13):
                raise TypeError("The only supported seed types are:\n"
                                "None, int, float, str, bytes, and bytearray.")
            if _VERSION >= (3, 11):
                raise TypeError("The only supported seed types are: None,\n"
                                "int, float, str, bytes, and bytearray.")
            _warn("Seeding based on hashing is deprecated\n"
                  "since Python 3.9 and will be removed in a subsequent version. "
                  "The only \nsupported seed types are: None, int, float, str, bytes, "
                  "and bytearray.", DeprecationWarning, 2)
        elif isinstance(a, _BYTEARRAY):
            # Reaches the C seed, which hashes it (version 1, or a version other than 2).
            raise TypeError("unhashable type: 'bytearray'")
        super().seed(a)
        self.gauss_next = None

    def getstate(self):

        return self.VERSION, super().getstate(), self.gauss_next

    def setstate(self, state):

        version = state[0]
        if version == 3:
            version, internal, self.gauss_next = state
            super().setstate(internal)
        elif version == 2:
            # Version 2 saved the words as signed ints.
            version, internal, self.gauss_next = state
            try:
                internal = tuple([word % (2 ** 32) for word in internal])
            except ValueError as error:
                raise TypeError from error
            super().setstate(internal)
        else:
            raise ValueError("state with version %s passed to "
                             "Random.setstate() of version %s" % (version, self.VERSION))

    def __getstate__(self):
        return self.getstate()

    def __setstate__(self, state):
        self.setstate(state)

    def __reduce__(self):
        return self.__class__, (), self.getstate()

    def __init_subclass__(cls, **kwargs):
        """A subclass that overrides random() but not getrandbits() picks its random ints
        with random() alone."""
        for klass in cls.__mro__:
            own = klass.__dict__
            if "_randbelow" in own:
                break
            if "getrandbits" in own:
                cls._randbelow = cls._randbelow_with_getrandbits
                break
            if "random" in own:
                cls._randbelow = cls._randbelow_without_getrandbits
                break

    # ---- random ints below n

    def _randbelow_with_getrandbits(self, n):
        """A random int in [0, n)."""
        if _VERSION < (3, 11) and not n:
            return 0
        bits = n.bit_length()
        candidate = self.getrandbits(bits)
        while candidate >= n:
            candidate = self.getrandbits(bits)
        return candidate

    def _randbelow_without_getrandbits(self, n, maxsize=1 << BPF):
        """A random int in [0, n), from random() alone."""
        random = self.random
        if n >= maxsize:
            _warn("Underlying random() generator does not supply \n"
                  "enough bits to choose from a population range this large.\n"
                  "To remove the range limitation, add a getrandbits() method.",
                  UserWarning, 1)
            return _floor(random() * n)
        if _VERSION < (3, 11) and n == 0:
            return 0
        limit = (maxsize - maxsize % n) / maxsize
        r = random()
        while r >= limit:
            r = random()
        return _floor(r * maxsize) % n

    _randbelow = _randbelow_with_getrandbits

    def randbytes(self, n):

        number = self.getrandbits(n * 8)
        return bytes([(number >> (8 * i)) & 0xFF for i in range(n)])

    # ---- ints

    if _VERSION < (3, 10):
        def randrange(self, start, stop=None, step=1):
            """Choose a random item from range(start, stop[, step])."""
            istart = int(start)
            if istart != start:
                raise ValueError("non-integer arg 1 for randrange()")
            if stop is None:
                if istart > 0:
                    return self._randbelow(istart)
                raise ValueError("empty range for randrange()")
            istop = int(stop)
            if istop != stop:
                raise ValueError("non-integer stop for randrange()")
            width = istop - istart
            if step == 1:
                if width > 0:
                    return istart + self._randbelow(width)
                raise ValueError(
                    "empty range for randrange() (%d, %d, %d)" % (istart, istop, width))
            istep = int(step)
            if istep != step:
                raise ValueError("non-integer step for randrange()")
            if istep > 0:
                count = (width + istep - 1) // istep
            elif istep < 0:
                count = (width + istep + 1) // istep
            else:
                raise ValueError("zero step for randrange()")
            if count <= 0:
                raise ValueError("empty range for randrange()")
            return istart + istep * self._randbelow(count)
    else:
        def randrange(self, start, stop=None, step=1):
            """Choose a random item from range(stop) or range(start, stop[, step])."""
            # 3.10 and 3.11 still take integral floats (with a DeprecationWarning);
            # 3.12 takes only ints and objects with __index__.
            if _VERSION < (3, 12):
                istart = _range_argument(start, "arg 1")
            else:
                istart = _index(start)
            if stop is None:
                if not _is_default_step(step):
                    raise TypeError("Missing a non-None stop argument")
                if istart > 0:
                    return self._randbelow(istart)
                raise ValueError("empty range for randrange()")
            if _VERSION < (3, 12):
                istop = _range_argument(stop, "stop")
            else:
                istop = _index(stop)
            width = istop - istart
            if _VERSION < (3, 12):
                istep = _range_argument(step, "step")
            else:
                istep = _index(step)
            if istep == 1:
                if width > 0:
                    return istart + self._randbelow(width)
                if _VERSION < (3, 12):
                    raise ValueError(
                        "empty range for randrange() (%d, %d, %d)" % (istart, istop, width))
                raise ValueError("empty range in randrange(%s, %s)" % (str(start), str(stop)))
            if istep > 0:
                count = (width + istep - 1) // istep
            elif istep < 0:
                count = (width + istep + 1) // istep
            else:
                raise ValueError("zero step for randrange()")
            if count <= 0:
                if _VERSION < (3, 12):
                    raise ValueError("empty range for randrange()")
                raise ValueError("empty range in randrange(%s, %s, %s)"
                                 % (str(start), str(stop), str(step)))
            return istart + istep * self._randbelow(count)

    def randint(self, a, b):
        """Return random integer in range [a, b], including both end points."""
        return self.randrange(a, b + 1)

    # ---- sequences

    def choice(self, seq):

        if _VERSION >= (3, 11) and not len(seq):
            raise IndexError("Cannot choose from an empty sequence")
        return seq[self._randbelow(len(seq))]

    if _VERSION >= (3, 11):
        def shuffle(self, x):

            randbelow = self._randbelow
            for i in reversed(range(1, len(x))):
                j = randbelow(i + 1)
                x[i], x[j] = x[j], x[i]
    else:
        def shuffle(self, x, random=None):






            if random is None:
                randbelow = self._randbelow
                for i in reversed(range(1, len(x))):
                    j = randbelow(i + 1)
                    x[i], x[j] = x[j], x[i]
            else:
                _warn("The *random* parameter to shuffle() has been deprecated\n"
                      "since Python 3.9 and will be removed in a subsequent version.",
                      DeprecationWarning, 2)
                for i in reversed(range(1, len(x))):
                    j = _floor(random() * (i + 1))
                    x[i], x[j] = x[j], x[i]

    def sample(self, population, k, *, counts=None):
        """Chooses k unique random elements from a population sequence.

        Returns a new list in selection order; the population is left unchanged.
        Repeated elements can be given with counts: sample(['red', 'blue'],
        counts=[4, 2], k=5) is sample(['red'] * 4 + ['blue'] * 2, k=5).
        """
        if _VERSION < (3, 10) and _is_set(population):
            _warn("Sampling from a set deprecated\n"
                  "since Python 3.9 and will be removed in a subsequent version.",
                  DeprecationWarning, 2)
            population = tuple(population)
        if not _is_sequence(population):
            if _VERSION == (3, 10) and _is_set(population):
                _warn("Sampling from a set deprecated\n"
                      "since Python 3.9 and will be removed in a subsequent version.",
                      DeprecationWarning, 2)
                population = tuple(population)
            else:
                raise TypeError("Population must be a sequence.  "
                                "For dicts or sets, use sorted(d).")
        n = len(population)
        if counts is not None:
            cumulative = _running_totals(counts)
            if len(cumulative) != n:
                raise ValueError("The number of counts does not match the population")
            total = cumulative.pop()
            if not isinstance(total, int):
                raise TypeError("Counts must be integers")
            if total <= 0:
                raise ValueError("Total of counts must be greater than zero")
            picks = self.sample(range(total), k=k)
            high = len(cumulative)
            return [population[_first_above(cumulative, pick, high)] for pick in picks]
        randbelow = self._randbelow
        if not 0 <= k <= n:
            raise ValueError("Sample larger than population or is negative")
        result = [None] * k
        # Pick from a shrinking pool when the population is small next to a set of k
        # picked indices (the size CPython weighs it against), else remember the picks.
        set_size = 21
        if k > 5:
            set_size += 4 ** _ceil(_log(k * 3) / _log(4))
        if n <= set_size:
            pool = list(population)
            for i in range(k):
                j = randbelow(n - i)
                result[i] = pool[j]
                pool[j] = pool[n - i - 1]
        else:
            picked = set()
            for i in range(k):
                j = randbelow(n)
                while j in picked:
                    j = randbelow(n)
                picked.add(j)
                result[i] = population[j]
        return result

    def choices(self, population, weights=None, *, cum_weights=None, k=1):





        random = self.random
        n = len(population)
        if cum_weights is None:
            if weights is None:
                n += 0.0
                return [population[_floor(random() * n)]
                        for _ in range(_count_argument(k))]
            try:
                cum_weights = _running_totals(weights)
            except TypeError:
                if not isinstance(weights, int):
                    raise
                k = weights
                raise TypeError("The number of choices must be a keyword argument: k="
                                + repr(k)) from None
        elif weights is not None:
            raise TypeError("Cannot specify both weights and cumulative weights")
        if len(cum_weights) != n:
            raise ValueError("The number of weights does not match the population")
        total = cum_weights[-1] + 0.0
        if total <= 0.0:
            raise ValueError("Total of weights must be greater than zero")
        if _VERSION >= (3, 10) and not _is_finite(total):
            raise ValueError("Total of weights must be finite")
        last = n - 1
        return [population[_first_above(cum_weights, random() * total, last)]
                for _ in range(_count_argument(k))]

    # ---- real-valued distributions

    def uniform(self, a, b):

        return a + (b - a) * self.random()

    def triangular(self, low=0.0, high=1.0, mode=None):
        """Triangular distribution, between low and high, peaking at mode."""
        u = self.random()
        try:
            c = 0.5 if mode is None else (mode - low) / (high - low)
        except ZeroDivisionError:
            return low
        if u > c:
            u = 1.0 - u
            c = 1.0 - c
            low, high = high, low
        return low + (high - low) * _sqrt(u * c)

    # normalvariate uses Kinderman and Monahan's ratio of uniforms; gauss the Box-Muller
    # transform, keeping the pair's second deviate for the next call (so two threads can
    # get the same one). Both gained default arguments in 3.11.

    if _VERSION >= (3, 11):
        def normalvariate(self, mu=0.0, sigma=1.0):
            """Normal distribution.  mu is the mean, and sigma is the standard deviation."""
            random = self.random
            while True:
                u1 = random()
                u2 = 1.0 - random()
                z = NV_MAGICCONST * (u1 - 0.5) / u2
                if z * z / 4.0 <= -_log(u2):
                    return mu + z * sigma

        def gauss(self, mu=0.0, sigma=1.0):
            """Gaussian distribution.  mu is the mean, and sigma is the standard deviation.
            Not thread-safe without a lock around calls."""
            random = self.random
            z = self.gauss_next
            self.gauss_next = None
            if z is None:
                angle = random() * TWOPI
                radius = _sqrt(-2.0 * _log(1.0 - random()))
                z = _cos(angle) * radius
                self.gauss_next = _sin(angle) * radius
            return mu + z * sigma
    else:
        def normalvariate(self, mu, sigma):
            """Normal distribution.  mu is the mean, and sigma is the standard deviation."""
            random = self.random
            while True:
                u1 = random()
                u2 = 1.0 - random()
                z = NV_MAGICCONST * (u1 - 0.5) / u2
                if z * z / 4.0 <= -_log(u2):
                    return mu + z * sigma

        def gauss(self, mu, sigma):
            """Gaussian distribution.  mu is the mean, and sigma is the standard deviation.
            Not thread-safe without a lock around calls."""
            random = self.random
            z = self.gauss_next
            self.gauss_next = None
            if z is None:
                angle = random() * TWOPI
                radius = _sqrt(-2.0 * _log(1.0 - random()))
                z = _cos(angle) * radius
                self.gauss_next = _sin(angle) * radius
            return mu + z * sigma

    def lognormvariate(self, mu, sigma):
        """Log normal distribution: its natural logarithm is normal(mu, sigma)."""
        return _exp(self.normalvariate(mu, sigma))

    if _VERSION >= (3, 12):
        def expovariate(self, lambd=1.0):
            """Exponential distribution.  lambd is 1.0 divided by the desired mean."""
            return -_log(1.0 - self.random()) / lambd
    else:
        def expovariate(self, lambd):
            """Exponential distribution.  lambd is 1.0 divided by the desired mean."""
            return -_log(1.0 - self.random()) / lambd

    def vonmisesvariate(self, mu, kappa):
        """Circular data distribution: mean angle mu, concentration kappa."""
        from math import acos
        random = self.random
        if kappa <= 1e-6:
            return TWOPI * random()
        s = 0.5 / kappa
        r = s + _sqrt(1.0 + s * s)
        while True:
            u1 = random()
            z = _cos(_pi * u1)
            d = z / (r + z)
            u2 = random()
            if u2 < 1.0 - d * d or u2 <= (1.0 - d) * _exp(d):
                break
        q = 1.0 / r
        f = (q + z) / (1.0 + q * z)
        if random() > 0.5:
            return (mu + acos(f)) % TWOPI
        return (mu - acos(f)) % TWOPI

    def gammavariate(self, alpha, beta):
        """Gamma distribution (not the gamma function): alpha > 0 and beta > 0."""
        if alpha <= 0.0 or beta <= 0.0:
            raise ValueError("gammavariate: alpha and beta must be > 0.0")
        random = self.random
        if alpha > 1.0:
            # Cheng's rejection algorithm GB.
            ainv = _sqrt(2.0 * alpha - 1.0)
            bbb = alpha - LOG4
            ccc = alpha + ainv
            while True:
                u1 = random()
                if not 1e-7 < u1 < 0.9999999:
                    continue
                u2 = 1.0 - random()
                v = _log(u1 / (1.0 - u1)) / ainv
                x = alpha * _exp(v)
                z = u1 * u1 * u2
                r = bbb + ccc * v - x
                if r + SG_MAGICCONST - 4.5 * z >= 0.0 or r >= _log(z):
                    return x * beta
        if alpha == 1.0:
            return -_log(1.0 - random()) * beta
        # Ahrens and Dieter's algorithm GS.
        while True:
            u = random()
            b = (_e + alpha) / _e
            p = b * u
            if p <= 1.0:
                x = p ** (1.0 / alpha)
            else:
                x = -_log((b - p) / alpha)
            u1 = random()
            if p > 1.0:
                if u1 <= x ** (alpha - 1.0):
                    return x * beta
            elif u1 <= _exp(-x):
                return x * beta

    def betavariate(self, alpha, beta):
        """Beta distribution: alpha > 0 and beta > 0; values between 0 and 1."""
        y = self.gammavariate(alpha, 1.0)
        if y:
            return y / (y + self.gammavariate(beta, 1.0))
        return 0.0

    def paretovariate(self, alpha):

        u = 1.0 - self.random()
        if _VERSION < (3, 10):
            return 1.0 / u ** (1.0 / alpha)
        return u ** (-1.0 / alpha)

    def weibullvariate(self, alpha, beta):
        """Weibull distribution: alpha is the scale and beta the shape parameter."""
        u = 1.0 - self.random()
        return alpha * (-_log(u)) ** (1.0 / beta)

    if _VERSION >= (3, 12):
        def binomialvariate(self, n=1, p=0.5):
            """Binomial random variable: successes in n trials of probability p."""
            from math import log2, lgamma
            if n < 0:
                raise ValueError("n must be non-negative")
            if p <= 0.0 or p >= 1.0:
                if p == 0.0:
                    return 0
                if p == 1.0:
                    return n
                raise ValueError("p must be in the range 0.0 <= p <= 1.0")
            random = self.random
            if n == 1:
                return _index(random() < p)
            if p > 0.5:
                return n - self.binomialvariate(n, 1.0 - p)
            if n * p < 10.0:
                # Devroye's geometric method.
                x = y = 0
                c = log2(1.0 - p)
                if not c:
                    return x
                while True:
                    y += _floor(log2(random()) / c) + 1
                    if y > n:
                        return x
                    x += 1
            # Hormann's BTRS: transformed rejection with squeeze.
            assert n * p >= 10.0 and p <= 0.5
            prepared = False
            spq = _sqrt(n * p * (1.0 - p))
            b = 1.15 + 2.53 * spq
            a = -0.0873 + 0.0248 * b + 0.01 * p
            c = n * p + 0.5
            vr = 0.92 - 4.2 / b
            while True:
                u = random()
                u -= 0.5
                us = 0.5 - _fabs(u)
                k = _floor((2.0 * a / us + b) * u + c)
                if k < 0 or k > n:
                    continue
                v = random()
                if us >= 0.07 and v <= vr:
                    return k
                if not prepared:
                    alpha = (2.83 + 5.1 / b) * spq
                    lpq = _log(p / (1.0 - p))
                    m = _floor((n + 1) * p)
                    h = lgamma(m + 1) + lgamma(n - m + 1)
                    prepared = True
                v *= alpha / (a / (us * us) + b)
                if _log(v) <= h - lgamma(k + 1) - lgamma(n - k + 1) + (k - m) * lpq:
                    return k


def _entropy_bytes(count):
    """`count` byte values of entropy from the simulator."""
    values = []
    while len(values) < count:
        for word in _entropy_key():
            values.append(word & 0xFF)
            values.append((word >> 8) & 0xFF)
            values.append((word >> 16) & 0xFF)
            values.append(word >> 24)
    return values[:count]


class SystemRandom(Random):
    """Alternate random number generator using the system's entropy source (here the
    simulator's). Not reproducible: seed() does nothing and there is no state."""

    def random(self):

        return (self.getrandbits(56) >> 3) * RECIP_BPF

    def getrandbits(self, k):

        if k < 0:
            raise ValueError("number of bits must be non-negative")
        byte_count = (k + 7) // 8
        number = 0
        for byte in _entropy_bytes(byte_count):
            number = (number << 8) | byte
        return number >> (byte_count * 8 - k)

    def randbytes(self, n):

        return bytes(_entropy_bytes(n))

    def seed(self, *args, **kwds):

        return None

    def _notimplemented(self, *args, **kwds):

        raise NotImplementedError("System entropy source does not have state.")

    getstate = setstate = _notimplemented


# ---------------------------------------------------------------------------------------
# The module's functions: the methods of one hidden instance.

_inst = Random()
seed = _inst.seed
random = _inst.random
uniform = _inst.uniform
triangular = _inst.triangular
randint = _inst.randint
choice = _inst.choice
randrange = _inst.randrange
sample = _inst.sample
shuffle = _inst.shuffle
choices = _inst.choices
normalvariate = _inst.normalvariate
lognormvariate = _inst.lognormvariate
expovariate = _inst.expovariate
vonmisesvariate = _inst.vonmisesvariate
gammavariate = _inst.gammavariate
gauss = _inst.gauss
betavariate = _inst.betavariate
paretovariate = _inst.paretovariate
weibullvariate = _inst.weibullvariate
getstate = _inst.getstate
setstate = _inst.setstate
getrandbits = _inst.getrandbits
randbytes = _inst.randbytes
if _VERSION >= (3, 12):
    binomialvariate = _inst.binomialvariate
