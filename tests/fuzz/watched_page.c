/* See watched_page.h. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "watched_page.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#if defined(__x86_64__) || defined(__i386__)
#define WATCH_X86 1
#define TRAP_FLAG 0x100	/* EFLAGS.TF: a debug trap after one instruction */
#define PF_WRITE 0x2	/* page-fault error code: a write */
#endif

static uint8_t *page;
static volatile sig_atomic_t watching, stepping;
static struct watched_access log_buf[WATCHED_LOG_MAX];
static size_t log_len;
static struct sigaction old_segv, old_trap;

bool watched_page_supported(void)
{
#ifdef WATCH_X86
	return true;
#else
	return false;
#endif
}

#ifdef WATCH_X86
static void chain(const struct sigaction *old, int sig, siginfo_t *si,
		  void *ctx)
{
	if (old->sa_flags & SA_SIGINFO) {
		old->sa_sigaction(sig, si, ctx);
	} else if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
		old->sa_handler(sig);
	} else {
		/* Fault again, unhandled. */
		signal(sig, SIG_DFL);
	}
}

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	uintptr_t a = (uintptr_t)si->si_addr, base = (uintptr_t)page;

	if (!watching || a < base || a >= base + WATCHED_PAGE_SIZE) {
		chain(&old_segv, sig, si, ctx);
		return;
	}
	if (log_len < WATCHED_LOG_MAX)
		log_buf[log_len++] = (struct watched_access){
			(uint16_t)(a - base),
			(uc->uc_mcontext.gregs[REG_ERR] & PF_WRITE) != 0 };
	mprotect(page, WATCHED_PAGE_SIZE, PROT_READ | PROT_WRITE);
	stepping = 1;
	uc->uc_mcontext.gregs[REG_EFL] |= TRAP_FLAG;
}

static void on_trap(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	if (!stepping) {
		chain(&old_trap, sig, si, ctx);
		return;
	}
	stepping = 0;
	uc->uc_mcontext.gregs[REG_EFL] &= ~TRAP_FLAG;
	if (watching)
		mprotect(page, WATCHED_PAGE_SIZE, PROT_NONE);
}
#endif

void *watched_page(void)
{
	if (!page) {
		void *p = mmap(NULL, WATCHED_PAGE_SIZE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			abort();
		page = p;
#ifdef WATCH_X86
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_flags = SA_SIGINFO | SA_NODEFER;
		sa.sa_sigaction = on_segv;
		sigaction(SIGSEGV, &sa, &old_segv);
		sa.sa_sigaction = on_trap;
		sigaction(SIGTRAP, &sa, &old_trap);
#endif
	}
	return page;
}

void watched_page_watch(bool on)
{
	watched_page();
	/* Constant on one host, not on all (WATCH_X86). */
	/* cppcheck-suppress knownConditionTrueFalse */
	if (!watched_page_supported())
		return;
	if (on)
		log_len = 0;
	watching = on;
	mprotect(page, WATCHED_PAGE_SIZE, on ? PROT_NONE : PROT_READ | PROT_WRITE);
}

size_t watched_page_log(const struct watched_access **log)
{
	*log = log_buf;
	return log_len;
}

unsigned int watched_page_reads(size_t off)
{
	unsigned int n = 0;

	for (size_t i = 0; i < log_len; i++)
		n += log_buf[i].off == off && !log_buf[i].write;
	return n;
}
