/* Console input for cell_test.c in cells whose UART receives nothing: on
 * x86 it has no interrupt (dts/x86-cell.dtsi), on qemu-arm it is shared
 * with the root cell, which keeps its interrupt. The test writes the
 * character it would type into `cell_test_input` through QEMU's gdb stub
 * (qemu-run.py --step write32:cell_test_input=0x6c), and cell_test's
 * console_getc() returns it once. Linked with -Wl,--wrap=console_getc, so
 * cell_test.c stays the same on every architecture. */
#include <stdint.h>

#include "console.h"

volatile uint32_t cell_test_input;

int __real_console_getc(void);
int __wrap_console_getc(void);

int __wrap_console_getc(void)
{
	uint32_t c = cell_test_input;

	if (c) {
		cell_test_input = 0;
		return (int)(c & 0xff);
	}
	return __real_console_getc();
}
