#include "pl011_model.h"

#include <string.h>

#include "irq_race.h"

struct pl011_model pl011_model;

#define DR 0x00
#define FR 0x18
#define IBRD 0x24
#define FBRD 0x28
#define LCRH 0x2c
#define CR 0x30
#define IMSC 0x38
#define RIS 0x3c
#define MIS 0x40
#define ICR 0x44
#define RX_TRIGGER 8

#define FR_BUSY (1u << 3)
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define LCRH_FEN (1u << 4)
#define CR_UARTEN (1u << 0)
#define CR_TXE (1u << 8)

void pl011_model_reset(uintptr_t base)
{
	memset(&pl011_model, 0, sizeof(pl011_model));
	pl011_model.base = base;
	pl011_model.cr = 0x300;	/* reset value: TXE, RXE, UART disabled */
	irq_race_reset();
}

void pl011_model_queue(unsigned int n)
{
	pl011_model.txq += n;
}

void pl011_model_type(const char *s)
{
	while (*s && pl011_model.rx_len < sizeof(pl011_model.rxq))
		pl011_model.rxq[pl011_model.rx_len++] = *s++;
	if (pl011_model.rx_len >= RX_TRIGGER)
		pl011_model.ris |= PL011_MODEL_RXRIS;
	if (pl011_model.rx_len)
		pl011_model.ris |= PL011_MODEL_RTRIS;
}

bool pl011_model_irq(void)
{
	return pl011_model.ris & pl011_model.imsc;
}

static uint32_t rx_pop(void)
{
	uint32_t c;

	if (!pl011_model.rx_len)
		return 0;
	c = (uint8_t)pl011_model.rxq[0];
	memmove(pl011_model.rxq, pl011_model.rxq + 1, --pl011_model.rx_len);
	return c;
}

static bool tx_running(void)
{
	return (pl011_model.cr & (CR_UARTEN | CR_TXE)) ==
	       (CR_UARTEN | CR_TXE) && !pl011_model.cts_held;
}

static unsigned int fifo_depth(void)
{
	return (pl011_model.lcrh & LCRH_FEN) ? 16 : 1;
}

/* One step of the transmitter: the shifted byte goes out, the next one
 * comes from the FIFO. */
static void tx_step(void)
{
	if (!tx_running() || ++pl011_model.reads < pl011_model.reads_per_byte)
		return;
	pl011_model.reads = 0;
	pl011_model.shifting = false;
	if (pl011_model.txq) {
		pl011_model.txq--;
		pl011_model.shifting = true;
	}
}

static bool busy(void)
{
	return pl011_model.txq || pl011_model.shifting;
}

static void control_change(void)
{
	if (pl011_model.shifting)
		pl011_model.garbled++;
}

/* A write to LCR_H, IBRD or FBRD, which the TRM forbids while enabled. */
static void line_change(void)
{
	if (pl011_model.cr & CR_UARTEN)
		pl011_model.changed_enabled++;
}

uint32_t pl011_model_read(uintptr_t addr)
{
	uint32_t v;

	switch (addr - pl011_model.base) {
	case FR:
		tx_step();
		if (!pl011_model.rx_len && pl011_model.rx_late) {
			/* Read empty; the byte lands just after. */
			v = FR_RXFE;
			pl011_model_type(pl011_model.rx_late);
			pl011_model.rx_late = NULL;
		} else {
			v = pl011_model.rx_len ? 0 : FR_RXFE;
		}
		if (busy())
			v |= FR_BUSY;
		if (pl011_model.txq >= fifo_depth())
			v |= FR_TXFF;
		if (!(v & FR_BUSY)) {
			pl011_model.busy_polls = 0;
		} else if (++pl011_model.busy_polls ==
			   PL011_MODEL_STUCK_POLLS) {
			/* Nothing moves: end the wait, and say so. */
			pl011_model.stuck++;
			pl011_model.txq = 0;
			pl011_model.shifting = false;
			pl011_model.busy_polls = 0;
			v &= ~(FR_BUSY | FR_TXFF);
		}
		irq_race_status_read();
		return v;
	case CR: return pl011_model.cr;
	case LCRH: return pl011_model.lcrh;
	case IBRD: return pl011_model.ibrd;
	case FBRD: return pl011_model.fbrd;
	case IMSC: return pl011_model.imsc;
	case RIS: return pl011_model.ris;
	case MIS: return pl011_model.ris & pl011_model.imsc;
	case DR: return rx_pop();
	default:
		pl011_model.bad_access++;
		return 0;
	}
}

void pl011_model_write(uintptr_t addr, uint32_t v)
{
	switch (addr - pl011_model.base) {
	case DR:
		if (pl011_model.txq >= fifo_depth())
			pl011_model.bad_access++;	/* overrun */
		else if (pl011_model.out_len < sizeof(pl011_model.out))
			pl011_model.out[pl011_model.out_len++] = (char)v;
		pl011_model.txq++;
		break;
	case CR:
		control_change();
		pl011_model.cr = v;
		break;
	case LCRH:
		control_change();
		line_change();
		if (!(v & LCRH_FEN))
			pl011_model.txq = 0;	/* FIFOs flushed */
		pl011_model.lcrh = v;
		pl011_model.baud_int = pl011_model.ibrd;
		pl011_model.baud_frac = pl011_model.fbrd;
		break;
	case IBRD:
		line_change();
		pl011_model.ibrd = v & 0xffff;
		break;
	case FBRD:
		line_change();
		pl011_model.fbrd = v & 0x3f;
		break;
	case IMSC: pl011_model.imsc = v; break;
	case ICR: pl011_model.ris &= ~v; break;
	default: pl011_model.bad_access++;
	}
}
