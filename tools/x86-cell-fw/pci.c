/* PCI configuration space of bus 0 through configuration mechanism #1
 * (ports 0xcf8/0xcfc): PCI Local Bus Specification 3.0, 3.2.2.3.2. The
 * firmware runs with interrupts off, so address and data stay paired. */
#include "fw.h"

#include "arch_io.h"

#define PCI_CFG_ADDRESS 0xcf8
#define PCI_CFG_DATA 0xcfc
#define PCI_CFG_ENABLE 0x80000000u
#define PCI_CFG_REG_MASK 0xfc
#define PCI_CFG_BYTE_MASK 0x3

static uint16_t pci_select(unsigned int dev, unsigned int fn,
			   unsigned int reg)
{
	outl(PCI_CFG_ADDRESS, PCI_CFG_ENABLE | (uint32_t)dev << 11 |
				      (uint32_t)fn << 8 |
				      (reg & PCI_CFG_REG_MASK));
	return (uint16_t)(PCI_CFG_DATA + (reg & PCI_CFG_BYTE_MASK));
}

uint8_t pci_read8(unsigned int dev, unsigned int fn, unsigned int reg)
{
	return inb(pci_select(dev, fn, reg));
}

uint16_t pci_read16(unsigned int dev, unsigned int fn, unsigned int reg)
{
	return inw(pci_select(dev, fn, reg));
}

uint32_t pci_read32(unsigned int dev, unsigned int fn, unsigned int reg)
{
	return inl(pci_select(dev, fn, reg));
}

void pci_write8(unsigned int dev, unsigned int fn, unsigned int reg,
		uint8_t v)
{
	outb(pci_select(dev, fn, reg), v);
}

void pci_write32(unsigned int dev, unsigned int fn, unsigned int reg,
		 uint32_t v)
{
	outl(pci_select(dev, fn, reg), v);
}
