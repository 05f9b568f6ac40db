/* A simulated I/O APIC for driver tests: IOREGSEL/IOWIN, 24 redirection
 * entries and their input lines, delivery to one local APIC, and Remote
 * IRR as the data sheets give it (82093AA IOREDTBL bit 14; ICH EOIR):
 * set when a level interrupt is delivered, cleared by an EOI carrying the
 * entry's vector -- the LAPIC's broadcast or, from version 0x20, a write
 * of the EOI register at offset 0x40. Whether a write that leaves an
 * entry edge-triggered also drops it (undefined by the 82093AA data
 * sheet, done by old IOAPICs, QEMU and KVM) is the test's choice.
 * Counted for the test: what was delivered, EOI register writes, Remote
 * IRR cleared while the entry was unmasked, and accesses to pins the
 * driver was not given (in a Jailhouse cell such an access stops it). */
#ifndef IOAPIC_MODEL_H
#define IOAPIC_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "arch_io.h"

#define IOAPIC_MODEL_PINS 24
#define IOAPIC_MODEL_RTE_VECTOR 0xffu
#define IOAPIC_MODEL_RTE_REMOTE_IRR (1u << 14)
#define IOAPIC_MODEL_RTE_LEVEL (1u << 15)
#define IOAPIC_MODEL_RTE_MASKED (1u << 16)

struct ioapic_model {
	/* Set up by the test. */
	uintptr_t base;
	uint8_t version;		/* 0x11 (82093AA) or 0x20 (EOIR) */
	uint8_t max_redir;		/* VER's entries - 1 (reset: 23) */
	bool edge_drops_remote_irr;
	uint32_t owned;			/* pins the driver may touch */
	/* Registers and inputs. */
	uint32_t ioregsel;
	uint64_t rte[IOAPIC_MODEL_PINS];
	uint32_t line;			/* asserted inputs */
	/* What the test checks. */
	unsigned int delivered[256];	/* interrupts sent, by vector */
	unsigned int eoir_writes;
	uint32_t eoir_last;
	unsigned int cleared_unmasked;
	unsigned int foreign_access;
	unsigned int bad_access;
};

extern struct ioapic_model ioapic_model;

/* Every entry masked, edge, vector 0; every line low; all pins owned. */
void ioapic_model_reset(uintptr_t base, uint8_t version,
			bool edge_drops_remote_irr);
void ioapic_model_set_line(unsigned int pin, bool asserted);
/* The local APIC's EOI broadcast for a level interrupt's vector. */
void ioapic_model_lapic_eoi(uint8_t vector);

#endif
