#!/usr/bin/env python3
"""Differential test of fundledger's exact decimals against Python's decimal module.

Generates random cases (add, sub, mul, neg, abs, cmp, div to places with every
rounding mode, div_exact, round to places, strict parsing of valid and broken
text with the error column, and text round trips), runs them all through ONE decimal_driver process and compares the
canonical text it prints with what Python's decimal computes.

    diff_decimal.py --driver PATH [--cases N] [--seed S]

The seed is printed; rerun with --seed S to replay a failure.
"""

import argparse
import decimal
import random
import re
import subprocess
import sys
import time
from decimal import Decimal

# fl_rounding names -> Python's rounding constants ("exact" is handled apart).
MODES = {
    "half-up": decimal.ROUND_HALF_UP,
    "half-even": decimal.ROUND_HALF_EVEN,
    "half-down": decimal.ROUND_HALF_DOWN,
    "up": decimal.ROUND_UP,
    "down": decimal.ROUND_DOWN,
    "ceiling": decimal.ROUND_CEILING,
    "floor": decimal.ROUND_FLOOR,
}
ALL_MODES = list(MODES) + ["exact"]

MAX_PARSE_DIGITS = 60
PRECISION = 500  # far more digits than any case needs: the oracle never rounds by itself


def exact_context():
    """A context in which any rounding raises instead of happening silently."""
    return decimal.Context(prec=PRECISION, Emax=10**6, Emin=-(10**6),
                           traps=[decimal.Inexact, decimal.Rounded, decimal.InvalidOperation,
                                  decimal.DivisionByZero, decimal.Overflow])


EXACT = exact_context()


def canonical(d):
    """fundledger's canonical text: plain digits, no exponent, never '-0'."""
    sign, digits, exponent = d.as_tuple()
    coefficient = "".join(map(str, digits))
    if int(coefficient) == 0:
        return "0" if exponent >= 0 else "0." + "0" * (-exponent)
    text = "-" if sign else ""
    if exponent >= 0:
        return text + coefficient + "0" * exponent
    places = -exponent
    if len(coefficient) > places:
        return text + coefficient[:-places] + "." + coefficient[-places:]
    return text + "0." + "0" * (places - len(coefficient)) + coefficient


def operand_text(d):
    """The driver's operand syntax: COEFFICIENTeEXPONENT."""
    sign, digits, exponent = d.as_tuple()
    return "%s%se%d" % ("-" if sign else "", "".join(map(str, digits)), exponent)


# --- the oracle -------------------------------------------------------------------


def quantize(value, places, mode, ctx_flags_inexact):
    """value (exact, or 05up-rounded far below the last place) to `places` with `mode`.

    Returns (Decimal or None for 'refused as inexact', inexact flag).
    """
    ctx = decimal.Context(prec=PRECISION, Emax=10**6, Emin=-(10**6),
                          rounding=MODES.get(mode, decimal.ROUND_DOWN), traps=[])
    result = value.quantize(Decimal((0, (1,), -places)), context=ctx)
    inexact = ctx_flags_inexact or bool(ctx.flags[decimal.Inexact])
    if ctx.flags[decimal.InvalidOperation]:
        raise AssertionError("quantize invalid for %s places %d" % (value, places))
    if mode == "exact" and inexact:
        return None, True
    return result, inexact


def oracle(case):
    op = case[0]
    if op == "parse":
        return expect_parse(case[1])
    a = case[1]
    if op == "neg":
        return canonical(EXACT.minus(a))
    if op == "abs":
        return canonical(EXACT.abs(a))
    if op == "text":
        # Text keeps the places; a positive exponent comes back as plain zeros.
        return "%s %s" % (canonical(a), "SAME" if a.as_tuple().exponent <= 0 else "VALUE")
    b = case[2]
    if op == "add":
        return canonical(EXACT.add(a, b))
    if op == "sub":
        return canonical(EXACT.subtract(a, b))
    if op == "mul":
        return canonical(EXACT.multiply(a, b))
    if op == "cmp":
        return str(int(a.compare(b)))
    if op == "divx":
        if b == 0:
            return "ERR DIVISION_BY_ZERO"
        try:
            return canonical(EXACT.divide(a, b))
        except (decimal.Inexact, decimal.Rounded):
            return "ERR INEXACT"
    if op == "div":
        places, mode = case[3], case[4]
        if b == 0:
            return "ERR DIVISION_BY_ZERO"
        # ROUND_05UP at a precision far beyond the last place keeps the sticky
        # information, so the second rounding is correct for every mode.
        ctx = decimal.Context(prec=PRECISION, Emax=10**6, Emin=-(10**6),
                              rounding=decimal.ROUND_05UP, traps=[])
        quotient = ctx.divide(a, b)
        result, inexact = quantize(quotient, places, mode, bool(ctx.flags[decimal.Inexact]))
        if result is None:
            return "ERR INEXACT"
        return "%s %d" % (canonical(result), inexact)
    if op == "round":
        places, mode = case[2], case[3]
        result, inexact = quantize(a, places, mode, False)
        if result is None:
            return "ERR INEXACT"
        return "%s %d" % (canonical(result), inexact)
    raise ValueError(op)


NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?\Z")


def viable_prefix_length(text):
    """Length of the longest prefix of text that begins some valid number."""
    state = "start"  # start, sign, int, point, frac
    for i, c in enumerate(text):
        digit = "0" <= c <= "9"
        if state == "start" and c == "-":
            state = "sign"
        elif state in ("start", "sign") and digit:
            state = "int"
        elif state == "int" and digit:
            pass
        elif state == "int" and c == ".":
            state = "point"
        elif state in ("point", "frac") and digit:
            state = "frac"
        else:
            return i
    return len(text)


def expect_parse(text):
    """The strict grammar, said differently than the C code says it."""
    length = viable_prefix_length(text)
    digit_positions = [i for i, c in enumerate(text[:length]) if "0" <= c <= "9"]
    if len(digit_positions) > MAX_PARSE_DIGITS:
        return "ERR RANGE %d" % (digit_positions[MAX_PARSE_DIGITS] + 1)
    if length < len(text) or not NUMBER.match(text):
        return "ERR SYNTAX %d" % (length + 1)
    value = Decimal(text)
    return "%s %d" % (canonical(value), value.as_tuple().exponent)


# --- case generation ----------------------------------------------------------------


class Generator:
    def __init__(self, rng):
        self.rng = rng

    def digits(self, n):
        r = self.rng
        kind = r.random()
        if kind < 0.08:
            return "9" * n
        if kind < 0.12:
            return "1" + "0" * (n - 1)
        first = str(r.randint(1, 9))
        return first + "".join(r.choice("0123456789") for _ in range(n - 1))

    def length(self):
        r = self.rng
        return r.choice([r.randint(1, 4), r.randint(1, 12), r.randint(1, 40)])

    def operand(self):
        r = self.rng
        if r.random() < 0.05:
            coefficient = 0
        else:
            coefficient = int(self.digits(self.length()))
        exponent = r.randint(-20, 20)
        sign = r.random() < 0.4
        return Decimal((sign, tuple(int(c) for c in str(coefficient)), exponent))

    def places(self):
        return self.rng.randint(-8, 25)

    def near_boundary(self, places, max_kept=18):
        """A value whose dropped digits are a tie, or one unit either side of it, or 0/9s."""
        r = self.rng
        kept = int(self.digits(r.randint(1, max_kept)))
        extra = r.randint(1, 12)  # dropped digits
        tie = 5 * 10 ** (extra - 1)
        dropped = r.choice([tie, tie - 1, tie + 1, 0, 1, 10**extra - 1])
        coefficient = kept * 10**extra + dropped
        exponent = -places - extra
        if abs(exponent) > 60:
            exponent = 0
        return Decimal((r.random() < 0.5, tuple(int(c) for c in str(coefficient)), exponent))

    def same_value(self, d):
        """d written with more trailing zeros (1.5 -> 1.500)."""
        sign, digits, exponent = d.as_tuple()
        k = self.rng.randint(0, 5)
        if len(digits) + k > 40 or exponent - k < -20:
            return d
        return Decimal((sign, tuple(digits) + (0,) * k, exponent - k))

    def parse_text(self):
        r = self.rng
        kind = r.random()
        if kind < 0.5:  # valid canonical text
            text = ("-" if r.random() < 0.4 else "") + self.digits(r.randint(1, 30))
            if r.random() < 0.6:
                text += "." + "".join(r.choice("0123456789") for _ in range(r.randint(1, 30)))
            if r.random() < 0.1:
                text = text.replace("-", "-0", 1) if text.startswith("-") else "0" + text
            return text
        if kind < 0.6:  # around the digit limit
            n = r.randint(MAX_PARSE_DIGITS - 2, MAX_PARSE_DIGITS + 2)
            text = self.digits(n)
            if r.random() < 0.5:
                cut = r.randint(1, n - 1)
                text = text[:cut] + "." + text[cut:]
            return ("-" if r.random() < 0.5 else "") + text
        # junk: valid pieces with stray characters inserted
        alphabet = "0123456789-.+e,_ \n\t" + "\u0111"
        return "".join(r.choice(alphabet) for _ in range(r.randint(0, 8)))

    def case(self):
        r = self.rng
        op = r.choices(["add", "sub", "mul", "neg", "abs", "cmp", "div", "divx", "round",
                        "parse", "text"],
                       weights=[12, 10, 12, 3, 3, 8, 20, 8, 18, 8, 4])[0]
        if op == "parse":
            return ("parse", self.parse_text())
        if op in ("neg", "abs", "text"):
            return (op, self.operand())
        if op == "round":
            places = self.places()
            a = self.near_boundary(places) if r.random() < 0.5 else self.operand()
            return ("round", a, places, r.choice(ALL_MODES))
        if op == "cmp":
            a = self.operand()
            choice = r.random()
            if choice < 0.3:
                b = self.same_value(a)
            elif choice < 0.4:
                b = -a
            else:
                b = self.operand()
            return ("cmp", a, b)
        if op == "div":
            places = self.places()
            a, b = self.operand(), self.operand()
            if r.random() < 0.3 and b != 0:
                # a = b x (a value at a rounding boundary): exact ties in the quotient
                q = self.near_boundary(places, max_kept=8)  # at most 20 digits
                a = EXACT.multiply(b, q)
                if len(a.as_tuple().digits) > MAX_PARSE_DIGITS:
                    a = q
            if r.random() < 0.02:
                b = Decimal(0)
            return ("div", a, b, places, r.choice(ALL_MODES))
        if op == "divx":
            a = self.operand()
            if r.random() < 0.5:
                # a terminating quotient: b = k x 2^i x 5^j, a a multiple of k
                k = r.randint(1, 999)
                b_int = k * 2 ** r.randint(0, 40) * 5 ** r.randint(0, 25)
                a_int = k * int(self.digits(r.randint(1, 30)))
                b = Decimal((r.random() < 0.5, tuple(int(c) for c in str(b_int)),
                             r.randint(-20, 20)))
                a = Decimal((r.random() < 0.5, tuple(int(c) for c in str(a_int)),
                             r.randint(-20, 20)))
            else:
                b = self.operand()
            if r.random() < 0.02:
                b = Decimal(0)
            return ("divx", a, b)
        a, b = self.operand(), self.operand()
        if r.random() < 0.1:
            b = -self.same_value(a)  # cancellation down to zero
        return (op, a, b)


def case_line(case):
    op = case[0]
    if op == "parse":
        return "parse " + (case[1].encode("utf-8").hex() or "")
    fields = [op] + [operand_text(x) if isinstance(x, Decimal) else str(x) for x in case[1:]]
    return " ".join(fields)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--driver", required=True, help="path of the decimal_driver program")
    parser.add_argument("--cases", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()

    seed = args.seed if args.seed is not None else int(time.time() * 1000) % (2**32)
    print("diff.decimal: seed %d (replay with --seed %d)" % (seed, seed), flush=True)
    generator = Generator(random.Random(seed))
    cases = [generator.case() for _ in range(args.cases)]
    lines = [case_line(c) for c in cases]
    expected = [oracle(c) for c in cases]

    run = subprocess.run([args.driver], input="\n".join(lines) + "\n", capture_output=True,
                         text=True, check=False)
    got = run.stdout.split("\n")
    if got and got[-1] == "":
        got.pop()
    if run.returncode != 0 or len(got) != len(cases):
        print("diff.decimal: the driver exited with %d after %d of %d lines"
              % (run.returncode, len(got), len(cases)))
        sys.stderr.write(run.stderr[-4000:])
        return 1

    mismatches = [(line, want, have) for line, want, have in zip(lines, expected, got)
                  if want != have]
    for line, want, have in mismatches[:10]:
        print("diff.decimal: MISMATCH %s\n  expected: %s\n  got:      %s" % (line, want, have))
    counts = {}
    for c in cases:
        counts[c[0]] = counts.get(c[0], 0) + 1
    print("diff.decimal: cases by operation: " +
          ", ".join("%s %d" % (op, n) for op, n in sorted(counts.items())))
    print("diff.decimal: seed %d, %d cases, %d mismatches" % (seed, len(cases), len(mismatches)))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
