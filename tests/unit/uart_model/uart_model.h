/* A simulated 16550-family UART for driver tests: 8250/16450 (no FIFO),
 * the original 16550 (FIFO reported unusable), the 16550A and the
 * DesignWare APB UART (ignores LCR writes while busy). The transmitter
 * moves one byte each time the driver polls LSR, so a driver that writes
 * more than the holding register or FIFO takes is caught as an overrun.
 * Each LSR read counts for irq_race.h's planned interrupt. */
#ifndef UART_MODEL_H
#define UART_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch_io.h"

enum model_kind { UART_8250, UART_16550, UART_16550A, UART_DW };

#define MODEL_OUT_MAX 4096

struct uart_model {
	/* Set up by the test. */
	enum model_kind kind;
	uintptr_t base;
	unsigned int shift;
	enum model_access how;
	bool stuck;		/* the transmitter never moves */
	bool fifo_absent;	/* DW built without FIFOs: FCR does nothing */
	/* DW: the nth LCR write (from 1) is ignored, as if a byte had
	 * started after the driver saw the UART idle; 0: none. */
	unsigned int lcr_lost_write;
	/* DW: from the nth LCR write (from 1) on, all are ignored, as if
	 * another CPU kept the line busy; 0: none. */
	unsigned int lcr_lost_from;
	/* DW: a character is being received: USR.BUSY stays set for this
	 * many more LSR or USR polls, and LCR writes are ignored meanwhile
	 * (the DW_apb_uart's busy covers the receiver too); LSR.TEMT is
	 * not affected. */
	unsigned int rx_busy_polls;
	/* Registers. */
	uint8_t ier, lcr, mcr, dll, dlm;
	bool fifo_on;
	bool busy_detect;	/* DW: pending busy-detect interrupt */
	/* Transmitter: holding register / FIFO, then the shift register. */
	uint8_t txq[16];
	unsigned int txq_len;
	bool shifting;
	uint8_t shift_reg;
	/* Receiver. */
	const char *rx;
	/* What the test checks. */
	char out[MODEL_OUT_MAX];
	size_t out_len;
	unsigned int overruns;	/* bytes written to a full THR/FIFO */
	unsigned int dropped;	/* bytes a FIFO reset threw away */
	unsigned int rx_dropped;	/* received bytes a FIFO reset lost */
	unsigned int max_fill;	/* most bytes ever waiting in THR/FIFO */
	unsigned int lcr_ignored;
	unsigned int lcr_writes;
	unsigned int rate_changed_busy;	/* divisor written mid-byte */
	unsigned int iir_reads;
	unsigned int bad_access;	/* wrong address, register or width */
};

/* The UART every access goes to. */
extern struct uart_model model;

/* Resets `model` to a device of `kind` at `base`. */
void model_reset(enum model_kind kind, uintptr_t base, unsigned int shift,
		 enum model_access how);
/* Puts bytes in the transmitter as if written earlier. */
void model_queue(const char *s);
/* Runs the transmitter until it is empty (or stuck). */
void model_drain(void);

#endif
