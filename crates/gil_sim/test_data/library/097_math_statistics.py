import math
import statistics
import threading

readings = {
    "north": [12.5, 13.1, 12.9, 14.2, 13.3],
    "south": [18.0, 17.5, 19.25, 18.75],
    "east": [15.0, 15.0, 16.5, 14.5, 15.0, 17.0],
}
summary = {}
lock = threading.Lock()


def analyse(station, values):
    stats = {
        "mean": round(statistics.mean(values), 3),
        "median": statistics.median(values),
        "stdev": round(statistics.stdev(values), 3),
        "range": max(values) - min(values),
    }
    with lock:
        summary[station] = stats


threads = [threading.Thread(target=analyse, args=item) for item in readings.items()]
for t in threads:
    t.start()
for t in threads:
    t.join()

for station in sorted(summary):
    print(station, summary[station])
everything = [v for values in readings.values() for v in values]
print("overall mean:", round(statistics.mean(everything), 4), "mode of east:", statistics.mode(readings["east"]))
print("fsum vs sum:", math.fsum([0.1] * 10), sum([0.1] * 10))
print("sqrt, hypot:", math.sqrt(2), math.hypot(3, 4))
print("gcd, lcm:", math.gcd(84, 36), math.lcm(4, 6, 10))
print("floor, ceil, trunc:", math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.5))
print("isclose:", math.isclose(0.1 + 0.2, 0.3), "pi:", round(math.pi, 5), "comb:", math.comb(10, 3))
print("median of even count:", statistics.median([1, 3, 5, 7]), statistics.median_low([1, 3, 5, 7]))
