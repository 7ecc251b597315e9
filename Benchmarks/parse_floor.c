/* SPDX-License-Identifier: GPL-3.0-or-later
 * The C parse floor for the episode-engine benchmark (issue 12): the least work any reader of an
 * observations CSV must do. mmap the file, find every field separator and line end, parse the
 * last field (the score) as a number, and sum it. No quoting, no grouping, one core.
 * Headway's commands are reported as multiples of this floor's CPU time (BENCHMARKS.md).
 *
 *   cc -O2 -o /tmp/parse_floor Benchmarks/parse_floor.c && /tmp/parse_floor FILE
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: parse_floor FILE\n"); return 2; }
    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) { perror(argv[1]); return 2; }
    const char *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) { perror("mmap"); return 2; }
    madvise((void *)p, (size_t)st.st_size, MADV_SEQUENTIAL);
    const char *end = p + st.st_size;
    while (p < end && *p != '\n') p++;            /* header */
    p++;
    long rows = 0, fields = 0;
    double sum = 0;
    while (p < end) {
        const char *field = p;
        while (p < end && *p != '\n') {           /* split fields; remember the last one */
            if (*p == ',') { fields++; field = p + 1; }
            p++;
        }
        double v = 0, scale = 0;                  /* parse the score: digits with an optional point */
        for (const char *q = field; q < p && *q != '\r'; q++) {
            if (*q == '.') scale = 1;
            else { v = v * 10 + (*q - '0'); if (scale) scale *= 10; }
        }
        sum += scale ? v / scale : v;
        rows++;
        p++;
    }
    printf("rows %ld fields %ld score sum %.0f\n", rows, fields + rows, sum);
    return 0;
}
