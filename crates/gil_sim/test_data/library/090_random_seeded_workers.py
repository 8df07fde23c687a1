import random
import threading

random.seed(2024)
print("random():", round(random.random(), 6))
print("randint(1, 6) x5:", [random.randint(1, 6) for _ in range(5)])
print("choice:", random.choice(["rock", "paper", "scissors"]))
deck = list(range(10))
random.shuffle(deck)
print("shuffled:", deck)
print("sample:", random.sample(range(100), 4))
print("uniform:", round(random.uniform(1.5, 2.5), 6))
print("gauss:", round(random.gauss(0, 1), 6))

# Each worker gets its own seeded generator, so threads never share state.
results = {}


def roll_dice(worker_id, rolls):
    rng = random.Random(worker_id)
    results[worker_id] = [rng.randint(1, 6) for _ in range(rolls)]


threads = [threading.Thread(target=roll_dice, args=(i, 6)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for worker_id in sorted(results):
    rolls = results[worker_id]
    print(f"worker {worker_id}: {rolls} total={sum(rolls)}")

random.seed(2024)
print("same seed, same first number:", round(random.random(), 6))
