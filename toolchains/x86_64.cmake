# x86_64 with the host gcc (Debian: gcc), freestanding. The kernel runs
# identity mapped in the low 4 GiB, so the small code model fits and
# -mcmodel=kernel (for the top 2 GiB) does not.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CELLMATE_ARCH x86 CACHE STRING "architecture port (arch/<name>)")
set(CELLMATE_X86_BITS 64 CACHE STRING "x86 port: 64 (x86_64) or 32 (i686)")

set(CMAKE_C_COMPILER gcc)
set(CMAKE_ASM_COMPILER gcc)
set(CMAKE_OBJCOPY objcopy CACHE FILEPATH "")
set(CMAKE_SIZE size CACHE FILEPATH "")
set(CMAKE_NM nm CACHE FILEPATH "")
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# No red zone: interrupts arrive on the interrupted thread's stack.
set(CELLMATE_ARCH_FLAGS -m64 -mcmodel=small -mno-red-zone -fno-pic -fno-pie
    -fno-stack-protector -fcf-protection=none)
# The host linker's defaults are for programs: no PIE, no build ID (its
# note has no place in the image), no executable-stack marker.
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "-no-pie -Wl,--build-id=none -Wl,-z,noexecstack")
