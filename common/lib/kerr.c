#include "kerr.h"

static const char *const kerr_names[E_COUNT] = {
	[E_OK] = "E_OK",	 [E_INVAL] = "E_INVAL",	  [E_NOENT] = "E_NOENT",
	[E_NOMEM] = "E_NOMEM",	 [E_RANGE] = "E_RANGE",	  [E_BADFDT] = "E_BADFDT",
	[E_TRUNC] = "E_TRUNC",	 [E_NODEV] = "E_NODEV",	  [E_TIMEOUT] = "E_TIMEOUT",
	[E_AGAIN] = "E_AGAIN",	 [E_BUSY] = "E_BUSY",	  [E_PERM] = "E_PERM",
	[E_DEADLK] = "E_DEADLK", [E_NOTSUP] = "E_NOTSUP",
};

const char *kerr_name(int err)
{
	unsigned int e = err < 0 ? (unsigned int)-err : (unsigned int)err;

	return e < E_COUNT ? kerr_names[e] : "E_?";
}
