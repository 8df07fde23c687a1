class Node:
    def __init__(self):
        self.value = None
        self.children = []


n = Node()
n.value = 10
n.children.append(Node())
n.children[0].value = 20
print(n.value, n.children[0].value)

grid = [[0, 0], [0, 0]]
grid[1][0] = 5
grid[0] = [1, 1]
print(grid)

d = {}
d["x"] = 1
d["nested"] = {}
d["nested"]["y"] = 2
print(d)

lst = [0, 1, 2, 3, 4]
lst[1:3] = ["a", "b", "c"]
print(lst)
lst[-1] = "last"
print(lst)
n.value, lst[0] = "attr", "sub"
print(n.value, lst[0])
