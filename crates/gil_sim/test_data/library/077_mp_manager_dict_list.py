from multiprocessing import Manager, Process


def record(shared_dict, shared_list, name, score):
    shared_dict[name] = score
    shared_list.append(name.upper())


if __name__ == "__main__":
    with Manager() as manager:
        scores = manager.dict()
        names = manager.list()
        players = [("ann", 12), ("bob", 7), ("cat", 19), ("dan", 3)]
        procs = [Process(target=record, args=(scores, names, n, s)) for n, s in players]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        print("scores:", sorted(scores.items()))
        print("names:", sorted(names))
        print("best:", max(scores.keys(), key=scores.get))
        print("len:", len(scores), len(names))
        plain = scores.copy()
        print("copy is a plain dict:", type(plain).__name__)
    print("process names:", [p.name for p in procs])
