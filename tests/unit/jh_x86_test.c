/* The Jailhouse x86 platform checks (hv/jailhouse/platform_x86.c) against a
 * device tree: the PM timer port must lie in the PM timer node's I/O
 * window, computed without overflow. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt.h"
#include "jailhouse.h"
#include "unit.h"

static uint64_t pm_port, tsc_hz, cpu_count;
static int pm_port_set, tsc_set, cpu_set;

static char log_text[1024];

void bootlog(const char *fmt, ...)
{
	size_t used = strlen(log_text);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(log_text + used, sizeof(log_text) - used, fmt, ap);
	va_end(ap);
}

int platform_set(const char *name, uint64_t value)
{
	if (!strcmp(name, "pm-timer,port")) {
		pm_port = value;
		pm_port_set++;
	}
	if (!strcmp(name, "tsc,hz")) {
		tsc_hz = value;
		tsc_set++;
	}
	if (!strcmp(name, "cpu,count")) {
		cpu_count = value;
		cpu_set++;
	}
	return 0;
}

static struct fdt fdt;

static void open_tree(void)
{
	static void *blob;
	static size_t n;

	if (!blob)
		blob = unit_file_read(FDT_TEST_DIR, "jh-x86.dtb", &n);
	REQUIRE(blob && fdt_open(&fdt, blob, n) == 0, "jh-x86.dtb");
}

static bool pm_port_taken(uint16_t port)
{
	static struct jh_comm_region comm;
	struct jh_platform_x86 p = { port, 1, 1000000, 0 };

	memcpy(comm.platform, &p, sizeof(p));
	pm_port_set = 0;
	jh_platform_apply(&comm, &fdt);
	return pm_port_set == 1 && pm_port == port;
}

/* 0x608 + 0xfffffffffffffffc wraps to 0x604: an end check by addition
 * refuses every port of a window that holds them all from 0x608. */
UNIT_TEST(a_pm_timer_window_whose_end_wraps_is_checked_without_overflow)
{
	open_tree();
	EXPECT(pm_port_taken(0x608), "0x608 is in the window");
	EXPECT(pm_port_taken(0xfff8), "0xfff8 is in the window");
	EXPECT(!pm_port_taken(0x604), "0x604 is below it");
	EXPECT(!pm_port_taken(0xfffe), "0xfffe runs past the port space");
	EXPECT(pm_port_taken(0xfffc), "0xfffc's 4 ports end at 0xffff");
}

/* The timer's 4 ports must fit a window smaller than 4 too (its size
 * less 4 must not wrap). */
UNIT_TEST(a_pm_timer_window_of_fewer_than_4_ports_is_refused)
{
	open_tree();
	EXPECT(!pm_port_taken(0x500), "0x500's window holds 2 ports");
}

/* 0xfffd's 4 ports would end at 0x10000, past the port space, though
 * the window runs on. */
UNIT_TEST(a_pm_timer_port_whose_4_ports_pass_0xffff_is_refused)
{
	open_tree();
	EXPECT(!pm_port_taken(0xfffd), "0xfffd runs past the port space");
}

/* The window 0x100..0x107 holds PM1_TMR at 0x104 at the latest: the
 * timer's 4 ports, not only its first, must lie in it. */
UNIT_TEST(a_pm_timer_port_must_leave_room_for_its_4_ports_in_the_window)
{
	open_tree();
	EXPECT(pm_port_taken(0x104), "0x104..0x107 is in the window");
	EXPECT(!pm_port_taken(0x105), "0x105..0x108 runs out of it");
	EXPECT(!pm_port_taken(0x108), "0x108 is past it");
}

/* A node whose reg is memory, or that is disabled, describes no port
 * of the cell's PM timer. */
UNIT_TEST(a_pm_timer_port_in_memory_space_or_a_disabled_node_is_refused)
{
	open_tree();
	EXPECT(!pm_port_taken(0x200), "0x200 is a memory address there");
	EXPECT(!pm_port_taken(0x300), "0x300 is a disabled node's");
}

/* Jailhouse lets a cell read the PM timer only at the port it reports:
 * a rejected one leaves the cell none (port 0), never the tree's, which
 * the hypervisor would stop the cell for reading. */
UNIT_TEST(a_rejected_pm_timer_port_leaves_the_cell_no_pm_timer)
{
	open_tree();
	EXPECT(!pm_port_taken(0x604), "0x604 is below the window");
	EXPECT(pm_port_set == 1 && pm_port == 0,
	       "the port recorded as 0 (no PM timer), got %d times 0x%llx",
	       pm_port_set, (unsigned long long)pm_port);
	pm_port = 0x608;
	(void)pm_port_taken(0);
	EXPECT(pm_port_set == 1 && pm_port == 0,
	       "port 0 recorded as 0, got %d times 0x%llx", pm_port_set,
	       (unsigned long long)pm_port);
}

static bool cpus_taken(uint16_t cpus)
{
	static struct jh_comm_region comm;
	struct jh_platform_x86 p = { 0x608, cpus, 1000000, 0 };

	memcpy(comm.platform, &p, sizeof(p));
	cpu_set = 0;
	jh_platform_apply(&comm, &fdt);
	return cpu_set == 1 && cpu_count == cpus;
}

UNIT_TEST(cpu_counts_from_1_to_255_are_taken)
{
	open_tree();
	EXPECT(cpus_taken(1), "1 CPU");
	EXPECT(cpus_taken(255), "255 CPUs");
	EXPECT(!cpus_taken(0), "no CPU");
	EXPECT(!cpus_taken(256), "256 CPUs, above 255");
}

static bool tsc_khz_taken(uint32_t khz)
{
	static struct jh_comm_region comm;
	struct jh_platform_x86 p = { 0x608, 1, khz, 0 };

	memcpy(comm.platform, &p, sizeof(p));
	tsc_set = 0;
	jh_platform_apply(&comm, &fdt);
	return tsc_set == 1 && tsc_hz == (uint64_t)khz * 1000;
}

UNIT_TEST(tsc_rates_from_1_mhz_to_10_ghz_are_taken)
{
	open_tree();
	EXPECT(tsc_khz_taken(1000), "1 MHz");
	EXPECT(tsc_khz_taken(10000000), "10 GHz");
	EXPECT(!tsc_khz_taken(999), "below 1 MHz");
	EXPECT(!tsc_khz_taken(10000001), "above 10 GHz");
}

/* A window of exactly the timer's 4 ports holds it. */
UNIT_TEST(a_pm_timer_window_of_exactly_4_ports_holds_it)
{
	open_tree();
	EXPECT(pm_port_taken(0x180), "0x180..0x183 is the window");
	EXPECT(!pm_port_taken(0x181), "0x181..0x184 runs out of it");
}

/* A timer node outside an ISA bus has a memory window (isa_reg's
 * ISA_SPACE_MEMORY): no port lies in it. */
UNIT_TEST(a_pm_timer_node_outside_an_isa_bus_describes_no_port)
{
	open_tree();
	EXPECT(!pm_port_taken(0x400), "0x400 is a memory address there");
}

/* The boot log says why a port was rejected. */
UNIT_TEST(a_zero_pm_timer_port_is_named_as_such)
{
	open_tree();
	log_text[0] = '\0';
	(void)pm_port_taken(0);
	EXPECT(strstr(log_text, "port 0x0 rejected: it is zero") != NULL,
	       "the log says the port is zero, got '%s'", log_text);
}

/* A TSC rate of 0 is rejected and logged; an APIC timer rate of 0 means
 * "not given" (the TSC-deadline timer needs none): no log line. */
UNIT_TEST(a_zero_tsc_rate_is_rejected_and_a_zero_apic_rate_is_not_given)
{
	open_tree();
	log_text[0] = '\0';
	EXPECT(!tsc_khz_taken(0), "TSC 0 kHz not taken");
	EXPECT(strstr(log_text, "TSC frequency 0 kHz rejected") != NULL,
	       "the log names the TSC rate, got '%s'", log_text);
	EXPECT(strstr(log_text, "APIC") == NULL,
	       "nothing about the APIC timer's 0, got '%s'", log_text);
}

int main(void)
{
	return unit_run_all();
}
