/* The local APIC driver (arch/x86/lapic.c) against a register file,
 * reached through MMIO in xAPIC mode and through MSRs in x2APIC mode,
 * and IA32_APIC_BASE with the mode transitions SDM 10.12.5 allows: what
 * it writes to its local vector table, its probe, its self-IPIs. The
 * driver's source is included for its statics. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The driver's MSR accesses go to the model below, not to the CPU. */
#include "x86.h"
static uint64_t msr_read(uint32_t msr);
static void msr_write(uint32_t msr, uint64_t v);
#define x86_rdmsr msr_read
#define x86_wrmsr msr_write

/* NOLINTNEXTLINE(bugprone-suspicious-include): built in, statics and all */
#include "../../arch/x86/lapic.c"

#include "unit.h"

#define BASE 0xfee00000u

/* --- What the driver needs from the rest of the kernel ----------------- */

struct x86_features x86_cpu;

static struct irq_chip *registered;
static int register_err;	/* what irq_chip_register() returns */
static int fdt_reg_err;		/* what fdt_reg() returns */
static bool keep_apic_mode;	/* the node's cellmate,keep-apic-mode */

int irq_chip_register(struct irq_chip *chip)
{
	registered = chip;
	return register_err;
}

int fdt_reg(const struct fdt *fdt, int node, unsigned int index,
	    uint64_t *base, uint64_t *size)
{
	(void)fdt, (void)node, (void)index;
	if (fdt_reg_err < 0)
		return fdt_reg_err;
	*base = BASE;
	*size = 0x1000;
	return 0;
}

bool fdt_prop_bool(const struct fdt *fdt, int node, const char *name)
{
	(void)fdt, (void)node, (void)name;
	return keep_apic_mode;
}

int kprintf(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

/* --- The register file ------------------------------------------------- */

static uint32_t regs[0x400 / 4];
static unsigned int writes;
/* xAPIC: after a write of its ICR, how many reads show it still sending
 * (delivery status); a write while it does is counted. */
static unsigned int icr_busy_reads;
static unsigned int icr_written_busy;

static uint64_t apic_base;	/* IA32_APIC_BASE */
static unsigned int apic_base_writes;
static unsigned int msr_faults;	/* accesses that would raise #GP */
static unsigned int mmio_in_x2apic;	/* the xAPIC window is off then */

static uint32_t *reg(uintptr_t addr)
{
	if (addr < BASE || addr >= BASE + sizeof(regs) || (addr & 3)) {
		fprintf(stderr, "an access outside the LAPIC: 0x%lx\n",
			(unsigned long)addr);
		abort();
	}
	return &regs[(addr - BASE) / 4];
}

uint32_t host_mmio_read32(uintptr_t addr)
{
	if (apic_base & APIC_BASE_EXTD)
		mmio_in_x2apic++;
	if (addr == BASE + LAPIC_ICR_LO && icr_busy_reads) {
		icr_busy_reads--;
		return *reg(addr) | ICR_DELIVERY_PENDING;
	}
	return *reg(addr);
}

void host_mmio_write32(uintptr_t addr, uint32_t v)
{
	if (apic_base & APIC_BASE_EXTD)
		mmio_in_x2apic++;
	if (addr == BASE + LAPIC_ICR_LO && icr_busy_reads)
		icr_written_busy++;
	*reg(addr) = v;
	writes++;
}

/* x2APIC register r is MSR 0x800 + r / 16, the ICR one 64-bit MSR. */
static bool x2apic_reg(uint32_t msr, unsigned int *r)
{
	if (msr < MSR_X2APIC_BASE || msr >= MSR_X2APIC_BASE + 0x40 ||
	    !(apic_base & APIC_BASE_EXTD))
		return false;
	*r = (msr - MSR_X2APIC_BASE) * 16;
	return true;
}

static uint64_t msr_read(uint32_t msr)
{
	unsigned int r;

	if (msr == MSR_IA32_APIC_BASE)
		return apic_base;
	if (!x2apic_reg(msr, &r)) {
		msr_faults++;
		return 0;
	}
	if (r == LAPIC_ICR_LO)
		return regs[r / 4] | (uint64_t)regs[LAPIC_ICR_HI / 4] << 32;
	return regs[r / 4];
}

/* SDM 10.12.5, figure 10-27: EXTD needs EN, a disabled APIC reaches
 * x2APIC mode through xAPIC mode, x2APIC mode leaves only to disabled. */
static void apic_base_write(uint64_t v)
{
	bool en = v & APIC_BASE_EN, extd = v & APIC_BASE_EXTD;

	apic_base_writes++;
	if ((extd && !en) || (extd && !(apic_base & APIC_BASE_EN)) ||
	    (!extd && en && (apic_base & APIC_BASE_EXTD))) {
		msr_faults++;
		return;
	}
	apic_base = v;
}

static void msr_write(uint32_t msr, uint64_t v)
{
	unsigned int r;

	if (msr == MSR_IA32_APIC_BASE) {
		apic_base_write(v);
		return;
	}
	if (!x2apic_reg(msr, &r)) {
		msr_faults++;
		return;
	}
	regs[r / 4] = (uint32_t)v;
	if (r == LAPIC_ICR_LO)
		regs[LAPIC_ICR_HI / 4] = (uint32_t)(v >> 32);
	writes++;
}

static void xapic(void)
{
	memset(regs, 0, sizeof(regs));
	writes = 0;
	lapic.x2apic = false;
	lapic.mmio = BASE;
}

/* --- Cases --------------------------------------------------------------- */

/* Delivery status (bit 12) is read-only and set while an interrupt is on
 * its way; written back, it is a reserved bit to Jailhouse's xAPIC
 * emulation, which stops the cell. Masking and unmasking keep it out. */
UNIT_TEST(masking_a_vector_table_entry_never_writes_its_delivery_status)
{
	static const unsigned int vec[] = { X86_VEC_TIMER, X86_VEC_APIC_ERROR };
	static const unsigned int lvt[] = { LAPIC_LVT_TIMER, LAPIC_LVT_ERROR };

	for (unsigned int i = 0; i < 2; i++) {
		xapic();
		regs[lvt[i] / 4] = vec[i] | LAPIC_LVT_DELIVERY_PENDING |
				   LAPIC_LVT_MASKED;
		lapic_unmask(&lapic.chip, vec[i]);
		EXPECT(writes == 1 && regs[lvt[i] / 4] == vec[i],
		       "unmasked LVT 0x%x: 0x%x written, expected 0x%x",
		       lvt[i], regs[lvt[i] / 4], vec[i]);
		regs[lvt[i] / 4] |= LAPIC_LVT_DELIVERY_PENDING;
		EXPECT(lapic_mask(&lapic.chip, vec[i]) == 0, "masked");
		EXPECT(regs[lvt[i] / 4] == (vec[i] | LAPIC_LVT_MASKED),
		       "masked LVT 0x%x: 0x%x written, expected 0x%x", lvt[i],
		       regs[lvt[i] / 4], vec[i] | LAPIC_LVT_MASKED);
	}
}

/* The rest of an entry (its timer mode, say) stays as it was. */
UNIT_TEST(masking_keeps_the_rest_of_the_entry)
{
	uint32_t v = X86_VEC_TIMER | LAPIC_LVT_TIMER_TSC_DEADLINE;

	xapic();
	regs[LAPIC_LVT_TIMER / 4] = v;
	EXPECT(lapic_mask(&lapic.chip, X86_VEC_TIMER) == 0, "masked");
	EXPECT(regs[LAPIC_LVT_TIMER / 4] == (v | LAPIC_LVT_MASKED),
	       "0x%x written", regs[LAPIC_LVT_TIMER / 4]);
	lapic_unmask(&lapic.chip, X86_VEC_TIMER);
	EXPECT(regs[LAPIC_LVT_TIMER / 4] == v, "0x%x written",
	       regs[LAPIC_LVT_TIMER / 4]);
}

/* Vectors without an entry are not the LAPIC's to mask. */
UNIT_TEST(a_vector_without_an_entry_is_not_masked)
{
	xapic();
	EXPECT(lapic_mask(&lapic.chip, X86_VEC_SOFT_FIRST) == -E_NOTSUP,
	       "E_NOTSUP");
	lapic_unmask(&lapic.chip, X86_VEC_SOFT_FIRST);
	EXPECT(writes == 0, "%u writes", writes);
}

/* --- The probe ------------------------------------------------------------ */

#define APIC_ID_REG 0x05000000u	/* xAPIC ID 5 in bits 31:24 */

/* A CPU with an APIC whose IA32_APIC_BASE reads `base`, offering x2APIC
 * or not, the node with `keep` (cellmate,keep-apic-mode) or not; the
 * registers as firmware leaves them: TPR raised, LINT0 in ExtINT mode,
 * the APIC software-disabled. */
static int probe(uint64_t base, bool offers_x2apic, bool keep)
{
	memset(regs, 0, sizeof(regs));
	memset(&lapic, 0, sizeof(lapic));
	writes = 0;
	apic_base = base;
	apic_base_writes = msr_faults = mmio_in_x2apic = 0;
	x86_cpu.apic = true;
	x86_cpu.x2apic = offers_x2apic;
	keep_apic_mode = keep;
	registered = NULL;
	regs[LAPIC_ID / 4] = APIC_ID_REG;
	regs[LAPIC_VERSION / 4] = 0x00050014;
	regs[LAPIC_TPR / 4] = 0x20;
	regs[LAPIC_LVT_LINT0 / 4] = 0x700;
	regs[LAPIC_SVR / 4] = 0xff;
	return lapic_probe(NULL, 0);
}

/* The state every probe leaves, in either mode. */
static void expect_programmed(void)
{
	EXPECT(regs[LAPIC_TPR / 4] == 0, "TPR 0, got 0x%x",
	       regs[LAPIC_TPR / 4]);
	EXPECT(regs[LAPIC_LVT_ERROR / 4] ==
	       (X86_VEC_APIC_ERROR | LAPIC_LVT_MASKED),
	       "LVT error: its vector, masked, got 0x%x",
	       regs[LAPIC_LVT_ERROR / 4]);
	EXPECT(regs[LAPIC_LVT_TIMER / 4] == (X86_VEC_TIMER | LAPIC_LVT_MASKED),
	       "LVT timer: its vector, masked, got 0x%x",
	       regs[LAPIC_LVT_TIMER / 4]);
	EXPECT(regs[LAPIC_LVT_LINT0 / 4] == LAPIC_LVT_MASKED,
	       "LINT0 masked, got 0x%x", regs[LAPIC_LVT_LINT0 / 4]);
	EXPECT(regs[LAPIC_SVR / 4] == (SVR_ENABLE | X86_VEC_SPURIOUS),
	       "SVR: enabled, spurious vector 0x%x, got 0x%x",
	       X86_VEC_SPURIOUS, regs[LAPIC_SVR / 4]);
	EXPECT(registered == &lapic.chip && lapic.chip.version == 0x14 &&
	       lapic.chip.nr_lines == 256,
	       "registered, version 0x14, 256 lines; got version 0x%x",
	       lapic.chip.version);
	EXPECT(msr_faults == 0, "no faulting MSR access, got %u", msr_faults);
}

UNIT_TEST(an_enabled_xapic_is_driven_through_its_window)
{
	EXPECT(probe(BASE | APIC_BASE_EN, false, false) == 0, "probed");
	EXPECT(!lapic.x2apic && lapic.mmio == BASE, "xAPIC at 0x%x",
	       (unsigned int)BASE);
	EXPECT(lapic_id() == 5, "APIC ID 5 from bits 31:24, got 0x%x",
	       (unsigned int)lapic_id());
	EXPECT(apic_base_writes == 0, "IA32_APIC_BASE left alone");
	expect_programmed();
}

/* SDM 10.12.5: xAPIC mode first, then x2APIC; registers as MSRs. */
UNIT_TEST(a_disabled_apic_is_enabled_and_switched_to_x2apic_when_offered)
{
	EXPECT(probe(BASE, true, false) == 0, "probed");
	EXPECT(apic_base == (BASE | APIC_BASE_EN | APIC_BASE_EXTD) &&
	       apic_base_writes == 2,
	       "IA32_APIC_BASE 0x%llx in 2 writes, got %u writes",
	       (unsigned long long)apic_base, apic_base_writes);
	EXPECT(lapic.x2apic, "x2APIC mode");
	EXPECT(lapic_id() == APIC_ID_REG, "the 32-bit x2APIC ID 0x%x, got 0x%x",
	       APIC_ID_REG, (unsigned int)lapic_id());
	EXPECT(mmio_in_x2apic == 0, "no MMIO in x2APIC mode, %u accesses",
	       mmio_in_x2apic);
	expect_programmed();
}

UNIT_TEST(a_disabled_apic_is_enabled_in_xapic_mode_without_x2apic)
{
	EXPECT(probe(BASE, false, false) == 0, "probed");
	EXPECT(apic_base == (BASE | APIC_BASE_EN), "IA32_APIC_BASE 0x%llx",
	       (unsigned long long)apic_base);
	EXPECT(!lapic.x2apic && lapic.mmio == BASE, "xAPIC mode");
	expect_programmed();
}

/* IA32_APIC_BASE is written only to change the mode. */
UNIT_TEST(an_apic_in_x2apic_mode_already_is_taken_without_a_write)
{
	EXPECT(probe(BASE | APIC_BASE_EN | APIC_BASE_EXTD, true, false) == 0,
	       "probed");
	EXPECT(lapic.x2apic && apic_base_writes == 0,
	       "x2APIC, IA32_APIC_BASE not written (%u writes)",
	       apic_base_writes);
	expect_programmed();
}

/* A Jailhouse cell: the hypervisor refuses writes to IA32_APIC_BASE. */
UNIT_TEST(with_keep_the_apic_stays_in_its_mode)
{
	EXPECT(probe(BASE | APIC_BASE_EN, true, true) == 0, "probed");
	EXPECT(!lapic.x2apic && apic_base_writes == 0,
	       "still xAPIC, IA32_APIC_BASE not written (%u writes)",
	       apic_base_writes);
	expect_programmed();
	EXPECT(probe(BASE | APIC_BASE_EN | APIC_BASE_EXTD, true, true) == 0,
	       "probed");
	EXPECT(lapic.x2apic && apic_base_writes == 0,
	       "still x2APIC, IA32_APIC_BASE not written (%u writes)",
	       apic_base_writes);
	expect_programmed();
}

UNIT_TEST(with_keep_a_disabled_apic_is_refused)
{
	EXPECT(probe(BASE, true, true) == -E_NODEV, "-E_NODEV");
	EXPECT(apic_base_writes == 0 && writes == 0 && registered == NULL,
	       "nothing written, nothing registered");
}

UNIT_TEST(a_cpu_that_reports_no_apic_is_refused)
{
	int err;

	memset(&lapic, 0, sizeof(lapic));
	x86_cpu.apic = false;
	apic_base = BASE | APIC_BASE_EN;
	apic_base_writes = msr_faults = 0;
	writes = 0;
	registered = NULL;
	err = lapic_probe(NULL, 0);
	EXPECT(err == -E_NODEV, "-E_NODEV, got %d", err);
	EXPECT(writes == 0 && apic_base_writes == 0 && registered == NULL,
	       "nothing written, nothing registered");
}

/* Paging maps the tree's window: it must be where the CPU decodes. */
UNIT_TEST(an_xapic_window_other_than_the_trees_is_refused)
{
	EXPECT(probe(0xfed00000u | APIC_BASE_EN, false, false) == -E_INVAL,
	       "-E_INVAL");
	EXPECT(writes == 0 && registered == NULL,
	       "nothing written, nothing registered");
}

UNIT_TEST(probe_errors_are_passed_on)
{
	fdt_reg_err = -E_BADFDT;
	EXPECT(probe(BASE | APIC_BASE_EN, false, false) == -E_BADFDT,
	       "fdt_reg's -E_BADFDT");
	fdt_reg_err = 0;
	register_err = -E_NOMEM;
	EXPECT(probe(BASE | APIC_BASE_EN, false, false) == -E_NOMEM,
	       "irq_chip_register's -E_NOMEM");
	register_err = 0;
}

/* --- EOI, self-IPIs, the timer's window ----------------------------------- */

/* The spurious vector comes flagged (X86_IRQ_SPURIOUS_FLAG) and sets no
 * in-service bit: it gets no EOI (SDM 10.9). */
UNIT_TEST(an_interrupt_is_ended_and_a_spurious_one_is_not)
{
	xapic();
	regs[LAPIC_EOI / 4] = 0xdead;
	lapic_eoi(&lapic.chip, X86_VEC_TIMER);
	EXPECT(writes == 1 && regs[LAPIC_EOI / 4] == 0, "EOI written with 0");
	lapic_eoi(&lapic.chip, X86_VEC_SPURIOUS | X86_IRQ_SPURIOUS_FLAG);
	EXPECT(writes == 1, "no EOI for the spurious vector, %u writes",
	       writes);
}

/* Fixed, edge, level assert, to self (SDM 10.6.1); the destination
 * field cleared; only once the previous IPI has been sent. */
UNIT_TEST(a_self_ipi_in_xapic_mode_waits_for_the_icr)
{
	const unsigned int last = X86_VEC_SOFT_FIRST + X86_VEC_SOFT_COUNT - 1;

	xapic();
	regs[LAPIC_ICR_HI / 4] = 0xff000000u;
	icr_busy_reads = 3;
	icr_written_busy = 0;
	EXPECT(lapic_raise(&lapic.chip, X86_VEC_SOFT_FIRST) == 0, "raised");
	EXPECT(icr_written_busy == 0 && icr_busy_reads == 0,
	       "written once the ICR was idle (%u writes while busy)",
	       icr_written_busy);
	EXPECT(regs[LAPIC_ICR_HI / 4] == 0, "destination 0, got 0x%x",
	       regs[LAPIC_ICR_HI / 4]);
	EXPECT(regs[LAPIC_ICR_LO / 4] == (ICR_SHORTHAND_SELF | ICR_LEVEL_ASSERT |
					  X86_VEC_SOFT_FIRST),
	       "ICR 0x%x", regs[LAPIC_ICR_LO / 4]);
	EXPECT(lapic_raise(&lapic.chip, last) == 0 &&
	       (regs[LAPIC_ICR_LO / 4] & 0xff) == last, "the last soft vector");
}

UNIT_TEST(a_vector_outside_the_soft_range_is_not_raised)
{
	xapic();
	EXPECT(lapic_raise(&lapic.chip, X86_VEC_SOFT_FIRST - 1) == -E_NOTSUP,
	       "below: -E_NOTSUP");
	EXPECT(lapic_raise(&lapic.chip, X86_VEC_SOFT_FIRST +
				       X86_VEC_SOFT_COUNT) == -E_NOTSUP,
	       "past: -E_NOTSUP");
	EXPECT(writes == 0, "nothing written, %u writes", writes);
}

/* In x2APIC mode the ICR is one 64-bit MSR, written at once. */
UNIT_TEST(a_self_ipi_in_x2apic_mode_is_one_icr_msr_write)
{
	REQUIRE(probe(BASE | APIC_BASE_EN | APIC_BASE_EXTD, true, false) == 0,
		"probed");
	regs[LAPIC_ICR_HI / 4] = 0xff;
	writes = 0;
	EXPECT(lapic_raise(&lapic.chip, X86_VEC_SOFT_FIRST) == 0, "raised");
	EXPECT(writes == 1 && regs[LAPIC_ICR_HI / 4] == 0 &&
	       regs[LAPIC_ICR_LO / 4] == (ICR_SHORTHAND_SELF |
					  ICR_LEVEL_ASSERT | X86_VEC_SOFT_FIRST),
	       "one write of 0x%x, destination 0; got %u writes, 0x%x:%x",
	       ICR_SHORTHAND_SELF | ICR_LEVEL_ASSERT | X86_VEC_SOFT_FIRST,
	       writes, regs[LAPIC_ICR_HI / 4], regs[LAPIC_ICR_LO / 4]);
	EXPECT(mmio_in_x2apic == 0 && msr_faults == 0,
	       "no MMIO (%u), no faults (%u)", mmio_in_x2apic, msr_faults);
}

/* The timer's direct window: the register's address in xAPIC mode, 0
 * in x2APIC mode or before the probe. */
UNIT_TEST(the_mmio_window_of_a_register_is_given_in_xapic_mode_only)
{
	xapic();
	EXPECT(lapic_mmio_reg(LAPIC_TIMER_INITIAL) == BASE + LAPIC_TIMER_INITIAL,
	       "xAPIC: the register's address");
	lapic.x2apic = true;
	EXPECT(lapic_mmio_reg(LAPIC_TIMER_INITIAL) == 0, "x2APIC: 0");
	lapic.x2apic = false;
	lapic.mmio = 0;
	EXPECT(lapic_mmio_reg(LAPIC_TIMER_INITIAL) == 0, "no window: 0");
}

int main(void)
{
	return unit_run_all();
}
