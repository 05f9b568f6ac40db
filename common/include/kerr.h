/* Kernel error codes. Functions that can fail return 0 or a negative
 * value from this enum (for example `return -E_INVAL;`). */
#ifndef KERR_H
#define KERR_H

enum kerr {
	E_OK = 0,
	E_INVAL,	/* argument or input data is malformed */
	E_NOENT,	/* the thing looked for does not exist */
	E_NOMEM,	/* no room left in a fixed-size pool or buffer */
	E_RANGE,	/* a value or offset is out of its allowed range */
	E_BADFDT,	/* the device tree blob is malformed */
	E_TRUNC,	/* data ends before a structure it announces */
	E_NODEV,	/* no driver or device for the request */
	E_TIMEOUT,	/* a wait ended because its timeout expired */
	E_AGAIN,	/* try again: the resource is not available now */
	E_BUSY,		/* already in use */
	E_PERM,		/* not allowed in this context or state */
	E_DEADLK,	/* the operation would deadlock */
	E_NOTSUP,	/* the hardware or build does not support this */
	E_COUNT
};

/* Short upper-case name of an error code ("E_INVAL"); accepts the code
 * with either sign. */
const char *kerr_name(int err);

#endif
