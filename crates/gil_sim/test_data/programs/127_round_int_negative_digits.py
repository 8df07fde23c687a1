# round() of an int to a negative number of digits, ties to even, both signs, and a power of
# ten much larger than the value (0).
print(round(1234, -6132), round(-1234, -10**3), round(1234, -4), round(5000, -4), round(15000, -4), round(-15000, -4), round(25000, -4), round(-5000,-4), round(10**30+1, -30), round(10**30, -31), round(6*10**29, -30), round(-6*10**29, -30), round(5*10**29, -30), round(99, -2), round(-99, -2), round(50, -2), round(-50, -2), round(150, -2))
