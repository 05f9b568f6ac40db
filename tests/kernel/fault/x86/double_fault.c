/* A genuine double fault (#DF): a thread reads the top word of its guard
 * page with the IDT's page-fault gate marked not present. The #PF cannot
 * be delivered; the #NP raised instead is a contributory exception while
 * a page fault is delivered, which the CPU turns into a #DF (SDM 3A 6.15,
 * interrupt 8, table 6-5). The #DF gate is left as the kernel made it (an
 * IST stack on x86_64, a task on i686), and CR2 still holds the guard's
 * address: the report must name the thread and its stack overflow, as it
 * does for a #DF on a blown stack. */
#include <stdint.h>

#include "console.h"
#include "kernel.h"
#include "ktime.h"
#include "thread.h"
#include "x86_vectors.h"

/* P, DPL and type share byte 5 of a 32-bit and of a 64-bit gate (SDM 3A
 * 6.11, 6.14.1); a gate is two words long in either mode. */
#define GATE_ATTR_BYTE 5
#define GATE_PRESENT 0x80
#define GATE_SIZE (2 * sizeof(uintptr_t))

static struct thread victim;
static uint8_t guarded_stack[3 * 4096] __attribute__((aligned(4096)));

/* The IDT is the kernel's (idt.c): found through the IDTR, as the CPU
 * finds it. */
static void idt_gate_clear_present(unsigned int vector)
{
	/* Written by the sidt instruction; only the base is read. */
	struct __attribute__((packed)) {
		/* cppcheck-suppress unusedStructMember */
		uint16_t limit;
		uintptr_t base;
	} idtr;
	volatile uint8_t *attr;

	__asm__ volatile("sidt %0" : "=m"(idtr));
	attr = (volatile uint8_t *)(idtr.base + vector * GATE_SIZE +
				    GATE_ATTR_BYTE);
	*attr = (uint8_t)(*attr & ~GATE_PRESENT);
}

static void read_guard(void *arg)
{
	uintptr_t top = (uintptr_t)victim.stack - sizeof(uint32_t);

	(void)arg;
	if (!victim.guard) {
		kprintf("fault: FAILED: thread 'deep' has no guard page\n");
		return;
	}
	kprintf("fault: reading 0x%08lx, the top of thread 'deep's guard "
		"page, with the page-fault gate not present\n",
		(unsigned long)top);
	idt_gate_clear_present(X86_VEC_PF);
	(void)*(volatile uint32_t *)top;
	kprintf("fault: FAILED: the read did not fault\n");
}

int app_main(void)
{
	thread_create(&victim, "deep", 20, read_guard, NULL, guarded_stack,
		      sizeof(guarded_stack), 0);
	thread_sleep(MS(10));
	kprintf("fault: FAILED: still running\n");
	return EXIT_FAILURE;
}
