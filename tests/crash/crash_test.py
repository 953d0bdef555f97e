#!/usr/bin/env python3
"""Crash safety: kills `fundledger add` and `fundledger export` with SIGKILL at
random moments, many times, and checks what is left on disk.

add:    the journal holds every acknowledged entry (exit 0) exactly once, at
        most the one entry whose add was killed (complete, or not there at
        all), nothing else; every line ends with a line break; and
        `fundledger check` loads it cleanly.
torn:   the journal cut at random byte offsets (what a power cut during an
        append could leave) is refused by `check` with a diagnostic on the
        cut line, unless the cut falls on a line break; it is never read as
        a shorter amount.
concurrency: W processes add entries to one journal at once: every entry is
        there exactly once, no line is torn, the exact total is right.
faults: an LD_PRELOAD shim makes the Nth write() or fsync() on a regular
        file fail (ENOSPC, EIO) or write only half, for every N of an
        `add`: exit 3, the journal byte for byte unchanged, no file left.
export faults: the same shim idea one level lower (seccomp traps the
        system calls, since stdio, zlib and libxlsxwriter do not call an
        interposable write()): the Nth write, fsync, rename, close or link of
        `export --json --xlsx` fails with ENOSPC or EIO, or a write writes
        half, over old outputs and over none: exit 3, the last stderr line
        names the output and the cause, both outputs byte for byte as before
        (both new when only the folder's fsync failed, and it says so), no
        temporary file left.  Every N with --export-faults all, at most 8 Ns
        per fault kind by default.
malloc faults (not by default): the Nth allocation of `check` and of
        `export` on samples/kimson-2018 fails: no crash, exit 0 only with the
        clean output, else a message saying memory ran out, nothing written.
        Allocations by GMP, libxlsxwriter (minizip, zlib) and libcrypto are
        never failed: they abort or dereference NULL.
export: --json and --xlsx outputs are always byte for byte either the old
        files or the complete new ones; a killed export may leave its
        temporary files, and the next export of the same files must remove
        them (none left after it).

  crash_test.py --fundledger PATH [--add N] [--torn N] [--export N]
                [--faults 0|1] [--export-faults sample|all|none] [--malloc-faults N]
                [--writers 2,8] [--per-writer N] [--seed S]
"""
import argparse, hashlib, json, os, random, shutil, signal, subprocess, sys, tempfile, time

HEADER = 'locale vi\nfiscal-year 2018\n'


def sha(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def run_killed(cmd, cwd, delay):
    """Starts cmd, kills it after `delay` seconds if it is still running; returns its exit code
    (negative when killed) and its stdout."""
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, _ = p.communicate(timeout=delay)
        return p.returncode, out
    except subprocess.TimeoutExpired:
        p.send_signal(signal.SIGKILL)
        out, _ = p.communicate()
        return p.returncode, out


def timing(fundledger, cmd_of, cwd, n=15):
    times = []
    for i in range(n):
        t = time.monotonic()
        r = subprocess.run(cmd_of(i), cwd=cwd, capture_output=True)
        times.append(time.monotonic() - t)
        if r.returncode != 0:
            sys.exit(f'calibration run failed: {r.stderr.decode()}')
    times.sort()
    return times[len(times) // 2]


def journal_refs(path):
    with open(path, 'rb') as f:
        data = f.read()
    refs = []
    for line in data.split(b'\n')[:-1]:
        if b' ref=' in line:
            refs.append(line.split(b' ref=')[1].split(b' ')[0].decode())
    return data, refs


def test_add(fundledger, n, rng, failures):
    d = tempfile.mkdtemp(prefix='fl-crash-add-')
    j = os.path.join(d, 'j.journal')
    with open(j, 'w') as f:
        f.write(HEADER)

    def cmd(i):
        return [fundledger, 'add', 'j.journal', '--date', f'2018-{1 + i % 12:02d}-{1 + i % 28:02d}',
                '--unit', ['Kim Chính', 'Phát Diệm', 'Ân Hòa'][i % 3], '--source', 'CD.TM',
                '--amount', f'{1 + i % 900}.{i % 1000:03d}', '--ref', f'R-{i}', '--memo', f'lần "{i}" \\ thử']

    median = timing(fundledger, lambda i: cmd(100000 + i), d)
    acknowledged, killed, in_doubt = set(), 0, set()
    for i in range(100000, 100015):
        acknowledged.add(f'R-{i}')
    for i in range(n):
        code, out = run_killed(cmd(i), d, rng.uniform(0, median * 1.3))
        ref = f'R-{i}'
        if code == 0:
            acknowledged.add(ref)
            if not out.startswith(b'j.journal:'):
                failures.append(f'add {i}: exit 0 without the acknowledgement line')
        elif code == -signal.SIGKILL:
            killed += 1
            in_doubt.add(ref)
        else:
            failures.append(f'add {i}: exit {code} {out!r}')
        data, refs = journal_refs(j)
        if data and not data.endswith(b'\n'):
            failures.append(f'add {i}: the journal does not end with a line break')
        counts = {}
        for r in refs:
            counts[r] = counts.get(r, 0) + 1
        dup = [r for r, c in counts.items() if c > 1]
        lost = acknowledged - set(refs)
        extra = set(refs) - acknowledged - in_doubt
        if dup or lost or extra:
            failures.append(f'add {i}: duplicates {dup}, lost {sorted(lost)}, unexpected {sorted(extra)}')
            break
        if i % 50 == 49 or i == n - 1:
            r = subprocess.run([fundledger, 'check', '--quiet', 'j.journal'], cwd=d, capture_output=True)
            if r.returncode != 0:
                failures.append(f'add {i}: check exit {r.returncode}: {r.stderr.decode()[:500]}')
                break
    present_in_doubt = len(in_doubt & set(journal_refs(j)[1]))
    leftovers = [x for x in os.listdir(d) if x != 'j.journal']
    shutil.rmtree(d)
    return {'iterations': n, 'median_add_seconds': round(median, 4), 'acknowledged': len(acknowledged) - 15,
            'killed': killed, 'killed_but_recorded': present_in_doubt, 'leftover_files': leftovers}


def test_torn(fundledger, n, rng, failures):
    d = tempfile.mkdtemp(prefix='fl-crash-torn-')
    lines = [HEADER]
    for i in range(40):
        lines.append(f'2018-03-{1 + i % 28:02d} "Kim Chính" CD.TM {1 + i}.{i:03d}.000 ref=T-{i} memo="dòng {i}"\n')
    full = ''.join(lines).encode()
    refused = refused_other = clean = 0
    for k in range(n):
        cut = rng.randrange(len(HEADER), len(full))
        with open(os.path.join(d, 't.journal'), 'wb') as f:
            f.write(full[:cut])
        r = subprocess.run([fundledger, 'check', '--quiet', 't.journal'], cwd=d, capture_output=True)
        ends_clean = full[cut - 1:cut] == b'\n'
        if ends_clean:
            clean += r.returncode == 0
            if r.returncode != 0:
                failures.append(f'torn {k}: a file cut at a line break is refused: {r.stderr[:300]!r}')
        else:
            last_line = full[:cut].count(b'\n') + 1
            where = f't.journal:{last_line}:'.encode()
            if r.returncode != 2 or where not in r.stderr:
                failures.append(f'torn {k}: cut at byte {cut} not refused at line {last_line}: '
                                f'exit {r.returncode} {r.stderr[:300]!r}')
            elif b'torn line' in r.stderr:
                refused += 1
            else:
                # A cut inside a multi-byte character must be named a torn line too
                # (it once was reported as invalid UTF-8; docs/testing.md, findings).
                refused_other += 1
                failures.append(f'torn {k}: cut at byte {cut} refused but not as a torn line: '
                                f'{r.stderr[:300]!r}')
    shutil.rmtree(d)
    return {'cuts': n, 'refused_as_torn': refused, 'refused_as_bad_utf8': refused_other,
            'cut_at_line_break_loaded': clean}


def test_export(fundledger, n, rng, failures):
    d = tempfile.mkdtemp(prefix='fl-crash-export-')
    old = HEADER + '2018-03-15 "Kim Chính" CD.TM 1.250.000.000 ref=PT-01\n'
    new = old + ''.join(f'2018-04-{1 + i % 28:02d} "Phát Diệm" NS.DP.HUYEN {i + 1},5 tỷ ref=QĐ-{i}\n' for i in range(300))
    with open(os.path.join(d, 'old.journal'), 'w') as f:
        f.write(old)
    with open(os.path.join(d, 'new.journal'), 'w') as f:
        f.write(new)
    env = dict(os.environ, SOURCE_DATE_EPOCH='1546300800')
    hashes = {}
    for which in ('old', 'new'):
        r = subprocess.run([fundledger, 'export', '--json', 'out.json', '--xlsx', 'out.xlsx', which + '.journal'],
                           cwd=d, capture_output=True, env=env)
        if r.returncode != 0:
            failures.append(f'export: the {which} ledger does not export: {r.stderr.decode()[:300]}')
            return {}
        hashes[which] = (sha(os.path.join(d, 'out.json')), sha(os.path.join(d, 'out.xlsx')))
    cmd = [fundledger, 'export', '--json', 'out.json', '--xlsx', 'out.xlsx', 'new.journal']
    t = time.monotonic()
    subprocess.run(cmd, cwd=d, capture_output=True, env=env)
    median = time.monotonic() - t
    outcomes = {}
    ours = ('old.journal', 'new.journal', 'out.json', 'out.xlsx')
    left_by_kill = 0
    for k in range(n):
        # back to the old outputs, then kill an export of the new ledger
        left = [x for x in os.listdir(d) if x not in ours]
        left_by_kill += len(left)
        r = subprocess.run([fundledger, 'export', '--json', 'out.json', '--xlsx', 'out.xlsx', 'old.journal'],
                           cwd=d, capture_output=True, env=env)
        # what the killed export left is stale now: the next export of the same files removes it
        still = [x for x in os.listdir(d) if x not in ours]
        if r.returncode != 0 or still:
            failures.append(f'export {k}: after the next export (exit {r.returncode}) files are left: '
                            f'{still} (before it: {left})')
        p = subprocess.Popen(cmd, cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        try:
            p.wait(timeout=rng.uniform(0, median * 1.3))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        state = []
        for idx, name in enumerate(('out.json', 'out.xlsx')):
            h = sha(os.path.join(d, name))
            if h == hashes['old'][idx]:
                state.append('old')
            elif h == hashes['new'][idx]:
                state.append('new')
            else:
                state.append('TORN')
                failures.append(f'export {k}: {name} is neither the old nor the new file')
        if state[0] == 'new':
            with open(os.path.join(d, 'out.json')) as f:
                json.load(f)
        key = '/'.join(state) + (' (killed)' if p.returncode == -signal.SIGKILL else ' (finished)')
        outcomes[key] = outcomes.get(key, 0) + 1
    left_by_kill += len([x for x in os.listdir(d) if x not in ours])
    r = subprocess.run(cmd, cwd=d, capture_output=True, env=env)
    leftovers = [x for x in os.listdir(d) if x not in ours]
    if r.returncode != 0 or leftovers:
        failures.append(f'export: after the last export (exit {r.returncode}) files are left: {leftovers}')
    shutil.rmtree(d)
    return {'iterations': n, 'median_export_seconds': round(median, 4), 'outcomes (json/xlsx)': outcomes,
            'temporary files left by a kill': left_by_kill,
            'left after the next export': len(leftovers)}


def writer(fundledger, d, w, n, times, progress):
    for i in range(n):
        t = time.monotonic()
        r = subprocess.run([fundledger, 'add', 'c.journal', '--date', '2018-07-01', '--unit', f'Xã {w}',
                            '--source', 'CD.TM', '--amount', f'{w + 1}.{i % 1000:03d}', '--ref', f'W{w}-{i}'],
                           cwd=d, capture_output=True)
        times.append(time.monotonic() - t)
        if r.returncode != 0:
            return f'writer {w} entry {i}: exit {r.returncode}: {r.stderr.decode()[:300]}'
        progress()
    return None


def test_concurrency(fundledger, writers, per_writer, failures):
    """W processes add per_writer entries each to one journal at once.  Every entry must be there
    exactly once and whole (the line exactly as that writer formats it), the file must end with a
    line break, `check` must load it and `report --format json` must show the exact total.  Long
    runs print their progress every 1,000 entries."""
    import concurrent.futures, re, threading
    d = tempfile.mkdtemp(prefix='fl-crash-conc-')
    with open(os.path.join(d, 'c.journal'), 'w') as f:
        f.write(HEADER)
    entries = writers * per_writer
    times, done, lock = [], [0], threading.Lock()
    t = time.monotonic()

    def progress():
        with lock:
            done[0] += 1
            if entries >= 2000 and done[0] % 1000 == 0:
                recent = sorted(times[-1000:])
                print(f'  concurrency {writers}: {done[0]}/{entries} added, {time.monotonic() - t:.0f} s, '
                      f'median of the last 1,000 adds {recent[len(recent) // 2] * 1000:.0f} ms', flush=True)

    with concurrent.futures.ThreadPoolExecutor(writers) as pool:
        errors = [e for e in pool.map(lambda w: writer(fundledger, d, w, per_writer, times, progress),
                                      range(writers)) if e]
    elapsed = time.monotonic() - t
    failures.extend(f'concurrency: {e}' for e in errors)
    with open(os.path.join(d, 'c.journal'), 'rb') as f:
        data = f.read()
    entry = re.compile(r'2018-07-01 "Xã (\d+)" CD\.TM (\d+)\.(\d{3}) ref=W(\d+)-(\d+)')
    counts, malformed = {}, 0
    for line in data[len(HEADER.encode()):].split(b'\n')[:-1]:
        m = entry.fullmatch(line.decode('utf-8', 'replace'))
        w, i = (int(m.group(4)), int(m.group(5))) if m else (-1, -1)
        if not m or int(m.group(1)) != w or int(m.group(2)) != w + 1 or int(m.group(3)) != i % 1000:
            malformed += 1
            continue
        counts[(w, i)] = counts.get((w, i), 0) + 1
    want = {(w, i) for w in range(writers) for i in range(per_writer)}
    present = len(want & set(counts))
    duplicates = sum(c - 1 for c in counts.values())
    unexpected = len(set(counts) - want)
    ends_clean = data.endswith(b'\n')
    if present != len(want) or duplicates or unexpected or malformed or not ends_clean:
        failures.append(f'concurrency {writers}: {present} of {len(want)} entries present, {duplicates} '
                        f'duplicates, {unexpected} unexpected, {malformed} torn or malformed lines, '
                        f'{"ends" if ends_clean else "does not end"} with a line break')
    r = subprocess.run([fundledger, 'check', '--quiet', 'c.journal'], cwd=d, capture_output=True)
    if r.returncode != 0:
        failures.append(f'concurrency {writers}: check exit {r.returncode}: {r.stderr.decode()[:300]}')
    total = sum((w + 1) * 1000 + i % 1000 for w in range(writers) for i in range(per_writer))
    r = subprocess.run([fundledger, 'report', '--format', 'json', 'c.journal'], cwd=d, capture_output=True)
    total_shown = r.returncode == 0 and f'"{total}"'.encode() in r.stdout
    if not total_shown:
        failures.append(f'concurrency {writers}: the report does not show the exact total {total}')
    shutil.rmtree(d)
    times.sort()
    return {'writers': writers, 'entries': entries, 'present': present, 'duplicates': duplicates,
            'unexpected': unexpected, 'torn_or_malformed_lines': malformed, 'exact_total': total,
            'report_shows_exact_total': total_shown, 'seconds': round(elapsed, 1),
            'median_add_seconds': round(times[len(times) // 2], 4) if times else None,
            'max_add_seconds': round(times[-1], 4) if times else None}


SHIM = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static long counter;
static int regular(int fd) { struct stat st; return fstat(fd, &st) == 0 && S_ISREG(st.st_mode); }
static int hit(const char *call) {
    const char *want = getenv("FL_FAULT_CALL"), *n = getenv("FL_FAULT_N");
    if (!want || !n || strcmp(want, call) != 0) return 0;
    return ++counter == atol(n);
}
static void fail(void) { errno = strcmp(getenv("FL_FAULT_ERRNO"), "EIO") == 0 ? EIO : ENOSPC; }
ssize_t write(int fd, const void *buf, size_t len) {
    static ssize_t (*real)(int, const void *, size_t);
    if (!real) real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (regular(fd) && hit("write")) {
        if (getenv("FL_FAULT_SHORT") && len > 1) return real(fd, buf, len / 2);
        fail(); return -1;
    }
    return real(fd, buf, len);
}
int fsync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    if (hit("fsync")) { fail(); return -1; }
    return real(fd);
}
"""


def test_faults(fundledger, failures):
    d = tempfile.mkdtemp(prefix='fl-crash-fault-')
    shim = os.path.join(d, 'shim.so')
    with open(os.path.join(d, 'shim.c'), 'w') as f:
        f.write(SHIM)
    cc = shutil.which('cc') or shutil.which('gcc') or shutil.which('clang')
    if not cc or subprocess.run([cc, '-shared', '-fPIC', '-o', shim, os.path.join(d, 'shim.c'), '-ldl'],
                                capture_output=True).returncode != 0:
        shutil.rmtree(d)
        return {'skipped': 'no C compiler for the LD_PRELOAD shim'}
    # A sanitizer build must be told that a preloaded library comes before its runtime.
    base_env = dict(os.environ, ASAN_OPTIONS=(os.environ.get('ASAN_OPTIONS', '') +
                                              ':verify_asan_link_order=0').lstrip(':'))
    probe = subprocess.run([fundledger, '--version'], capture_output=True, env=dict(base_env, LD_PRELOAD=shim))
    if probe.returncode != 0:
        shutil.rmtree(d)
        return {'skipped': 'the binary does not run with an LD_PRELOAD shim: ' + probe.stderr.decode()[:100]}
    work = os.path.join(d, 'w')
    os.mkdir(work)
    j = os.path.join(work, 'j.journal')
    runs = {}
    for call, errno_name, short in (('write', 'ENOSPC', False), ('write', 'EIO', False),
                                    ('write', 'ENOSPC', True), ('fsync', 'EIO', False)):
        for n in range(1, 50):
            for name in os.listdir(work):
                os.unlink(os.path.join(work, name))
            with open(j, 'w') as f:
                f.write(HEADER + '2018-03-15 "Kim Chính" CD.TM 1.000 ref=A\n')
            before = sha(j)
            env = dict(base_env, LD_PRELOAD=shim, FL_FAULT_CALL=call, FL_FAULT_N=str(n),
                       FL_FAULT_ERRNO=errno_name)
            if short:
                env['FL_FAULT_SHORT'] = '1'
            r = subprocess.run([fundledger, 'add', 'j.journal', '--date', '2018-04-01', '--unit', 'X',
                                '--source', 'CD.TM', '--amount', '5', '--ref', 'B'],
                               cwd=work, capture_output=True, env=env)
            key = f'{call} {errno_name}{" short" if short else ""}'
            if r.returncode == 0:
                data = open(j, 'rb').read()
                if not data.endswith(b' ref=B\n') or data.count(b'ref=B') != 1:
                    failures.append(f'fault {key} #{n}: exit 0 but the entry is not there once, whole')
                if not short or n >= 6:
                    break  # no Nth call was made (a short write may be completed by a retry)
                continue
            runs[key] = runs.get(key, 0) + 1
            if r.returncode != 3:
                failures.append(f'fault {key} #{n}: exit {r.returncode}, not 3: {r.stderr[:200]!r}')
            if sha(j) != before:
                failures.append(f'fault {key} #{n}: the journal changed although add failed')
            if sorted(os.listdir(work)) != ['j.journal']:
                failures.append(f'fault {key} #{n}: files left: {sorted(os.listdir(work))}')
    shutil.rmtree(d)
    return {'failed runs per fault kind (exit 3, journal unchanged)': runs}


# Export goes through glibc's stdio, zlib and libxlsxwriter, whose writes do not pass through an
# interposable write(): this shim traps the system calls themselves (seccomp, SIGSYS), x86-64 only.
SYS_SHIM = r"""/* Fault injection below libc: a seccomp filter traps the calls named below
 * (glibc's stdio, zlib and libxlsxwriter make them without going through an
 * interposable write()), and a SIGSYS handler makes the Nth one fail.  x86-64. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <ucontext.h>
#include <unistd.h>

/* The one instruction the filter lets through: the handler makes the real calls here. */
long fl_raw(long nr, long a, long b, long c, long d, long e, long f);
__asm__(".text\n.globl fl_raw\n.type fl_raw,@function\nfl_raw:\n"
        "mov %rdi,%rax\nmov %rsi,%rdi\nmov %rdx,%rsi\nmov %rcx,%rdx\nmov %r8,%r10\n"
        "mov %r9,%r8\nmov 8(%rsp),%r9\nsyscall\n.globl fl_raw_after\nfl_raw_after:\nret\n");
extern char fl_raw_after[];

enum { K_NONE, K_WRITE, K_FSYNC, K_RENAME, K_CLOSE, K_LINK };
static int want, fail_errno = ENOSPC, short_write;
static long target, counter;
static const char *log_path, *under;
static size_t under_len;

static int kind_of(long nr)
{
    switch (nr) {
    case SYS_write: case SYS_pwrite64: case SYS_writev: case SYS_pwritev: return K_WRITE;
    case SYS_fsync: case SYS_fdatasync: return K_FSYNC;
    case SYS_rename: case SYS_renameat: case SYS_renameat2: return K_RENAME;
    case SYS_close: return K_CLOSE;
    case SYS_link: case SYS_linkat: return K_LINK;
    }
    return K_NONE;
}

/* A regular file opened for writing, not in /proc, under FL_FAULT_UNDER when set. */
static int written_file(long fd)
{
    char link[40] = "/proc/self/fd/", *q = link + 14, tmp[20], path[4096];
    int i = 0;
    long v = fd, len;
    struct stat st;
    struct statfs sf;
    long fl;
    if (fl_raw(SYS_fstat, fd, (long)&st, 0, 0, 0, 0) != 0 || !S_ISREG(st.st_mode)) return 0;
    if (fl_raw(SYS_fstatfs, fd, (long)&sf, 0, 0, 0, 0) == 0 && sf.f_type == 0x9fa0) return 0;
    fl = fl_raw(SYS_fcntl, fd, F_GETFL, 0, 0, 0, 0);
    if (fl < 0 || (fl & O_ACCMODE) == O_RDONLY) return 0;
    if (!under) return 1;
    do tmp[i++] = (char)('0' + v % 10); while ((v /= 10) > 0);
    while (i) *q++ = tmp[--i];
    *q = 0;
    len = fl_raw(SYS_readlink, (long)link, (long)path, sizeof path, 0, 0, 0);
    return len >= (long)under_len && memcmp(path, under, under_len) == 0;
}

/* FL_FAULT_N=0 counts: how many calls there were, written to the log at exit. */
__attribute__((destructor)) static void report(void)
{
    char buf[40] = "calls ";
    int i = 0, n = 6;
    char tmp[24];
    long v = counter, lfd;
    if (!log_path || target != 0) return;
    do tmp[i++] = (char)('0' + v % 10); while ((v /= 10) > 0);
    while (i) buf[n++] = tmp[--i];
    buf[n++] = '\n';
    lfd = fl_raw(SYS_open, (long)log_path, O_WRONLY | O_CREAT | O_APPEND, 0600, 0, 0, 0);
    if (lfd >= 0) { fl_raw(SYS_write, lfd, (long)buf, n, 0, 0, 0); fl_raw(SYS_close, lfd, 0, 0, 0, 0, 0); }
}

static void note(const char *what, long fd)
{
    char buf[600], path[512];
    size_t n = 0;
    long len = -1, lfd;
    const char *p;
    if (!log_path) return;
    if (fd >= 0) {
        char link[40] = "/proc/self/fd/", *q = link + 14, tmp[20];
        int i = 0;
        long v = fd;
        do tmp[i++] = (char)('0' + v % 10); while ((v /= 10) > 0);
        while (i) *q++ = tmp[--i];
        *q = 0;
        len = fl_raw(SYS_readlink, (long)link, (long)path, sizeof path - 1, 0, 0, 0);
    }
    for (p = what; *p; p++) buf[n++] = *p;
    buf[n++] = ' ';
    if (len > 0) { memcpy(buf + n, path, (size_t)len); n += (size_t)len; }
    buf[n++] = '\n';
    lfd = fl_raw(SYS_open, (long)log_path, O_WRONLY | O_CREAT | O_APPEND, 0600, 0, 0, 0);
    if (lfd >= 0) { fl_raw(SYS_write, lfd, (long)buf, (long)n, 0, 0, 0); fl_raw(SYS_close, lfd, 0, 0, 0, 0, 0); }
}

static void on_sigsys(int sig, siginfo_t *si, void *ctx)
{
    greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;
    long nr = si->si_syscall, a0 = g[REG_RDI], a1 = g[REG_RSI], a2 = g[REG_RDX], a3 = g[REG_R10],
         a4 = g[REG_R8], a5 = g[REG_R9], r;
    int k = kind_of(nr), saved = errno;
    (void)sig;
    if (k == want && ((k != K_WRITE && k != K_CLOSE) || written_file(a0)) && ++counter == target) {
        if (k == K_WRITE && short_write && (nr == SYS_write || nr == SYS_pwrite64) && a2 > 1) {
            note("short", a0);
            r = fl_raw(nr, a0, a1, a2 / 2, a3, a4, a5);
        } else if (k == K_CLOSE) {
            note("fail", a0);
            fl_raw(nr, a0, 0, 0, 0, 0, 0); /* the descriptor is gone all the same, as on Linux */
            r = -fail_errno;
        } else {
            note("fail", k == K_RENAME || k == K_LINK ? -1 : a0);
            r = -fail_errno;
        }
    } else {
        r = fl_raw(nr, a0, a1, a2, a3, a4, a5);
    }
    g[REG_RAX] = r;
    errno = saved;
}

__attribute__((constructor)) static void install(void)
{
    const char *call = getenv("FL_FAULT_CALL"), *n = getenv("FL_FAULT_N"), *e = getenv("FL_FAULT_ERRNO");
    unsigned long after = (unsigned long)fl_raw_after;
    struct sigaction sa;
    if (!call || !n) return;
    want = !strcmp(call, "write") ? K_WRITE : !strcmp(call, "fsync") ? K_FSYNC
         : !strcmp(call, "rename") ? K_RENAME : !strcmp(call, "close") ? K_CLOSE
         : !strcmp(call, "link") ? K_LINK : K_NONE;
    target = atol(n);
    fail_errno = e && !strcmp(e, "EIO") ? EIO : ENOSPC;
    short_write = getenv("FL_FAULT_SHORT") != NULL;
    log_path = getenv("FL_FAULT_LOG");
    under = getenv("FL_FAULT_UNDER");
    under_len = under ? strlen(under) : 0;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigsys;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSYS, &sa, NULL);
    {
        struct sock_filter f[] = {
            BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
            BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, instruction_pointer) + 4),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)(after >> 32), 0, 3),
            BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, instruction_pointer)),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)after, 0, 1),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
            BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_write, 12, 0),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_pwrite64, 11, 0),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_writev, 10, 0),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_pwritev, 9, 0),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_fsync, 8, 0),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_fdatasync, 7, 0),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_rename, 6, 0),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_renameat, 5, 0),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_renameat2, 4, 0),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_close, 3, 0),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_link, 2, 0),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_linkat, 1, 0),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
        };
        struct sock_fprog prog = {(unsigned short)(sizeof f / sizeof f[0]), f};
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
            prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
            _exit(97);
    }
}
"""


def build_shim(d, source, name):
    """Compiles an LD_PRELOAD shim; returns its path or None."""
    path = os.path.join(d, name + '.so')
    with open(os.path.join(d, name + '.c'), 'w') as f:
        f.write(source)
    cc = shutil.which('cc') or shutil.which('gcc') or shutil.which('clang')
    if not cc or subprocess.run([cc, '-shared', '-fPIC', '-o', path, os.path.join(d, name + '.c'), '-ldl'],
                                capture_output=True).returncode != 0:
        return None
    return path


def sanitizer_env():
    # A sanitizer build must be told that a preloaded library comes before its runtime.
    return dict(os.environ, ASAN_OPTIONS=(os.environ.get('ASAN_OPTIONS', '') +
                                          ':verify_asan_link_order=0').lstrip(':'))


STRERROR = {'ENOSPC': b'No space left on device', 'EIO': b'Input/output error'}
EXPORT_FAULT_KINDS = (('write', 'ENOSPC', False), ('write', 'EIO', False), ('write', 'ENOSPC', True),
                      ('fsync', 'ENOSPC', False), ('fsync', 'EIO', False),
                      ('rename', 'ENOSPC', False), ('rename', 'EIO', False),
                      ('close', 'ENOSPC', False), ('close', 'EIO', False),
                      ('link', 'ENOSPC', False), ('link', 'EIO', False))


def test_export_faults(fundledger, every_n, rng, failures):
    """The Nth write/fsync/rename/close/link of `export --json --xlsx` fails (every N, or a
    sample of at most 8 Ns per fault kind), over old outputs and over none (a sanitizer
    build: 3 Ns, over old outputs only): exit 3, a named
    error, both outputs as they were, no temporary file left."""
    if os.uname().machine != 'x86_64' or sys.platform != 'linux':
        return {'skipped': 'the system call shim is for x86-64 Linux'}
    d = tempfile.mkdtemp(prefix='fl-crash-xfault-')
    shim = build_shim(d, SYS_SHIM, 'sys_shim')
    if not shim:
        shutil.rmtree(d)
        return {'skipped': 'no C compiler for the system call shim'}
    # LeakSanitizer's stop-the-world thread hangs when its system calls are trapped: no leak
    # check under this shim (the other tests check leaks).
    env0 = sanitizer_env()
    env0['ASAN_OPTIONS'] += ':detect_leaks=0'
    base_env = dict(env0, SOURCE_DATE_EPOCH='1546300800')
    ldd = subprocess.run(['ldd', fundledger], capture_output=True).stdout if shutil.which('ldd') else b''
    sanitized = b'libasan' in ldd  # a sanitizer build runs ~10x slower: fewer runs there
    per_kind, priors = (3, ('old',)) if sanitized else (8, ('old', 'none'))
    work = os.path.join(d, 'w')
    os.mkdir(work)
    old = HEADER + '2018-03-15 "Kim Chính" CD.TM 1.250.000.000 ref=PT-01\n'
    new = old + ''.join(f'2018-04-{1 + i % 28:02d} "Phát Diệm" NS.DP.HUYEN {i + 1},5 tỷ ref=QĐ-{i}\n'
                        for i in range(40))
    journals = {'old.journal': old, 'new.journal': new}
    outputs = ('out.json', 'out.xlsx')

    def export(which, env):
        return subprocess.run([fundledger, 'export', '--json', 'out.json', '--xlsx', 'out.xlsx',
                               which + '.journal'], cwd=work, capture_output=True, env=env)

    def reset(prior):
        for name in os.listdir(work):
            os.unlink(os.path.join(work, name))
        for name, text in journals.items():
            with open(os.path.join(work, name), 'w') as f:
                f.write(text)
        if prior == 'old' and export('old', base_env).returncode != 0:
            failures.append('export faults: the old ledger does not export')

    def state():
        return tuple(sha(os.path.join(work, o)) if os.path.exists(os.path.join(work, o)) else None
                     for o in outputs)

    hashes = {}
    for which in ('old', 'new'):
        reset('none')
        if export(which, base_env).returncode != 0:
            failures.append(f'export faults: the {which} ledger does not export')
            shutil.rmtree(d)
            return {}
        hashes[which] = state()
    hashes['none'] = (None, None)
    log = os.path.join(d, 'fault.log')
    runs, calls_seen = {}, {}
    for prior in priors:
        for call, errno_name, short in EXPORT_FAULT_KINDS:
            key = f'{call} {errno_name}{" short" if short else ""}'
            env = dict(base_env, LD_PRELOAD=shim, FL_FAULT_CALL=call, FL_FAULT_ERRNO=errno_name,
                       FL_FAULT_LOG=log, FL_FAULT_UNDER=work + '/')
            if short:
                env['FL_FAULT_SHORT'] = '1'
            # how many such calls a clean run makes
            reset(prior)
            if os.path.exists(log):
                os.unlink(log)
            r = export('new', dict(env, FL_FAULT_N='0'))
            calls = int(open(log).read().split()[-1]) if r.returncode == 0 and os.path.exists(log) else 0
            if r.returncode != 0:
                failures.append(f'export fault {key}: the counting run failed: {r.stderr[:300]!r}')
                continue
            calls_seen[f'{key} ({prior})'] = calls
            ns = list(range(1, calls + 1))
            if not every_n and len(ns) > per_kind:
                ns = sorted({1, calls} | set(rng.sample(ns, per_kind - 2)))
            for n in ns:
                reset(prior)
                if os.path.exists(log):
                    os.unlink(log)
                r = export('new', dict(env, FL_FAULT_N=str(n)))
                what = f'export fault {key} #{n} over {prior} outputs'
                hit = open(log).read() if os.path.exists(log) else ''
                if not hit:
                    failures.append(f'{what}: the Nth call was not made (the run differs from the count)')
                    continue
                now = state()
                left = sorted(set(os.listdir(work)) - set(journals) - set(outputs))
                if left:
                    failures.append(f'{what}: files left: {left}')
                if r.returncode < 0 or b'Sanitizer' in r.stderr or b'runtime error' in r.stderr:
                    failures.append(f'{what}: crashed: {r.returncode} {r.stderr[-500:]!r}')
                    continue
                if r.returncode == 0:
                    # a short write is completed by stdio's retry; a lost close of a read-only
                    # descriptor does not matter: then the new files must be there, whole
                    runs[key + ' (completed)'] = runs.get(key + ' (completed)', 0) + 1
                    if now != hashes['new']:
                        failures.append(f'{what}: exit 0 but the outputs are not the new files')
                    continue
                runs[key] = runs.get(key, 0) + 1
                # libxlsxwriter prints its own "[ERROR] ..." lines first; fundledger's is the last
                err = r.stderr.rstrip(b'\n').split(b'\n')[-1]
                if r.returncode != 3:
                    failures.append(f'{what}: exit {r.returncode}, not 3: {err[:300]!r}')
                if not err.startswith(b'fundledger export: out.') or STRERROR[errno_name] not in err:
                    failures.append(f'{what}: the error does not name the file and the cause: {err[:300]!r}')
                if b'was replaced' in err:
                    # the folder's fsync failed after the renames: both new, and it says so
                    if now != hashes['new']:
                        failures.append(f'{what}: says replaced, but the outputs are {now}')
                elif now != hashes[prior]:
                    failures.append(f'{what}: the outputs changed although export failed '
                                    f'({["old" if h == o else "new" if h == w else "other" for h, o, w in zip(now, hashes["old"], hashes["new"])]})')
    shutil.rmtree(d)
    return {'calls per clean run': calls_seen, 'failing runs per fault kind (exit 3, outputs as before)': runs}


MALLOC_SHIM = r"""/* The Nth allocation (malloc, calloc, realloc, and libc's own for strdup, fopen...) fails, except
 * those made by the libraries in FL_MALLOC_SPARE (GMP aborts on an allocation failure by design;
 * libxlsxwriter 1.1.4 and OpenSSL's libcrypto dereference NULL). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <execinfo.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
static long target = -1, counter;
#define MAX_SPARE 16
static uintptr_t spare_lo[MAX_SPARE], spare_hi[MAX_SPARE];
static int spare_count;
static const char *spare_names;
static int ready;

/* Records the address range of every loaded library whose name holds one of spare_names. */
static int find_spared(struct dl_phdr_info *info, size_t size, void *data)
{
    const char *p = spare_names;
    int i, match = 0;
    (void)size; (void)data;
    while (p && *p && !match) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char name[64];
        if (n > 0 && n < sizeof name) {
            memcpy(name, p, n);
            name[n] = 0;
            match = strstr(info->dlpi_name, name) != NULL;
        }
        p = end ? end + 1 : NULL;
    }
    if (!match || spare_count == MAX_SPARE) return 0;
    for (i = 0; i < info->dlpi_phnum; i++)
        if (info->dlpi_phdr[i].p_type == PT_LOAD) {
            uintptr_t a = info->dlpi_addr + info->dlpi_phdr[i].p_vaddr, b = a + info->dlpi_phdr[i].p_memsz;
            if (!spare_lo[spare_count] || a < spare_lo[spare_count]) spare_lo[spare_count] = a;
            if (b > spare_hi[spare_count]) spare_hi[spare_count] = b;
        }
    spare_count++;
    return 0;
}

__attribute__((constructor)) static void init(void)
{
    const char *n = getenv("FL_MALLOC_N");
    if (!n) return;
    target = atol(n);
    spare_names = getenv("FL_MALLOC_SPARE");
    dl_iterate_phdr(find_spared, NULL);
    if (getenv("FL_MALLOC_BT")) { void *b[2]; backtrace(b, 2); } /* loads libgcc now */
    ready = 1;
}

__attribute__((destructor)) static void report(void)
{
    const char *log = getenv("FL_FAULT_LOG");
    char buf[48] = "calls ", tmp[24];
    int i = 0, k = 6, fd;
    long v = counter;
    if (!ready || !log) return;
    do tmp[i++] = (char)('0' + v % 10); while ((v /= 10) > 0);
    while (i) buf[k++] = tmp[--i];
    buf[k++] = '\n';
    fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0) { (void)!write(fd, buf, (size_t)k); close(fd); }
}

static int fail_now(void *caller)
{
    uintptr_t c = (uintptr_t)caller;
    int i;
    if (!ready) return 0;
    for (i = 0; i < spare_count; i++)
        if (c >= spare_lo[i] && c < spare_hi[i]) return 0;
    if (++counter != target) return 0;
    if (getenv("FL_MALLOC_BT")) { void *b[20]; int k = backtrace(b, 20); backtrace_symbols_fd(b, k, 2); }
    errno = ENOMEM;
    return 1;
}

void *malloc(size_t n) { return fail_now(__builtin_return_address(0)) ? NULL : __libc_malloc(n); }
void *calloc(size_t a, size_t b) { return fail_now(__builtin_return_address(0)) ? NULL : __libc_calloc(a, b); }
void *realloc(void *p, size_t n) { return fail_now(__builtin_return_address(0)) ? NULL : __libc_realloc(p, n); }
"""
SPARED = 'libgmp,libxlsxwriter,libcrypto,libminizip,libz'


def test_malloc_faults(fundledger, count, rng, failures):
    """The Nth allocation of `check` and of `export --json --xlsx` on samples/kimson-2018 fails
    (every N with count < 0, else `count` random Ns per command): never a crash, exit 0 only
    with the clean run's output, otherwise a message that says memory ran out, and no file
    written or left.  Allocations by GMP, libxlsxwriter, minizip, zlib and libcrypto are never
    failed: they abort or crash on allocation failure."""
    sample = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'samples', 'kimson-2018')
    d = tempfile.mkdtemp(prefix='fl-crash-malloc-')
    shim = build_shim(d, MALLOC_SHIM, 'malloc_shim')
    if not shim or not os.path.isdir(sample):
        shutil.rmtree(d)
        return {'skipped': 'no C compiler for the allocation shim, or no samples/kimson-2018'}
    work = os.path.join(d, 'w')
    os.mkdir(work)
    log = os.path.join(d, 'malloc.log')
    env = dict(os.environ, LD_PRELOAD=shim, FL_MALLOC_SPARE=SPARED, FL_FAULT_LOG=log,
               SOURCE_DATE_EPOCH='1546300800')
    commands = {'check': [fundledger, 'check', sample],
                'export': [fundledger, 'export', '--json', 'o.json', '--xlsx', 'o.xlsx', sample]}
    figures = {}
    for name, cmd in commands.items():
        for f in os.listdir(work):
            os.unlink(os.path.join(work, f))
        if os.path.exists(log):
            os.unlink(log)
        clean = subprocess.run(cmd, cwd=work, capture_output=True, env=dict(env, FL_MALLOC_N='0'))
        text = open(log).read() if os.path.exists(log) else ''
        if not text.startswith('calls ') or int(text.split()[1]) == 0:
            shutil.rmtree(d)
            # a sanitizer build brings its own allocator, which a preloaded one cannot replace
            return {'skipped': 'the allocation shim does not take effect (a sanitizer build?)'}
        calls = int(text.split()[1])
        outputs = {f: sha(os.path.join(work, f)) for f in sorted(os.listdir(work))}
        ns = list(range(1, calls + 1)) if count < 0 else sorted(rng.sample(range(1, calls + 1), min(count, calls)))
        outcome = {}
        for n in ns:
            for f in os.listdir(work):
                os.unlink(os.path.join(work, f))
            r = subprocess.run(cmd, cwd=work, capture_output=True, env=dict(env, FL_MALLOC_N=str(n)))
            what = f'malloc {name} #{n}'
            left = sorted(os.listdir(work))
            last = r.stderr.rstrip(b'\n').split(b'\n')[-1].decode(errors='replace')
            if r.returncode < 0 or b'Sanitizer' in r.stderr:
                kind = f'crash (signal {-r.returncode})' if r.returncode < 0 else 'sanitizer report'
                failures.append(f'{what}: {kind}: {last[:200]}')
            elif r.returncode == 0:
                kind = 'exit 0, same output'
                now = {f: sha(os.path.join(work, f)) for f in left}
                if r.stdout != clean.stdout or now != outputs:
                    kind = 'exit 0, different output'
                    failures.append(f'{what}: exit 0 but not the clean run\'s output')
            else:
                memory = 'memory' in r.stderr.decode(errors='replace').lower()
                kind = f'exit {r.returncode}' + (', says out of memory' if memory else ', another message')
                if not memory:
                    failures.append(f'{what}: exit {r.returncode} without saying memory ran out: {last[:200]}')
                if left:
                    failures.append(f'{what}: exit {r.returncode} but files are there: {left}')
            outcome[kind] = outcome.get(kind, 0) + 1
        figures[name] = {'allocations': calls, 'runs': len(ns), 'outcomes': outcome}
    shutil.rmtree(d)
    return figures


def test_truncated_input(fundledger, rounds, failures):
    """Inputs are mapped while they are read: a file that another program makes shorter
    meanwhile raises SIGBUS.  The command must say so and exit 3, never die of the signal.
    Each round truncates a 20 MB CSV once `check` has it open (its own SIGBUS, when the
    cut lands while the file is mapped), then sends SIGBUS to a second `check` directly
    (the handler, whatever the timing)."""
    d = tempfile.mkdtemp(prefix='fl-crash-bus-')
    path = os.path.join(d, 'big.csv')
    row = '05/03/2018;Kim Chính;CD.TM;1.250.000;thực hiện;R{};Đường làng\n'
    body = 'Ngày;Đơn vị;Nguồn;Số tiền;Loại;Số chứng từ;Nội dung\n' + ''.join(
        row.format(i) for i in range(250000))
    said = 'became shorter while it was being read'
    seen = {'truncated: exit 3': 0, 'truncated: finished or refused first': 0,
            'signalled: exit 3': 0, 'signalled: finished first': 0}

    def opened(p):
        # wait until the process has the file mapped (or has ended)
        for _ in range(5000):
            if p.poll() is not None:
                return
            try:
                with open(f'/proc/{p.pid}/maps', encoding='utf-8', errors='replace') as m:
                    if path in m.read():
                        return
            except OSError:
                pass
            time.sleep(0.0005)

    for r in range(rounds):
        for how in ('truncated', 'signalled'):
            with open(path, 'w', encoding='utf-8') as f:
                f.write(body)
            p = subprocess.Popen([fundledger, 'check', path], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)
            opened(p)
            if how == 'truncated':
                os.truncate(path, 4096)
            elif p.poll() is None:
                p.send_signal(signal.SIGBUS)
            err = p.communicate()[1].decode(errors='replace')
            if p.returncode < 0:
                failures.append(f'{how} input, round {r}: killed by signal {-p.returncode}')
            elif p.returncode == 3 and said in err:
                seen[f'{how}: exit 3'] += 1
            elif p.returncode == 3:
                failures.append(f'{how} input, round {r}: exit 3 without saying why: {err[-200:]}')
            else:
                seen[f'{how}: finished or refused first' if how == 'truncated'
                     else f'{how}: finished first'] += 1
    shutil.rmtree(d)
    if rounds and seen['signalled: exit 3'] == 0:
        failures.append(f'SIGBUS never reached a running check: {seen}')
    return seen


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--fundledger', required=True)
    ap.add_argument('--add', type=int, default=500)
    ap.add_argument('--torn', type=int, default=200)
    ap.add_argument('--export', type=int, default=500)
    ap.add_argument('--faults', type=int, default=1, help='0: skip the fault injection of add')
    ap.add_argument('--export-faults', choices=('sample', 'all', 'none'), default='sample',
                    help='fault injection of export: every N (all), at most 8 Ns per fault kind '
                         '(sample, the default), or none')
    ap.add_argument('--malloc-faults', type=int, default=0,
                    help='the Nth allocation of check and export fails: N random Ns per command, '
                         '-1 every N, 0 (default) none')
    ap.add_argument('--truncate', type=int, default=3,
                    help='rounds of inputs truncated (and SIGBUS sent) while check reads them')
    ap.add_argument('--writers', default='2,8')
    ap.add_argument('--per-writer', type=int, default=0, help='entries per writer (0: 400 in all)')
    ap.add_argument('--seed', type=int, default=int(time.time()))
    args = ap.parse_args()
    fundledger = os.path.abspath(args.fundledger)
    rng = random.Random(args.seed)
    failures = []
    print(f'seed {args.seed}')
    if args.add:
        print('add:   ', test_add(fundledger, args.add, rng, failures))
    if args.torn:
        print('torn:  ', test_torn(fundledger, args.torn, rng, failures))
    if args.faults:
        print('faults:', test_faults(fundledger, failures))
    if args.truncate:
        print('truncated input:', test_truncated_input(fundledger, args.truncate, failures))
    for w in [int(x) for x in args.writers.split(',') if x]:
        print('concurrency:', test_concurrency(fundledger, w, args.per_writer or 400 // w, failures))
    if args.export_faults != 'none':
        print('export faults:', test_export_faults(fundledger, args.export_faults == 'all', rng, failures))
    if args.malloc_faults:
        print('malloc faults:', test_malloc_faults(fundledger, args.malloc_faults, rng, failures))
    if args.export:
        help_text = subprocess.run([fundledger, '--help'], capture_output=True).stdout
        if b'export' in help_text:
            print('export:', test_export(fundledger, args.export, rng, failures))
    for f in failures[:20]:
        print('FAIL', f)
    print('FAILED' if failures else 'all crash checks passed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
