/* PCI configuration space through configuration mechanism #1 (ports
 * 0xcf8/0xcfc): enough to enable a chipset function that firmware left
 * off. PCI Local Bus Specification 3.0, 3.2.2.3.2. */
#ifndef PCI_CFG_H
#define PCI_CFG_H

#include <stdint.h>

struct pci_bdf {
	uint8_t bus, dev, fn;
};

#define PCI_CFG_VENDOR_ID 0x00
#define PCI_CFG_DEVICE_ID 0x02

uint32_t pci_cfg_read32(struct pci_bdf d, unsigned int reg);
uint16_t pci_cfg_read16(struct pci_bdf d, unsigned int reg);
uint8_t pci_cfg_read8(struct pci_bdf d, unsigned int reg);
void pci_cfg_write32(struct pci_bdf d, unsigned int reg, uint32_t v);
void pci_cfg_write8(struct pci_bdf d, unsigned int reg, uint8_t v);

#endif
