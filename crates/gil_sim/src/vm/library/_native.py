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


def binary(left, right, in_place, forward, reflected, op, inplace):
    if in_place is not None:
        method = _sim.user_method(left, in_place)
        if method is not None:
            result = method(left, right)
            if result is not NotImplemented:
                return result
    method = _sim.user_method(left, forward)
    if method is not None:
        result = method(left, right)
        if result is not NotImplemented:
            return result
    method = _sim.user_method(right, reflected)
    if method is not None:
        result = method(right, left)
        if result is not NotImplemented:
            return result
    return _sim.binary_native(left, right, op, inplace)


def compare(left, right, forward, reflected, op):
    method = _sim.user_method(left, forward)
    if method is not None:
        result = method(left, right)
        if result is not NotImplemented:
            return result
    method = _sim.user_method(right, reflected)
    if method is not None:
        result = method(right, left)
        if result is not NotImplemented:
            return result
    return _sim.compare_native(left, right, op)


def contains(container, item, method, invert):
    if method(container, item):
        return not invert
    return invert


def text_of(value, want_repr):
    method = _sim.text_method(value, want_repr)
    if method is not None:
        return _sim.checked_text(method(value), method)
    shape = _sim.text_shape(value)
    if shape == 0:
        return _sim.native_text(value, want_repr)
    if _sim.repr_enter(value):
        return _sim.native_text(value, want_repr)
    try:
        if shape == 1:
            return "[" + ", ".join([text_of(item, True) for item in value]) + "]"
        if shape == 2:
            if len(value) == 1:
                return "(" + text_of(value[0], True) + ",)"
            return "(" + ", ".join([text_of(item, True) for item in value]) + ")"
        if shape == 3:
            pairs = [text_of(key, True) + ": " + text_of(item, True) for key, item in value.items()]
            return "{" + ", ".join(pairs) + "}"
        inner = "{" + ", ".join([text_of(item, True) for item in value]) + "}"
        if shape == 4:
            return inner
        return "frozenset(" + inner + ")"
    finally:
        _sim.repr_leave(value)


def format_of(value, spec):
    method = _sim.user_method(value, "__format__")
    if method is not None:
        return _sim.checked_format(method(value, spec))
    if spec == "":
        return text_of(value, False)
    return _sim.native_format(value, spec)


def convert_format(value, conversion, spec):
    if conversion == 1:
        value = text_of(value, False)
    elif conversion == 2:
        value = text_of(value, True)
    elif conversion == 3:
        value = _sim.ascii_of(text_of(value, True))
    if spec is None:
        return format_of(value, "")
    return format_of(value, spec)


def print(values, sep, end, file):
    first = True
    for value in values:
        if not first:
            file.write(sep)
        first = False
        file.write(text_of(value, False))
    file.write(end)


def iter_of(method, value):
    return _sim.checked_iterator(method(value))


def len_of(method, value):
    return _sim.checked_len(method(value))


def sequence_contains(sequence, item, invert):
    for element in sequence:
        if element is item or element == item:
            return not invert
    return invert


def sequence_count(sequence, item):
    count = 0
    for element in sequence:
        if element is item or element == item:
            count = count + 1
    return count


def _find(sequence, item, start, stop):
    index = start
    while index < stop and index < len(sequence):
        element = sequence[index]
        if element is item or element == item:
            return index
        index = index + 1
    return -1


def sequence_index(sequence, item, start, stop, is_list):
    index = _find(sequence, item, start, stop)
    if index >= 0:
        return index
    if is_list:
        raise ValueError(repr(item) + " is not in list")
    raise ValueError("tuple.index(x): x not in tuple")


def list_remove(items, item):
    index = _find(items, item, 0, len(items))
    if index < 0:
        raise ValueError("list.remove(x): x not in list")
    del items[index]


def getattr_default(getter, value, default):
    try:
        return getter(value)
    except AttributeError:
        return default


def hasattr_getter(getter, value):
    try:
        getter(value)
    except AttributeError:
        return False
    return True


def _calls_until(function, sentinel):
    while True:
        value = function()
        if value == sentinel:
            return
        yield value


def callable_iter(function, sentinel):
    return _calls_until(function, sentinel)
