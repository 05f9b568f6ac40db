/* A stand-in for Jailhouse's debug-console hypercall on x86, for tests
 * without a hypervisor: there VMCALL and VMMCALL raise #UD, which this
 * test image intercepts (fake_hyp_entry.S, linked with
 * -Wl,--wrap=x86_trap). The instruction the CPU's vendor calls for
 * (VMMCALL on AMD and Hygon, VMCALL elsewhere) with EAX = 8 prints DIL on
 * COM1, as Jailhouse would print it on its console, returns 0 in EAX and
 * resumes after it; anything else -- the other vendor's instruction
 * included -- goes on to the kernel's fatal #UD report.
 * Encodings: Intel SDM vol. 2B "VMCALL" (0f 01 c1); AMD APM vol. 3
 * "VMMCALL" (0f 01 d9). */
#include <stdbool.h>
#include <stdint.h>

#include "io.h"
#include "kstring.h"
#include "x86.h"
#include "x86_frame.h"

#define VEC_UD 6
#define HC_DEBUG_CONSOLE_PUTC 8
#define INSN_SIZE 3
#define COM1 0x3f8
#define UART_LSR 5
#define LSR_THRE 0x20

static const uint8_t vmcall[INSN_SIZE] = { 0x0f, 0x01, 0xc1 };
static const uint8_t vmmcall[INSN_SIZE] = { 0x0f, 0x01, 0xd9 };

static const uint8_t *fake_hyp_insn_of_vendor(void)
{
	struct x86_cpuid id = x86_cpuid(0, 0);
	char vendor[12];

	memcpy(&vendor[0], &id.ebx, 4);
	memcpy(&vendor[4], &id.edx, 4);
	memcpy(&vendor[8], &id.ecx, 4);
	if (!memcmp(vendor, "AuthenticAMD", 12) ||
	    !memcmp(vendor, "HygonGenuine", 12))
		return vmmcall;
	return vmcall;
}

bool fake_hyp_emulate(struct x86_frame *f);

/* Set once a hypercall is answered: the tests read it, as COM1 is the
 * tree's console too and output alone cannot tell. 2: answered, but
 * called on a misaligned stack. */
volatile uint32_t fake_hyp_seen;

/* True when `f` was the hypercall and is now answered. */
bool fake_hyp_emulate(struct x86_frame *f)
{
	/* Called from __wrap_x86_trap's assembly: the stack at its call
	 * must be 16-byte aligned as the psABIs ask (SSE spills rely on
	 * it), as the kernel's own exception entry keeps it. Reported in
	 * fake_hyp_seen, not by a panic: its output would come back here
	 * through the hypercall. */
	bool aligned = (uintptr_t)__builtin_dwarf_cfa() % 16 == 0;
#ifdef __x86_64__
	unsigned long *nr = (unsigned long *)&f->rax;
	unsigned long arg = f->rdi;
#else
	unsigned long *nr = (unsigned long *)&f->eax;
	unsigned long arg = f->edi;
#endif

	if (f->vector != VEC_UD || *nr != HC_DEBUG_CONSOLE_PUTC ||
	    memcmp((const void *)(uintptr_t)f->ip, fake_hyp_insn_of_vendor(),
		   INSN_SIZE) != 0)
		return false;
	while (!(inb(COM1 + UART_LSR) & LSR_THRE))
		;
	outb(COM1, (uint8_t)arg);
	fake_hyp_seen = aligned ? 1 : 2;
	*nr = 0;
	f->ip += INSN_SIZE;
	return true;
}
