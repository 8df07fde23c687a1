import threading
from datetime import date, datetime, timedelta

start = datetime(2024, 3, 1, 9, 0)
shift = timedelta(hours=8, minutes=30)
rotas = {}


def plan(worker, first_day, days):
    shifts = []
    for d in range(days):
        begin = start + timedelta(days=first_day + d)
        shifts.append((begin.strftime("%a %d %b %H:%M"), (begin + shift).strftime("%H:%M")))
    rotas[worker] = shifts


threads = [threading.Thread(target=plan, args=(w, i, 2)) for i, w in enumerate(["kim", "lee"])]
for t in threads:
    t.start()
for t in threads:
    t.join()
for worker in sorted(rotas):
    for begin, end in rotas[worker]:
        print(f"{worker}: {begin} - {end}")

week = timedelta(weeks=1)
print("a week is", week.total_seconds(), "seconds;", week // shift, "shifts fit with", week % shift, "left")
print("shift * 5 =", shift * 5)
print("leap day:", date(2024, 2, 28) + timedelta(days=1), "| days to new year:", (date(2025, 1, 1) - date(2024, 3, 1)).days)
print("isoformat:", (start + timedelta(minutes=90)).isoformat(), "| weekday:", start.weekday())
print("negative:", timedelta(hours=-1), "| repr:", repr(timedelta(days=1, seconds=5)))
