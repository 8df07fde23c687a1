"""GIL Lab's model of CPython's statistics module (Lib/statistics.py) for int, bool and
float data: the same exact sums and roundings per version, so the same floats come out."""

import sys as _sys
import math as _math

__all__ = ['StatisticsError', 'fmean', 'mean', 'median', 'median_high', 'median_low',
           'mode', 'multimode', 'pstdev', 'pvariance', 'stdev', 'variance',
           'harmonic_mean', 'quantiles']

_VERSION = _sys.version_info[:2]
_INF = float('inf')


class StatisticsError(ValueError):
    pass


################################################################################
### Exact arithmetic: a rational number is a pair (numerator, denominator), the
### denominator positive and the pair in lowest terms, as Fraction keeps it.
################################################################################

def _gcd(a, b):
    return _math.gcd(a, b)


def _reduced(n, d):
    if d < 0:
        n, d = -n, -d
    g = _gcd(n, d)
    if g > 1:
        n //= g
        d //= g
    return (n, d)


def _radd(x, y):
    return _reduced(x[0] * y[1] + y[0] * x[1], x[1] * y[1])


def _rsub(x, y):
    return _reduced(x[0] * y[1] - y[0] * x[1], x[1] * y[1])


def _rmul(x, y):
    return _reduced(x[0] * y[0], x[1] * y[1])


def _rdiv(x, y):
    if y[0] == 0:
        raise ZeroDivisionError('Fraction(%d, 0)' % (x[0] * y[1],))
    return _reduced(x[0] * y[1], x[1] * y[0])


def _float_ratio(x):
    # float.as_integer_ratio(): doubling a float with a fractional part is exact.
    if x != x:
        raise ValueError('cannot convert NaN to integer ratio')
    if x == _INF or x == -_INF:
        raise OverflowError('cannot convert Infinity to integer ratio')
    d = 1
    while x != int(x):
        x *= 2.0
        d *= 2
    n = int(x)
    while d > 1 and n % 2 == 0:
        n //= 2
        d //= 2
    return (n, d)


def _exact_ratio(x):
    """Return Real number x to exact (numerator, denominator) pair, or (x, None) for a
    float NAN or INF."""
    if isinstance(x, float):
        try:
            return _float_ratio(float(x))
        except (OverflowError, ValueError):
            return (x, None)
    if isinstance(x, int):
        return (int(x), 1)
    raise TypeError("can't convert type '%s' to numerator/denominator" % type(x).__name__)


def _sum_ratios(partials):
    # The sum of the partial sums {denominator: numerator}, as Fraction adds them.
    total = (0, 1)
    for d in partials:
        total = _radd(total, _reduced(partials[d], d))
    return total


def _coerce(T, S):
    """Coerce types T and S to a common type, or raise TypeError."""
    if T is S:
        return T

    if S is int or S is bool:
        return T
    if T is int:
        return S

    if issubclass(S, T):
        return S
    if issubclass(T, S):
        return T

    if issubclass(T, int):
        return S
    if issubclass(S, int):
        return T
    raise TypeError("don't know how to coerce %s and %s" % (T.__name__, S.__name__))


def _convert(value, T):
    """Convert an exact value (or a float NAN or INF) to the type T."""
    if isinstance(value, float):
        # A NAN or INF, already a float.
        return value
    n, d = value
    if issubclass(T, int) and d != 1:
        T = float
    if issubclass(T, float):
        result = n / d
        return result if T is float else T(result)
    return n if T is int else T(n)


def _types_in_order(data):
    # The types of consecutive runs, as groupby(data, type) yields them, and the items.
    types = []
    items = []
    last = None
    for x in data:
        typ = type(x)
        if not types or typ is not last:
            types.append(typ)
            last = typ
        items.append(x)
    return types, items


def _sum(data):
    """_sum(data) -> (type, sum, count): the exact sum of the data (or the float sum of
    its NANs and INFs) with the type to convert to and the count of items."""
    count = 0
    partials = {}
    T = int
    if _VERSION >= (3, 11):
        # The types are gathered first and coerced at the end.
        seen = []
        for x in data:
            typ = type(x)
            if typ not in seen:
                seen.append(typ)
            n, d = _exact_ratio(x)
            count += 1
            partials[d] = partials.get(d, 0) + n
        for typ in seen:
            T = _coerce(T, typ)
    else:
        last = None
        first = True
        for x in data:
            typ = type(x)
            if first or typ is not last:
                T = _coerce(T, typ)
                last = typ
                first = False
            n, d = _exact_ratio(x)
            count += 1
            partials[d] = partials.get(d, 0) + n
    if None in partials:
        # The sum is a NAN or INF: only the special values count.
        total = partials[None]
    else:
        total = _sum_ratios(partials)
    return (T, total, count)


def _fdiv(value, n):
    # An exact value divided by an int, or a float one divided as a float.
    if isinstance(value, float):
        return value / n
    return _rdiv(value, (n, 1))


def _fsum(values):
    # math.fsum: the exactly rounded sum of the values as floats.
    special_sum = 0.0
    inf_sum = 0.0
    specials = False
    partials = {}
    for x in values:
        if isinstance(x, float):
            x = float(x)
        elif isinstance(x, int):
            x = float(x)
        elif hasattr(type(x), '__float__'):
            x = type(x).__float__(x)
        else:
            raise TypeError('must be real number, not %s' % type(x).__name__)
        if x != x or x == _INF or x == -_INF:
            if x == _INF or x == -_INF:
                inf_sum += x
            special_sum += x
            specials = True
            continue
        n, d = _float_ratio(x)
        partials[d] = partials.get(d, 0) + n
    if specials and special_sum != 0.0:
        if inf_sum != inf_sum:
            raise ValueError('-inf + inf in fsum')
        return special_sum
    if specials:
        # A NAN: NAN != 0.0 is true, so only a special sum of 0.0 gets here, never.
        return special_sum
    n, d = _sum_ratios(partials)
    try:
        return n / d
    except OverflowError:
        raise OverflowError('intermediate overflow in fsum') from None


################################################################################
### Averages and measures of central location
################################################################################

def mean(data):
    """Return the sample arithmetic mean of data.

    If ``data`` is empty, StatisticsError will be raised.
    """
    if _VERSION >= (3, 11):
        T, total, n = _sum(data)
        if n < 1:
            raise StatisticsError('mean requires at least one data point')
        return _convert(_fdiv(total, n), T)
    if iter(data) is data:
        data = list(data)
    n = len(data)
    if n < 1:
        raise StatisticsError('mean requires at least one data point')
    T, total, count = _sum(data)
    return _convert(_fdiv(total, n), T)


def _counted(iterable, counter):
    for x in iterable:
        counter[0] += 1
        yield x


if _VERSION < (3, 11):

    def fmean(data):
        """Convert data to floats and compute the arithmetic mean.

        This runs faster than the mean() function and it always returns a float.
        If the input dataset is empty, it raises a StatisticsError.
        """
        try:
            n = len(data)
        except TypeError:
            # An iterator without __len__(): count its items.
            counter = [0]
            total = _fsum(_counted(data, counter))
            n = counter[0]
        else:
            total = _fsum(data)
        try:
            return total / n
        except ZeroDivisionError:
            raise StatisticsError('fmean requires at least one data point') from None

else:

    def fmean(data, weights=None):
        """Convert data to floats and compute the arithmetic mean.

        This runs faster than the mean() function and it always returns a float.
        If the input dataset is empty, it raises a StatisticsError.
        """
        if weights is None or _VERSION < (3, 12):
            counter = None
            try:
                n = len(data)
            except TypeError:
                # An iterator without __len__(): count its items.
                counter = [0]
                data = _counted(data, counter)
            if weights is None:
                total = _fsum(data)
                if counter is not None:
                    n = counter[0]
                if not n:
                    raise StatisticsError('fmean requires at least one data point')
                return total / n
            # 3.11: fsum of the rounded products, then the lengths are compared.
            try:
                num_weights = len(weights)
            except TypeError:
                weights = list(weights)
                num_weights = len(weights)
            num = _fsum([x * w for x, w in zip(data, weights)])
            if counter is not None:
                n = counter[0]
            if n != num_weights:
                raise StatisticsError('data and weights must be the same length')
            den = _fsum(weights)
            if not den:
                raise StatisticsError('sum of weights must be non-zero')
            return num / den
        # 3.12 on: math.sumprod, the sum of the exact products rounded once.
        if not isinstance(weights, (list, tuple)):
            weights = list(weights)
        num = _sumprod(data, weights)
        den = _fsum(weights)
        if not den:
            raise StatisticsError('sum of weights must be non-zero')
        return num / den


def _sumprod(p, q):
    # math.sumprod(p, q) for ints, bools and floats: exact for ints, otherwise the exact
    # sum of the exact products rounded once.
    p = list(p)
    q = list(q)
    if len(p) != len(q):
        raise StatisticsError('data and weights must be the same length')
    all_ints = True
    total = (0, 1)
    special = 0.0
    specials = False
    for a, b in zip(p, q):
        for v in (a, b):
            if not isinstance(v, (int, float)):
                raise TypeError("unsupported operand type(s) for *: '%s' and '%s'"
                                % (type(a).__name__, type(b).__name__))
        if isinstance(a, float) or isinstance(b, float):
            all_ints = False
        ra = _exact_ratio(a)
        rb = _exact_ratio(b)
        if ra[1] is None or rb[1] is None:
            special += float(a) * float(b)
            specials = True
            continue
        total = _radd(total, _rmul(ra, rb))
    if all_ints:
        return total[0]
    if specials:
        return special
    return total[0] / total[1]


def median(data):
    """Return the median (middle value) of numeric data.

    When the number of data points is odd, return the middle data point.
    When the number of data points is even, the median is interpolated by
    taking the average of the two middle values.
    """
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError('no median for empty data')
    if n % 2 == 1:
        return data[n // 2]
    i = n // 2
    return (data[i - 1] + data[i]) / 2


def median_low(data):
    """Return the low median of numeric data."""
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError('no median for empty data')
    if n % 2 == 1:
        return data[n // 2]
    return data[n // 2 - 1]


def median_high(data):
    """Return the high median of data."""
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError('no median for empty data')
    return data[n // 2]


def _tally(data):
    # Counter(iter(data)): counts in order of first appearance.
    counts = {}
    for x in iter(data):
        counts[x] = counts.get(x, 0) + 1
    return counts


def mode(data):
    """Return the most common data point from discrete or nominal data.

    If there are multiple modes with same frequency, return the first one
    encountered.  If *data* is empty, ``mode`` raises StatisticsError.
    """
    counts = _tally(data)
    best = None
    best_count = 0
    for value in counts:
        if counts[value] > best_count:
            best = value
            best_count = counts[value]
    if not best_count:
        raise StatisticsError('no mode for empty data')
    return best


def multimode(data):
    """Return a list of the most frequently occurring values.

    Will return more than one result if there are multiple modes
    or an empty list if *data* is empty.
    """
    counts = _tally(data)
    if not counts:
        return []
    maxcount = max(counts.values())
    return [value for value in counts if counts[value] == maxcount]


################################################################################
### Measures of spread
################################################################################

def _ss_before_311(data, c):
    # 3.9 and 3.10: (T, sum of square deviations); data is a list.
    if c is not None:
        T, total, count = _sum([(x - c) ** 2 for x in data])
        return (T, total)
    if _VERSION < (3, 10):
        # 3.9 uses the mean rounded to the data's type.
        c = mean(data)
        T, total, count = _sum([(x - c) ** 2 for x in data])
        U, total2, count2 = _sum([(x - c) for x in data])
        if isinstance(total, float) or isinstance(total2, float):
            total2 = total2 if isinstance(total2, float) else total2[0] / total2[1]
            total = total if isinstance(total, float) else total[0] / total[1]
            total -= total2 ** 2 / len(data)
        else:
            total = _rsub(total, _rdiv(_rmul(total2, total2), (len(data), 1)))
        return (T, total)
    T, total, count = _sum(data)
    if isinstance(total, float):
        # (total / count).as_integer_ratio() of a NAN or INF.
        _float_ratio(total / count)
    mean_n, mean_d = _rdiv(total, (count, 1))
    partials = {}
    for x in data:
        n, d = _exact_ratio(x)
        if d is None:
            partials[None] = partials.get(None, 0) + n
            continue
        diff_n = n * mean_d - d * mean_n
        diff_d = d * mean_d
        key = diff_d * diff_d
        partials[key] = partials.get(key, 0) + diff_n * diff_n
    if None in partials:
        return (T, partials[None])
    return (T, _sum_ratios(partials))


def _ss(data, c=None):
    # 3.11 on: (T, sum of square deviations, mean, count) in one pass.
    if c is not None:
        squares = []
        for x in data:
            d = x - c
            squares.append(d * d)
        T, ssd, count = _sum(squares)
        return (T, ssd, c, count)
    count = 0
    seen = []
    sx_partials = {}
    sxx_partials = {}
    for x in data:
        typ = type(x)
        if typ not in seen:
            seen.append(typ)
        n, d = _exact_ratio(x)
        count += 1
        sx_partials[d] = sx_partials.get(d, 0) + n
        sxx_partials[d] = sxx_partials.get(d, 0) + n * n
    if not count:
        ssd = c = (0, 1)
    elif None in sx_partials:
        # A NAN or INF: the sum of the special values stands for everything.
        ssd = c = sx_partials[None]
    else:
        sx = _sum_ratios(sx_partials)
        sxx = (0, 1)
        for d in sxx_partials:
            sxx = _radd(sxx, _reduced(sxx_partials[d], d * d))
        # Poor numerically for floats, exact for fractions.
        ssd = _rdiv(_rsub(_rmul((count, 1), sxx), _rmul(sx, sx)), (count, 1))
        c = _rdiv(sx, (count, 1))
    T = int
    for typ in seen:
        T = _coerce(T, typ)
    return (T, ssd, c, count)


def _listed(data):
    if iter(data) is data:
        data = list(data)
    return data


def variance(data, xbar=None):
    """Return the sample variance of data.

    data should be an iterable of Real-valued numbers, with at least two
    values. The optional argument xbar, if given, should be the mean of
    the data. If it is missing or None, the mean is automatically calculated.
    """
    if _VERSION >= (3, 11):
        T, ss, c, n = _ss(data, xbar)
        if n < 2:
            raise StatisticsError('variance requires at least two data points')
        return _convert(_fdiv(ss, n - 1), T)
    data = _listed(data)
    n = len(data)
    if n < 2:
        raise StatisticsError('variance requires at least two data points')
    T, ss = _ss_before_311(list(data), xbar)
    return _convert(_fdiv(ss, n - 1), T)


def pvariance(data, mu=None):
    """Return the population variance of ``data``.

    data should be a sequence or iterable of Real-valued numbers, with at least one
    value. The optional argument mu, if given, should be the mean of
    the data. If it is missing or None, the mean is automatically calculated.
    """
    if _VERSION >= (3, 11):
        T, ss, c, n = _ss(data, mu)
        if n < 1:
            raise StatisticsError('pvariance requires at least one data point')
        return _convert(_fdiv(ss, n), T)
    data = _listed(data)
    n = len(data)
    if n < 1:
        raise StatisticsError('pvariance requires at least one data point')
    T, ss = _ss_before_311(list(data), mu)
    return _convert(_fdiv(ss, n), T)


_SQRT_BIT_WIDTH = 2 * 53 + 3


def _integer_sqrt_of_frac_rto(n, m):
    # The square root of n / m, rounded to odd.
    a = _math.isqrt(n // m)
    return a | (a * a * m != n)


def _float_sqrt_of_frac(n, m):
    # The correctly rounded square root of n / m as a float.
    q = (n.bit_length() - m.bit_length() - _SQRT_BIT_WIDTH) // 2
    if q >= 0:
        numerator = _integer_sqrt_of_frac_rto(n, m << 2 * q) << q
        denominator = 1
    else:
        numerator = _integer_sqrt_of_frac_rto(n << -2 * q, m)
        denominator = 1 << -q
    return numerator / denominator


def _sqrt_of_mss(mss):
    if isinstance(mss, float):
        # CPython asks the float for its numerator.
        raise AttributeError("'float' object has no attribute 'numerator'")
    return _float_sqrt_of_frac(mss[0], mss[1])


def stdev(data, xbar=None):
    """Return the square root of the sample variance.

    See ``variance`` for arguments and other details.
    """
    if _VERSION >= (3, 11):
        T, ss, c, n = _ss(data, xbar)
        if n < 2:
            raise StatisticsError('stdev requires at least two data points')
        return _sqrt_of_mss(_fdiv(ss, n - 1))
    return _math.sqrt(variance(data, xbar))


def pstdev(data, mu=None):
    """Return the square root of the population variance.

    See ``pvariance`` for arguments and other details.
    """
    if _VERSION >= (3, 11):
        T, ss, c, n = _ss(data, mu)
        if n < 1:
            raise StatisticsError('pstdev requires at least one data point')
        return _sqrt_of_mss(_fdiv(ss, n))
    return _math.sqrt(pvariance(data, mu))


def _fail_neg(values, errmsg='negative value'):
    for x in values:
        if x < 0:
            raise StatisticsError(errmsg)
        yield x


def harmonic_mean(data, weights=None):
    """Return the harmonic mean of data."""
    if weights is not None and _VERSION < (3, 10):
        raise TypeError("harmonic_mean() got an unexpected keyword argument 'weights'")
    if iter(data) is data:
        data = list(data)
    errmsg = 'harmonic mean does not support negative values'
    n = len(data)
    if n < 1:
        raise StatisticsError('harmonic_mean requires at least one data point')
    elif n == 1 and weights is None:
        x = data[0]
        if isinstance(x, (int, float)):
            if x < 0:
                raise StatisticsError(errmsg)
            return x
        raise TypeError('unsupported type')
    if weights is None:
        weights = [1] * n
        sum_weights = n
    else:
        if iter(weights) is weights:
            weights = list(weights)
        if len(weights) != n:
            raise StatisticsError('Number of weights does not match data size')
        _, sum_weights, _ = _sum(w for w in _fail_neg(weights, errmsg))
    try:
        data = _fail_neg(data, errmsg)
        T, total, count = _sum(w / x if w else 0 for w, x in zip(weights, data))
    except ZeroDivisionError:
        return 0
    if isinstance(total, float):
        if total <= 0:
            raise StatisticsError('Weighted sum must be positive')
        if not isinstance(sum_weights, int):
            sum_weights = sum_weights[0] / sum_weights[1]
        return _convert(sum_weights / total, T)
    if total[0] <= 0:
        raise StatisticsError('Weighted sum must be positive')
    if isinstance(sum_weights, int):
        sum_weights = (sum_weights, 1)
    return _convert(_rdiv(sum_weights, total), T)


def quantiles(data, *, n=4, method='exclusive'):
    """Divide data into n continuous intervals with equal probability."""
    if n < 1:
        raise StatisticsError('n must be at least 1')
    data = sorted(data)
    ld = len(data)
    if ld < 2:
        if _VERSION >= (3, 13):
            if ld == 1:
                return data * (n - 1)
            raise StatisticsError('must have at least one data point')
        raise StatisticsError('must have at least two data points')
    if method == 'inclusive':
        m = ld - 1
        result = []
        for i in range(1, n):
            j, delta = divmod(i * m, n)
            result.append((data[j] * (n - delta) + data[j + 1] * delta) / n)
        return result
    if method == 'exclusive':
        m = ld + 1
        result = []
        for i in range(1, n):
            j = i * m // n
            j = 1 if j < 1 else ld - 1 if j > ld - 1 else j
            delta = i * m - j * n
            result.append((data[j - 1] * (n - delta) + data[j] * delta) / n)
        return result
    raise ValueError(f'Unknown method: {method!r}')
