import itertools
import operator
from concurrent.futures import ThreadPoolExecutor


def evaluate(params):
    lr, batch = params
    return round(1 / (lr * batch), 3)


grid = list(itertools.product([0.1, 0.01], [16, 32, 64]))
with ThreadPoolExecutor(max_workers=3) as ex:
    scores = list(ex.map(evaluate, grid))
for params, score in zip(grid, scores):
    print(params, "->", score)

workers = itertools.cycle(["w1", "w2", "w3"])
jobs = itertools.islice(itertools.count(100, 5), 7)
print("round robin:", list(zip(workers, jobs)))
print("chain:", list(itertools.chain("ab", [1, 2], range(2))))
print("permutations:", ["".join(p) for p in itertools.permutations("abc", 2)])
print("combinations:", list(itertools.combinations(range(4), 3)))
print("running total:", list(itertools.accumulate([3, 1, 4, 1, 5])))
print("running max:", list(itertools.accumulate([3, 1, 4, 1, 5], max)))
print("zip_longest:", list(itertools.zip_longest("abc", [1], fillvalue="-")))
print("repeat:", list(itertools.repeat("ping", 3)))
print("starmap:", list(itertools.starmap(operator.pow, [(2, 3), (3, 2), (10, 0)])))

words = sorted(["apple", "avocado", "banana", "blueberry", "cherry", "apricot"])
for letter, group in itertools.groupby(words, key=lambda w: w[0]):
    print(letter, list(group))

left, right = itertools.tee(iter([1, 2, 3]))
print("tee:", list(left), sum(right))
