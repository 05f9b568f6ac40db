/* A simulated GICv2 distributor and CPU interface for driver tests, with
 * the rules of the GIC architecture specification (IHI 0048B) that a
 * driver can break counted instead of silently tolerated:
 * - 4.3.13: an interrupt's Int_config field changes only while the
 *   interrupt is disabled (UNPREDICTABLE otherwise);
 * - 4.4.5: a write to GICC_EOIR carries the value read from GICC_IAR,
 *   including an SGI's source CPU ID.
 * One CPU interface; SGIs raised through GICD_SGIR arrive with the source
 * CPU ID the test sets (a physical GIC reports the sender's interface
 * number, a hypervisor's virtual interface what the hypervisor chooses). */
#ifndef GIC_MODEL_H
#define GIC_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "arch_io.h"

#define GIC_MODEL_LINES 64

struct gic_model {
	/* Set up by the test. */
	uintptr_t dist, cpu;
	uint8_t cpu_mask;	/* what ITARGETSR0..7 read */
	unsigned int sgi_source;	/* CPU ID an SGI arrives with */
	bool sgis_maskable;	/* GICD_ICENABLER0 clears SGIs too (4.3.5:
				 * implementation defined; QEMU's do not) */
	uint8_t it_lines;	/* GICD_TYPER.ITLinesNumber (reset: the
				 * model's 64 lines); lines past 64 are
				 * counted as bad accesses */
	unsigned int late_iars;	/* GICC_IAR reads that give 1023 before
				 * anything pending shows (a hypervisor
				 * injecting late) */
	bool sgis_lost;		/* GICD_SGIR raises nothing */
	bool sgis_injected;	/* an SGI raised through GICD_SGIR arrives
				 * whatever its enable bit, as from a
				 * hypervisor that injects it into its
				 * virtual CPU interface (Jailhouse) */
	/* Registers. */
	uint32_t dist_ctlr, cpu_ctlr, pmr, bpr;
	uint32_t enabled[GIC_MODEL_LINES / 32];
	uint32_t pending[GIC_MODEL_LINES / 32];
	/* Active in the distributor (GICD_I[SC]ACTIVER) as a previous owner
	 * left it: not signalled again until deactivated (3.2.4). */
	uint32_t active[GIC_MODEL_LINES / 32];
	uint32_t icfgr[GIC_MODEL_LINES / 16];
	uint8_t priority[GIC_MODEL_LINES];
	uint8_t targets[GIC_MODEL_LINES];
	uint32_t active_iar;	/* last value acknowledged, 1023 if none */
	/* What the test checks. */
	unsigned int config_while_enabled;	/* 4.3.13 broken */
	unsigned int eoi_mismatch;		/* 4.4.5 broken */
	unsigned int eois;
	unsigned int disables;	/* GICD_ICENABLER writes */
	unsigned int bad_access;
};

extern struct gic_model gic_model;

void gic_model_reset(uintptr_t dist, uintptr_t cpu, uint8_t cpu_mask);

#endif
