import bisect
import heapq
import threading

schedule = []
heapq.heappush(schedule, (30, "send report"))
heapq.heappush(schedule, (10, "backup database"))
heapq.heappush(schedule, (20, "rotate logs"))
heapq.heappush(schedule, (10, "check disk"))
ran = []


def runner():
    while schedule:
        at, task = heapq.heappop(schedule)
        ran.append(f"t={at}: {task}")


t = threading.Thread(target=runner)
t.start()
t.join()
print("\n".join(ran))

numbers = [9, 4, 7, 1, 8, 2]
print("smallest 2:", heapq.nsmallest(2, numbers), "largest 2:", heapq.nlargest(2, numbers))
heapq.heapify(numbers)
print("heap[0]:", numbers[0], "pushpop:", heapq.heappushpop(numbers, 3), "replace:", heapq.heapreplace(numbers, 10))
print("merged:", list(heapq.merge([1, 4, 9], [2, 3, 10], [5])))


def grade(score, breakpoints=(60, 70, 80, 90), grades="FDCBA"):
    return grades[bisect.bisect(breakpoints, score)]


print([grade(s) for s in (33, 99, 77, 70, 89, 90, 100)])
ages = [18, 25, 31, 47]
bisect.insort(ages, 29)
print("insort:", ages, "left:", bisect.bisect_left(ages, 29), "right:", bisect.bisect_right(ages, 29))
