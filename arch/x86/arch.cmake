# x86 port: x86_64 (CELLMATE_X86_BITS 64) or i686 (32), from the toolchain
# file. Drivers that only exist on PCs are listed here, not in the
# portable list of CMakeLists.txt.
if(NOT CELLMATE_X86_BITS MATCHES "^(32|64)$")
  message(FATAL_ERROR "x86: set CELLMATE_X86_BITS to 32 or 64 (toolchains/)")
endif()

set(ARCH_SOURCES
  arch/x86/arch.c
  arch/x86/calibrate.c
  arch/x86/calibrate_window.c
  arch/x86/context${CELLMATE_X86_BITS}.S
  arch/x86/entry16.S
  arch/x86/entry32.S
  arch/x86/fpu.c
  arch/x86/gdt.c
  arch/x86/idt.c
  arch/x86/lapic.c
  arch/x86/lapic_timer.c
  arch/x86/memset.c
  arch/x86/paging.c
  arch/x86/pvh_note.S
  arch/x86/traps.c
  arch/x86/vectors${CELLMATE_X86_BITS}.S
  drivers/irqchip/i8259.c
  drivers/irqchip/ioapic.c
  drivers/pci/pci_cfg.c
  drivers/power/isa_debug_exit.c
  drivers/timer/acpi_pm.c)

# The kernel never touches x87/SSE registers (they belong to THREAD_FP
# threads); applications' FP_SOURCES may.
set(KERNEL_FLAGS -mgeneral-regs-only)
# memset.c replaces the portable one (common/lib/string.c).
list(APPEND KERNEL_FLAGS -DARCH_HAS_MEMSET)

# Runtime helpers from libgcc: none. x86_64 needs none; i686 has its
# own 64-bit division (divdi3.c: the register convention, -mregparm=3).
set(ARCH_LINK_LIBRARIES)
if(CELLMATE_X86_BITS EQUAL 32)
  list(APPEND ARCH_SOURCES arch/x86/divdi3.c)
endif()

if(CELLMATE_X86_BITS EQUAL 64)
  set(X86_OUTPUT_FORMAT elf64-x86-64)
  set(X86_OUTPUT_ARCH i386:x86-64)
else()
  set(X86_OUTPUT_FORMAT elf32-i386)
  set(X86_OUTPUT_ARCH i386)
endif()
