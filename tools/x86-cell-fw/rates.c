/* The TSC and LAPIC timer rates, measured against the ACPI PM timer (a
 * 24-bit counter at 3.579545 MHz, ACPI 6.4 section 4.8.3.3) the way a
 * hypervisor finds the tsc_khz and apic_khz it reports: count both over
 * the same window of PM ticks, starting on a tick edge. 50 ms make one
 * tick of uncertainty at each end about 6 ppm.
 * The LAPIC timer (xAPIC MMIO at IA32_APIC_BASE, as after reset) counts
 * down at divide-by-1 with its interrupt masked, and is left as reset
 * leaves it (count 0, divide-by-2). With the TSC-deadline timer
 * (CPUID.1:ECX[24]) its rate is of no use and is reported as 0.
 * Intel SDM vol. 3A 10.5.4 (APIC timer), 10.4.4 (IA32_APIC_BASE). */
#include "fw.h"

#include "arch_io.h"
#include "x86.h"

#define PM_TIMER_HZ 3579545ull
#define PM_TIMER_MASK 0xffffffu
#define RATES_WINDOW_TICKS (PM_TIMER_HZ / 20)	/* 50 ms */
#define RATES_EDGE_SPINS 10000000u
#define HZ_PER_KHZ 1000ull

#define CPUID_1_ECX_TSC_DEADLINE (1u << 24)
#define APIC_BASE_MASK 0xfffff000u
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_TIMER_INITIAL 0x380
#define LAPIC_TIMER_CURRENT 0x390
#define LAPIC_TIMER_DIVIDE 0x3e0
#define LAPIC_LVT_MASKED (1u << 16)
#define LAPIC_DIVIDE_BY_1 0xb
#define LAPIC_DIVIDE_RESET 0x0		/* divide by 2 */
#define LAPIC_COUNT_MAX 0xffffffffu

static uint16_t pm_port;
static uintptr_t lapic;

static uint32_t pm_read(void)
{
	return inl(pm_port) & PM_TIMER_MASK;
}

static uint32_t pm_wait_edge(void)
{
	uint32_t start = pm_read(), now;

	for (uint32_t i = 0; i < RATES_EDGE_SPINS; i++) {
		now = pm_read();
		if (now != start)
			return now;
	}
	fw_fail("the ACPI PM timer does not count");
}

static void lapic_write(unsigned int reg, uint32_t v)
{
	mmio_write32(lapic + reg, v);
}

static uint32_t lapic_read(unsigned int reg)
{
	return mmio_read32(lapic + reg);
}

/* count * PM_TIMER_HZ / ticks, in kHz, rounded to nearest. */
static uint32_t rate_khz(uint64_t count, uint32_t ticks)
{
	uint64_t div = ticks * HZ_PER_KHZ;

	return (uint32_t)((count * PM_TIMER_HZ + div / 2) / div);
}

void rates_measure(uint16_t port, struct fw_rates *out)
{
	bool apic;
	uint32_t t0, elapsed, a0 = 0, a1 = 0;
	uint64_t tsc0, tsc1;

	pm_port = port;
	out->tsc_deadline = x86_cpuid(1, 0).ecx & CPUID_1_ECX_TSC_DEADLINE;
	apic = !out->tsc_deadline;
	if (apic) {
		lapic = (uintptr_t)(x86_rdmsr(MSR_IA32_APIC_BASE) &
				    APIC_BASE_MASK);
		lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED);
		lapic_write(LAPIC_TIMER_DIVIDE, LAPIC_DIVIDE_BY_1);
		lapic_write(LAPIC_TIMER_INITIAL, LAPIC_COUNT_MAX);
	}
	t0 = pm_wait_edge();
	tsc0 = x86_rdtsc();
	if (apic)
		a0 = lapic_read(LAPIC_TIMER_CURRENT);
	do {
		/* The counter may wrap. */
		elapsed = (pm_read() - t0) & PM_TIMER_MASK;
	} while (elapsed < RATES_WINDOW_TICKS);
	tsc1 = x86_rdtsc();
	if (apic) {
		a1 = lapic_read(LAPIC_TIMER_CURRENT);
		lapic_write(LAPIC_TIMER_INITIAL, 0);
		lapic_write(LAPIC_TIMER_DIVIDE, LAPIC_DIVIDE_RESET);
	}
	out->tsc_khz = rate_khz(tsc1 - tsc0, elapsed);
	out->apic_khz = apic ? rate_khz(a0 - a1, elapsed) : 0;
}
