/* xlsx_floor.c - the spreadsheet floor of the benchmark: libxlsxwriter alone
 * writing the cells of an entries sheet, with no ledger behind it.
 *
 *   xlsx_floor IN.csv OUT.xlsx
 *
 * Reads a generated vi CSV (bench/gen.py) and writes one row per entry with
 * the same eleven cells as the entries sheet of `fundledger export --xlsx`
 * (number, date as a date, unit, source code, source label, kind, amount as
 * a number with a grouped format, reference, memo, file, line; texts with
 * the "@" format) under a header row, in libxlsxwriter's constant-memory
 * mode, continuing on a new sheet after 1,048,575 rows.  This is the cost
 * of the cells themselves: the export writes these and more (summary
 * sheets, formulas, exactness checks), so it cannot beat this figure.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define MAX_ROWS 1048576

/* The labels of the leaf codes gen.py posts to (`fundledger sources`). */
static const char *const labels[][2] = {
    {"NS.TW.DTPT", "Vốn đầu tư phát triển"},
    {"NS.TW.SN", "Vốn sự nghiệp"},
    {"NS.TW.TPCP", "Trái phiếu Chính phủ"},
    {"NS.DP.TINH", "Ngân sách tỉnh"},
    {"NS.DP.HUYEN", "Ngân sách huyện"},
    {"NS.DP.XA", "Ngân sách xã"},
    {"LG", "Vốn lồng ghép các chương trình, dự án khác"},
    {"TD.CS", "Vốn tín dụng chính sách"},
    {"TD.TM", "Vốn tín dụng thương mại"},
    {"DN", "Vốn doanh nghiệp, hợp tác xã"},
    {"CD.TM", "Tiền mặt"},
    {"CD.NC", "Ngày công lao động quy đổi"},
    {"CD.HD", "Hiến đất quy đổi"},
    {"CD.VT", "Vật tư, hiện vật quy đổi"},
    {"CD.TDT", "Người dân tự đầu tư, chỉnh trang"},
    {"KH.TT", "Tài trợ"},
    {"KH.NN", "Vốn nước ngoài"},
};

static const char *label_of(const char *code)
{
    size_t i;
    for (i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i][0], code) == 0)
            return labels[i][1];
    return code;
}

static lxw_worksheet *new_sheet(lxw_workbook *wb, int index, lxw_format *bold)
{
    char name[32];
    lxw_worksheet *ws;
    snprintf(name, sizeof name, index ? "Chi tiết %d" : "Chi tiết", index + 1);
    ws = workbook_add_worksheet(wb, name);
    static const char *const heads[] = {"STT",      "Ngày", "Đơn vị",  "Mã nguồn",
                                        "Nguồn",    "Loại", "Số tiền", "Số chứng từ",
                                        "Nội dung", "Tệp",  "Dòng"};
    int c;
    for (c = 0; c < 11; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, heads[c], bold);
    return ws;
}

int main(int argc, char **argv)
{
    lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *bold, *money, *text, *date, *integer;
    struct stat st;
    char *buf, *p, *end;
    size_t got = 0;
    uint32_t row = 1;
    int fd, sheets = 1;
    long long entries = 0;

    if (argc != 3) {
        fputs("usage: xlsx_floor IN.csv OUT.xlsx\n", stderr);
        return 2;
    }
    fd = open(argv[1], O_RDONLY);
    if (fd < 0 || fstat(fd, &st) != 0) {
        perror(argv[1]);
        return 3;
    }
    buf = malloc((size_t)st.st_size + 1);
    if (!buf)
        return 3;
    while (got < (size_t)st.st_size) {
        ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);
        if (r <= 0) {
            perror(argv[1]);
            return 3;
        }
        got += (size_t)r;
    }
    close(fd);
    buf[got] = '\n';
    end = buf + got;

    wb = workbook_new_opt(argv[2], &options);
    if (!wb)
        return 3;
    bold = workbook_add_format(wb);
    format_set_bold(bold);
    money = workbook_add_format(wb);
    format_set_num_format(money, "#,##0.###");
    text = workbook_add_format(wb);
    format_set_num_format(text, "@");
    date = workbook_add_format(wb);
    format_set_num_format(date, "dd/mm/yyyy");
    integer = workbook_add_format(wb);
    format_set_num_format(integer, "0");
    ws = new_sheet(wb, 0, bold);

    p = memchr(buf, '\n', got);
    p = p ? p + 1 : end;
    while (p < end) {
        char *field[7];
        int64_t whole = 0, frac = 0;
        int f, scale = 1000;
        char *c;
        for (f = 0; f < 7; f++) {
            char *stop =
                f < 6 ? memchr(p, ';', (size_t)(end - p)) : memchr(p, '\n', (size_t)(end - p) + 1);
            field[f] = p;
            *stop = 0;
            p = stop + 1;
        }
        for (c = field[3]; *c; c++) {
            if (*c == ',')
                scale = 1;
            else if (*c >= '0' && *c <= '9') {
                if (scale == 1000)
                    whole = whole * 10 + (*c - '0');
                else {
                    frac = frac * 10 + (*c - '0');
                    scale *= 10;
                }
            }
        }
        if (scale == 1000)
            scale = 1;
        if (row == MAX_ROWS) {
            ws = new_sheet(wb, sheets++, bold);
            row = 1;
        }
        {
            /* field[0] is dd/mm/yyyy */
            lxw_datetime dt = {atoi(field[0] + 6), atoi(field[0] + 3), atoi(field[0]), 0, 0, 0.0};
            worksheet_write_number(ws, row, 0, (double)(entries + 1), integer);
            worksheet_write_datetime(ws, row, 1, &dt, date);
        }
        worksheet_write_string(ws, row, 2, field[1], text);
        worksheet_write_string(ws, row, 3, field[2], text);
        worksheet_write_string(ws, row, 4, label_of(field[2]), text);
        worksheet_write_string(ws, row, 5, "thực hiện", text);
        worksheet_write_number(ws, row, 6, (double)whole + (double)frac / scale, money);
        worksheet_write_string(ws, row, 7, field[5], text);
        worksheet_write_string(ws, row, 8, field[6], text);
        worksheet_write_string(ws, row, 9, argv[1], text);
        worksheet_write_number(ws, row, 10, (double)(entries + 2), integer);
        row++;
        entries++;
    }
    if (workbook_close(wb) != LXW_NO_ERROR) {
        fputs("xlsx_floor: writing the workbook failed\n", stderr);
        return 3;
    }
    printf("entries %lld\n", entries);
    free(buf);
    return 0;
}
