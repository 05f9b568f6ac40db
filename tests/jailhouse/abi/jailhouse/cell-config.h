/* Our own description of the Jailhouse cell-configuration ABI (config
 * revisions 12 to 15), written from the published layout, to compile and
 * check the configs tools/jailhouse-cell-config.py generates. Layout facts:
 * a packed 132-byte cell descriptor, then the CPUs, memory regions, cache
 * regions (none here), irqchips, I/O port regions, PCI devices, PCI
 * capabilities and stream IDs, in that order. The descriptor starts with
 * a 6-byte signature "JHCELL" up to revision 13 (12 is Jailhouse v0.12),
 * with a 5-byte "JHCLL" and an architecture byte from 14 on; 15 replaces
 * the CPU bitmap by a list of CPUs. CHECK_REVISION selects one. Names that
 * a revision lacks are left undefined here, so that a config using them
 * does not compile. tests/jailhouse/abi_test.py holds this to Jailhouse's
 * include/jailhouse/cell-config.h (revision 14: f2320d2e; 12: 045c6122). */
#ifndef CELLMATE_JH_ABI_CELL_CONFIG_H
#define CELLMATE_JH_ABI_CELL_CONFIG_H

#include <jailhouse/types.h>

#ifndef CHECK_REVISION
#define CHECK_REVISION 14
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define JAILHOUSE_CONFIG_REVISION CHECK_REVISION
#if CHECK_REVISION >= 14
#define JAILHOUSE_X86 0
#define JAILHOUSE_ARM 1
#define JAILHOUSE_CELL_DESC_SIGNATURE "JHCLL"
#else
#define JAILHOUSE_CELL_DESC_SIGNATURE "JHCELL"
#endif

#define JAILHOUSE_CELL_PASSIVE_COMMREG 0x00000001
#define JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED 0x40000000
#define JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE 0x80000000

#define JAILHOUSE_CON_TYPE_8250 0x0002
#define JAILHOUSE_CON_TYPE_PL011 0x0003
#define JAILHOUSE_CON_ACCESS_PIO 0x0000
#define JAILHOUSE_CON_ACCESS_MMIO 0x0001
#define JAILHOUSE_CON_REGDIST_1 0x0000
#define JAILHOUSE_CON_REGDIST_4 0x0002

#define JAILHOUSE_MEM_READ 0x0001
#define JAILHOUSE_MEM_WRITE 0x0002
#define JAILHOUSE_MEM_EXECUTE 0x0004
#define JAILHOUSE_MEM_IO 0x0010
#define JAILHOUSE_MEM_COMM_REGION 0x0020
#define JAILHOUSE_MEM_LOADABLE 0x0040
#define JAILHOUSE_MEM_ROOTSHARED 0x0080
/* Access widths a subpage region lets through (bits 16..19). */
#define JAILHOUSE_MEM_IO_8 (1 << 16)
#define JAILHOUSE_MEM_IO_16 (2 << 16)
#define JAILHOUSE_MEM_IO_32 (4 << 16)
#define JAILHOUSE_MEM_IO_64 (8 << 16)

struct jailhouse_console {
	__u64 address;
	__u32 size;
	__u16 type;
	__u16 flags;
	__u32 divider;
	__u32 gate_nr;
	__u64 clock_reg;
} __attribute__((packed));

struct jailhouse_cell_desc {
#if CHECK_REVISION >= 14
	char signature[5];
	__u8 architecture;
#else
	char signature[6];
#endif
	__u16 revision;
	char name[32];
	__u32 id;
	__u32 flags;
#if CHECK_REVISION >= 15
	__u32 num_cpus;
#else
	__u32 cpu_set_size;
#endif
	__u32 num_memory_regions;
	__u32 num_cache_regions;
	__u32 num_irqchips;
	__u32 num_pio_regions;
	__u32 num_pci_devices;
	__u32 num_pci_caps;
	__u32 num_stream_ids;
	__u32 vpci_irq_base;
	__u64 cpu_reset_address;
	__u64 msg_reply_timeout;
	struct jailhouse_console console;
} __attribute__((packed));

/* Revision 15's CPU list entry; earlier revisions have no such struct. */
#if CHECK_REVISION >= 15
struct jailhouse_cpu {
	__u64 phys_id;
	__u8 padding[8];
} __attribute__((packed));
#endif

struct jailhouse_memory {
	__u64 phys_start;
	__u64 virt_start;
	__u64 size;
	__u64 flags;
} __attribute__((packed));

struct jailhouse_irqchip {
	__u64 address;
	__u32 id;
	__u32 pin_base;
	__u32 pin_bitmap[4];
} __attribute__((packed));

struct jailhouse_pio {
	__u16 base;
	__u16 length;
} __attribute__((packed));

#define PIO_RANGE(b, l) { .base = (b), .length = (l) }

_Static_assert(sizeof(struct jailhouse_console) == 32, "console");
_Static_assert(sizeof(struct jailhouse_cell_desc) == 132, "cell descriptor");

#endif
