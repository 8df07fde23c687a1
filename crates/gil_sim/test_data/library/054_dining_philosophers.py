import threading
import time

N = 5
forks = [threading.Lock() for _ in range(N)]
meals = [0] * N


def philosopher(i, rounds):
    left, right = i, (i + 1) % N
    first, second = min(left, right), max(left, right)  # resource ordering
    for _ in range(rounds):
        with forks[first]:
            with forks[second]:
                meals[i] += 1
                time.sleep(0.002)


diners = [threading.Thread(target=philosopher, args=(i, 3), name=f"philosopher-{i}") for i in range(N)]
for d in diners:
    d.start()
for d in diners:
    d.join()
for d, count in zip(diners, meals):
    print(f"{d.name} ate {count} times")
print("no deadlock, forks free:", not any(f.locked() for f in forks))
