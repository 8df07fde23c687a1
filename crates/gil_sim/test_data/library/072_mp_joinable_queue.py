import multiprocessing


class Consumer(multiprocessing.Process):
    def __init__(self, task_queue, result_queue):
        super().__init__()
        self.task_queue = task_queue
        self.result_queue = result_queue

    def run(self):
        while True:
            next_task = self.task_queue.get()
            if next_task is None:  # poison pill: shut down
                self.task_queue.task_done()
                break
            answer = next_task()
            self.task_queue.task_done()
            self.result_queue.put(answer)


class Task:
    def __init__(self, a, b):
        self.a = a
        self.b = b

    def __call__(self):
        return f"{self.a} * {self.b} = {self.a * self.b}"


if __name__ == "__main__":
    tasks = multiprocessing.JoinableQueue()
    results = multiprocessing.Queue()
    consumers = [Consumer(tasks, results) for _ in range(2)]
    print("consumers:", ", ".join(c.name for c in consumers))
    for c in consumers:
        c.start()
    for i in range(6):
        tasks.put(Task(i, i + 1))
    for _ in consumers:
        tasks.put(None)
    tasks.join()
    answers = sorted((results.get() for _ in range(6)), key=lambda s: int(s.split()[0]))
    for line in answers:
        print("Result:", line)
    for c in consumers:
        c.join()
