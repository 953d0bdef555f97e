#!/usr/bin/env python3
"""Writes the bad-input corpus tests/bad/cases/ and the case list of tests/bad/manifest.tsv.

Each case is one input file (or a folder of files) and the command to run on it.
The expected exit code and first diagnostic are pinned in manifest.tsv: after an
intended change of a message, run `run_bad.py --update` and review the diff.
Cases too large to commit (a 10 MB line, a deep include chain) are made at test
time by run_bad.py (GENERATED there).
"""
import os, shutil, sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, 'cases')

HDR = 'Ngày,Đơn vị,Nguồn,Số tiền,Loại,Số chứng từ,Nội dung\n'
ROW = '15/03/2018,Kim Chính,CD.TM,1.250.000.000,thực hiện,PT-01,Dân góp tiền\n'
BASE_J = ('locale vi\nfiscal-year 2018\n'
          '2018-03-15 "Kim Chính" CD.TM 1.250.000.000 ref=PT-01 memo="Dân góp tiền"\n'
          '2018-05-10 "Phát Diệm" NS.DP.HUYEN 2,5 tỷ ref=QĐ-112\n'
          '2018-01-05 "Huyện Kim Sơn" THU 151,8 tỷ kind=estimate ref=NQ-01\n'
          '2018-12-20 "Huyện Kim Sơn" THU 261,8 tỷ ref=TH-01\n')
EXPORT = 'export --xlsx out.xlsx --json out.json'
cases = []  # (name, files: {relpath: bytes}, command)


def b(s):
    return s.encode('utf-8') if isinstance(s, str) else s


def csv(name, data, cmd=None):
    cases.append((name, {name + '.csv': b(data)}, (cmd or EXPORT) + ' ' + name + '.csv'))


def journal(name, data, cmd=None, extra=None):
    files = {name + '.journal': b(data)}
    files.update({k: b(v) for k, v in (extra or {}).items()})
    cases.append((name, files, (cmd or EXPORT) + ' ' + name + '.journal'))


def claims(name, data):
    cases.append((name, {'base.journal': b(BASE_J), name + '.claims': b(data)},
                  'check --claims ' + name + '.claims base.journal'))


def calc(name, expr, opts=''):
    # the expression is read from the file by run_bad.py and passed as one argument
    cases.append((name, {name + '.expr': b(expr)}, ('calc ' + opts).strip() + ' -- @' + name + '.expr'))


def add(name, args, journal_text=BASE_J):
    cases.append((name, {'j.journal': b(journal_text)}, 'add j.journal ' + args))


# --- CSV -------------------------------------------------------------------------------
csv('csv-empty', '')
csv('csv-header-only', HDR)
csv('csv-bom-only', '\ufeff')
csv('csv-bom-header-only', '\ufeff' + HDR)
csv('csv-blank-lines-only', '\n\n\n')
csv('csv-bom-in-middle', HDR + '15/03/2018,Kim Chính,CD.TM,\ufeff1.250.000.000,thực hiện,PT-01,x\n')
csv('csv-bom-second-line', HDR + '\ufeff' + ROW)
csv('csv-nul-in-field', HDR + ROW.replace('Dân', 'D\0n'))
csv('csv-nul-in-header', HDR.replace('Nguồn', 'Ng\0uồn') + ROW)
csv('csv-utf16le', ('\ufeff' + HDR + ROW).encode('utf-16-le'))
csv('csv-invalid-utf8-lead', HDR.encode() + b'15/03/2018,Kim Ch\xc3,CD.TM,1.000,,PT-01,x\n')
csv('csv-invalid-utf8-continuation', HDR.encode() + b'15/03/2018,Kim \x80Chinh,CD.TM,1.000,,PT-01,x\n')
csv('csv-overlong-utf8', HDR.encode() + b'15/03/2018,Kim \xc0\xafChinh,CD.TM,1.000,,PT-01,x\n')
csv('csv-latin1-tcvn', HDR.encode() + '15/03/2018,Kim Chính,CD.TM,1.000,,PT-01,Dân góp\n'.encode('latin-1', 'replace'))
csv('csv-surrogate-utf8', HDR.encode() + b'15/03/2018,Kim \xed\xa0\x80,CD.TM,1.000,,PT-01,x\n')
csv('csv-unbalanced-quote', HDR + '15/03/2018,"Kim Chính,CD.TM,1.000,,PT-01,x\n')
csv('csv-quote-in-unquoted', HDR + '15/03/2018,Kim "Chính",CD.TM,1.000,,PT-01,x\n')
csv('csv-text-after-closing-quote', HDR + '15/03/2018,"Kim Chính"x,CD.TM,1.000,,PT-01,x\n')
csv('csv-unclosed-header-quote', '"Ngày,Đơn vị,Nguồn,Số tiền\n' + ROW)
csv('csv-cr-only-line-ends', (HDR + ROW + ROW.replace('PT-01', 'PT-02')).replace('\n', '\r'))
csv('csv-lone-cr-in-row', HDR + '15/03/2018,Kim Chính,CD.TM,1.000\r,,PT-01,x\n')
csv('csv-mixed-delimiters', HDR + ROW.replace(',', ';', 3))
csv('csv-semicolon-header-comma-rows', HDR.replace(',', ';') + ROW)
csv('csv-wrong-delimiter-forced', HDR + ROW, EXPORT + ' --delimiter semicolon')
csv('csv-one-column-header', 'Ngày\n15/03/2018\n')
csv('csv-delimiter-tie', 'Ngày,Đơn vị;Nguồn\n1,2;3\n')
csv('csv-too-few-fields', HDR + '15/03/2018,Kim Chính,CD.TM\n')
csv('csv-too-many-fields', HDR + ROW.rstrip('\n') + ',extra,more\n')
csv('csv-missing-amount-column', 'Ngày,Đơn vị,Nguồn\n15/03/2018,Kim Chính,CD.TM\n')
csv('csv-unknown-column', 'Ngày,Đơn vị,Nguồn,Số tiền,Màu sắc\n15/03/2018,Kim Chính,CD.TM,1.000,đỏ\n')
csv('csv-duplicate-column', 'Ngày,Đơn vị,Nguồn,Số tiền,Số tiền\n15/03/2018,Kim Chính,CD.TM,1.000,2.000\n')
csv('csv-vi-1.5', HDR + ROW.replace('1.250.000.000', '1.5'))
csv('csv-vi-two-decimal-marks', HDR + ROW.replace('1.250.000.000', '"1.908,5,1"'))
csv('csv-vi-bad-grouping', HDR + ROW.replace('1.250.000.000', '1.25.000'))
csv('csv-en-1,5', HDR + ROW.replace('1.250.000.000', '"1,5"'), EXPORT + ' --locale en')
csv('csv-en-vi-number', HDR + ROW.replace('1.250.000.000', '"1.250,5"'), EXPORT + ' --locale en')
csv('csv-amount-letters', HDR + ROW.replace('1.250.000.000', '12a34'))
csv('csv-amount-empty', HDR + ROW.replace('1.250.000.000', ''))
csv('csv-amount-61-digits', HDR + ROW.replace('1.250.000.000', '1' * 61))
csv('csv-amount-past-cap-scaled', HDR + ROW.replace('1.250.000.000', '"' + '9' * 60 + ' nghìn tỷ"'))
csv('csv-amount-exponent', HDR + ROW.replace('1.250.000.000', '1E+9'))
csv('csv-amount-nan', HDR + ROW.replace('1.250.000.000', 'NaN'))
csv('csv-amount-infinity', HDR + ROW.replace('1.250.000.000', 'Infinity'))
csv('csv-amount-double-minus', HDR + ROW.replace('1.250.000.000', '--5'))
csv('csv-amount-negative', HDR + ROW.replace('1.250.000.000', '-5'))
csv('csv-amount-two-scales', HDR + ROW.replace('1.250.000.000', '2 tỷ triệu'))
csv('csv-amount-percent', HDR + ROW.replace('1.250.000.000', '5%'))
csv('csv-date-2018-02-30', HDR + ROW.replace('15/03/2018', '2018-02-30'))
csv('csv-date-30-02-2018', HDR + ROW.replace('15/03/2018', '30/02/2018'))
csv('csv-date-2018-13-01', HDR + ROW.replace('15/03/2018', '2018-13-01'))
csv('csv-date-31-04-2018', HDR + ROW.replace('15/03/2018', '31/04/2018'))
csv('csv-date-2019-02-29', HDR + ROW.replace('15/03/2018', '29/02/2019'))
csv('csv-date-us-order', HDR + ROW.replace('15/03/2018', '03/15/2018'))
csv('csv-date-text', HDR + ROW.replace('15/03/2018', 'hôm qua'))
csv('csv-date-empty', HDR + ROW.replace('15/03/2018', ''))
csv('csv-date-outside-fiscal-year', HDR + ROW + ROW.replace('15/03/2018', '15/03/2019').replace('PT-01', 'PT-02'))
csv('csv-unknown-source', HDR + ROW.replace('CD.TM', 'CD.TMX'))
csv('csv-unknown-top-source', HDR + ROW.replace('CD.TM', 'XYZ'))
csv('csv-source-lowercase-typo', HDR + ROW.replace('CD.TM', 'cd.tn'))
csv('csv-unknown-kind', HDR + ROW.replace('thực hiện', 'có lẽ'))
csv('csv-duplicate-ref', HDR + ROW + ROW.replace('15/03', '16/03'))
csv('csv-duplicate-ref-other-spelling', HDR + ROW + ROW.replace('Kim Chính', 'KIM CHÍNH').replace('15/03', '16/03'))
csv('csv-unit-empty', HDR + ROW.replace('Kim Chính', ''))
csv('csv-source-empty', HDR + ROW.replace('CD.TM', ''))
csv('csv-formula-memo-equals', HDR + ROW.replace('Dân góp tiền', '=SUM(A1:A9)'))
csv('csv-formula-memo-plus', HDR + ROW.replace('Dân góp tiền', '+cmd|\' /C calc\'!A0'))
csv('csv-formula-memo-at', HDR + ROW.replace('Dân góp tiền', '@SUM(1+1)*cmd|\' /C calc\'!A0'))
csv('csv-formula-unit', HDR + ROW.replace('Kim Chính', '=1+1'))
csv('csv-torn-last-row', HDR + ROW + '16/03/2018,Kim Chính,CD.TM,1.2')
csv('csv-torn-in-quotes', HDR + ROW + '16/03/2018,"Kim Ch')
csv('csv-tab-in-semicolon-file', HDR.replace(',', ';') + ROW.replace(',', ';').replace('Kim Chính', 'Kim\tChính').replace(';', '\t', 1))

# --- journal ---------------------------------------------------------------------------
J = 'fiscal-year 2018\n'
E = '2018-03-15 "Kim Chính" CD.TM 1.250.000.000 ref=PT-01\n'
journal('journal-empty', '', 'check')
journal('journal-only-comments', '# nothing here\n; nor here\n', 'check')
journal('journal-torn-last-line', J + E + '2018-03-16 "Kim Chính" CD.TM 1.2')
journal('journal-torn-after-quote', J + E + '2018-03-16 "Kim Ch')
journal('journal-torn-in-character', b(J + E + '2018-03-16 "Kim Ch') + b'\xc3')
journal('journal-nul-byte', J + E.replace('Kim', 'K\0m'))
journal('journal-utf16', (J + E).encode('utf-16'))
journal('journal-invalid-utf8', (J + E).encode().replace(b'Ch\xc3\xadnh', b'Ch\xednh'))
journal('journal-invalid-utf8-in-comment', b'# ch\xe0o\n' + (J + E).encode())
journal('journal-cr-only', (J + E + E.replace('PT-01', 'PT-02')).replace('\n', '\r'))
journal('journal-cr-inside-line', J + E.replace('CD.TM', 'CD.TM\r'))
journal('journal-bom-in-middle', J + '\ufeff' + E)
journal('journal-bom-inside-memo', J + E.rstrip('\n') + ' memo="a\ufeffb"\n')
journal('journal-unclosed-quote', J + '2018-03-15 "Kim Chính CD.TM 1.000\n')
journal('journal-unknown-escape', J + '2018-03-15 "Kim\\nChính" CD.TM 1.000\n')
journal('journal-quote-inside-word', J + '2018-03-15 Kim"Chính" CD.TM 1.000\n')
journal('journal-no-space-after-quote', J + '2018-03-15 "Kim Chính"CD.TM 1.000\n')
journal('journal-quoted-amount', J + '2018-03-15 "Kim Chính" CD.TM "1.000"\n')
journal('journal-too-few-words', J + '2018-03-15 "Kim Chính" CD.TM\n')
journal('journal-option-before-amount', J + '2018-03-15 "Kim Chính" ref=A CD.TM 1.000\n')
journal('journal-no-amount', J + '2018-03-15 "Kim Chính" CD.TM ref=A\n')
journal('journal-unknown-option', J + E.rstrip('\n') + ' colour=red\n')
journal('journal-option-twice', J + E.rstrip('\n') + ' ref=PT-02\n')
journal('journal-option-empty', J + E.rstrip('\n') + ' memo=\n')
journal('journal-word-after-options', J + E.rstrip('\n') + ' stray\n')
journal('journal-unknown-directive', J + 'budget 2018\n' + E)
journal('journal-65-words', J + '2018-03-15 "Kim Chính" CD.TM 1.000 ' + ' '.join('x' for _ in range(62)) + '\n')
journal('journal-locale-unknown', 'locale fr\n' + J + E)
journal('journal-locale-no-value', 'locale\n' + J + E)
journal('journal-fiscal-year-bad', 'fiscal-year 20x8\n' + E)
journal('journal-fiscal-year-short', 'fiscal-year 18\n' + E)
journal('journal-date-outside-fiscal-year', J + E.replace('2018-03-15', '2019-03-15'))
journal('journal-date-2018-02-30', J + E.replace('2018-03-15', '2018-02-30'))
journal('journal-date-30-02-2018', J + E.replace('2018-03-15', '30/02/2018'))
journal('journal-date-2018-00-10', J + E.replace('2018-03-15', '2018-00-10'))
journal('journal-date-garbage', J + E.replace('2018-03-15', '2018-3-15x'))
journal('journal-vi-1.5', J + E.replace('1.250.000.000', '1.5'))
journal('journal-vi-1.908,5,1', J + E.replace('1.250.000.000', '1.908,5,1'))
journal('journal-en-1,5', 'locale en\n' + J + E.replace('1.250.000.000', '1,5'))
journal('journal-en-after-vi', J + E + 'locale en\n' + E.replace('PT-01', 'PT-02').replace('1.250.000.000', '1.250.000,5'))
journal('journal-amount-61-digits', J + E.replace('1.250.000.000', '9' * 61))
journal('journal-amount-scale-twice', J + E.replace('1.250.000.000', '2,5 tỷ tỷ'))
journal('journal-amount-unknown-word', J + E.replace('1.250.000.000', '2,5 bò'))
journal('journal-negative-not-reversal', J + E.replace('1.250.000.000', '-1.000'))
journal('journal-reversal-positive', J + E + E.replace('PT-01', 'PT-01-H reverses=PT-01'))
journal('journal-reversal-no-match', J + E + '2018-04-01 "Kim Chính" CD.TM -1.000 reverses=PT-01\n')
journal('journal-reversal-unknown-ref', J + E + '2018-04-01 "Kim Chính" CD.TM -1.250.000.000 reverses=PT-99\n')
journal('journal-reversal-other-unit', J + E + '2018-04-01 "Kim Mỹ" CD.TM -1.250.000.000 reverses=PT-01\n')
journal('journal-reversal-twice', J + E + ('2018-04-01 "Kim Chính" CD.TM -1.250.000.000 reverses=PT-01\n' * 2))
journal('journal-duplicate-ref', J + E + E.replace('03-15', '03-16'))
journal('journal-duplicate-ref-tone-marks', J + E.replace('Kim Chính', 'Hòa') + E.replace('Kim Chính', 'Hoà'))
journal('journal-unknown-source', J + E.replace('CD.TM', 'CD.TMM'))
journal('journal-unknown-kind', J + E.rstrip('\n') + ' kind=maybe\n')
journal('journal-in-kind-mismatch', J + '2018-04-02 "Kim Chính" CD.NC 150.000.001 quantity=1.500 uom="ngày công" unit-price=100.000 ref=NC-01\n')
journal('journal-in-kind-no-price', J + '2018-04-02 "Kim Chính" CD.NC 150.000.000 quantity=1.500 ref=NC-01\n')
journal('journal-in-kind-bad-quantity', J + '2018-04-02 "Kim Chính" CD.NC 150.000.000 quantity=1.5 unit-price=100.000 ref=NC-01\n')
journal('journal-in-kind-overflow', J + '2018-04-02 "Kim Chính" CD.NC 1 quantity=' + '9' * 60 + ' unit-price=' + '9' * 60 + ' ref=NC-01\n')
journal('journal-source-unknown-parent', 'source XX.YY "a" "b"\n' + J + E)
journal('journal-source-no-code', 'source\n' + J + E)
journal('journal-source-too-many-labels', 'source CD.TM.X "a" "b" "c"\n' + J + E)
journal('journal-source-quoted-code', 'source "CD.TM.X" "a"\n' + J + E)
journal('journal-source-redeclared', 'source CD.TM "a" "b"\n' + J + E)
journal('journal-unit-bad-option', 'unit "Kim Chính" colour=red\n' + J + E)
journal('journal-unit-no-name', 'unit\n' + J + E)
journal('journal-claim-empty', J + E + 'claim   \n')
journal('journal-claim-malformed', J + E + 'claim total source=CD.TM ~ 5\n', 'check')
journal('journal-claim-unclosed-quote', J + E + 'claim total unit="Kim Chính == 5\n', 'check')
journal('journal-claim-bad-figure', J + E + 'claim total source=CD.TM == 1.5\n', 'check')
journal('journal-claim-formula', J + E + 'claim total source=CD.TM == =SUM(A1)\n', 'check')
journal('journal-formula-memo', J + E.rstrip('\n') + ' memo="=HYPERLINK(\\"http://x\\")"\n')
journal('journal-include-missing', J + 'include "nowhere.csv"\n' + E)
journal('journal-include-no-name', J + 'include\n' + E)
journal('journal-include-bad-option', J + 'include "a.csv" colour=red\n' + E, None, {'a.csv': HDR + ROW})
journal('journal-include-bad-delimiter', J + 'include "a.csv" delimiter=|\n' + E, None, {'a.csv': HDR + ROW})
journal('journal-include-self', J + 'include "journal-include-self.journal"\n' + E)
journal('journal-include-cycle', J + 'include "b.journal"\n' + E, None,
        {'b.journal': J + 'include "journal-include-cycle.journal"\n'})
journal('journal-include-twice', J + 'include "a.csv"\ninclude "a.csv"\n', None, {'a.csv': HDR + ROW})
journal('journal-include-bad-csv', J + 'include "a.csv"\n' + E.replace('PT-01', 'PT-09'), None,
        {'a.csv': HDR + ROW.replace('1.250.000.000', '1.5')})
journal('journal-include-folder', J + 'include "sub"\n', None, {'sub/a.csv': HDR + ROW})
journal('journal-include-dup-ref-across', J + 'include "a.csv"\n' + E, None, {'a.csv': HDR + ROW})

# --- claims files ----------------------------------------------------------------------
claims('claims-unknown-metric', 'sum source=CD.TM == 1\n')
claims('claims-no-operator', 'total source=CD.TM 1.250.000.000\n')
claims('claims-no-figure', 'total source=CD.TM ==\n')
claims('claims-bad-figure-vi', 'total source=CD.TM == 1.25\n')
claims('claims-two-decimal-marks', 'total source=CD.TM == 1,2,5\n')
claims('claims-unknown-filter', 'total colour=red == 1\n')
claims('claims-unclosed-quote', 'total unit="Kim Chính == 1\n')
claims('claims-bad-month', 'total month=2018-13 == 1\n')
claims('claims-bad-date', 'total from=2018-02-30 == 1\n')
claims('claims-bad-kind', 'total kind=maybe == 1\n')
claims('claims-empty-list', 'total source= == 1\n')
claims('claims-unknown-source', 'total source=CD.XX == 1\n')
claims('claims-unknown-unit', 'total source=CD unit="Kim Không" == 1\n')
claims('claims-no-source', 'total unit="Kim Chính" == 1\n')
claims('claims-percent-on-total', 'total source=CD.TM == 5%\n')
claims('claims-within-twice', 'share source=CD.TM within source=CD within source=NS == 5%\n')
claims('claims-nul', 'total source=CD.TM == 1\0\n')
claims('claims-invalid-utf8', b'total unit="Kim Ch\xedh" == 1\n')
claims('claims-formula', '=SUM(A1:A3)\n')
claims('claims-only-operator', '==\n')
claims('claims-61-digits', 'total source=CD.TM == ' + '1' * 61 + '\n')
claims('claims-cr-only', 'total source=CD.TM == 1.250.000.000\rtotal source=CD == 1\r')
claims('claims-torn-last-line', 'total source=CD.TM == 1.25')
claims('claims-failing', 'total source=CD.TM == 1.250.000.001\n')
claims('claims-bom-middle', 'total source=CD.TM == 1.250.000.000\n\ufefftotal source=CD == 1\n')
claims('claims-operator-typo', 'total source=CD.TM =< 1\n')

# --- calc ------------------------------------------------------------------------------
for name, expr, opts in [
    ('calc-empty', '', ''), ('calc-only-spaces', '   ', ''), ('calc-vi-1.5', '1.5 + 1', ''),
    ('calc-two-decimal-marks', '1.908,5,1', ''), ('calc-en-vi-number', '1.908,5', '--locale en'),
    ('calc-61-digits', '1' * 61, ''), ('calc-division-by-zero', '5 / (2 - 2)', ''),
    ('calc-non-terminating', '1 / 3', ''), ('calc-unclosed-paren', '(1 + 2', ''),
    ('calc-unopened-paren', '1 + 2)', ''), ('calc-letters', 'abc', ''), ('calc-nan', 'NaN', ''),
    ('calc-trailing-operator', '1 +', ''), ('calc-double-operator', '1 * * 2', ''),
    ('calc-exponent', '1E+5', ''), ('calc-formula', '=SUM(1;2)', ''), ('calc-semicolon', '1;2', ''),
    ('calc-deep-parens', '(' * 20000 + '1' + ')' * 20000, ''), ('calc-invalid-utf8', b'1 + \xff', ''),
    ('calc-bom-middle', '1 + \ufeff2', ''), ('calc-unknown-word', '5 bò', ''),
    ('calc-scale-twice', '5 tỷ tỷ', ''), ('calc-percent-percent', '5%%', ''),
    ('calc-huge-product', ' * '.join(['9' * 60] * 1000), ''), ('calc-newline', '1 +\n2', ''),
    ('calc-bad-places', '1 / 3', '--places x'), ('calc-bad-rounding', '1 / 3', '--places 2 --rounding sideways'),
    ('calc-exact-refuses', '1 / 3', '--places 2 --rounding exact'), ('calc-comma-en-grouping', '1,23', '--locale en'),
    ('calc-tab-only', '\t', ''),
]:
    calc(name, expr, opts)

# --- add: the journal must stay byte for byte the same ---------------------------------
A = '--date 2018-06-01 --unit "Kim Chính" --source CD.TM --amount 5.000'
add('add-unknown-source', A.replace('CD.TM', 'CD.XX') + ' --ref A-1')
add('add-duplicate-ref', A + ' --ref PT-01')
add('add-date-2018-02-30', A.replace('2018-06-01', '2018-02-30') + ' --ref A-1')
add('add-outside-fiscal-year', A.replace('2018-06-01', '2019-06-01') + ' --ref A-1')
add('add-vi-1.5', A.replace('5.000', '1.5') + ' --ref A-1')
add('add-negative', A.replace('5.000', '-5.000') + ' --ref A-1')
add('add-amount-quote', A.replace('5.000', '\'5"000\'') + ' --ref A-1')
add('add-amount-option-text', A.replace('5.000', '"5 ref=X"') + ' --ref A-1')
add('add-memo-newline', A + ' --ref A-1 --memo "a\nb"')
add('add-unit-newline', A.replace('Kim Chính', 'Kim\nChính') + ' --ref A-1')
add('add-date-with-space', A.replace('2018-06-01', '"2018-06-01 x"') + ' --ref A-1')
add('add-in-kind-mismatch', A.replace('CD.TM', 'CD.NC') + ' --ref A-1 --quantity 2 --unit-price 3.000')
add('add-in-kind-half', A.replace('CD.TM', 'CD.NC') + ' --ref A-1 --quantity 2')
add('add-unknown-kind', A + ' --ref A-1 --kind maybe')
add('add-memo-invalid-utf8', A + ' --ref A-1 --memo @bad-utf8')
add('add-torn-journal', A + ' --ref A-1', BASE_J + '2018-07-01 "Kim Chính" CD.TM 1.2')
add('add-broken-journal', A + ' --ref A-1', BASE_J.replace('CD.TM', 'CD.XX'))
add('add-to-csv', A + ' --ref A-1')
cases[-1] = ('add-to-csv', {'j.csv': b(HDR + ROW)}, 'add j.csv ' + A + ' --ref A-1')
add('add-missing-amount', A.replace('--amount 5.000', '') + ' --ref A-1')
add('add-reverse-unknown-ref', '')
cases[-1] = ('add-reverse-unknown-ref', {'j.journal': b(BASE_J)}, 'reverse j.journal --ref NOPE')
add('add-reverse-twice', '')
cases[-1] = ('add-reverse-twice', {'j.journal': b(BASE_J + '2018-03-15 "Kim Chính" CD.TM -1.250.000.000 reverses=PT-01\n')},
             'reverse j.journal --ref PT-01')



# --- rollup: district summaries (fundledger.summary/1) --------------------------------
# The base is a real summary: `fundledger export --json` of samples/kimson-2018/01-phat-diem.csv
# (the fuzz seed tests/fuzz/corpus/summary/one-xa.json), edited one way per case.
with open(os.path.join(HERE, '..', 'fuzz', 'corpus', 'summary', 'one-xa.json'), encoding='utf-8') as f:
    SUMMARY = f.read()
ROLLUP = 'rollup --json out.json --xlsx out.xlsx'
TOTAL_A = '"NTM":\t{\n\t\t\t"actual":\t"9436085000"'


def summary(name, data, edit_ok=True):
    if isinstance(data, str):
        assert data != SUMMARY or not edit_ok, name  # the edit must have changed something
    cases.append((name, {name + '.json': b(data)}, ROLLUP + ' ' + name + '.json'))


def sub(old, new, count=1):
    assert old in SUMMARY, old
    return SUMMARY.replace(old, new, count)


summary('rollup-empty', '', False)
summary('rollup-whitespace-only', ' \n\t\n', False)
summary('rollup-truncated-half', SUMMARY[:len(SUMMARY) // 2])
summary('rollup-truncated-last-brace', SUMMARY.rstrip()[:-1])
summary('rollup-not-object', '[]\n')
summary('rollup-wrong-schema', sub('"fundledger.summary/1"', '"fundledger.summary/2"'))
summary('rollup-no-schema', sub('"schema":\t"fundledger.summary/1",\n', ''))
summary('rollup-wrong-currency', sub('"currency":\t"VND"', '"currency":\t"USD"'))
summary('rollup-missing-totals', sub('"totals":', '"totalz":'))
summary('rollup-totals-array', sub('"totals":\t{', '"totals":\t[{').replace(
    '}\n\t},\n\t"by_source"', '}\n\t}],\n\t"by_source"', 1))
summary('rollup-amount-number', sub(TOTAL_A, TOTAL_A.replace('"9436085000"', '9436085000')))
summary('rollup-amount-grouping', sub(TOTAL_A, TOTAL_A.replace('"9436085000"', '"9.436.085.000"')))
summary('rollup-amount-grouping-1.000', sub('"estimate":\t"0"', '"estimate":\t"1.000"'))
summary('rollup-amount-trailing-zeros', SUMMARY.replace('"estimate":\t"0"', '"estimate":\t"0.000"'))
summary('rollup-amount-negative-zero', SUMMARY.replace('"estimate":\t"0"', '"estimate":\t"-0"'))
summary('rollup-amount-plus', sub(TOTAL_A, TOTAL_A.replace('"9436085000"', '"+9436085000"')))
summary('rollup-amount-leading-zero', sub(TOTAL_A, TOTAL_A.replace('"9436085000"', '"09436085000"')))
summary('rollup-amount-exponent', sub(TOTAL_A, TOTAL_A.replace('"9436085000"', '"9.436085E9"')))
summary('rollup-amount-space', sub(TOTAL_A, TOTAL_A.replace('"9436085000"', '" 9436085000"')))
summary('rollup-amount-61-digits', sub(TOTAL_A, TOTAL_A.replace('"9436085000"', '"' + '9' * 61 + '"')))
summary('rollup-nul-byte', sub('"currency"', '\0"currency"'))
summary('rollup-nul-in-string', sub('"Phát Diệm"', '"Phát\0 Diệm"'))
summary('rollup-nul-escaped', SUMMARY.replace('"Phát Diệm"', '"Phát\\u0000 Diệm"'))
summary('rollup-invalid-utf8', b(SUMMARY).replace(b('"Phát Diệm"'), b'"Ph\xff Di\xe1"'))
summary('rollup-bom', '\ufeff' + SUMMARY)
summary('rollup-utf16', SUMMARY.encode('utf-16'))
summary('rollup-duplicate-key-schema', sub('"currency":', '"schema":\t"other/9",\n\t"currency":'))
summary('rollup-duplicate-key-totals', sub('"totals":\t{\n', '"totals":\t{\n\t\t"NTM":\t{\n\t\t\t"actual":\t"1",\n'
                                           '\t\t\t"estimate":\t"0"\n\t\t},\n'))
summary('rollup-source-does-not-add-up', sub('"actual":\t"2042000000"', '"actual":\t"2042000001"'))
summary('rollup-total-does-not-add-up', sub(TOTAL_A, TOTAL_A.replace('"9436085000"', '"9436085001"')))
summary('rollup-unit-does-not-add-up', SUMMARY.replace('"group":\t"NTM",\n\t\t\t"actual":\t"9436085000"',
                                                        '"group":\t"NTM",\n\t\t\t"actual":\t"9436084000"'))
summary('rollup-trailing-garbage', SUMMARY + 'garbage\n')
summary('rollup-two-documents', SUMMARY + SUMMARY)
summary('rollup-deep-arrays', '[' * 5000 + ']' * 5000)
summary('rollup-deep-arrays-inside', sub('"claims":\t[]', '"claims":\t' + '[' * 900 + ']' * 900))
summary('rollup-duplicate-key-totals-zero', sub('"totals":\t{\n', '"totals":\t{\n\t\t"NTM":\t{\n\t\t\t"actual":\t"0",\n'
                                                '\t\t\t"estimate":\t"0"\n\t\t},\n'))
summary('rollup-duplicate-key-unit', sub('"name":\t"Phát Diệm",\n', '"name":\t"Phát Diệm",\n\t\t\t"name":\t"Kim Sơn",\n'))
summary('rollup-duplicate-key-input', sub('"entries":\t8,\n', '"entries":\t8,\n\t\t\t"sha256":\t"' + '0' * 64 + '",\n'))
summary('rollup-duplicate-key-escaped', sub('"currency":', '"sch\\u0065ma":\t"other/9",\n\t"currency":'))
# Accepted: an escaped backslash before "u0000" is text, a surrogate pair is one character;
# the unit declares itself a district (as DISTRICT below) so that its name reaches the roll-up.
DISTRICT_NAMED = sub('"code":\tnull,\n\t\t\t"kind":\tnull', '"code":\t"376",\n\t\t\t"kind":\t"huyen"')
summary('rollup-escaped-backslash-u0000', DISTRICT_NAMED.replace('"Phát Diệm"', '"Phát\\\\u0000 Diệm"', 1))
summary('rollup-surrogate-pair-escape', DISTRICT_NAMED.replace('"Phát Diệm"', '"Phát Diệm \\ud83c\\udf3e"', 1))
summary('rollup-surrogate-escape-high', sub('"Phát Diệm"', '"Phát\\ud800 Diệm"'))
summary('rollup-surrogate-escape-low', sub('"Phát Diệm"', '"Phát\\udc00 Diệm"'))
summary('rollup-surrogate-utf8', b(SUMMARY).replace(b('"Phát Diệm"'), b('"Phát') + b'\xed\xa0\x80' + b(' Diệm"')))
summary('rollup-overlong-utf8', b(SUMMARY).replace(b('"Phát Diệm"'), b('"Ph') + b'\xc0\xaf' + b(' Diệm"')))
summary('rollup-nul-after-backslash', sub('"Phát Diệm"', '"Phát\\\0 Diệm"'))
summary('rollup-control-in-string', sub('"Phát Diệm"', '"Phát\tDiệm"'))
summary('rollup-control-between-values', sub('"currency"', '\x01"currency"'))
summary('rollup-bom-in-middle', sub('"Phát Diệm"', '"\ufeffPhát Diệm"'))
summary('rollup-entries-fraction', sub('"entries":\t8,', '"entries":\t2.5,'))
summary('rollup-entries-huge', sub('"entries":\t8,', '"entries":\t1e300,'))
# A summary whose unit declares itself a district (kind=huyen) is named by it: refused twice.
DISTRICT = sub('"code":\tnull,\n\t\t\t"kind":\tnull', '"code":\t"376",\n\t\t\t"kind":\t"huyen"')
cases.append(('rollup-same-district-twice',
              {'a.json': b(DISTRICT), 'b.json': b(DISTRICT.replace('"6e4329c0', '"00000000', 1))},
              ROLLUP + ' a.json b.json'))
# Without a declared district each file is named by its file name: two files with the same
# contents but other input hashes are two districts (rollup.h; recorded, exit 0).
cases.append(('rollup-same-district-undeclared',
              {'a.json': b(SUMMARY), 'b.json': b(SUMMARY.replace('"6e4329c0', '"00000000', 1))},
              ROLLUP + ' a.json b.json'))
cases.append(('rollup-same-input-twice',
              {'a.json': b(SUMMARY), 'b.json': b(SUMMARY.replace('Phát Diệm', 'Bình Minh'))},
              ROLLUP + ' a.json b.json'))
cases.append(('rollup-same-file-twice', {'a.json': b(SUMMARY)}, ROLLUP + ' a.json a.json'))
cases.append(('rollup-missing-file', {'a.json': b(SUMMARY)}, ROLLUP + ' a.json nope.json'))
cases.append(('rollup-folder', {'a.json': b(SUMMARY), 'dir.json/x': b('')}, ROLLUP + ' a.json dir.json'))

def main():
    if os.path.isdir(CASES):
        shutil.rmtree(CASES)
    os.makedirs(CASES)
    names = set()
    for name, files, cmd in cases:
        assert name not in names, name
        names.add(name)
        d = os.path.join(CASES, name)
        for rel, data in files.items():
            p = os.path.join(d, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, 'wb') as f:
                f.write(data)
        with open(os.path.join(d, 'cmd'), 'w') as f:
            f.write(cmd + '\n')
    print(f'{len(cases)} cases written to {CASES}')


if __name__ == '__main__':
    main()
