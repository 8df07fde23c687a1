# 3.9 retargets a jump to a jump only when the new target fits in the bytes the old jump
# took: past byte 255 a JUMP_FORWARD to a loop's JUMP_ABSOLUTE stays a JUMP_FORWARD.
total = 0
total += 0
total += 1
total += 2
total += 3
total += 4
total += 5
total += 6
total += 7
total += 8
total += 9
total += 10
total += 11
total += 12
total += 13
total += 14
total += 15
total += 16
total += 17
total += 18
total += 19
total += 20
total += 21
total += 22
total += 23
total += 24
total += 25
total += 26
total += 27
total += 28
total += 29
total += 30
total += 31
total += 32
total += 33
total += 34
total += 35
print(total)
for v in [1, 'x', 0, 5]:
    try:
        print(10 // v)
    except TypeError as e:
        print('TypeError', e)
    except ZeroDivisionError:
        print('zero')
while total > 600:
    total -= 7
    if total % 2:
        continue
    print(total)
print('done', total)
