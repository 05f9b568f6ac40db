# One line per host unit test: unit_test(<name> <test source> <code under test>)
set(C ${CMAKE_SOURCE_DIR}/common)
# The harness: a case that makes no check fails (its main inverts the run).
unit_test(unit_harness_test unit_harness_test.c)
unit_test(fmt_test fmt_test.c ${C}/lib/fmt.c)
# Its counts are size_t: 32 bits wide on the kernels' targets.
unit_test_m32(fmt_test_m32 fmt_test.c ${C}/lib/fmt.c)
unit_test(crlf_test crlf_test.c ${C}/lib/crlf.c)
unit_test(bootlog_test bootlog_test.c ${C}/bootlog.c ${C}/lib/fmt.c ${C}/cmdline.c)
target_compile_options(bootlog_test PRIVATE "-DNOINIT(name)=")
unit_test(fdt_test fdt_test.c ${C}/fdt.c ${C}/lib/kerr.c)
# fdt_test reads trees that dtc compiles from fdt/*.dts at build time.
# board.dts breaks some dtc checks on purpose (odd reg and interrupts
# lengths, empty ranges across different cell sizes).
find_program(DTC dtc REQUIRED)
set(FDT_TEST_DTB_DIR ${CMAKE_CURRENT_BINARY_DIR}/fdt)
set(FDT_TEST_DTS_DIR ${CMAKE_CURRENT_SOURCE_DIR}/fdt)
set(FDT_TEST_DTC_board
    -Wno-reg_format -Wno-ranges_format -Wno-interrupts_property)
# memmap-badcells.dts has a 5-byte #address-cells on purpose.
set(FDT_TEST_DTC_memmap-badcells -q)
# memmap-shared-overlap.dts has two nodes at one unit address on purpose.
set(FDT_TEST_DTC_memmap-shared-overlap -q)
# irq-ext.dts has a ragged and a dangling interrupts-extended on purpose.
set(FDT_TEST_DTC_irq-ext -q)
# memmap-devtype.dts has a device_type without its NUL on purpose.
set(FDT_TEST_DTC_memmap-devtype -q)
# uart-clocks.dts has a clocks entry that names no node on purpose.
set(FDT_TEST_DTC_uart-clocks -q)
# debug-exit.dts has a bus whose compatible lacks its NUL on purpose.
set(FDT_TEST_DTC_debug-exit -q)
file(MAKE_DIRECTORY ${FDT_TEST_DTB_DIR})
set(fdt_test_dtbs)
foreach(fdt_dtb board board-v16 deep tiny memmap memmap-ranges
    memmap-noranges memmap-notsimple memmap-badcells memmap-zerocells
    memmap-shared memmap-shared-overlap memmap-wrap memmap-devtype jh-x86
    jh-arm jh-arm-gic jh-gate uarts uart-clocks acpi-pm debug-exit irq irq-ext
    drivers drivers-many i8259)
  string(REPLACE "-v16" "" fdt_dts ${fdt_dtb})
  set(fdt_flags ${FDT_TEST_DTC_${fdt_dts}})
  if(fdt_dtb MATCHES "-v16$")
    list(APPEND fdt_flags -V 16)
  endif()
  add_custom_command(OUTPUT ${FDT_TEST_DTB_DIR}/${fdt_dtb}.dtb
    COMMAND ${DTC} -I dts -O dtb ${fdt_flags}
            -o ${FDT_TEST_DTB_DIR}/${fdt_dtb}.dtb
            ${FDT_TEST_DTS_DIR}/${fdt_dts}.dts
    DEPENDS ${FDT_TEST_DTS_DIR}/${fdt_dts}.dts VERBATIM)
  list(APPEND fdt_test_dtbs ${FDT_TEST_DTB_DIR}/${fdt_dtb}.dtb)
endforeach()
# The board trees too, as seeds of the fuzz smoke test (dts-<board>.dtb).
file(GLOB fdt_board_dts ${CMAKE_SOURCE_DIR}/dts/*.dts)
foreach(dts ${fdt_board_dts})
  get_filename_component(board ${dts} NAME_WE)
  # The .d file names the .dtsi files it includes: an edit of one rebuilds.
  add_custom_command(OUTPUT ${FDT_TEST_DTB_DIR}/dts-${board}.dtb
    COMMAND ${DTC} -q -I dts -O dtb -i ${CMAKE_SOURCE_DIR}/dts
            -d ${FDT_TEST_DTB_DIR}/dts-${board}.d
            -o ${FDT_TEST_DTB_DIR}/dts-${board}.dtb ${dts}
    DEPENDS ${dts} DEPFILE ${FDT_TEST_DTB_DIR}/dts-${board}.d VERBATIM)
  list(APPEND fdt_test_dtbs ${FDT_TEST_DTB_DIR}/dts-${board}.dtb)
endforeach()
add_custom_target(fdt_test_dtbs DEPENDS ${fdt_test_dtbs})
add_dependencies(fdt_test fdt_test_dtbs)
target_compile_definitions(fdt_test PRIVATE FDT_TEST_DIR="${FDT_TEST_DTB_DIR}")
# Fuzz smoke test: fixed-seed mutants of every tree above through the
# accessor sweep that the libFuzzer harness (tests/fuzz) also runs.
# The binding path (driver.c, irq.c) runs with the stand-ins of fdt_bind.c.
set(FDT_FUZZ_SOURCES fdt_fuzz_test.c fdt_sweep.c fdt_bind.c ${C}/fdt.c
    ${C}/memmap.c ${C}/driver.c ${C}/irq.c ${C}/lib/fmt.c ${C}/lib/kerr.c)
unit_test(fdt_fuzz_test ${FDT_FUZZ_SOURCES})
# The IRQ table, on the same stand-ins.
unit_test(irq_test irq_test.c fdt_bind.c ${C}/fdt.c ${C}/memmap.c ${C}/driver.c
  ${C}/irq.c ${C}/lib/fmt.c ${C}/lib/kerr.c)
target_include_directories(irq_test PRIVATE ${CMAKE_SOURCE_DIR}/hv/include)
add_dependencies(irq_test fdt_test_dtbs)
target_compile_definitions(irq_test PRIVATE FDT_TEST_DIR="${FDT_TEST_DTB_DIR}")
target_include_directories(fdt_fuzz_test PRIVATE ${CMAKE_SOURCE_DIR}/hv/include)
add_dependencies(fdt_fuzz_test fdt_test_dtbs)
target_compile_definitions(fdt_fuzz_test PRIVATE FDT_TEST_DIR="${FDT_TEST_DTB_DIR}")
# Once more built by clang: its UBSan also checks pointer arithmetic on
# NULL, which GCC's does not.
find_program(CLANG clang REQUIRED)
set(fdt_fuzz_clang ${CMAKE_CURRENT_BINARY_DIR}/fdt_fuzz_test_clang)
list(TRANSFORM FDT_FUZZ_SOURCES PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/
     REGEX "^[^/]")
add_custom_command(OUTPUT ${fdt_fuzz_clang}
  COMMAND ${CLANG} -std=gnu11 -Wall -Wextra -Werror ${UNIT_SAN_FLAGS}
          -I${C}/include -I${CMAKE_SOURCE_DIR}/hv/include
          -I${CMAKE_CURRENT_SOURCE_DIR}
          -DFDT_TEST_DIR="${FDT_TEST_DTB_DIR}" -MD -MF ${fdt_fuzz_clang}.d
          ${FDT_FUZZ_SOURCES} ${CMAKE_CURRENT_SOURCE_DIR}/unit.c
          -o ${fdt_fuzz_clang}
  DEPENDS ${FDT_FUZZ_SOURCES} ${CMAKE_CURRENT_SOURCE_DIR}/unit.c
  DEPFILE ${fdt_fuzz_clang}.d VERBATIM)
add_custom_target(fdt_fuzz_test_clang ALL DEPENDS ${fdt_fuzz_clang} fdt_test_dtbs)
add_test(NAME unit.fdt_fuzz_test_clang COMMAND ${fdt_fuzz_clang})
set_tests_properties(unit.fdt_fuzz_test_clang PROPERTIES
  ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1:abort_on_error=0;UBSAN_OPTIONS=print_stacktrace=1")
unit_test(timeconv_test timeconv_test.c ${C}/lib/timeconv.c)
unit_test(timeq_test timeq_test.c ${C}/timeq.c)
unit_test(prio_bitmap_test prio_bitmap_test.c)
unit_test(cmdline_test cmdline_test.c ${C}/cmdline.c ${C}/lib/fmt.c)
unit_test(kheap_test kheap_test.c ${C}/kheap.c)
target_compile_definitions(kheap_test PRIVATE KHEAP_HOST_TEST)
unit_test(memmap_test memmap_test.c ${C}/memmap.c ${C}/fdt.c ${C}/lib/kerr.c)
add_dependencies(memmap_test fdt_test_dtbs)
target_compile_definitions(memmap_test PRIVATE FDT_TEST_DIR="${FDT_TEST_DTB_DIR}")
unit_test(latency_stats_test latency_stats_test.c ${CMAKE_SOURCE_DIR}/apps/latency/stats.c)
target_include_directories(latency_stats_test PRIVATE ${CMAKE_SOURCE_DIR}/apps/latency)
unit_test(udivmod64_test udivmod64_test.c ${C}/lib/udivmod64.c)
# The ARM port's fault decoding: pure functions over the fault registers.
unit_test(arm_fault_decode_test arm_fault_decode_test.c
  ${CMAKE_SOURCE_DIR}/arch/arm/fault_decode.c)
target_include_directories(arm_fault_decode_test PRIVATE
  ${CMAKE_SOURCE_DIR}/arch/arm/include)
# The Jailhouse x86 platform checks (pure C over the FDT reader).
unit_test(jh_x86_test jh_x86_test.c
  ${CMAKE_SOURCE_DIR}/hv/jailhouse/platform_x86.c ${CMAKE_SOURCE_DIR}/drivers/bus/isa.c
  ${C}/fdt.c ${C}/lib/kerr.c)
target_include_directories(jh_x86_test PRIVATE ${CMAKE_SOURCE_DIR}/hv/jailhouse)
add_dependencies(jh_x86_test fdt_test_dtbs)
target_compile_definitions(jh_x86_test PRIVATE FDT_TEST_DIR="${FDT_TEST_DTB_DIR}")
unit_test(jh_arm_test jh_arm_test.c
  ${CMAKE_SOURCE_DIR}/hv/jailhouse/platform_arm.c ${C}/fdt.c ${C}/lib/kerr.c)
target_include_directories(jh_arm_test PRIVATE ${CMAKE_SOURCE_DIR}/hv/jailhouse)
add_dependencies(jh_arm_test fdt_test_dtbs)
target_compile_definitions(jh_arm_test PRIVATE FDT_TEST_DIR="${FDT_TEST_DTB_DIR}")
# The ACPI PM timer driver against a port the test reads for it.
unit_test(acpi_pm_test acpi_pm_test.c ${CMAKE_SOURCE_DIR}/drivers/bus/isa.c
  ${C}/fdt.c ${C}/lib/kerr.c)
target_include_directories(acpi_pm_test BEFORE PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/port_model)
target_include_directories(acpi_pm_test PRIVATE ${CMAKE_SOURCE_DIR}/arch/x86/include)
add_dependencies(acpi_pm_test fdt_test_dtbs)
target_compile_definitions(acpi_pm_test PRIVATE FDT_TEST_DIR="${FDT_TEST_DTB_DIR}")
# QEMU's isa-debug-exit driver against a port the test writes for it.
unit_test(isa_debug_exit_test isa_debug_exit_test.c
  ${CMAKE_SOURCE_DIR}/drivers/bus/isa.c ${C}/fdt.c ${C}/lib/kerr.c)
target_include_directories(isa_debug_exit_test BEFORE PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/port_model)
add_dependencies(isa_debug_exit_test fdt_test_dtbs)
target_compile_definitions(isa_debug_exit_test PRIVATE
  FDT_TEST_DIR="${FDT_TEST_DTB_DIR}")
# The x86 calibration window against fake clocks (no hardware in it).
unit_test(calibrate_test calibrate_test.c
  ${CMAKE_SOURCE_DIR}/arch/x86/calibrate_window.c ${C}/lib/timeconv.c ${C}/lib/kerr.c)
target_include_directories(calibrate_test PRIVATE ${CMAKE_SOURCE_DIR}/arch/x86/include)
# The UART drivers' shared baud-rate facts from the tree.
unit_test(uart_clock_test uart_clock_test.c
  ${CMAKE_SOURCE_DIR}/drivers/serial/uart_clock.c ${C}/fdt.c ${C}/lib/kerr.c)
target_include_directories(uart_clock_test PRIVATE ${CMAKE_SOURCE_DIR}/drivers/serial)
add_dependencies(uart_clock_test fdt_test_dtbs)
target_compile_definitions(uart_clock_test PRIVATE FDT_TEST_DIR="${FDT_TEST_DTB_DIR}")
# The 16550-family UART driver against a simulated device.
unit_test(ns16550_test ns16550_test.c uart_env.c uart_model/uart_model.c
  irq_race/irq_race.c
  ${CMAKE_SOURCE_DIR}/drivers/bus/isa.c ${CMAKE_SOURCE_DIR}/drivers/serial/uart_clock.c
  ${C}/fdt.c ${C}/lib/kerr.c)
target_include_directories(ns16550_test BEFORE PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/uart_model ${CMAKE_CURRENT_SOURCE_DIR}/irq_race)
target_include_directories(ns16550_test PRIVATE ${CMAKE_SOURCE_DIR}/hv/include)
add_dependencies(ns16550_test fdt_test_dtbs)
target_compile_definitions(ns16550_test PRIVATE FDT_TEST_DIR="${FDT_TEST_DTB_DIR}")
# The Jailhouse backend and the command line against untrusted input:
# cell device trees of three boards, the backend on a page that logs
# every access (tests/fuzz/watched_page.h), and the fuzz harnesses of
# tests/fuzz run from fixed seeds (tests/fuzz/input_fuzz_main.c; the
# libFuzzer runs are tests/fuzz/run, not part of the suite).
unit_test(fuzz_cmdline_smoke ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_cmdline.c
  ${CMAKE_SOURCE_DIR}/tests/fuzz/input_fuzz_main.c ${C}/cmdline.c ${C}/lib/fmt.c)
target_include_directories(fuzz_cmdline_smoke PRIVATE ${CMAKE_SOURCE_DIR}/tests/fuzz)
# The watched page traps each access with the x86 trap flag.
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|i.86")
  set(F ${CMAKE_SOURCE_DIR}/tests/fuzz)
  set(JH ${CMAKE_SOURCE_DIR}/hv/jailhouse)
  unit_test(jh_comm_test jh_comm_test.c ${F}/watched_page.c ${C}/fdt.c ${C}/lib/kerr.c)
  unit_test(fuzz_jh_comm_smoke ${F}/fuzz_jh_comm.c ${F}/input_fuzz_main.c
    ${F}/watched_page.c ${C}/cmdline.c ${C}/lib/fmt.c ${C}/fdt.c ${C}/lib/kerr.c
    ${CMAKE_SOURCE_DIR}/drivers/bus/isa.c)
  foreach(t jh_comm_test fuzz_jh_comm_smoke)
    target_include_directories(${t} PRIVATE ${F} ${F}/host_io
      ${CMAKE_SOURCE_DIR}/hv/include ${JH})
    target_compile_options(${t} PRIVATE "-DNOINIT(name)=")
    # The board trees the fdt tests compile (dts-<board>.dtb).
    target_compile_definitions(${t} PRIVATE
      FDT_TEST_DIR="${FDT_TEST_DTB_DIR}" FUZZ_DTB_DIR="${FDT_TEST_DTB_DIR}")
    add_dependencies(${t} fdt_test_dtbs)
  endforeach()
endif()
# The GICv2 driver against a simulated GIC that counts what the
# architecture specification forbids.
unit_test(gic_test gic_test.c gic_model/gic_model.c)
target_include_directories(gic_test BEFORE PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/gic_model)
# The PL011 driver against a simulated PL011 (TRM rules for BUSY, the
# baud-rate latches and the FIFO flush).
unit_test(pl011_test pl011_test.c uart_env.c pl011_model/pl011_model.c
  irq_race/irq_race.c)
target_include_directories(pl011_test BEFORE PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/pl011_model ${CMAKE_CURRENT_SOURCE_DIR}/irq_race)
target_include_directories(pl011_test PRIVATE ${CMAKE_SOURCE_DIR}/hv/include)
unit_test(console_test console_test.c ${C}/console.c ${C}/lib/crlf.c ${C}/lib/fmt.c)
# The bare-metal hypervisor backend.
unit_test(hv_none_test hv_none_test.c ${CMAKE_SOURCE_DIR}/hv/none.c)
target_include_directories(hv_none_test PRIVATE ${CMAKE_SOURCE_DIR}/hv/include)
# The x86 IOAPIC driver against a simulated IOAPIC whose Remote IRR
# follows the data sheets (a previous owner's un-ended interrupt).
# It and the LAPIC test below model their registers behind
# host_mmio_read32/write32, the accessors of tests/fuzz/host_io/arch_io.h.
# Built for i386 too: its base is a pointer, 32 bits on the i686 kernel.
unit_test(ioapic_test ioapic_test.c ioapic_model/ioapic_model.c)
unit_test_m32(ioapic_test_m32 ioapic_test.c ioapic_model/ioapic_model.c)
foreach(t ioapic_test ioapic_test_m32)
  target_include_directories(${t} BEFORE PRIVATE
    ${CMAKE_SOURCE_DIR}/tests/fuzz/host_io ${CMAKE_CURRENT_SOURCE_DIR}/ioapic_model)
  target_include_directories(${t} PRIVATE ${CMAKE_SOURCE_DIR}/arch/x86/include)
endforeach()
# The x86 local APIC driver in xAPIC mode against a register file.
unit_test(lapic_test lapic_test.c)
target_include_directories(lapic_test BEFORE PRIVATE ${CMAKE_SOURCE_DIR}/tests/fuzz/host_io)
target_include_directories(lapic_test PRIVATE ${CMAKE_SOURCE_DIR}/arch/x86/include)
# The x86 LAPIC timer driver: the counts and deadlines it writes, its rates;
# also as i686 builds it (its 64-bit arithmetic in 32-bit registers).
unit_test(lapic_timer_test lapic_timer_test.c ${C}/lib/timeconv.c ${C}/lib/kerr.c)
unit_test_m32(lapic_timer_test_m32 lapic_timer_test.c ${C}/lib/timeconv.c ${C}/lib/kerr.c)
foreach(t lapic_timer_test lapic_timer_test_m32)
  target_include_directories(${t} BEFORE PRIVATE ${CMAKE_SOURCE_DIR}/tests/fuzz/host_io)
  target_include_directories(${t} PRIVATE ${CMAKE_SOURCE_DIR}/arch/x86/include)
endforeach()
# The kernel's string functions, renamed kstr_*: under their own names
# they would stand in for the C library's in the sanitizer runtime.
add_library(kstring_renamed OBJECT ${C}/lib/string.c)
target_include_directories(kstring_renamed PRIVATE ${C}/include)
target_compile_options(kstring_renamed PRIVATE ${UNIT_SAN_FLAGS}
  -fno-builtin -fno-tree-loop-distribute-patterns)
foreach(fn memcpy memmove memset memcmp memchr strlen strnlen strcmp
    strncmp strchr)
  target_compile_definitions(kstring_renamed PRIVATE ${fn}=kstr_${fn})
endforeach()
unit_test(kstring_test kstring_test.c $<TARGET_OBJECTS:kstring_renamed>)
# Driver binding over stand-in drivers (its own table, not fdt_bind.c's).
unit_test(driver_test driver_test.c ${C}/driver.c ${C}/fdt.c ${C}/lib/kerr.c)
add_dependencies(driver_test fdt_test_dtbs)
target_compile_definitions(driver_test PRIVATE FDT_TEST_DIR="${FDT_TEST_DTB_DIR}")
# The tick and the software timers over stand-in clocks and timeouts.
unit_test(tick_test tick_test.c ${C}/tick.c ${C}/lib/timeconv.c)
unit_test(swtimer_test swtimer_test.c ${C}/swtimer.c ${C}/clock.c ${C}/lib/timeconv.c)
# The time core over a stand-in clock, tickless and with a periodic tick.
foreach(t ktime_test ktime_tick_test)
  unit_test(${t} ktime_test.c ${C}/ktime.c ${C}/timeq.c ${C}/clock.c
    ${C}/lib/timeconv.c)
endforeach()
target_compile_definitions(ktime_tick_test PRIVATE CELLMATE_TICK_HZ=1000)
# The clock registry: the event handler and the clocksource's rate.
unit_test(clock_test clock_test.c ${C}/clock.c ${C}/lib/timeconv.c)
# The command line as boot reads and shows it, over an empty option table.
unit_test(cmdline_boot_test cmdline_boot_test.c ${C}/cmdline_boot.c
  ${C}/cmdline.c ${C}/lib/fmt.c)
# PCI configuration mechanism #1 against ports the test logs.
unit_test(pci_cfg_test pci_cfg_test.c ${CMAKE_SOURCE_DIR}/drivers/pci/pci_cfg.c)
target_include_directories(pci_cfg_test BEFORE PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/port_model)
# The legacy PIC pair's set-up against ports the test logs.
unit_test(i8259_test i8259_test.c ${CMAKE_SOURCE_DIR}/drivers/bus/isa.c
  ${C}/fdt.c ${C}/lib/kerr.c)
target_include_directories(i8259_test BEFORE PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/port_model)
target_include_directories(i8259_test PRIVATE ${CMAKE_SOURCE_DIR}/arch/x86/include)
add_dependencies(i8259_test fdt_test_dtbs)
target_compile_definitions(i8259_test PRIVATE FDT_TEST_DIR="${FDT_TEST_DTB_DIR}")
