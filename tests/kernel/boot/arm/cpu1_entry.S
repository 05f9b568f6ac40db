/* A start on a CPU other than the first, as a Jailhouse cell's boot CPU
 * usually is (the root cell keeps CPU 0): CPU 0 asks QEMU's PSCI, through
 * HVC on `-M virt` without EL2, to start CPU 1 (MPIDR affinity 1) at
 * _start, then sleeps for good with interrupts masked. Whatever the kernel
 * sends to "this CPU" (SPI targets, SGIs, the banked timer) must then
 * reach CPU 1. PSCI 1.1 (ARM DEN 0022) 5.6: CPU_ON, 32-bit function ID
 * 0x84000003; r1 target MPIDR, r2 entry address, r3 context ID. */
	.syntax unified
	.arm
	.section .text.test_cpu1_entry, "ax"
	.global test_cpu1_entry
test_cpu1_entry:
	cpsid	aif
	ldr	r0, =0x84000003
	mov	r1, #1
	ldr	r2, =_start
	mov	r3, #0
	hvc	#0
	/* A refusal leaves CPU 1 off: nothing boots and the test times
	 * out, its log empty. */
1:	wfi
	b	1b
