/* Platform facts supplied at run time by the hypervisor layer, which
 * override the device tree: a driver asks by name and falls back to its
 * node when nothing is set. Names are plain strings ("gic,dist-base",
 * "pm-timer,port", "tsc,hz", ...), listed in docs/jailhouse.md. */
#ifndef PLATFORM_H
#define PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

#define PLATFORM_MAX 12

/* Records a value (boot context, hv layer). */
int platform_set(const char *name, uint64_t value);
/* True and *value set when the hypervisor provided `name`. */
bool platform_get(const char *name, uint64_t *value);

#endif
