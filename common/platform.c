#include "platform.h"

#include "kerr.h"
#include "kstring.h"

struct platform_fact {
	const char *name;
	uint64_t value;
};

static struct platform_fact facts[PLATFORM_MAX];
static unsigned int nfacts;

int platform_set(const char *name, uint64_t value)
{
	for (unsigned int i = 0; i < nfacts; i++)
		if (!strcmp(facts[i].name, name)) {
			facts[i].value = value;
			return 0;
		}
	if (nfacts == PLATFORM_MAX)
		return -E_NOMEM;
	facts[nfacts++] = (struct platform_fact){ name, value };
	return 0;
}

bool platform_get(const char *name, uint64_t *value)
{
	for (unsigned int i = 0; i < nfacts; i++)
		if (!strcmp(facts[i].name, name)) {
			*value = facts[i].value;
			return true;
		}
	return false;
}
