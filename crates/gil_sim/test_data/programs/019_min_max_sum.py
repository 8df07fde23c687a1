nums = [4, 9, -2, 7, 0]
print(min(nums), max(nums))
print(min(3, 1, 2), max(3, 1, 2))
print(sum(nums))
print(sum(nums, 100))
print(sum([0.1, 0.2, 0.3]))
print(sum([]))
print(min("banana"), max("banana"))
print(max([], default="empty"))


def neg(x):
    return -x


print(min(nums, key=neg), max(nums, key=neg))
print(max("apple", "fig", "kiwi", key=len))
print(sum(range(101)))
