/* PCI configuration mechanism #1 (drivers/pci/pci_cfg.c) against ports
 * that log each access: the address word at 0xcf8 (enable bit, bus,
 * device, function, dword register), then the access at 0xcfc plus the
 * register's offset in that dword. PCI Local Bus Specification 3.0,
 * 3.2.2.3.2. */
#include <stdio.h>

#include "../../drivers/pci/pci_cfg.h"
#include "unit.h"

/* --- The ports ---------------------------------------------------------- */

static uint32_t address;	/* last word written to 0xcf8 */
static unsigned int address_writes;
static uint16_t data_port;	/* port of the last other access */
static unsigned int data_width;
static uint32_t data_written;

void port_outl(uint16_t port, uint32_t value)
{
	if (port == 0xcf8) {
		address = value;
		address_writes++;
		return;
	}
	data_port = port;
	data_width = 4;
	data_written = value;
}

void port_outb(uint16_t port, uint8_t value)
{
	data_port = port;
	data_width = 1;
	data_written = value;
}

uint32_t port_inl(uint16_t port)
{
	data_port = port;
	data_width = 4;
	return 0x12345678u;
}

uint16_t port_inw(uint16_t port)
{
	data_port = port;
	data_width = 2;
	return 0x9abc;
}

uint8_t port_inb(uint16_t port)
{
	data_port = port;
	data_width = 1;
	return 0xde;
}

static void fresh(void)
{
	address = 0;
	address_writes = 0;
	data_port = 0;
	data_width = 0;
}

/* Bus 0x12, device 0x1f, function 7: every field at its widest. */
static const struct pci_bdf bdf = { 0x12, 0x1f, 7 };

#define ADDR(reg) (0x80000000u | 0x12u << 16 | 0x1fu << 11 | 7u << 8 | (reg))

/* --- Cases --------------------------------------------------------------- */

UNIT_TEST(a_32_bit_read_selects_the_dword_then_reads_0xcfc)
{
	uint32_t v;

	fresh();
	v = pci_cfg_read32(bdf, 0x40);
	EXPECT(address_writes == 1 && address == ADDR(0x40),
	       "0x%08x written once to 0xcf8, got 0x%08x, %u times",
	       ADDR(0x40), address, address_writes);
	EXPECT(data_port == 0xcfc && data_width == 4 && v == 0x12345678u,
	       "32 bits from 0xcfc, got %u bits from 0x%x: 0x%08x",
	       data_width * 8, (unsigned int)data_port, v);
}

UNIT_TEST(a_16_bit_read_of_the_upper_half_uses_port_0xcfe)
{
	uint16_t v;

	fresh();
	v = pci_cfg_read16(bdf, 0x02);
	EXPECT(address == ADDR(0x00), "0x%08x at 0xcf8, got 0x%08x",
	       ADDR(0x00), address);
	EXPECT(data_port == 0xcfe && data_width == 2 && v == 0x9abc,
	       "16 bits from 0xcfe, got %u bits from 0x%x: 0x%04x",
	       data_width * 8, (unsigned int)data_port, (unsigned int)v);
}

UNIT_TEST(an_8_bit_read_of_byte_3_uses_port_0xcff)
{
	uint8_t v;

	fresh();
	v = pci_cfg_read8(bdf, 0x47);
	EXPECT(address == ADDR(0x44), "0x%08x at 0xcf8, got 0x%08x",
	       ADDR(0x44), address);
	EXPECT(data_port == 0xcff && data_width == 1 && v == 0xde,
	       "8 bits from 0xcff, got %u bits from 0x%x: 0x%02x",
	       data_width * 8, (unsigned int)data_port, (unsigned int)v);
}

UNIT_TEST(writes_go_to_the_selected_dword_at_their_own_width)
{
	fresh();
	pci_cfg_write32(bdf, 0xfc, 0xcafef00du);
	EXPECT(address == ADDR(0xfc) && data_port == 0xcfc &&
	       data_width == 4 && data_written == 0xcafef00du,
	       "0xcafef00d, 32 bits to 0xcfc after 0x%08x; got 0x%x, %u bits "
	       "to 0x%x after 0x%08x", ADDR(0xfc), data_written,
	       data_width * 8, (unsigned int)data_port, address);
	fresh();
	pci_cfg_write8(bdf, 0x45, 0xa5);
	EXPECT(address == ADDR(0x44) && data_port == 0xcfd &&
	       data_width == 1 && data_written == 0xa5,
	       "0xa5, 8 bits to 0xcfd after 0x%08x; got 0x%x, %u bits to "
	       "0x%x after 0x%08x", ADDR(0x44), data_written, data_width * 8,
	       (unsigned int)data_port, address);
}

int main(void)
{
	return unit_run_all();
}
