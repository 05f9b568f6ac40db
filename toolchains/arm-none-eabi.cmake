# ARMv7-A with the virtualization extensions (Cortex-A7, -A15: hardware
# divide), A32 instruction set, with the GNU Arm Embedded toolchain
# (Debian: gcc-arm-none-eabi).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CELLMATE_ARCH arm CACHE STRING "architecture port (arch/<name>)")

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_OBJCOPY arm-none-eabi-objcopy CACHE FILEPATH "")
set(CMAKE_SIZE arm-none-eabi-size CACHE FILEPATH "")
set(CMAKE_NM arm-none-eabi-nm CACHE FILEPATH "")
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# softfp: the procedure-call standard keeps floats in core registers, so
# kernel objects built -mgeneral-regs-only link with applications that use
# VFP/NEON.
set(CELLMATE_ARCH_FLAGS -march=armv7ve -marm -mfloat-abi=softfp -mfpu=neon-vfpv4)
