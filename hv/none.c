/* The `none` hypervisor backend: bare metal or QEMU. There is nobody to
 * report to; the cell lock is still kept so applications stay portable. */
#include "hv.h"

#include "kerr.h"

static unsigned int lock_depth;

void hv_init(const struct fdt *fdt)
{
	(void)fdt;
}

int hv_console_bind(const struct fdt *fdt)
{
	(void)fdt;
	return -E_NOENT;
}

bool hv_device_irqs_usable(const struct fdt *fdt, int node)
{
	(void)fdt;
	(void)node;
	return true;
}

bool hv_device_shared(const struct fdt *fdt, int node)
{
	(void)fdt;
	(void)node;
	return false;
}

void hv_report(void)
{
}

void hv_start(void)
{
}

void hv_stopped(void)
{
}

void hv_failed(void)
{
}

void hv_cell_lock(void)
{
	lock_depth++;
}

void hv_cell_unlock(void)
{
	if (lock_depth)
		lock_depth--;
}

bool hv_cell_locked(void)
{
	return lock_depth != 0;
}

void hv_set_shutdown_handler(hv_shutdown_fn fn, void *arg)
{
	(void)fn;
	(void)arg;
}

const char *hv_name(void)
{
	return "none";
}
