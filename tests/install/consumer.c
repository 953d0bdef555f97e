/* consumer.c - a program outside the tree, built against the installed
 * library through pkg-config and through the CMake package
 * (scripts/test.sh, "install check"). */
#include <fundledger.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    fl_dec a, b;
    char *text;
    int ok;

    fl_dec_init(a);
    fl_dec_init(b);
    if (fl_dec_set_str(a, "151463210000", 12, NULL) != FL_OK ||
        fl_dec_set_str(b, "0.001", 5, NULL) != FL_OK || fl_dec_add(a, a, b) != FL_OK)
        return 1;
    text = fl_dec_to_string(a);
    ok = text && strcmp(text, "151463210000.001") == 0;
    printf("fundledger %s: %s\n", fl_version(), text ? text : "(null)");
    free(text);
    fl_dec_clear(a);
    fl_dec_clear(b);
    return ok ? 0 : 1;
}
