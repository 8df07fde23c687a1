def box(width, height, depth=1):
    print("width", width, "height", height, "depth", depth)
    return width * height * depth


print(box(2, 3))
print(box(width=4, height=5))
print(box(height=5, width=4, depth=2))
print(box(1, depth=9, height=2))
