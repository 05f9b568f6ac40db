/* The Jailhouse communication region as a non-root cell sees it: one page,
 * little-endian, packed; ABI revision 2 (Jailhouse v0.12 and master).
 * Layout and constants from the Jailhouse hypervisor interface
 * (include/jailhouse/hypercall.h, console.h and
 * include/arch/{x86,arm-common}/asm/jailhouse_hypercall.h of Jailhouse);
 * docs/jailhouse.md describes how the kernel uses it. */
#ifndef JAILHOUSE_COMM_REGION_H
#define JAILHOUSE_COMM_REGION_H

#include <stdint.h>

#define JH_COMM_SIGNATURE "JHCOMM"
#define JH_COMM_REVISION 2
#define JH_COMM_SIZE 4096u

/* cell_state, written by the cell */
#define JH_CELL_RUNNING 0
#define JH_CELL_RUNNING_LOCKED 1
#define JH_CELL_SHUT_DOWN 2
#define JH_CELL_FAILED 3
#define JH_CELL_FAILED_COMM_REV 4

/* msg_to_cell, from the hypervisor */
#define JH_MSG_NONE 0
#define JH_MSG_SHUTDOWN_REQUEST 1
#define JH_MSG_RECONFIG_COMPLETED 2

/* reply_from_cell */
#define JH_REPLY_UNKNOWN 1
#define JH_REPLY_REQUEST_DENIED 2
#define JH_REPLY_REQUEST_APPROVED 3
#define JH_REPLY_RECEIVED 4

/* flags */
#define JH_FLAG_DBG_PUTC_PERMITTED 0x1u
#define JH_FLAG_DBG_PUTC_ACTIVE 0x2u

/* console.type and console.flags */
#define JH_CON_TYPE_NONE 0
#define JH_CON_TYPE_8250 2
#define JH_CON_TYPE_PL011 3
#define JH_CON_FLAG_MMIO 0x1u
#define JH_CON_FLAG_REGDIST_4 0x2u
#define JH_CON_FLAG_INVERTED_GATE 0x1000u	/* clear the gate bit to enable */
#define JH_CON_FLAG_MDR_QUIRK 0x2000u	/* TI UARTs: enable through MDR1 */

/* Hypercall numbers */
#define JH_HC_DEBUG_CONSOLE_PUTC 8

struct jh_console {
	uint64_t address;
	uint32_t size;
	uint16_t type;
	uint16_t flags;
	uint32_t divider;
	uint32_t gate_nr;
	uint64_t clock_reg;
} __attribute__((packed));

struct jh_comm_region {
	char signature[6];
	uint16_t revision;
	volatile uint32_t cell_state;
	volatile uint32_t msg_to_cell;
	volatile uint32_t reply_from_cell;
	uint32_t flags;
	struct jh_console console;
	uint64_t pci_mmconfig_base;
	/* architecture-specific platform information from offset 64 */
	uint8_t platform[JH_COMM_SIZE - 64];
} __attribute__((packed));

/* x86 platform information (offset 64) */
struct jh_platform_x86 {
	uint16_t pm_timer_address;
	uint16_t num_cpus;
	uint32_t tsc_khz;
	uint32_t apic_khz;
} __attribute__((packed));

/* ARM platform information (offset 64) */
struct jh_platform_arm {
	uint8_t gic_version;
	uint8_t padding[7];
	uint64_t gicd_base;
	uint64_t gicc_base;
	uint64_t gicr_base;
	uint32_t vpci_irq_base;
} __attribute__((packed));

/* Every offset, as Jailhouse's COMM_REGION_GENERIC_HEADER and its
 * x86 and arm-common jailhouse_hypercall.h lay them out (v0.12 and
 * master alike). */
#define JH_OFFSET(type, field, off)                                          \
	_Static_assert(__builtin_offsetof(type, field) == (off),             \
		       #field " at offset " #off)
JH_OFFSET(struct jh_comm_region, revision, 6);
JH_OFFSET(struct jh_comm_region, cell_state, 8);
JH_OFFSET(struct jh_comm_region, msg_to_cell, 12);
JH_OFFSET(struct jh_comm_region, reply_from_cell, 16);
JH_OFFSET(struct jh_comm_region, flags, 20);
JH_OFFSET(struct jh_comm_region, console, 24);
JH_OFFSET(struct jh_comm_region, pci_mmconfig_base, 56);
JH_OFFSET(struct jh_comm_region, platform, 64);
JH_OFFSET(struct jh_console, size, 8);
JH_OFFSET(struct jh_console, type, 12);
JH_OFFSET(struct jh_console, flags, 14);
JH_OFFSET(struct jh_console, divider, 16);
JH_OFFSET(struct jh_console, gate_nr, 20);
JH_OFFSET(struct jh_console, clock_reg, 24);
JH_OFFSET(struct jh_platform_x86, num_cpus, 2);
JH_OFFSET(struct jh_platform_x86, tsc_khz, 4);
JH_OFFSET(struct jh_platform_x86, apic_khz, 8);
JH_OFFSET(struct jh_platform_arm, gicd_base, 8);
JH_OFFSET(struct jh_platform_arm, gicc_base, 16);
JH_OFFSET(struct jh_platform_arm, gicr_base, 24);
JH_OFFSET(struct jh_platform_arm, vpci_irq_base, 32);
#undef JH_OFFSET
_Static_assert(sizeof(struct jh_console) == 32, "console is 32 bytes");
_Static_assert(sizeof(struct jh_comm_region) == JH_COMM_SIZE, "one page");

#endif
