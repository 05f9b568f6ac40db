/* A boot loader's hand-over with SCTLR bits of its own still set: TEX
 * remap, the access flag, write-implies-execute-never for PL1 and PL0
 * writable memory, big-endian exceptions and table walks (MMU off, so
 * none of them acts yet). The image's entry must clear them before it
 * turns its MMU on. DDI 0406C B4.1.130. */
#include "cpu.h"

	.syntax unified
	.arm
	.section .text.test_stale_sctlr_entry, "ax"
	.global test_stale_sctlr_entry
test_stale_sctlr_entry:
	mrc	p15, 0, r0, c1, c0, 0
	orr	r0, r0, #(SCTLR_AFE | SCTLR_TRE)
	orr	r0, r0, #(SCTLR_UWXN | SCTLR_WXN)
	orr	r0, r0, #SCTLR_EE
	mcr	p15, 0, r0, c1, c0, 0
	isb
	b	_start
