/* The interrupt descriptor table: exception stubs for vectors 0..31 and
 * interrupt stubs for 32..255 (vectors*.S), all interrupt gates (IF
 * cleared on entry, so handlers never nest), at ring 0 on the current
 * stack, except the faults that may come from a blown stack: on x86_64
 * they switch to an IST stack, on i686 they are task gates (but in a
 * Jailhouse cell on a VMX CPU, which may not switch tasks).
 * Intel SDM vol. 3A 6.11 (IDT descriptors), 6.14.1 (64-bit IDT gates). */
#include <stdint.h>

#include "linker.h"
#include "x86.h"
#include "x86_gdt.h"
#include "x86_vectors.h"

#define IDT_ENTRIES 256
#define GATE_INTERRUPT 0x8e	/* P | DPL 0 | 32/64-bit interrupt gate */
#define GATE_TASK 0x85		/* P | DPL 0 | task gate */

extern const uintptr_t x86_exc_stubs[X86_VEC_EXCEPTIONS];
extern const uint8_t x86_irq_stubs[];

#ifdef __x86_64__
struct idt_gate {
	uint16_t offset_lo, selector;
	uint8_t ist, type;
	uint16_t offset_mid;
	uint32_t offset_hi, reserved;
} __attribute__((packed));
#define GATE_CODE_SEL X86_SEL_CODE64
#else
struct idt_gate {
	uint16_t offset_lo, selector;
	uint8_t zero, type;
	uint16_t offset_mid;
} __attribute__((packed));
#define GATE_CODE_SEL X86_SEL_CODE32
#endif

/* Filled whole before it is loaded: left out of the .bss clear. */
static struct idt_gate idt[IDT_ENTRIES] NOINIT("idt") __attribute__((aligned(16)));

static struct idt_gate idt_gate(uintptr_t handler, unsigned int ist)
{
#ifndef __x86_64__
	(void)ist;	/* i686 switches stacks through task gates */
#endif
	return (struct idt_gate){
		.offset_lo = (uint16_t)handler,
		.selector = GATE_CODE_SEL,
		.type = GATE_INTERRUPT,
		.offset_mid = (uint16_t)(handler >> 16),
#ifdef __x86_64__
		.ist = (uint8_t)ist,
		.offset_hi = (uint32_t)((uint64_t)handler >> 32),
#endif
	};
}

/* The first `entries` gates: a vector past them raises #GP, reported
 * as a fault whose error code holds the vector (vector * 8 + 2, + 1 for
 * an external interrupt). */
static void idt_load(unsigned int entries)
{
	/* Read by the lidt instruction, not by C. */
	struct __attribute__((packed)) {
		/* cppcheck-suppress unusedStructMember */
		uint16_t limit;
		/* cppcheck-suppress unusedStructMember */
		uintptr_t base;
	} idtr = { (uint16_t)(entries * sizeof(idt[0]) - 1), (uintptr_t)idt };

	__asm__ volatile("lidt %0" ::"m"(idtr) : "memory");
}

#ifndef __x86_64__
/* Whether a task switch would stop this CPU instead of switching. A cell
 * started the Jailhouse way (real-mode entry) runs in VMX non-root mode
 * unless the CPU is AMD's or Hygon's: there a task switch is a VM exit
 * (Intel SDM vol. 3C, "Treatment of Task Switches") that Jailhouse does
 * not handle; it stops the cell ("Unhandled VM-Exit, reason 9") before
 * the fault could be reported. SVM switches tasks itself unless the
 * hypervisor intercepts them, which Jailhouse does not. Where it traps,
 * page and double faults keep their interrupt gates: a page fault is
 * reported on the current stack, a blown stack ends in a triple fault,
 * which stops the cell too. */
static bool idt_task_switch_traps(void)
{
	return x86_entry_kind == X86_ENTRY_REALMODE && !x86_cpu_is_amd();
}
#endif

/* Before kernel_main(): the exceptions, so that a fault at boot is
 * reported. Interrupts stay off until x86_idt_irqs_init(). */
void x86_idt_init(void)
{
	for (unsigned int v = 0; v < X86_VEC_EXCEPTIONS; v++)
		idt[v] = idt_gate(x86_exc_stubs[v], 0);
#ifdef __x86_64__
	idt[X86_VEC_DF] = idt_gate(x86_exc_stubs[X86_VEC_DF], X86_IST_DF);
	idt[X86_VEC_PF] = idt_gate(x86_exc_stubs[X86_VEC_PF], X86_IST_PF);
#else
	if (!idt_task_switch_traps()) {
		idt[X86_VEC_DF] = (struct idt_gate){ .selector = X86_SEL_TSS_DF,
						     .type = GATE_TASK };
		idt[X86_VEC_PF] = (struct idt_gate){ .selector = X86_SEL_TSS_PF,
						     .type = GATE_TASK };
	}
#endif
	idt_load(X86_VEC_EXCEPTIONS);
}

/* From arch_init(), after the first console output and before any
 * interrupt controller is set up: the 224 interrupt gates. Consecutive
 * stubs' gates differ only in the handler offset, whose low 16 bits are
 * the low bits of the gate's first word: each gate is the previous one
 * plus the stub size, rebuilt only where the offset crosses 64 KiB. */
void x86_idt_irqs_init(void)
{
	/* Word stores into the gates: may_alias makes them legal C. */
	typedef uintptr_t __attribute__((may_alias)) gate_word;
	uintptr_t stub = (uintptr_t)x86_irq_stubs, w[2];
	gate_word *out = (gate_word *)(void *)&idt[X86_VEC_EXCEPTIONS];
	struct idt_gate gate = idt_gate(stub, 0);

	_Static_assert(sizeof(gate) == sizeof(w), "a gate is two words");
	__builtin_memcpy(w, &gate, sizeof(w));
	for (unsigned int v = X86_VEC_EXCEPTIONS; v < IDT_ENTRIES; v++) {
		out[0] = w[0];
		out[1] = w[1];
		out += 2;
		stub += X86_IRQ_STUB_SIZE;
		w[0] += X86_IRQ_STUB_SIZE;
		if ((uint16_t)w[0] < X86_IRQ_STUB_SIZE) {
			gate = idt_gate(stub, 0);
			__builtin_memcpy(w, &gate, sizeof(w));
		}
	}
	idt_load(IDT_ENTRIES);
}
