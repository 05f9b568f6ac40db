/* ARM: the SCTLR bits that give mmu.c's descriptors their meaning are
 * the kernel's, whatever the boot loader left (stale_sctlr_entry.S sets
 * them all before the image's entry). DDI 0406C B4.1.130. */
#include "cpu.h"
#include "ktest.h"

static void expect_clear(uint32_t sctlr, uint32_t bit, const char *name)
{
	KT_EXPECT(!(sctlr & bit), "SCTLR.%s clear, SCTLR 0x%08x", name,
		  (unsigned int)sctlr);
}

KTEST(boot, sctlr_bits_left_by_a_boot_loader_are_cleared)
{
	uint32_t sctlr = cp15_read_sctlr();

	expect_clear(sctlr, SCTLR_TRE, "TRE (TEX remap)");
	expect_clear(sctlr, SCTLR_AFE, "AFE (access flag)");
	expect_clear(sctlr, SCTLR_WXN, "WXN");
	expect_clear(sctlr, SCTLR_UWXN, "UWXN");
	expect_clear(sctlr, SCTLR_EE, "EE (big-endian exceptions)");
	KT_EXPECT((sctlr & (SCTLR_M | SCTLR_C | SCTLR_I)) ==
			  (SCTLR_M | SCTLR_C | SCTLR_I),
		  "MMU and caches on, SCTLR 0x%08x", (unsigned int)sctlr);
}
