/* CPU fault reports: the exception, its error code, CR2 for page faults,
 * the instruction pointer, the thread (fault.h) and a register dump; then
 * the kernel stops (kernel_fail). Every exception is fatal: the kernel
 * has no use for recoverable faults.
 * Intel SDM vol. 3A 6.15 (exception reference), 4.7 (page-fault error
 * code). */
#include <stdbool.h>
#include <stdint.h>

#include "console.h"
#include "fault.h"
#include "kernel.h"
#include "x86.h"
#include "x86_frame.h"
#include "x86_gdt.h"
#include "x86_vectors.h"

/* Page-fault error code bits (SDM 3A 4.7, figure 4-12). */
#define PF_ERR_PRESENT (1 << 0)
#define PF_ERR_WRITE (1 << 1)
#define PF_ERR_RESERVED (1 << 3)
#define PF_ERR_FETCH (1 << 4)

struct exc_name {
	const char *text, *mnemonic;
};

static const struct exc_name exc_names[X86_VEC_EXCEPTIONS] = {
	[0] = { "divide error", "DE" },
	[1] = { "debug exception", "DB" },
	[2] = { "non-maskable interrupt", "NMI" },
	[3] = { "breakpoint", "BP" },
	[4] = { "overflow", "OF" },
	[5] = { "bound range exceeded", "BR" },
	[6] = { "invalid opcode", "UD" },
	[7] = { "device not available", "NM" },
	[8] = { "double fault", "DF" },
	[9] = { "coprocessor segment overrun", "CSO" },
	[10] = { "invalid TSS", "TS" },
	[11] = { "segment not present", "NP" },
	[12] = { "stack-segment fault", "SS" },
	[13] = { "general protection", "GP" },
	[14] = { "page fault", "PF" },
	[16] = { "x87 floating-point error", "MF" },
	[17] = { "alignment check", "AC" },
	[18] = { "machine check", "MC" },
	[19] = { "SIMD floating-point exception", "XM" },
	[20] = { "virtualization exception", "VE" },
	[21] = { "control protection", "CP" },
};

/* What the report prints, whichever way the state was saved. */
struct trap_state {
	unsigned long vector, error, ip, sp, flags, cs;
	unsigned int nregs;
	const char *const *names;
	const unsigned long *regs;
};

static void trap_print_pf(unsigned long error, unsigned long cr2)
{
	kprintf("    cr2=0x%08lx error=0x%lx: %s, %s%s\n", cr2, error,
		error & PF_ERR_PRESENT ? "protection violation"
				       : "page not present",
		error & PF_ERR_FETCH ? "instruction fetch"
		: error & PF_ERR_WRITE ? "write" : "read",
		error & PF_ERR_RESERVED ? ", reserved bit set" : "");
}

static __attribute__((noreturn)) void trap_report(const struct trap_state *s)
{
	const struct exc_name *n = s->vector < X86_VEC_EXCEPTIONS &&
					   exc_names[s->vector].text
				   ? &exc_names[s->vector]
				   : &(const struct exc_name){ "reserved "
							       "exception",
							       "?" };
	bool pf = s->vector == X86_VEC_PF;
	unsigned long cr2 = x86_read_cr2();

	fault_report_begin();
	kprintf("\n*** CPU fault: %s (#%s) at 0x%08lx\n", n->text, n->mnemonic,
		s->ip);
	if (pf)
		trap_print_pf(s->error, cr2);
	else if (s->vector == X86_VEC_DF)
		kprintf("    while delivering another exception; cr2=0x%08lx\n",
			cr2);
	else
		kprintf("    error=0x%lx\n", s->error);
	if (s->vector == X86_VEC_NM)
		fault_report_fp_misuse();
	/* A double fault on a blown stack comes from a page fault whose
	 * frame could not be pushed: CR2 still names the address. */
	fault_report_context(cr2, pf || s->vector == X86_VEC_DF);
	for (unsigned int i = 0; i < s->nregs; i++)
		kprintf("    %s=0x%0*lx%s", s->names[i],
			(int)(2 * sizeof(long)), s->regs[i],
			i % 4 == 3 || i + 1 == s->nregs ? "\n" : "");
#ifdef __x86_64__
	kprintf("    rip=0x%08lx rsp=0x%08lx rflags=0x%08lx cs=0x%lx\n",
		s->ip, s->sp, s->flags, s->cs);
#else
	kprintf("    eip=0x%08lx esp=0x%08lx eflags=0x%08lx cs=0x%lx\n",
		s->ip, s->sp, s->flags, s->cs);
#endif
	kprintf("    cr0=0x%08lx cr3=0x%08lx cr4=0x%08lx\n", x86_read_cr0(),
		x86_read_cr3(), x86_read_cr4());
	kernel_fail();
}

#ifdef __x86_64__
static const char *const reg_names[] = {
	"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8",
	"r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

void x86_trap(const struct x86_frame *f);

void x86_trap(const struct x86_frame *f)
{
	const unsigned long regs[] = {
		f->rax, f->rbx, f->rcx, f->rdx, f->rsi, f->rdi, f->rbp, f->r8,
		f->r9, f->r10, f->r11, f->r12, f->r13, f->r14, f->r15,
	};
	struct trap_state s = {
		.vector = f->vector, .error = f->error, .ip = f->ip,
		.sp = f->sp, .flags = f->flags, .cs = f->cs,
		.nregs = sizeof(regs) / sizeof(regs[0]),
		.names = reg_names, .regs = regs,
	};

	trap_report(&s);
}
#else
static const char *const reg_names[] = {
	"eax", "ebx", "ecx", "edx", "esi", "edi", "ebp",
};

void x86_trap(const struct x86_frame *f);
void x86_task_trap(uint32_t vector, uint32_t error);

void x86_trap(const struct x86_frame *f)
{
	const unsigned long regs[] = {
		f->eax, f->ebx, f->ecx, f->edx, f->esi, f->edi, f->ebp,
	};
	/* Same privilege level: the CPU pushed no ESP; the interrupted
	 * stack continues right above its frame. */
	struct trap_state s = {
		.vector = f->vector, .error = f->error, .ip = f->ip,
		.sp = (uintptr_t)(&f->flags + 1), .flags = f->flags,
		.cs = f->cs, .nregs = sizeof(regs) / sizeof(regs[0]),
		.names = reg_names, .regs = regs,
	};

	trap_report(&s);
}

/* Page and double faults arrive as task switches (but where idt.c keeps
 * their interrupt gates): the kernel's state is in the boot TSS. */
void x86_task_trap(uint32_t vector, uint32_t error)
{
	const struct x86_tss32 *t = x86_tss_interrupted();
	const unsigned long regs[] = {
		t->eax, t->ebx, t->ecx, t->edx, t->esi, t->edi, t->ebp,
	};
	struct trap_state s = {
		.vector = vector, .error = error, .ip = t->eip, .sp = t->esp,
		.flags = t->eflags, .cs = t->cs,
		.nregs = sizeof(regs) / sizeof(regs[0]),
		.names = reg_names, .regs = regs,
	};

	trap_report(&s);
}
#endif
