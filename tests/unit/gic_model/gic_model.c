#include "gic_model.h"

#include <string.h>

struct gic_model gic_model;

#define SPURIOUS 1023u

void gic_model_reset(uintptr_t dist, uintptr_t cpu, uint8_t cpu_mask)
{
	memset(&gic_model, 0, sizeof(gic_model));
	gic_model.dist = dist;
	gic_model.cpu = cpu;
	gic_model.cpu_mask = cpu_mask;
	gic_model.active_iar = SPURIOUS;
	gic_model.enabled[0] = 0xffff;	/* SGIs: always enabled */
	gic_model.it_lines = GIC_MODEL_LINES / 32 - 1;
}

static bool bit(const uint32_t *words, unsigned int irq)
{
	return words[irq / 32] & (1u << (irq % 32));
}

/* The highest-priority pending and enabled interrupt, or SPURIOUS. */
static unsigned int highest_pending(void)
{
	unsigned int best = SPURIOUS;

	if (!(gic_model.dist_ctlr & 1) || !(gic_model.cpu_ctlr & 1))
		return SPURIOUS;
	for (unsigned int irq = 0; irq < GIC_MODEL_LINES; irq++)
		if (bit(gic_model.pending, irq) &&
		    (bit(gic_model.enabled, irq) ||
		     (irq < 16 && gic_model.sgis_injected)) &&
		    !bit(gic_model.active, irq) &&
		    gic_model.priority[irq] < gic_model.pmr &&
		    (best == SPURIOUS ||
		     gic_model.priority[irq] < gic_model.priority[best]))
			best = irq;
	return best;
}

static uint32_t dist_read(uint32_t off, unsigned int width)
{
	if (off == 0x000)
		return gic_model.dist_ctlr;
	if (off == 0x004)
		return gic_model.it_lines;		/* TYPER.ITLinesNumber */
	if (off == 0xfe8)
		return 2u << 4;				/* PIDR2: GICv2 */
	if (off >= 0x100 && off < 0x100 + GIC_MODEL_LINES / 8 && width == 4)
		return gic_model.enabled[(off - 0x100) / 4];
	if (off >= 0x180 && off < 0x180 + GIC_MODEL_LINES / 8 && width == 4)
		return gic_model.enabled[(off - 0x180) / 4];
	if (off >= 0x400 && off < 0x400 + GIC_MODEL_LINES) {
		uint32_t v = 0;

		for (unsigned int i = 0; i < width; i++)
			v |= (uint32_t)gic_model.priority[off - 0x400 + i]
			     << (8 * i);
		return v;
	}
	if (off >= 0x800 && off < 0x800 + GIC_MODEL_LINES) {
		uint32_t v = 0;

		for (unsigned int i = 0; i < width; i++) {
			unsigned int irq = off - 0x800 + i;
			uint8_t t = irq < 32 ? gic_model.cpu_mask
					     : gic_model.targets[irq];

			v |= (uint32_t)t << (8 * i);
		}
		return v;
	}
	if (off >= 0xc00 && off < 0xc00 + GIC_MODEL_LINES / 4 && width == 4)
		return gic_model.icfgr[(off - 0xc00) / 4];
	gic_model.bad_access++;
	return 0;
}

static void icfgr_write(unsigned int word, uint32_t v)
{
	uint32_t changed = gic_model.icfgr[word] ^ v;

	for (unsigned int i = 0; i < 16; i++)
		if ((changed >> (2 * i)) & 3 &&
		    bit(gic_model.enabled, word * 16 + i))
			gic_model.config_while_enabled++;
	gic_model.icfgr[word] = v;
}

static void dist_write(uint32_t off, uint32_t v, unsigned int width)
{
	if (width != 4) {
		gic_model.bad_access++;
		return;
	}
	if (off == 0x000) {
		gic_model.dist_ctlr = v;
	} else if (off >= 0x100 && off < 0x100 + GIC_MODEL_LINES / 8) {
		gic_model.enabled[(off - 0x100) / 4] |= v;
	} else if (off >= 0x180 && off < 0x180 + GIC_MODEL_LINES / 8) {
		/* SGIs cannot be disabled, unless the test says so. */
		gic_model.disables++;
		gic_model.enabled[(off - 0x180) / 4] &=
			~(off == 0x180 && !gic_model.sgis_maskable
				  ? v & ~0xffffu : v);
	} else if (off >= 0x200 && off < 0x200 + GIC_MODEL_LINES / 8) {
		gic_model.pending[(off - 0x200) / 4] |= v;	/* ISPENDR */
	} else if (off >= 0x300 && off < 0x300 + GIC_MODEL_LINES / 8) {
		gic_model.active[(off - 0x300) / 4] |= v;
	} else if (off >= 0x380 && off < 0x380 + GIC_MODEL_LINES / 8) {
		gic_model.active[(off - 0x380) / 4] &= ~v;
	} else if (off >= 0x400 && off < 0x400 + GIC_MODEL_LINES) {
		for (unsigned int i = 0; i < 4; i++)
			gic_model.priority[off - 0x400 + i] = (uint8_t)(v >> (8 * i));
	} else if (off >= 0x820 && off < 0x800 + GIC_MODEL_LINES) {
		for (unsigned int i = 0; i < 4; i++)
			gic_model.targets[off - 0x800 + i] = (uint8_t)(v >> (8 * i));
	} else if (off >= 0x800 && off < 0x820) {
		/* ITARGETSR0..7: read-only */
	} else if (off >= 0xc00 && off < 0xc00 + GIC_MODEL_LINES / 4) {
		/* SGIs' configuration is read-only. */
		if (off == 0xc00)
			v = gic_model.icfgr[0];
		icfgr_write((off - 0xc00) / 4, v);
	} else if (off == 0xf00) {
		/* SGIR: only "to this CPU" (TargetListFilter 2) modelled. */
		if (((v >> 24) & 3) == 2) {
			if (!gic_model.sgis_lost)
				gic_model.pending[0] |= 1u << (v & 0xf);
		}
		else
			gic_model.bad_access++;
	} else {
		gic_model.bad_access++;
	}
}

static uint32_t cpu_read(uint32_t off)
{
	unsigned int irq;

	switch (off) {
	case 0x00: return gic_model.cpu_ctlr;
	case 0x04: return gic_model.pmr;
	case 0x08: return gic_model.bpr;
	case 0x0c:
		if (gic_model.late_iars) {
			gic_model.late_iars--;
			return SPURIOUS;
		}
		irq = highest_pending();
		if (irq == SPURIOUS)
			return SPURIOUS;
		gic_model.pending[irq / 32] &= ~(1u << (irq % 32));
		gic_model.active_iar = irq;
		if (irq < 16)
			gic_model.active_iar |= (gic_model.sgi_source & 7) << 10;
		return gic_model.active_iar;
	default:
		gic_model.bad_access++;
		return 0;
	}
}

static void cpu_write(uint32_t off, uint32_t v)
{
	switch (off) {
	case 0x00: gic_model.cpu_ctlr = v; break;
	case 0x04: gic_model.pmr = v & 0xf8; break;
	case 0x08: gic_model.bpr = v & 7; break;
	case 0x10:
		gic_model.eois++;
		if ((v & 0x3ff) == SPURIOUS)
			break;
		if (v != gic_model.active_iar)
			gic_model.eoi_mismatch++;
		gic_model.active_iar = SPURIOUS;
		break;
	default:
		gic_model.bad_access++;
	}
}

uint32_t gic_model_read(uintptr_t addr, unsigned int width)
{
	if (addr >= gic_model.dist && addr < gic_model.dist + 0x1000)
		return dist_read((uint32_t)(addr - gic_model.dist), width);
	if (addr >= gic_model.cpu && addr < gic_model.cpu + 0x2000 &&
	    width == 4)
		return cpu_read((uint32_t)(addr - gic_model.cpu));
	gic_model.bad_access++;
	return 0;
}

void gic_model_write(uintptr_t addr, uint32_t v, unsigned int width)
{
	if (addr >= gic_model.dist && addr < gic_model.dist + 0x1000)
		dist_write((uint32_t)(addr - gic_model.dist), v, width);
	else if (addr >= gic_model.cpu && addr < gic_model.cpu + 0x2000 &&
		 width == 4)
		cpu_write((uint32_t)(addr - gic_model.cpu), v);
	else
		gic_model.bad_access++;
}
