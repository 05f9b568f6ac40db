/* The `none` hypervisor backend (hv/none.c): on bare metal nobody
 * reports, but the cell lock still nests as under Jailhouse, so that an
 * application runs alike on both, and the device tree's console and
 * interrupts are all the kernel's. */
#include "hv.h"
#include "kerr.h"
#include "unit.h"

UNIT_TEST(the_cell_lock_nests_and_a_stray_unlock_leaves_it_open)
{
	hv_cell_unlock();
	EXPECT(!hv_cell_locked(), "not locked after a stray unlock");
	hv_cell_lock();
	hv_cell_lock();
	hv_cell_unlock();
	EXPECT(hv_cell_locked(), "still locked with one lock left");
	hv_cell_unlock();
	EXPECT(!hv_cell_locked(), "unlocked after the last unlock");
}

/* kernel.c stops a kernel whose device tree gives no console only when
 * the backend has none either. */
UNIT_TEST(there_is_no_hypervisor_console)
{
	EXPECT(hv_console_bind(NULL) == -E_NOENT, "-E_NOENT, got %d",
	       hv_console_bind(NULL));
}

UNIT_TEST(every_device_and_its_interrupts_are_the_kernels)
{
	EXPECT(!hv_device_shared(NULL, 0), "no device shared");
	EXPECT(hv_device_irqs_usable(NULL, 0), "every interrupt usable");
}

int main(void)
{
	return unit_run_all();
}
