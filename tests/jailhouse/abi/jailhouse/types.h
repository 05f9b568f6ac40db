/* The fixed-width types Jailhouse's configuration sources use. Part of our
 * own description of the cell-configuration ABI (see cell-config.h here),
 * used only to compile and check the configs tools/jailhouse-cell-config.py
 * writes; real configs build in Jailhouse's tree against its headers. */
#ifndef CELLMATE_JH_ABI_TYPES_H
#define CELLMATE_JH_ABI_TYPES_H

#include <stdint.h>

typedef uint8_t __u8;
typedef uint16_t __u16;
typedef uint32_t __u32;
typedef uint64_t __u64;

#endif
