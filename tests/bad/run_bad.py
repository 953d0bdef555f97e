#!/usr/bin/env python3
"""Runs the bad-input corpus: every case folder in tests/bad/cases/ (made by
make_cases.py) plus the cases GENERATED below, which are too big to commit.

For each case the input files are copied to a fresh folder, the command in its
`cmd` file is run there, and the test checks
  - the exit code and the first line of stderr (the first diagnostic,
    `file:line:column: message`) against manifest.tsv;
  - that no file in the folder was created, changed or removed when the
    command failed (no half-written export, no temporary file left behind,
    a journal that `add` refused is byte for byte the same);
  - that nothing crashed (exit codes above 3 or signals fail every case).

  run_bad.py --fundledger PATH [--update] [--only SUBSTRING]

--update rewrites manifest.tsv from what the binary does now: review the
diff before committing it.
"""
import argparse, hashlib, os, shlex, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, 'cases')
MANIFEST = os.path.join(HERE, 'manifest.tsv')
TEN_MB = 10 * 1024 * 1024
HDR = 'Ngày,Đơn vị,Nguồn,Số tiền,Loại,Số chứng từ,Nội dung\n'
EXPORT = 'export --xlsx out.xlsx --json out.json'


def gen_csv_10mb_line(d):
    with open(os.path.join(d, 'big.csv'), 'w') as f:
        f.write(HDR + '15/03/2018,Kim Chính,CD.TM,1.000,,PT-01,' + 'x' * TEN_MB + '\n')
    return EXPORT + ' big.csv'


def gen_csv_10mb_quoted_field(d):
    with open(os.path.join(d, 'big.csv'), 'w') as f:
        f.write(HDR + '15/03/2018,Kim Chính,CD.TM,1.000,,PT-01,"' + 'a,b\n' * (TEN_MB // 4) + '"\n')
    return EXPORT + ' big.csv'


def gen_csv_10mb_amount(d):
    with open(os.path.join(d, 'big.csv'), 'w') as f:
        f.write(HDR + '15/03/2018,Kim Chính,CD.TM,' + '9' * TEN_MB + ',,PT-01,x\n')
    return EXPORT + ' big.csv'


def gen_journal_10mb_line(d):
    with open(os.path.join(d, 'big.journal'), 'w') as f:
        f.write('fiscal-year 2018\n2018-03-15 "Kim Chính" CD.TM 1.000 memo="' + 'x' * TEN_MB + '"\n')
    return EXPORT + ' big.journal'


def gen_journal_10mb_no_newline(d):
    with open(os.path.join(d, 'big.journal'), 'w') as f:
        f.write('fiscal-year 2018\n' + '2' * TEN_MB)
    return EXPORT + ' big.journal'


def gen_claims_10mb_line(d):
    with open(os.path.join(d, 'base.journal'), 'w') as f:
        f.write('fiscal-year 2018\n2018-03-15 "Kim Chính" CD.TM 1.000 ref=A\n')
    with open(os.path.join(d, 'big.claims'), 'w') as f:
        f.write('total source=CD unit="' + 'K' * TEN_MB + '" == 1\n')
    return 'check --claims big.claims base.journal'


def gen_journal_deep_include_chain(d):
    depth = 40
    for i in range(depth):
        with open(os.path.join(d, f'level{i:02d}.journal'), 'w') as f:
            f.write(f'include "level{i + 1:02d}.journal"\n' if i + 1 < depth else
                    '2018-03-15 "Kim Chính" CD.TM 1.000 ref=A\n')
    return EXPORT + ' level00.journal'


def gen_journal_long_include_cycle(d):
    n = 10
    for i in range(n):
        with open(os.path.join(d, f'c{i}.journal'), 'w') as f:
            f.write(f'include "c{(i + 1) % n}.journal"\n')
    return EXPORT + ' c0.journal'


def gen_journal_100k_errors(d):
    with open(os.path.join(d, 'many.journal'), 'w') as f:
        f.write('fiscal-year 2018\n' + '2018-02-30 "Kim Chính" CD.TM 1.000\n' * 100000)
    return EXPORT + ' many.journal'


def gen_add_after_10mb_torn_line(d):
    with open(os.path.join(d, 'j.journal'), 'w') as f:
        f.write('fiscal-year 2018\n2018-03-15 "Kim Chính" CD.TM 1.000 memo="' + 'x' * TEN_MB)
    return 'add j.journal --date 2018-06-01 --unit X --source CD.TM --amount 1'



def _summary():
    with open(os.path.join(HERE, '..', 'fuzz', 'corpus', 'summary', 'one-xa.json'), encoding='utf-8') as f:
        return f.read()


def gen_rollup_10mb_string(d):
    with open(os.path.join(d, 'big.json'), 'w', encoding='utf-8') as f:
        f.write(_summary().replace('"Phát Diệm"', '"' + 'x' * TEN_MB + '"'))
    return 'rollup --json out.json --xlsx out.xlsx big.json'


def gen_rollup_10mb_amount(d):
    with open(os.path.join(d, 'big.json'), 'w', encoding='utf-8') as f:
        f.write(_summary().replace('"actual":\t"9436085000"', '"actual":\t"' + '9' * TEN_MB + '"', 1))
    return 'rollup --json out.json --xlsx out.xlsx big.json'


def gen_rollup_million_nested_arrays(d):
    with open(os.path.join(d, 'deep.json'), 'w') as f:
        f.write('[' * 1000000 + ']' * 1000000)
    return 'rollup --json out.json --xlsx out.xlsx deep.json'


GENERATED = {name[4:].replace('_', '-'): fn for name, fn in globals().items() if name.startswith('gen_')}


def snapshot(d):
    out = {}
    for root, dirs, files in os.walk(d):
        for name in files + [x for x in dirs if os.path.islink(os.path.join(root, x))]:
            p = os.path.join(root, name)
            with open(p, 'rb') as f:
                out[os.path.relpath(p, d)] = hashlib.sha256(f.read()).hexdigest()
    return out


def argv_of(cmd, d):
    args = []
    for a in shlex.split(cmd):
        if a == '@bad-utf8':
            args.append(b'a\xffb')
        elif a.startswith('@'):
            with open(os.path.join(d, a[1:]), 'rb') as f:
                args.append(f.read())
        else:
            args.append(a.encode())
    return args


def run_case(fundledger, name, d_case, tmp):
    if name in GENERATED:
        cmd = GENERATED[name](tmp)
    else:
        for entry in os.listdir(d_case):
            if entry == 'cmd':
                continue
            src = os.path.join(d_case, entry)
            (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, os.path.join(tmp, entry))
        with open(os.path.join(d_case, 'cmd'), encoding='utf-8') as f:
            cmd = f.read()[:-1]
    before = snapshot(tmp)
    try:
        p = subprocess.run([fundledger.encode()] + argv_of(cmd, tmp), cwd=tmp, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    except subprocess.TimeoutExpired:
        return None, 'TIMEOUT', ['the command did not finish in 120 s']
    problems = []
    lines = p.stderr.decode('utf-8', 'replace').splitlines()
    first = lines[0] if lines else '-'
    if p.returncode < 0 or p.returncode > 3:
        problems.append(f'crashed or unknown exit code {p.returncode}: {p.stderr[-2000:]!r}')
    if b'Sanitizer' in p.stderr or b'runtime error' in p.stderr:
        problems.append('sanitizer report: ' + p.stderr.decode('utf-8', 'replace')[-3000:])
    after = snapshot(tmp)
    if p.returncode != 0 and after != before:
        added = sorted(set(after) - set(before))
        changed = sorted(k for k in before if after.get(k) != before[k])
        problems.append(f'files changed although the command failed: new {added}, changed/removed {changed}')
    return p.returncode, first, problems


def read_manifest():
    rows = {}
    if os.path.exists(MANIFEST):
        with open(MANIFEST, encoding='utf-8') as f:
            for line in f:
                if line.startswith('#') or not line.strip():
                    continue
                name, code, diag = line.rstrip('\n').split('\t', 2)
                rows[name] = (int(code), diag)
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--fundledger', required=True)
    ap.add_argument('--update', action='store_true')
    ap.add_argument('--only', default='')
    args = ap.parse_args()
    fundledger = os.path.abspath(args.fundledger)
    names = sorted(os.listdir(CASES)) + sorted(GENERATED)
    names = [n for n in names if args.only in n]
    expected = read_manifest()
    results, failures = {}, 0
    for name in names:
        tmp = tempfile.mkdtemp(prefix='fl-bad-')
        try:
            code, first, problems = run_case(fundledger, name, os.path.join(CASES, name), tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        results[name] = (code, first)
        if not args.update:
            if name not in expected:
                problems.append('not in manifest.tsv (run with --update and review)')
            elif expected[name] != (code, first):
                problems.append(f'expected exit {expected[name][0]}, "{expected[name][1]}"\n'
                                f'     got exit {code}, "{first}"')
        if problems:
            failures += 1
            print(f'FAIL {name}')
            for pr in problems:
                print('     ' + pr)
    if args.update:
        with open(MANIFEST, 'w', encoding='utf-8') as f:
            f.write('# case\texit code\tfirst line of stderr (the first diagnostic); made by '
                    'run_bad.py --update, reviewed by hand\n')
            for name in sorted(results):
                f.write(f'{name}\t{results[name][0]}\t{results[name][1]}\n')
    missing = [] if args.only or args.update else sorted(set(expected) - set(names))
    for name in missing:
        failures += 1
        print(f'FAIL {name}: in manifest.tsv but no such case')
    print(f'{len(names)} bad inputs, {failures} failed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
