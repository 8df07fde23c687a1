# %-formatting: leading zeros are not digits too many; CPython's own limits.
print('%.0000000001f' % 1.5)
print('%5.0000000002d' % 7)
for f in ['%.3000000000f', '%.99999999999999999999999f', '%9999999999999999999d']:
    try:
        print(len(f % 1.5))
    except ValueError as e:
        print(f, type(e).__name__, e)
