/*
 * memsim lab workload: a declared, seeded memory footprint (fake_sysfs/lab/workloads.py).
 *
 *   workload [--seed N] [--file PATH --file-mib N [--reread-mib N]] [--shm PATH --shm-mib N]
 *            [--hugetlb-mib N] [--anon-mib N [--madvise-hugepage] [--dontneed-half]]
 *            --ready PATH
 *
 * In this order, each step only when asked for:
 *   1. page cache: write --file-mib MiB to --file in 1 MiB writes, fsync, read it all back
 *      once, then read --reread-mib MiB of it a second time, in 1 MiB chunks picked by the
 *      seed (a second access is what moves a page to the active list on the classic LRU)
 *   2. shmem: write --shm-mib MiB to --shm (a file on tmpfs; it outlives the process)
 *   3. hugetlb: mmap --hugetlb-mib MiB with MAP_HUGETLB from the pool and touch every page
 *   4. anon: mmap --anon-mib MiB private anonymous memory (--madvise-hugepage: ask for THP)
 *      and write every page; --dontneed-half then MADV_DONTNEED's the upper half of every
 *      2 MiB, which leaves partly mapped huge pages charged until they are split
 *   5. write --ready (what was done, in bytes) and wait for SIGTERM, then exit 0
 *
 * Every page written holds bytes drawn from the seed (splitmix64), so a run is a function of
 * its arguments alone and no two pages need be equal.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MIB (1024UL * 1024UL)
#define PAGE 4096UL
#define HPAGE (2UL * MIB)

static volatile sig_atomic_t stop;
static void on_signal(int s) { (void)s; stop = 1; }

static uint64_t rng;
static uint64_t next(void) {
    uint64_t z = (rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static void fail(const char *what, const char *arg) {
    fprintf(stderr, "workload: %s %s: %s\n", what, arg ? arg : "", strerror(errno));
    exit(2);
}

/* one page of seeded bytes: a byte drawn for the page, and a drawn word at its start */
static void fill_page(char *p) {
    uint64_t v = next();
    memset(p, (int)(v & 0xff) | 1, PAGE);
    memcpy(p, &v, sizeof v);
}

static void fill(char *buf, unsigned long len) {
    for (unsigned long off = 0; off < len; off += PAGE) fill_page(buf + off);
}

static void write_file(const char *path, unsigned long mib, char *buf, int sync) {
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    if (fd < 0) fail("open", path);
    for (unsigned long i = 0; i < mib; i++) {
        fill(buf, MIB);
        for (unsigned long off = 0; off < MIB;) {
            ssize_t n = write(fd, buf + off, MIB - off);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) fail("write", path);
            off += (unsigned long)n;
        }
    }
    if (sync && fsync(fd) != 0) fail("fsync", path);
    if (close(fd) != 0) fail("close", path);
}

static void read_chunk(int fd, unsigned long chunk, char *buf, const char *path) {
    if (pread(fd, buf, MIB, (off_t)(chunk * MIB)) != (ssize_t)MIB) fail("read", path);
}

int main(int argc, char **argv) {
    const char *file = NULL, *shm = NULL, *ready = NULL;
    unsigned long file_mib = 0, reread_mib = 0, shm_mib = 0, anon_mib = 0, huge_mib = 0;
    int madv_huge = 0, dontneed_half = 0;
    uint64_t seed = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NUM(name, var) if (!strcmp(a, name) && v) { var = strtoul(v, NULL, 10); i++; continue; }
#define STR(name, var) if (!strcmp(a, name) && v) { var = v; i++; continue; }
        NUM("--seed", seed) NUM("--file-mib", file_mib) NUM("--reread-mib", reread_mib)
        NUM("--shm-mib", shm_mib) NUM("--anon-mib", anon_mib) NUM("--hugetlb-mib", huge_mib)
        STR("--file", file) STR("--shm", shm) STR("--ready", ready)
        if (!strcmp(a, "--madvise-hugepage")) { madv_huge = 1; continue; }
        if (!strcmp(a, "--dontneed-half")) { dontneed_half = 1; continue; }
        fprintf(stderr, "workload: unknown or incomplete argument %s\n", a);
        return 1;
    }
    if (!ready || (file_mib && !file) || (shm_mib && !shm)) {
        fprintf(stderr, "workload: --ready, and --file/--shm with their sizes, are needed\n");
        return 1;
    }
    if (reread_mib > file_mib) reread_mib = file_mib;
    rng = seed;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    char *buf = malloc(MIB);
    if (!buf) fail("malloc", NULL);
    if (file_mib) {
        write_file(file, file_mib, buf, 1);
        int fd = open(file, O_RDONLY);
        if (fd < 0) fail("open", file);
        for (unsigned long c = 0; c < file_mib; c++) read_chunk(fd, c, buf, file);
        /* the chunks read twice: the first reread_mib of a seeded shuffle */
        unsigned long *order = malloc(file_mib * sizeof *order);
        if (!order) fail("malloc", NULL);
        for (unsigned long c = 0; c < file_mib; c++) order[c] = c;
        for (unsigned long c = file_mib - 1; c > 0; c--) {
            unsigned long j = next() % (c + 1), t = order[c];
            order[c] = order[j];
            order[j] = t;
        }
        for (unsigned long c = 0; c < reread_mib; c++) read_chunk(fd, order[c], buf, file);
        free(order);
        close(fd);
    }
    if (shm_mib) write_file(shm, shm_mib, buf, 0);
    if (huge_mib) {
        char *h = mmap(NULL, huge_mib * MIB, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
        if (h == MAP_FAILED) fail("mmap", "MAP_HUGETLB");
        fill(h, huge_mib * MIB);
    }
    if (anon_mib) {
        unsigned long len = anon_mib * MIB;
        /* 2 MiB aligned, so every huge page the kernel can use is a whole one */
        char *raw = mmap(NULL, len + HPAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (raw == MAP_FAILED) fail("mmap", "anon");
        char *anon = (char *)(((uintptr_t)raw + HPAGE - 1) & ~(HPAGE - 1));
        if (madv_huge && madvise(anon, len, MADV_HUGEPAGE) != 0) fail("madvise", "MADV_HUGEPAGE");
        fill(anon, len);
        if (dontneed_half)
            for (unsigned long off = 0; off + HPAGE <= len; off += HPAGE)
                if (madvise(anon + off + HPAGE / 2, HPAGE / 2, MADV_DONTNEED) != 0)
                    fail("madvise", "MADV_DONTNEED");
    }
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", ready);
    FILE *f = fopen(tmp, "w");
    if (!f) fail("fopen", tmp);
    fprintf(f, "pid %d\nseed %llu\nfile_bytes %lu\nreread_bytes %lu\nshm_bytes %lu\nhugetlb_bytes %lu\n"
               "anon_bytes %lu\ndontneed_bytes %lu\n",
            (int)getpid(), (unsigned long long)seed, file_mib * MIB, reread_mib * MIB, shm_mib * MIB,
            huge_mib * MIB, anon_mib * MIB, dontneed_half ? anon_mib * MIB / 2 : 0UL);
    fclose(f);
    if (rename(tmp, ready) != 0) fail("rename", ready);
    while (!stop) pause();
    return 0;
}
