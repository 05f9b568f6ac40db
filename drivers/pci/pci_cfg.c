#include "pci_cfg.h"

#include "arch.h"
#include "io.h"

#define PCI_CFG_ADDRESS 0xcf8
#define PCI_CFG_DATA 0xcfc
#define PCI_CFG_ENABLE 0x80000000u
#define PCI_CFG_REG_MASK 0xfc

/* The address/data pair is one shared resource: the two accesses must
 * not be split by an interrupt that uses it too. */
static irqstate_t pci_cfg_select(struct pci_bdf d, unsigned int reg)
{
	irqstate_t s = arch_irq_save();

	outl(PCI_CFG_ADDRESS, PCI_CFG_ENABLE | (uint32_t)d.bus << 16 |
				      (uint32_t)d.dev << 11 |
				      (uint32_t)d.fn << 8 |
				      (reg & PCI_CFG_REG_MASK));
	return s;
}

uint32_t pci_cfg_read32(struct pci_bdf d, unsigned int reg)
{
	irqstate_t s = pci_cfg_select(d, reg);
	uint32_t v = inl(PCI_CFG_DATA);

	arch_irq_restore(s);
	return v;
}

uint16_t pci_cfg_read16(struct pci_bdf d, unsigned int reg)
{
	irqstate_t s = pci_cfg_select(d, reg);
	uint16_t v = inw(PCI_CFG_DATA + (reg & 2));

	arch_irq_restore(s);
	return v;
}

uint8_t pci_cfg_read8(struct pci_bdf d, unsigned int reg)
{
	irqstate_t s = pci_cfg_select(d, reg);
	uint8_t v = inb(PCI_CFG_DATA + (reg & 3));

	arch_irq_restore(s);
	return v;
}

void pci_cfg_write32(struct pci_bdf d, unsigned int reg, uint32_t v)
{
	irqstate_t s = pci_cfg_select(d, reg);

	outl(PCI_CFG_DATA, v);
	arch_irq_restore(s);
}

void pci_cfg_write8(struct pci_bdf d, unsigned int reg, uint8_t v)
{
	irqstate_t s = pci_cfg_select(d, reg);

	outb(PCI_CFG_DATA + (reg & 3), v);
	arch_irq_restore(s);
}
