# i686 with the host gcc in 32-bit mode (Debian: gcc-multilib),
# freestanding.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR i686)
set(CELLMATE_ARCH x86 CACHE STRING "architecture port (arch/<name>)")
set(CELLMATE_X86_BITS 32 CACHE STRING "x86 port: 64 (x86_64) or 32 (i686)")

set(CMAKE_C_COMPILER gcc)
set(CMAKE_ASM_COMPILER gcc)
set(CMAKE_OBJCOPY objcopy CACHE FILEPATH "")
set(CMAKE_SIZE size CACHE FILEPATH "")
set(CMAKE_NM nm CACHE FILEPATH "")
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# -mregparm=3: the first three integer arguments in EAX, EDX, ECX (as
# Linux's i386 kernel does); a call no longer stores them on the stack
# for the callee to load back. Every module follows it: the assembly
# (arch/x86/*32.S) and the 64-bit division helpers (arch/x86/divdi3.c,
# instead of libgcc's, which expects the stack).
set(CELLMATE_ARCH_FLAGS -m32 -march=i686 -mregparm=3 -fno-pic -fno-pie
    -fno-stack-protector -fcf-protection=none)
# The host linker's defaults are for programs: no PIE, no build ID (its
# note has no place in the image), no executable-stack marker.
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "-no-pie -Wl,--build-id=none -Wl,-z,noexecstack")
