data = {
    "users": [
        {"name": "ann", "tags": ["admin", "dev"]},
        {"name": "bob", "tags": []},
    ],
    "counts": (1, 2, 3),
}
print(data["users"][0]["name"])
print(data["users"][0]["tags"][1])
print(len(data["users"][1]["tags"]))
data["users"].append({"name": "cy", "tags": ["ops"]})
for user in data["users"]:
    print(user["name"], user["tags"])
print(data["counts"][-1])
matrix = [[1, 2, 3], [4, 5, 6]]
total = 0
for row in matrix:
    for v in row:
        total += v
print(total, matrix)
print(data)
