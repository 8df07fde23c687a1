from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from functools import reduce

TEXT = """
the quick brown fox jumps over the lazy dog
the dog barks and the fox runs
a quick dog and a lazy fox
threads share the same memory so the counts must be merged
"""


def count_words(line):
    return Counter(line.lower().split())


lines = TEXT.strip().splitlines()
with ThreadPoolExecutor(max_workers=3) as executor:
    partial_counts = list(executor.map(count_words, lines))

total = reduce(lambda a, b: a + b, partial_counts, Counter())
print("lines:", len(lines), "distinct words:", len(total))
for word, count in total.most_common(5):
    print(f"{word:>6} {count}")
print("words per line:", [sum(c.values()) for c in partial_counts])
