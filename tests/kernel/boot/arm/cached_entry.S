/* A boot loader's hand-over as U-Boot's `go` does it: data and
 * instruction caches still on (MMU off: QEMU's reset state has no tables
 * to keep). The image's entry code must clean and turn them off. */
#include "cpu.h"

	.syntax unified
	.arm
	.section .text.test_cached_entry, "ax"
	.global test_cached_entry
test_cached_entry:
	mrc	p15, 0, r0, c1, c0, 0
	orr	r0, r0, #SCTLR_C
	orr	r0, r0, #SCTLR_I
	mcr	p15, 0, r0, c1, c0, 0
	isb
	b	_start
