import json
import threading

records = [
    {"id": 1, "name": "Ada", "langs": ["python", "c"], "active": True},
    {"id": 2, "name": "Bob", "langs": [], "active": False, "manager": None},
    {"id": 3, "name": "Zoë", "langs": ["rust"], "active": True, "score": 9.5},
]
encoded = [None] * len(records)


def encode(i):
    encoded[i] = json.dumps(records[i], sort_keys=True)


threads = [threading.Thread(target=encode, args=(i,)) for i in range(len(records))]
for t in threads:
    t.start()
for t in threads:
    t.join()

for line in encoded:
    print(line)
decoded = [json.loads(line) for line in encoded]
print("round trip equal:", decoded == records)
print(json.dumps({"count": len(decoded), "names": [r["name"] for r in decoded]}, indent=2, ensure_ascii=False))
print(json.dumps([1, 2.5, "x", None, True, (3, 4)], separators=(",", ":")))
try:
    json.loads('{"broken": [1, 2,}')
except json.JSONDecodeError as e:
    print("JSONDecodeError:", e.msg, "at line", e.lineno, "column", e.colno)
