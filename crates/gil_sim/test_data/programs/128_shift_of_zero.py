# Shifting 0 left by any count is 0 at once; shifts of other values by small counts.
print(0 << 162162486486, 0 << 0, 1 << 3, -1 << 70, 0 >> 99999999999, 5 >> 1, -5 >> 1)
x = 0
x <<= 10**12
print(x)
