text = "x"
print("converting", text)
number = int(text)
print(number)
