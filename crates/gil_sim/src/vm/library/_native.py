"""GIL Lab's stand-ins for the parts of CPython's builtins written in C, for when they call
Python code: a generator, an iterator class, a key function, a method such as __lt__. Run here,
on the calling thread's own frame stack, that Python code switches threads and blocks exactly
as it does under CPython, while these frames, like C code, are never a place to switch, cost
what the C code costs and never show in tracebacks. Each function follows the C function it
stands for: the same calls, in the same order, with the same errors."""

import _sim


def sum(iterator, start):
    total = start
    for item in iterator:
        total = total + item
    return total


def any(iterator):
    for item in iterator:
        if item:
            return True
    return False


def all(iterator):
    for item in iterator:
        if not item:
            return False
    return True


def min_max(iterator, key, has_default, default, is_max, empty_message):
    for best in iterator:
        break
    else:
        if has_default:
            return default
        raise ValueError(empty_message)
    if key is None:
        best_key = best
    else:
        best_key = key(best)
    for item in iterator:
        if key is None:
            item_key = item
        else:
            item_key = key(item)
        if is_max:
            if item_key > best_key:
                best = item
                best_key = item_key
        elif item_key < best_key:
            best = item
            best_key = item_key
    return best


def collect(iterator):
    items = []
    for item in iterator:
        items.append(item)
    return items


def collect_tuple(iterator):
    return tuple(collect(iterator))


def collect_set(iterator, frozen):
    items = set()
    for item in iterator:
        items.add(item)
    if frozen:
        return frozenset(items)
    return items


def collect_dict(iterator):
    result = {}
    index = 0
    for pair in iterator:
        _sim.dict_add_pair(result, index, pair)
        index = index + 1
    return result


def extend(items, iterator):
    for item in iterator:
        items.append(item)


def join(separator, iterator):
    return separator.join(collect(iterator))


def sorted(iterable, key, reverse):
    items = collect(iter(iterable))
    sort(items, key, reverse)
    return items


def sort(items, key, reverse):
    if key is None:
        keys = items
    else:
        keys = [key(item) for item in items]
    if _sim.compares_natively(keys):
        _sim.sort_by(items, keys, reverse)
        return
    order = _sim.indices(len(keys))
    count = len(order)
    runs = []
    start = 0
    while start < count:
        end = start + 1
        if end < count and _before(keys, order[end], order[start], reverse):
            while end + 1 < count and _before(keys, order[end + 1], order[end], reverse):
                end = end + 1
            end = end + 1
            order[start:end] = order[start:end][::-1]
        else:
            while end < count and not _before(keys, order[end], order[end - 1], reverse):
                end = end + 1
        runs.append((start, end))
        start = end
    while len(runs) > 1:
        merged = []
        index = 0
        while index < len(runs):
            if index + 1 == len(runs):
                merged.append(runs[index])
                break
            left, middle = runs[index]
            end = runs[index + 1][1]
            result = []
            i = left
            j = middle
            while i < middle and j < end:
                if _before(keys, order[j], order[i], reverse):
                    result.append(order[j])
                    j = j + 1
                else:
                    result.append(order[i])
                    i = i + 1
            result.extend(order[i:middle])
            result.extend(order[j:end])
            order[left:end] = result
            merged.append((left, end))
            index = index + 2
        runs = merged
    _sim.reorder(items, order)


def _before(keys, a, b, reverse):
    if reverse:
        return keys[b] < keys[a]
    return keys[a] < keys[b]


def next_default(iterator, default):
    try:
        return next(iterator)
    except StopIteration:
        return default


def map_next(function, iterators):
    arguments = []
    for iterator in iterators:
        arguments.append(next(iterator))
    return function(*arguments)


def filter_next(function, iterator):
    while True:
        item = next(iterator)
        if function is None:
            if item:
                return item
        elif function(item):
            return item


def zip_next(iterators):
    items = []
    for iterator in iterators:
        items.append(next(iterator))
    return tuple(items)


def enumerate_next(enumerator, inner):
    item = next(inner)
    return (_sim.enumerate_count(enumerator), item)


def getitem_next(iterator):
    sequence, index = _sim.sequence_position(iterator)
    try:
        return sequence[index]
    except (IndexError, StopIteration):
        pass
    _sim.iterator_done(iterator)
    raise StopIteration
