/* Decoding what an ARM fault leaves in its registers (fault_decode.c). */
#ifndef ARM_FAULT_DECODE_H
#define ARM_FAULT_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

/* The text of a DFSR or IFSR fault status: its name, and in *suffix the
 * part that follows it ("" or e.g. " (page)"). */
const char *arm_fsr_text(uint32_t fsr, const char **suffix);
/* An asynchronous abort: DFAR and the access kind are unknown. */
bool arm_fsr_async(uint32_t fsr);
/* A permission fault (section or page). */
bool arm_fsr_permission(uint32_t fsr);
/* The address of the instruction an exception of `kind` was taken on,
 * from the exception mode's lr and the SPSR's T bit. */
uint32_t arm_trap_pc(uint32_t lr, uint32_t spsr, enum arm_trap_kind kind);
/* An A32 VFP or Advanced SIMD instruction (DDI 0406C A5.7, A7.4, A7.5). */
bool arm_is_fp_insn(uint32_t insn);
/* "SVC", "HYP", ... for a PSR's mode field; "???" for no mode. */
const char *arm_mode_name(uint32_t mode);

#endif
