/* The tasks demo linked with faults its self-check must catch
 * (tests/kernel/apps.cmake), chosen by `fault=...`:
 *   early  the demo's clock reads 50 us behind the kernel's, so each
 *          periodic thread wakes before its deadline as it sees it;
 *   drop   every fourth message the consumer receives is lost, so the
 *          one after it comes out of order;
 *   stop   the consumer receives four messages, then none: fewer
 *          received than sent, all in order.
 * Wrappers (-Wl,--wrap): only the demo's own calls pass through them. */
#include <stdint.h>

#include "cmdline.h"
#include "kerr.h"
#include "kstring.h"
#include "ktime.h"
#include "msgq.h"
#include "thread.h"

static const char *fault = "";
CMDLINE_STR(fault, "fault", 8, "early, drop or stop");

uint64_t __real_clock_now_ns(void);
uint64_t __wrap_clock_now_ns(void);
int __real_msgq_recv(struct msgq *q, void *item, uint64_t timeout);
int __wrap_msgq_recv(struct msgq *q, void *item, uint64_t timeout);

uint64_t __wrap_clock_now_ns(void)
{
	uint64_t now = __real_clock_now_ns();

	return strcmp(fault, "early") == 0 ? now - US(50) : now;
}

int __wrap_msgq_recv(struct msgq *q, void *item, uint64_t timeout)
{
	static unsigned int received;
	int err;

	if (strcmp(fault, "stop") == 0 && received == 4) {
		thread_sleep(timeout);
		return -E_TIMEOUT;
	}
	err = __real_msgq_recv(q, item, timeout);
	if (err == 0 && strcmp(fault, "stop") == 0)
		received++;

	if (err == 0 && strcmp(fault, "drop") == 0 && ++received % 4 == 0)
		err = __real_msgq_recv(q, item, timeout);
	return err;
}
