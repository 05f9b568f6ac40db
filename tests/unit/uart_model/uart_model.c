#include "uart_model.h"

#include <string.h>

#include "irq_race.h"

/* Register numbers, TI PC16550D section 8; USR is DesignWare's. */
enum { RBR_THR_DLL, IER_DLM, IIR_FCR, LCR, MCR, LSR, MSR, SCR, USR = 31 };

struct uart_model model;

void model_reset(enum model_kind kind, uintptr_t base, unsigned int shift,
		 enum model_access how)
{
	memset(&model, 0, sizeof(model));
	model.kind = kind;
	model.base = base;
	model.shift = shift;
	model.how = how;
	irq_race_reset();
}

static unsigned int tx_capacity(void)
{
	return model.fifo_on && (model.kind == UART_16550A ||
				 model.kind == UART_DW) ? 16 : 1;
}

/* One character time: the shift register sends its byte and takes the
 * next from THR/FIFO. */
static void tx_step(void)
{
	if (model.stuck)
		return;
	if (model.shifting && model.out_len < MODEL_OUT_MAX)
		model.out[model.out_len++] = (char)model.shift_reg;
	model.shifting = model.txq_len > 0;
	if (model.shifting) {
		model.shift_reg = model.txq[0];
		memmove(model.txq, model.txq + 1, --model.txq_len);
	}
}

static void tx_put(uint8_t v)
{
	if (model.txq_len == tx_capacity()) {
		model.overruns++;
		return;
	}
	model.txq[model.txq_len++] = v;
	if (model.txq_len > model.max_fill)
		model.max_fill = model.txq_len;
}

void model_queue(const char *s)
{
	while (*s)
		tx_put((uint8_t)*s++);
}

void model_drain(void)
{
	for (int i = 0; i < 64 && (model.txq_len || model.shifting); i++)
		tx_step();
}

static bool tx_busy(void)
{
	return model.txq_len || model.shifting;
}

/* The register an access names, or -1 when the address or width is not
 * one this device decodes. */
static int decode(uintptr_t addr, enum model_access how)
{
	uintptr_t off = addr - model.base;
	int reg = (int)(off >> model.shift);

	if (how != model.how || addr < model.base ||
	    off & ((1u << model.shift) - 1) ||
	    !(reg <= SCR || (reg == USR && model.kind == UART_DW))) {
		model.bad_access++;
		return -1;
	}
	return reg;
}

static uint8_t read_iir(void)
{
	uint8_t fifo = 0;

	if (model.fifo_on)
		fifo = model.kind == UART_16550 ? 0x80 : 0xc0;
	if (model.busy_detect)
		return fifo | 0x07;
	return fifo | 0x01;	/* no interrupt pending */
}

uint32_t model_read(uintptr_t addr, enum model_access how)
{
	bool dlab = model.lcr & 0x80;

	switch (decode(addr, how)) {
	case RBR_THR_DLL:
		if (dlab)
			return model.dll;
		return model.rx && *model.rx ? (uint8_t)*model.rx++ : 0;
	case IER_DLM:
		return dlab ? model.dlm : model.ier;
	case IIR_FCR:
		model.iir_reads++;
		return read_iir();
	case LCR:
		return model.lcr;
	case MCR:
		return model.mcr;
	case LSR: {
		uint8_t lsr;

		tx_step();	/* time passes while the driver polls */
		if (model.rx_busy_polls)
			model.rx_busy_polls--;
		lsr = (model.rx && *model.rx ? 0x01 : 0) |
		      (model.txq_len ? 0 : 0x20) | (tx_busy() ? 0 : 0x40);
		irq_race_status_read();
		return lsr;
	}
	case USR:
		model.busy_detect = false;
		if (model.rx_busy_polls) {
			model.rx_busy_polls--;	/* time passes here too */
			return 0x01;
		}
		return tx_busy() ? 0x01 : 0;
	default:
		return 0;
	}
}

static void write_fcr(uint8_t v)
{
	if (model.kind == UART_8250 || model.fifo_absent)
		return;	/* no FIFO control register */
	/* Enabling or disabling the FIFOs clears both (PC16550D, FCR0),
	 * as does a receive-FIFO clear: what had arrived is lost. */
	if ((v & 0x02) || (bool)(v & 0x01) != model.fifo_on) {
		for (; model.rx && *model.rx; model.rx++)
			model.rx_dropped++;
	}
	model.fifo_on = v & 0x01;
	if (v & 0x04) {	/* clear the transmit FIFO */
		model.dropped += model.txq_len;
		model.txq_len = 0;
	}
}

void model_write(uintptr_t addr, uint32_t v, enum model_access how)
{
	bool dlab = model.lcr & 0x80;

	switch (decode(addr, how)) {
	case RBR_THR_DLL:
		if (dlab) {
			model.rate_changed_busy += tx_busy();
			model.dll = (uint8_t)v;
		} else {
			tx_put((uint8_t)v);
		}
		break;
	case IER_DLM:
		if (dlab) {
			model.rate_changed_busy += tx_busy();
			model.dlm = (uint8_t)v;
		} else {
			model.ier = (uint8_t)v;
		}
		break;
	case IIR_FCR:
		write_fcr((uint8_t)v);
		break;
	case LCR:
		model.lcr_writes++;
		if (model.kind == UART_DW &&
		    (tx_busy() || model.rx_busy_polls ||
		     model.lcr_writes == model.lcr_lost_write ||
		     (model.lcr_lost_from &&
		      model.lcr_writes >= model.lcr_lost_from))) {
			model.lcr_ignored++;
			model.busy_detect = true;
		} else {
			model.lcr = (uint8_t)v;
		}
		break;
	case MCR:
		model.mcr = (uint8_t)v;
		break;
	default:
		break;
	}
}
