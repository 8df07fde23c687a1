"""Prints CPython's disassembly of each file named on the command line in the plain form
`gilsim dis` prints, so the two can be compared line by line.

Each file starts with a line `=== PATH`; then, for every code object (module first, depth
first): `code QUALNAME`, and one `LINE OPNAME [ARG]` line per instruction. Cache entries and
EXTENDED_ARG are left out; jump arguments print as `->`; code constants as `<code NAME>`.
A file that does not compile prints `error: MESSAGE`.
"""
import dis
import sys
import types


def describe(instruction):
    if instruction.opcode in dis.hasjrel or instruction.opcode in dis.hasjabs:
        return "->"
    if isinstance(instruction.argval, types.CodeType):
        return "<code %s>" % instruction.argval.co_name
    return instruction.argrepr


def line_of(instruction):
    positions = getattr(instruction, "positions", None)
    if positions is not None and positions.lineno is not None:
        return positions.lineno
    start = instruction.starts_line
    if isinstance(start, int) and not isinstance(start, bool):
        return start
    return None


def show(code, out):
    out.append("code %s" % getattr(code, "co_qualname", code.co_name))
    current = None
    for instruction in dis.get_instructions(code):
        if instruction.opname in ("CACHE", "EXTENDED_ARG"):
            continue
        line = line_of(instruction)
        if line is not None:
            current = line
        out.append(("%s %s %s" % (current, instruction.opname, describe(instruction))).rstrip())
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            show(constant, out)


def main():
    for path in sys.argv[1:]:
        print("=== %s" % path)
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
        try:
            top = compile(source, path, "exec")
        except SyntaxError as error:
            print("error: %s" % error)
            continue
        lines = []
        show(top, lines)
        print("\n".join(lines))


main()
