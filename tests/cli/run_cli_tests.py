#!/usr/bin/env python3
"""Runs fundledger's command-line fixtures.

Each case is a folder CASES/<name>/ holding:

  cmd     the arguments, one per line, without the program name (an empty
          line is an empty argument; no shell, so no quoting to get wrong)
  stdout  the expected standard output, byte for byte (absent: must be empty)
  stderr  the expected standard error, byte for byte (absent: must be empty)
  exit    the expected exit code (absent: 0)
  stdin   optional: fed to standard input (absent: standard input is empty)

The program runs with the repository root as its working directory (paths in
`cmd` are relative to it) and with LC_ALL=C.UTF-8, TZ=UTC, so output does not
depend on the machine.

  run_cli_tests.py --fundledger PATH --cases DIR [--update] [NAME...]

NAME limits the run to cases whose name contains it.  --update (re)writes
`stdout`, `stderr` and `exit` from what the program printed: review the diff
before committing it.  The last line is "cli: N passed, M failed"; the exit
code is 1 when a case failed.
"""

import argparse
import difflib
import os
import subprocess
import sys

TIMEOUT_SECONDS = 60
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def read_bytes(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None


def read_args(path):
    text = read_bytes(path)
    if text is None:
        raise ValueError("no cmd file")
    lines = text.decode("utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line
    return lines


VALGRIND_LOG = None


def run_case(program, case_dir):
    args = read_args(os.path.join(case_dir, "cmd"))
    stdin = read_bytes(os.path.join(case_dir, "stdin"))
    env = dict(os.environ, LC_ALL="C.UTF-8", TZ="UTC")
    wrapper = []
    if VALGRIND_LOG:
        # memcheck: any error or definite/indirect leak is written to the log.
        if os.path.exists(VALGRIND_LOG):
            os.remove(VALGRIND_LOG)
        wrapper = ["valgrind", "--quiet", "--leak-check=full",
                   "--show-leak-kinds=definite,indirect",
                   "--errors-for-leak-kinds=definite,indirect", "--trace-children=no",
                   "--log-file=" + VALGRIND_LOG]
    proc = subprocess.run(
        wrapper + [program] + args,
        input=stdin if stdin is not None else b"",
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO_ROOT,
        env=env,
        timeout=TIMEOUT_SECONDS * (20 if VALGRIND_LOG else 1),
    )
    if VALGRIND_LOG:
        log = read_bytes(VALGRIND_LOG) or b""
        if log.strip():
            raise ValueError("valgrind memcheck reported:\n" + log.decode("utf-8", "replace"))
    return proc.stdout, proc.stderr, proc.returncode


def expected_of(case_dir):
    stdout = read_bytes(os.path.join(case_dir, "stdout")) or b""
    stderr = read_bytes(os.path.join(case_dir, "stderr")) or b""
    exit_text = read_bytes(os.path.join(case_dir, "exit"))
    exit_code = int(exit_text.decode("ascii").strip()) if exit_text is not None else 0
    return stdout, stderr, exit_code


def diff(name, what, expected, actual):
    lines = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(keepends=True),
        actual.decode("utf-8", "replace").splitlines(keepends=True),
        fromfile="%s/%s (expected)" % (name, what),
        tofile="%s/%s (actual)" % (name, what),
    )
    text = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in lines)
    if not text:  # the texts differ only in bytes that decoding hid
        text = "%s/%s: expected %r\n%s/%s:   actual %r\n" % (name, what, expected, name, what,
                                                          actual)
    return text


def write_expected(case_dir, stdout, stderr, exit_code):
    with open(os.path.join(case_dir, "stdout"), "wb") as f:
        f.write(stdout)
    stderr_path = os.path.join(case_dir, "stderr")
    if stderr:
        with open(stderr_path, "wb") as f:
            f.write(stderr)
    elif os.path.exists(stderr_path):
        os.remove(stderr_path)
    with open(os.path.join(case_dir, "exit"), "w") as f:
        f.write("%d\n" % exit_code)


def main():
    parser = argparse.ArgumentParser(description="Run fundledger's command-line fixtures.")
    parser.add_argument("--fundledger", required=True, help="the fundledger program to test")
    parser.add_argument("--cases", required=True, help="the folder of case folders")
    parser.add_argument("--update", action="store_true",
                        help="rewrite the expected files from the actual output")
    parser.add_argument("--valgrind", action="store_true",
                        help="run every case under valgrind memcheck; any error or leak fails it")
    parser.add_argument("names", nargs="*", help="run only cases whose name contains one of these")
    options = parser.parse_args()
    if options.valgrind:
        global VALGRIND_LOG
        import tempfile
        VALGRIND_LOG = os.path.join(tempfile.mkdtemp(prefix="fl-vg-"), "memcheck.log")

    program = os.path.abspath(options.fundledger)
    if not os.access(program, os.X_OK):
        print("cli: %s is not an executable program" % options.fundledger, file=sys.stderr)
        return 2
    if not os.path.isdir(options.cases):
        print("cli: %s is not a folder of cases" % options.cases, file=sys.stderr)
        return 2

    passed = failed = 0
    for name in sorted(os.listdir(options.cases)):
        case_dir = os.path.join(options.cases, name)
        if not os.path.isdir(case_dir):
            continue
        if options.names and not any(n in name for n in options.names):
            continue
        try:
            actual = run_case(program, case_dir)
        except (ValueError, OSError, UnicodeDecodeError, subprocess.TimeoutExpired) as e:
            print("FAIL %s: %s" % (name, e))
            failed += 1
            continue
        if options.update:
            write_expected(case_dir, *actual)
        expected = expected_of(case_dir)
        report = []
        for what, want, got in zip(("stdout", "stderr"), expected[:2], actual[:2]):
            if want != got:
                report.append(diff(name, what, want, got))
        if expected[2] != actual[2]:
            report.append("%s/exit: expected %d, actual %d\n" % (name, expected[2], actual[2]))
        if report:
            print("FAIL %s" % name)
            sys.stdout.write("".join(report))
            failed += 1
        else:
            print("ok   %s" % name)
            passed += 1

    print("cli: %d passed, %d failed" % (passed, failed))
    if passed + failed == 0:
        print("cli: no case ran", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
