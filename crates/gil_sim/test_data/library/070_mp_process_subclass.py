import multiprocessing


class Squarer(multiprocessing.Process):
    def __init__(self, numbers, results):
        super().__init__()
        self.numbers = numbers
        self.results = results

    def run(self):
        self.results.put((self.name, [n * n for n in self.numbers]))


if __name__ == "__main__":
    results = multiprocessing.Queue()
    workers = [Squarer(chunk, results) for chunk in ([1, 2, 3], [4, 5], [6])]
    print("names:", [w.name for w in workers])
    for w in workers:
        w.start()
    collected = [results.get() for _ in workers]
    for w in workers:
        w.join()
    for name, squares in sorted(collected):
        print(name, squares)
    print("exit codes:", [w.exitcode for w in workers])
