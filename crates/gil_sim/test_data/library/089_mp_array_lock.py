import multiprocessing


def scale_slice(arr, start, stop, factor):
    with arr.get_lock():
        for i in range(start, stop):
            arr[i] *= factor


def total(arr, out):
    with arr.get_lock():
        out.value = sum(arr)


if __name__ == "__main__":
    data = multiprocessing.Array("d", [float(i) for i in range(8)])
    procs = [
        multiprocessing.Process(target=scale_slice, args=(data, 0, 4, 10)),
        multiprocessing.Process(target=scale_slice, args=(data, 4, 8, 0.5)),
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    print("scaled:", list(data))

    out = multiprocessing.Value("d")
    p = multiprocessing.Process(target=total, args=(data, out))
    p.start()
    p.join()
    print("sum:", out.value)
    print("slice:", data[2:6], "len:", len(data))
