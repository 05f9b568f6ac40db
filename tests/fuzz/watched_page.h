/* A page whose every access by the code under test is logged, for the
 * comm-region harness and its unit tests: a field of the region read
 * twice (checked, then read again) is a TOCTOU window, since the
 * hypervisor may rewrite the region at any time.
 *
 * While watched the page is inaccessible; each fault is logged with its
 * offset, the page opened for exactly one instruction (the x86 trap
 * flag), then closed again. So an access is logged at the first byte it
 * touches. x86 hosts only: elsewhere watched_page_supported() is false
 * and nothing is logged. */
#ifndef WATCHED_PAGE_H
#define WATCHED_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WATCHED_PAGE_SIZE 4096u
#define WATCHED_LOG_MAX 4096u

struct watched_access {
	uint16_t off;
	bool write;
};

bool watched_page_supported(void);
/* The page (page-aligned, zeroed on first use). */
void *watched_page(void);
/* Starts (clearing the log) or stops watching. */
void watched_page_watch(bool on);
/* The accesses since watching started, in order. */
size_t watched_page_log(const struct watched_access **log);
/* How many reads touched `off` first. */
unsigned int watched_page_reads(size_t off);

#endif
