/* "jailhouse cell shutdown" then "jailhouse cell start" without a new
 * "jailhouse cell load": the cell runs again from whatever its last run
 * left in its memory. Here that start is a machine reset (QEMU's
 * system_reset keeps RAM) with `-fw_cfg name=opt/cellmate/restart,
 * string=N`: the firmware finds the record its first launch left in its
 * own RAM (never the cell's) and starts the cell again, at most N times,
 * without clearing or loading anything but the communication region. A
 * reset past the N-th (a triple fault, say) is an error, not a loop. */
#include "fw.h"

#define FW_RESTART_FILE "opt/cellmate/restart"
#define FW_RECORD_MAGIC 0x6c656363u	/* "ccel" */
#define FW_RESTARTS_MAX 1000u

/* In the firmware's RAM, outside its cleared .bss (fw.ld): QEMU's RAM
 * starts zeroed, so a machine powered on finds no record. */
static struct {
	uint32_t magic, magic_inv;
	uint32_t launches;	/* the first one included */
	struct fw_launch launch;
} fw_record __attribute__((section(".noinit.record")));

/* The restarts opt/cellmate/restart allows, 0 without it. */
static uint32_t restart_allowed(void)
{
	static const char why[] = FW_RESTART_FILE
		" must be a number of restarts, 1 to 1000";
	uint32_t n = 0;

	if (fw_cfg_number(FW_RESTART_FILE, FW_RESTARTS_MAX, why, &n) && !n)
		fw_fail(why);
	return n;
}

static bool record_valid(void)
{
	return fw_record.magic == FW_RECORD_MAGIC &&
	       fw_record.magic_inv == ~FW_RECORD_MAGIC;
}

void restart_record(const struct fw_launch *l)
{
	fw_record.launch = *l;
	fw_record.launches = 1;
	fw_record.magic = FW_RECORD_MAGIC;
	fw_record.magic_inv = ~FW_RECORD_MAGIC;
}

const struct fw_launch *restart_due(uint32_t *nth, uint32_t *allowed)
{
	*allowed = restart_allowed();
	if (*allowed == 0 || !record_valid())
		return NULL;
	if (fw_record.launches > *allowed)
		fw_fail("the machine reset after the last restart "
			FW_RESTART_FILE " allows (a triple fault in the cell?)");
	*nth = fw_record.launches++;
	return &fw_record.launch;
}
