import multiprocessing


def who(q):
    me = multiprocessing.current_process()
    parent = multiprocessing.parent_process()
    q.put((me.name, parent.name, me.daemon))


if __name__ == "__main__":
    print("parent is", multiprocessing.current_process().name)
    print("parent_process() in the parent:", multiprocessing.parent_process())
    print("cpu_count() >= 1:", multiprocessing.cpu_count() >= 1)
    q = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(target=who, args=(q,)),
        multiprocessing.Process(target=who, args=(q,), name="reporter"),
        multiprocessing.Process(target=who, args=(q,), daemon=True),
    ]
    for p in procs:
        p.start()
    answers = sorted(q.get() for _ in procs)
    for p in procs:
        p.join()
    for name, parent, daemon in answers:
        print(f"{name}: child of {parent}, daemon={daemon}")
    print("names seen from the parent:", [p.name for p in procs])
