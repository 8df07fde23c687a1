# Precisions past the 1074 digits a double's exact expansion can have are zeros; CPython
# accepts any precision up to 2**31 - 1.
x = 1.5
for spec in ['.70000f', '.70000e', '.70000g', '#.70000g', '.70000%', '.3000f', '.1100e', '.2000g']:
    r = format(x, spec)
    print(spec, len(r), r[:12], r[-12:])
print(len(f'{2/3:.70000f}'), f'{2/3:.70000f}'[1060:1120])
print(len('%.70000f' % 1e-300), ('%.70000f' % 1e-300)[290:320])
print(format(1e300, '.1200f')[-30:])
print(format(0.1, '.70000e')[-20:])
for bad in ['.2147483648f', '99999999999999999999']:
    try:
        format(1.5, bad)
    except ValueError as e:
        print(bad, 'ValueError', e)
