/* The local APIC as the rest of the x86 port sees it (lapic.c): register
 * access in whichever mode it runs (x2APIC MSRs or xAPIC MMIO), and this
 * CPU's APIC ID for interrupt routing.
 * Register offsets: Intel SDM vol. 3A 10.4.1, table 10-1 (xAPIC), 10.12.1.2
 * (x2APIC MSR = 0x800 + offset / 16). */
#ifndef X86_APIC_H
#define X86_APIC_H

#include <stdbool.h>
#include <stdint.h>

#define LAPIC_ID 0x020
#define LAPIC_VERSION 0x030
#define LAPIC_TPR 0x080
#define LAPIC_EOI 0x0b0
#define LAPIC_SVR 0x0f0
#define LAPIC_ESR 0x280
#define LAPIC_ICR_LO 0x300
#define LAPIC_ICR_HI 0x310
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_LVT_LINT0 0x350
#define LAPIC_LVT_ERROR 0x370
#define LAPIC_TIMER_INITIAL 0x380
#define LAPIC_TIMER_CURRENT 0x390
#define LAPIC_TIMER_DIVIDE 0x3e0

#define LAPIC_LVT_MASKED (1u << 16)
#define LAPIC_LVT_DELIVERY_PENDING (1u << 12)	/* read-only */
#define LAPIC_LVT_TIMER_ONESHOT (0u << 17)
#define LAPIC_LVT_TIMER_TSC_DEADLINE (2u << 17)
#define LAPIC_TIMER_DIVIDE_BY_1 0xb	/* SDM 3A figure 10-10 */

uint32_t lapic_read(unsigned int reg);
void lapic_write(unsigned int reg, uint32_t v);
/* The MMIO address of a register in xAPIC mode (0 in x2APIC mode or
 * before the driver is bound), for a store on a hot path. */
uintptr_t lapic_mmio_reg(unsigned int reg);
/* This CPU's APIC ID (valid once the LAPIC driver is bound). */
uint32_t lapic_id(void);

#endif
