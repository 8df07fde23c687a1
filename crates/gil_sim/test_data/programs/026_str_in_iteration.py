s = "banana"
print("nan" in s)
print("x" in s)
print("x" not in s)
for ch in "abc":
    print(ch)
vowels = 0
for ch in s:
    if ch in "aeiou":
        vowels += 1
print("vowels:", vowels)
print(list("hey"))
print(s == "banana", s < "cherry", "B" < "a")
