#include "ioapic_model.h"

#include <string.h>

struct ioapic_model ioapic_model;

#define IOREGSEL 0x00
#define IOWIN 0x10
#define EOIR 0x40
#define REG_ID 0x00
#define REG_VER 0x01
#define REG_REDTBL 0x10
#define RTE_RO_BITS ((1u << 12) | IOAPIC_MODEL_RTE_REMOTE_IRR)

void ioapic_model_reset(uintptr_t base, uint8_t version,
			bool edge_drops_remote_irr)
{
	memset(&ioapic_model, 0, sizeof(ioapic_model));
	ioapic_model.base = base;
	ioapic_model.version = version;
	ioapic_model.max_redir = IOAPIC_MODEL_PINS - 1;
	ioapic_model.edge_drops_remote_irr = edge_drops_remote_irr;
	ioapic_model.owned = (1u << IOAPIC_MODEL_PINS) - 1;
	for (unsigned int pin = 0; pin < IOAPIC_MODEL_PINS; pin++)
		ioapic_model.rte[pin] = IOAPIC_MODEL_RTE_MASKED;
}

/* An unmasked level entry whose line is asserted delivers unless its
 * Remote IRR says the last delivery has not been ended yet. */
static void service(unsigned int pin)
{
	uint64_t *rte = &ioapic_model.rte[pin];

	if ((*rte & IOAPIC_MODEL_RTE_MASKED) ||
	    !(*rte & IOAPIC_MODEL_RTE_LEVEL) ||
	    (*rte & IOAPIC_MODEL_RTE_REMOTE_IRR) ||
	    !(ioapic_model.line & (1u << pin)))
		return;
	*rte |= IOAPIC_MODEL_RTE_REMOTE_IRR;
	ioapic_model.delivered[*rte & IOAPIC_MODEL_RTE_VECTOR]++;
}

static void remote_irr_clear(unsigned int pin)
{
	uint64_t *rte = &ioapic_model.rte[pin];

	if (!(*rte & IOAPIC_MODEL_RTE_REMOTE_IRR))
		return;
	*rte &= ~(uint64_t)IOAPIC_MODEL_RTE_REMOTE_IRR;
	if (!(*rte & IOAPIC_MODEL_RTE_MASKED))
		ioapic_model.cleared_unmasked++;
}

void ioapic_model_set_line(unsigned int pin, bool asserted)
{
	bool was = ioapic_model.line & (1u << pin);

	if (asserted)
		ioapic_model.line |= 1u << pin;
	else
		ioapic_model.line &= ~(1u << pin);
	if (!(ioapic_model.rte[pin] & IOAPIC_MODEL_RTE_LEVEL)) {
		if (asserted && !was &&
		    !(ioapic_model.rte[pin] & IOAPIC_MODEL_RTE_MASKED))
			ioapic_model.delivered[ioapic_model.rte[pin] &
					       IOAPIC_MODEL_RTE_VECTOR]++;
		return;
	}
	service(pin);
}

static void eoi(uint32_t vector, bool from_lapic)
{
	for (unsigned int pin = 0; pin < IOAPIC_MODEL_PINS; pin++) {
		uint64_t *rte = &ioapic_model.rte[pin];

		if ((*rte & IOAPIC_MODEL_RTE_VECTOR) != (vector & 0xff) ||
		    !(*rte & IOAPIC_MODEL_RTE_LEVEL))
			continue;
		/* A LAPIC ends an interrupt it took: nothing stale. */
		if (from_lapic)
			*rte &= ~(uint64_t)IOAPIC_MODEL_RTE_REMOTE_IRR;
		else
			remote_irr_clear(pin);
		service(pin);
	}
}

void ioapic_model_lapic_eoi(uint8_t vector)
{
	eoi(vector, true);
}

static bool rte_pin(unsigned int *pin)
{
	uint32_t sel = ioapic_model.ioregsel;

	if (sel < REG_REDTBL || sel >= REG_REDTBL + 2 * IOAPIC_MODEL_PINS) {
		ioapic_model.bad_access++;
		return false;
	}
	*pin = (sel - REG_REDTBL) / 2;
	if (!(ioapic_model.owned & (1u << *pin)))
		ioapic_model.foreign_access++;
	return true;
}

static uint32_t window_read(void)
{
	unsigned int pin;

	if (ioapic_model.ioregsel == REG_ID)
		return 0;
	if (ioapic_model.ioregsel == REG_VER)
		return ioapic_model.version |
		       (uint32_t)ioapic_model.max_redir << 16;
	if (!rte_pin(&pin))
		return 0;
	return (uint32_t)(ioapic_model.rte[pin] >>
			  (ioapic_model.ioregsel & 1 ? 32 : 0));
}

static void window_write(uint32_t v)
{
	unsigned int pin;
	uint64_t *rte, ro;

	if (!rte_pin(&pin))
		return;
	rte = &ioapic_model.rte[pin];
	ro = *rte & RTE_RO_BITS;
	if (ioapic_model.ioregsel & 1)
		*rte = (*rte & 0xffffffffu) | (uint64_t)v << 32;
	else
		*rte = (*rte & ~(uint64_t)0xffffffffu) | (v & ~RTE_RO_BITS) | ro;
	if (!(*rte & IOAPIC_MODEL_RTE_LEVEL) &&
	    ioapic_model.edge_drops_remote_irr)
		remote_irr_clear(pin);
	service(pin);
}

uint32_t host_mmio_read32(uintptr_t addr)
{
	switch (addr - ioapic_model.base) {
	case IOREGSEL: return ioapic_model.ioregsel;
	case IOWIN: return window_read();
	default:
		ioapic_model.bad_access++;	/* EOIR is write-only */
		return 0;
	}
}

void host_mmio_write32(uintptr_t addr, uint32_t v)
{
	switch (addr - ioapic_model.base) {
	case IOREGSEL: ioapic_model.ioregsel = v & 0xff; break;
	case IOWIN: window_write(v); break;
	case EOIR:
		if (ioapic_model.version < 0x20) {
			ioapic_model.bad_access++;	/* no such register */
			break;
		}
		ioapic_model.eoir_writes++;
		ioapic_model.eoir_last = v;
		eoi(v, false);
		break;
	default: ioapic_model.bad_access++; break;
	}
}
