"""A tiny macro assembler that writes Brainf*ck: named cells, loops, copies, conditionals, decimal
input and output. The write tasks' reference programs are built from these macros.

Every macro leaves its temporary cells at zero, so macros can sit inside loops. Input is read with
"clear, then `,`", so a program behaves the same whether `,` at end of input leaves the cell
unchanged or sets it to 0.
"""
from __future__ import annotations

from contextlib import contextmanager


PRINT_NUMBER = (">>++++++++++<<[->+>-[>+>>]>[+[-<+>]>+>>]<<<<<<]>>[-]>>>++++++++++<[->-[>+>>]>"
                "[+[-<+>]>+>>]<<<<<]>[-]>>[>++++++[-<++++++++>]<.<<+>+>[-]]<[<[->-<]++++++"
                "[->++++++++<]>.[-]]<<++++++[-<++++++++>]<.[-]<<[-<+>]<")


class BfBuilder:
    """Appends Brainf*ck code while tracking where the pointer is."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.ptr = 0
        self.cells = 0
        self.free: set[int] = set()  # released temporaries (zero), reused nearest-first

    def code(self) -> str:
        return "".join(self.parts)

    def cell(self) -> int:
        """A zero cell: the released one nearest the pointer, else a new one (short moves)."""
        if self.free:
            c = min(self.free, key=lambda f: abs(f - self.ptr))
            self.free.remove(c)
            return c
        self.cells += 1
        return self.cells - 1

    def release(self, *cells: int) -> None:
        """Give back cells that are zero again."""
        self.free.update(cells)

    # -- primitives ----------------------------------------------------------------------

    def moves(self, a: int, b: int) -> str:
        return ">" * (b - a) if b > a else "<" * (a - b)

    def at(self, c: int) -> None:
        self.parts.append(self.moves(self.ptr, c))
        self.ptr = c

    def add(self, c: int, n: int) -> None:
        """cell c += n (mod 256): a run of `+`/`-`, or `a` times `b` in a loop on the free cell
        nearest to c plus a remainder, whichever is shorter."""
        n %= 256
        sign, n = ("+", n) if n <= 128 else ("-", 256 - n)
        plain = self.moves(self.ptr, c) + sign * n
        counter = min(self.free | {self.cells}, key=lambda f: abs(f - c))
        a = max(1, round(n ** 0.5))
        b, r = divmod(n, a)
        to_c, back = self.moves(counter, c), self.moves(c, counter)
        looped = (self.moves(self.ptr, counter) + "+" * a + "[-" + to_c + sign * b + back
                  + "]" + to_c + sign * r)
        if len(looped) < len(plain):
            if counter == self.cells:  # a new cell, left at zero: free for later
                self.cells += 1
                self.free.add(counter)
            plain = looped
        self.parts.append(plain)
        self.ptr = c

    def clear(self, c: int) -> None:
        self.at(c)
        self.parts.append("[-]")

    def set(self, c: int, n: int) -> None:
        self.clear(c)
        self.add(c, n)

    def read(self, c: int) -> None:
        self.clear(c)
        self.parts.append(",")

    def put(self, c: int) -> None:
        self.at(c)
        self.parts.append(".")

    @contextmanager
    def loop(self, c: int):
        """`while cell c != 0: body` (the body must leave c's value meaningful)."""
        self.at(c)
        self.parts.append("[")
        yield
        self.at(c)
        self.parts.append("]")

    # -- data movement -------------------------------------------------------------------

    def move(self, src: int, *dsts: int, factor: int = 1) -> None:
        """Add `factor * src` to every dst and zero src."""
        with self.loop(src):
            self.add(src, -1)
            for d in dsts:
                self.add(d, factor)

    def copy(self, src: int, dst: int) -> None:
        """Add src to dst, keeping src."""
        t = self.cell()
        self.move(src, dst, t)
        self.move(t, src)
        self.release(t)

    def mul_add(self, dst: int, a: int, b: int) -> None:
        """dst += a * b, keeping a and b."""
        t = self.cell()
        self.copy(a, t)
        with self.loop(t):
            self.add(t, -1)
            self.copy(b, dst)
        self.release(t)

    # -- conditionals (the body runs at most once) ----------------------------------------

    @contextmanager
    def if_nonzero(self, c: int):
        t = self.cell()
        self.copy(c, t)
        with self.loop(t):
            yield
            self.clear(t)
        self.release(t)

    @contextmanager
    def if_equal(self, c: int, k: int):
        t, flag = self.cell(), self.cell()
        self.copy(c, t)
        self.add(t, -k)
        self.add(flag, 1)
        with self.loop(t):
            self.add(flag, -1)
            self.clear(t)
        self.release(t)
        with self.loop(flag):
            yield
            self.add(flag, -1)
        self.release(flag)

    def switch(self, c: int, cases: list) -> None:
        """Run `cases[v]()` for the value v of cell c (0 <= v < len(cases)); c becomes 0.

        Nested loops peel one off c per level, so the loop at depth j is entered when v > j; a
        flag cleared by the first case that runs tells each level whether v was exactly j."""
        flag = self.cell()
        self.add(flag, 1)
        for _ in cases[:-1]:
            self.at(c)
            self.parts.append("[")
            self.add(c, -1)
        self.add(flag, -1)  # innermost: v is the last case
        cases[-1]()
        for case in reversed(cases[:-1]):
            self.at(c)
            self.parts.append("]")
            with self.loop(flag):
                self.add(flag, -1)
                case()
        self.release(flag)

    # -- text and numbers ----------------------------------------------------------------

    def print_text(self, text: bytes) -> None:
        c, value = self.cell(), 0
        for byte in text:
            self.add(c, byte - value)
            self.put(c)
            value = byte
        self.clear(c)
        self.release(c)

    def print_decimal(self, v: int) -> None:
        """Print v (0..255) in decimal without leading zeros, keeping v.

        The 8-bit "print value of cell x as number" routine of esolangs.org's "Brainfuck
        algorithms": two divmods by 10, then the digits; it works on ten zero cells from x on
        and leaves x where it was."""
        block = list(range(self.cells, self.cells + 10))  # new cells: adjacent and zero
        self.cells += 10
        self.copy(v, block[0])
        self.at(block[0])
        self.parts.append(PRINT_NUMBER)
        self.clear(block[0])
        self.release(*block)

    def read_stop_flag(self, c: int, flag: int, stop: int) -> None:
        """flag = 1 unless c is 0 (end of input) or the byte `stop`."""
        self.clear(flag)
        with self.if_nonzero(c):
            self.add(flag, 1)
            with self.if_equal(c, stop):
                self.add(flag, -1)

    def read_number(self, n: int) -> None:
        """n = the next decimal number of the input; consumes the space or end that follows."""
        c, more, t = self.cell(), self.cell(), self.cell()
        self.clear(n)
        self.add(more, 1)
        with self.loop(more):
            self.read(c)
            self.read_stop_flag(c, more, ord(" "))
            with self.if_nonzero(more):  # a digit: n = 10 * n + digit
                self.move(n, t)
                self.move(t, n, factor=10)
                self.add(c, -48)
                self.move(c, n)
        self.clear(c)
        self.release(c, more, t)
