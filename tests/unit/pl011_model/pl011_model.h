/* A simulated PL011 for driver tests, after the PL011 TRM (DDI 0183G):
 * - UARTFR.BUSY is set while the transmit FIFO holds data or a byte is
 *   being shifted out, "regardless of whether the UART is enabled";
 *   bytes move only while UARTCR.UARTEN and TXE are set (one per UARTFR
 *   read here, or per reads_per_byte of them);
 * - with CTS flow control on and no peer asserting CTS (cts_held),
 *   nothing moves even then (3.3.8, UARTCR.CTSEn);
 * - IBRD and FBRD take effect on the next UARTLCR_H write (3.3.6);
 * - UARTLCR_H, UARTIBRD and UARTFBRD "must not be changed" while the UART
 *   is enabled (3.3.7): such writes are counted;
 * - clearing UARTLCR_H.FEN flushes the FIFOs;
 * - a byte in flight when the control registers change is counted as
 *   garbled (3.3.8: disable, wait for the end of the character).
 * A driver that polls BUSY while nothing can move would wait for ever:
 * the model gives up after STUCK_POLLS reads and counts it.
 * Receiving (TRM 3.4): with the FIFOs on, the receive interrupt (RXRIS)
 * comes at the trigger level (half full, 8 bytes, at reset) and the
 * receive timeout (RTRIS) for anything fewer left waiting; UARTICR
 * clears them; the line is RIS & IMSC. */
#ifndef PL011_MODEL_H
#define PL011_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch_io.h"

#define PL011_MODEL_STUCK_POLLS 1000000

struct pl011_model {
	uintptr_t base;
	uint32_t cr, lcrh, ibrd, fbrd, imsc;
	uint32_t baud_int, baud_frac;	/* latched by a UARTLCR_H write */
	unsigned int txq;		/* bytes in the transmit FIFO */
	unsigned int reads_per_byte;	/* UARTFR reads a byte takes to go
					 * out (0: one, as 1), for a line
					 * slower than the CPU */
	unsigned int reads;		/* towards the next one */
	bool shifting;
	bool cts_held;			/* hardware flow control with no
					 * peer: enabled, nothing moves */
	char out[256];
	size_t out_len;
	unsigned int busy_polls;	/* consecutive reads with BUSY */
	unsigned int stuck;		/* waits the model had to end */
	unsigned int garbled;		/* changes with a byte in flight */
	unsigned int changed_enabled;	/* LCR_H, IBRD, FBRD writes with
					 * UARTEN set */
	unsigned int bad_access;
	/* Receiving. */
	char rxq[32];
	unsigned int rx_len;		/* bytes waiting in the receive FIFO */
	uint32_t ris;			/* raw interrupt status */
	const char *rx_late;		/* arrives when FR first reads empty */
};

#define PL011_MODEL_RXRIS (1u << 4)
#define PL011_MODEL_RTRIS (1u << 6)

extern struct pl011_model pl011_model;

void pl011_model_reset(uintptr_t base);
/* Bytes left in the transmit FIFO by an earlier owner. */
void pl011_model_queue(unsigned int n);
/* Bytes arriving on the line, then a pause (the timeout's). */
void pl011_model_type(const char *s);
/* Whether the interrupt line is asserted. */
bool pl011_model_irq(void);

#endif
