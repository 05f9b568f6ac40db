/* The firmware's own output: the cell's console UART (COM1 on q35), set
 * to 115200 8N1 as the root cell leaves it for a Jailhouse cell, polled.
 * Registers: TI PC16550D data sheet, section 8. */
#include "fw.h"

#include "arch_io.h"

#define UART_THR 0
#define UART_DLL 0
#define UART_IER 1
#define UART_DLM 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5

#define LCR_DLAB 0x80
#define LCR_8N1 0x03
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS 0x03
#define LSR_THRE 0x20
#define UART_DIVISOR_115200 1	/* 1.8432 MHz / (16 * 115200) */

static void uart_out(unsigned int reg, uint8_t v)
{
	outb((uint16_t)(FW_CONSOLE_PORT + reg), v);
}

void uart_init(void)
{
	uart_out(UART_IER, 0);
	uart_out(UART_LCR, LCR_DLAB);
	uart_out(UART_DLL, UART_DIVISOR_115200);
	uart_out(UART_DLM, 0);
	uart_out(UART_LCR, LCR_8N1);
	uart_out(UART_FCR, FCR_ENABLE_CLEAR);
	uart_out(UART_MCR, MCR_DTR_RTS);
}

static void uart_putc(char c)
{
	while (!(inb((uint16_t)(FW_CONSOLE_PORT + UART_LSR)) & LSR_THRE))
		;
	uart_out(UART_THR, (uint8_t)c);
}

void uart_puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			uart_putc('\r');
		uart_putc(*s);
	}
}

void uart_put_hex(uint32_t v)
{
	char buf[11];
	int i = 10;

	buf[i] = '\0';
	do {
		buf[--i] = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while (v);
	buf[--i] = 'x';
	buf[--i] = '0';
	uart_puts(&buf[i]);
}

void uart_put_dec(uint32_t v)
{
	char buf[11];
	int i = 10;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	uart_puts(&buf[i]);
}
