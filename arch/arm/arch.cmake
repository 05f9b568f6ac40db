# ARMv7-A port.
set(ARCH_SOURCES
  arch/arm/arch.c
  arch/arm/context.S
  arch/arm/exception.S
  arch/arm/fault_decode.c
  arch/arm/generic_timer.c
  arch/arm/gic.c
  arch/arm/mmu.c
  arch/arm/semihosting.c
  arch/arm/start.S
  arch/arm/thread.c
  arch/arm/traps.c
  arch/arm/uldivmod.S)
# libgcc for the run-time ABI's other helpers (uldivmod.S replaces its
# 64-bit division).
set(ARCH_LINK_LIBRARIES gcc)
set(KERNEL_FLAGS -mgeneral-regs-only)
