# x86 Jailhouse cells without a hypervisor: every test of this board boots
# the unmodified flat image through tools/x86-cell-fw, which launches it as
# Jailhouse does (image at 0, communication region at 0x100000 filled with
# the console, the PM timer port it enabled and the rates it measured,
# real-mode entry at 0). A cell has no exit device: the runner ends the run
# when the cell's state word says it stopped and takes the status from
# there (tools/qemu-run.py, cell_status). Here, beyond the common suites:
# what the kernel takes from the region, the protocol driven from outside
# as in cell.cmake, and corrupt or foreign regions, given as whole pages
# (COMM, tools/jailhouse_comm.py arguments) that the firmware copies into
# place instead of filling it.
# cell_test takes its commands from a word the test writes (the cell's
# UART cannot receive): cell/command_word.c.
# The gdb stub's breakpoints do not fire under this machine's nested KVM:
# the tests that stop the guest run on TCG.
set(TCG q35-cell-max q35-cell-xapic)
set(CELL_STOP_CONFIGS CONFIGS ${TCG})
# A region as Jailhouse fills it for these cells, but for the field under
# test; the TSC rate is the one -icount gives (2^3 ns per instruction: the
# TSC counts nanoseconds), so tests using it run with ICOUNT 3. Tests that
# run hello use -icount anyway where they can (not on KVM): its tick
# check must not depend on the host's load. Without a TSC rate the kernel
# measures it.
set(COMM_OK "--console 8250:0x3f8:pio --pm-timer 0x608 --cpus 1")
set(TSC_ICOUNT "--tsc-khz 1000000")
set(CELL_COMM "${COMM_OK}")
include(${CMAKE_CURRENT_LIST_DIR}/cell_protocol.cmake)

set(FW_FILLED "x86-cell-fw: image of [0-9]+ bytes at 0, communication region at 0x100000: PM timer port 0x608, 1 CPU, TSC (?P<tsc>[0-9]+) kHz, APIC timer (?P<apic>[0-9]+) kHz")

# --- what the kernel takes from the region ---------------------------------

# On the CPU without x2APIC and TSC-deadline timer (whatever QEMU's TCG
# offers in "max"), so that the region's LAPIC timer rate is used.
qemu_test(cell.takes_console_pm_timer_and_rates_from_the_region APP hello
  CMDLINE "ticks=5 echo-ms=0" ICOUNT 3 CONFIGS q35-cell-xapic
  EXPECT "${FW_FILLED}[\\s\\S]*timer: TSC at (?P=tsc)000 Hz, from the hypervisor"
         "${FW_FILLED}[\\s\\S]*timer: LAPIC timer at (?P=apic)000 Hz, from the hypervisor"
         "jailhouse: console 8250 at port 0x3f8, from the communication region"
         "timer: acpi-pm-timer at port 0x608, from the hypervisor"
         "cpu: x2APIC no, TSC-deadline no"
         "hello: done, status 0"
  REJECT ${NO_TROUBLE} "rejected" "measured against")
# With the TSC-deadline timer the region's APIC rate is 0 and unused.
qemu_test(cell.needs_no_apic_rate_with_the_tsc_deadline_timer APP hello
  CMDLINE "ticks=5 echo-ms=0" CONFIGS q35-cell-kvm
  EXPECT "TSC (?P<tsc>[0-9]+) kHz, APIC timer 0 kHz \\(TSC-deadline timer\\)[\\s\\S]*timer: TSC at (?P=tsc)000 Hz, from the hypervisor"
         "cpu: x2APIC yes, TSC-deadline yes" "timer: lapic-tsc-deadline"
         # The firmware, like a root cell in xAPIC mode, leaves the APIC
         # in xAPIC mode: the cell must keep it (cellmate,keep-apic-mode).
         "irq: LAPIC \\(xAPIC mode\\)"
         "hello: done, status 0"
  REJECT ${NO_TROUBLE} "rejected" "LAPIC timer at")

# Jailhouse on a host whose APICs are in x2APIC mode starts the cell's
# CPU in that mode: the cell keeps it (cellmate,keep-apic-mode) and
# reaches the APIC through the x2APIC MSRs, its xAPIC window gone. KVM
# only: QEMU 7.2's TCG has no x2APIC.
qemu_test(cell.keeps_an_apic_started_in_x2apic_mode APP hello
  CMDLINE "ticks=5 echo-ms=0" CONFIGS q35-cell-kvm
  QEMU_ARGS -fw_cfg name=opt/cellmate/apic,string=x2apic
  EXPECT "[;] the APIC in x2APIC mode[;] starting the cell"
         "irq: LAPIC \\(x2APIC mode\\)" "hello: done, status 0"
  REJECT ${NO_TROUBLE})
# The same without the TSC-deadline timer: the one-shot LAPIC timer at
# the hypervisor's rate, through the x2APIC MSRs.
qemu_test(cell.runs_a_oneshot_timer_in_x2apic_mode APP hello
  CMDLINE "ticks=5 echo-ms=0" CONFIGS q35-cell-kvm
  QEMU_ARGS -fw_cfg name=opt/cellmate/apic,string=x2apic
            -cpu host,-tsc-deadline
  EXPECT "APIC timer (?P<apic>[0-9]+) kHz[;] the APIC in x2APIC mode[\\s\\S]*timer: LAPIC timer at (?P=apic)000 Hz, from the hypervisor"
         "irq: LAPIC \\(x2APIC mode\\)" "timer: lapic-oneshot"
         "hello: done, status 0"
  REJECT ${NO_TROUBLE})

# On an AMD host a cell reads IA32_MTRR_DEF_TYPE as the host has it, E set
# (Jailhouse's SVM passes the read through), while its caches stay off
# until it writes E: the kernel writes it all the same (entry32.S,
# caches_on, where x86_mtrr_enable is the WRMSR).
qemu_test(cell.enables_the_mtrrs_even_when_they_read_as_on APP hello
  CMDLINE "ticks=2 echo-ms=0" CONFIGS ${TCG}
  QEMU_ARGS -fw_cfg name=opt/cellmate/mtrr,string=on
  STEPS "stopat:x86_mtrr_enable" "check32:comm=0x4f43484a"
  EXPECT "x86-cell-fw: .*[;] the MTRRs on[;] starting the cell"
         "cpu: MTRRs on" "hello: done, status 0"
  REJECT ${NO_TROUBLE})

# --- the protocol: cell_protocol.cmake, and what only x86 has -------------

qemu_test(cell.reports_failed_after_a_fault APP cell_test EXIT 2
  CONFIGS ${TCG}
  STEPS "${READY}" "${SEND_FAULT}" "stopat:kernel_stop" "check32:comm+8=3"
  EXPECT "CPU fault: page fault \\(#PF\\)")

# A device tree that does not open, before the hypervisor layer has read
# it, still says FAILED (tests/kernel/cell/early_failure.c; no console:
# the state word is all there is).
cellmate_app(early_fdt_failure cell/early_failure.c)
target_link_options(early_fdt_failure PRIVATE -Wl,--wrap=fdt_open)
qemu_test(cell.reports_failed_when_the_device_tree_does_not_open
  APP early_fdt_failure EXIT 2 CONFIGS ${TCG}
  STEPS "stopat:kernel_stop" "check32:comm+8=3")

# A CPU whose APIC is disabled (IA32_APIC_BASE[11]), which Jailhouse never
# gives a cell, hides it from CPUID (SDM 10.4.3): the kernel says so and
# the cell fails, rather than enable the APIC behind the hypervisor.
qemu_test(cell.refuses_a_cpu_whose_apic_is_disabled APP hello EXIT 2
  CONFIGS ${TCG} QEMU_ARGS -fw_cfg name=opt/cellmate/apic,string=off
  EXPECT "x86-cell-fw: .*[;] the APIC disabled[;] starting the cell"
         "lapic: the CPU reports no local APIC \\(CPUID.01H:EDX\\[9\\]\\), as it does when firmware or a hypervisor has disabled it"
         "PANIC: boot: setting up interrupt controller failed"
  REJECT "hello: done")

# --- corrupt and foreign regions: the documented failure, never a crash ----
# A wrong signature or revision: reported, FAILED_COMM_REV (4) written, none
# of the region used, the kernel stops.
qemu_test(cell.rejects_a_region_with_a_foreign_signature APP hello EXIT 2
  CONFIGS ${TCG}
  COMM "--signature XXCOMM ${COMM_OK}"
  STEPS "stopat:kernel_stop" "check32:comm+8=4"
  EXPECT "x86-cell-fw: .* copied from opt/cellmate/comm"
         "has signature 'XXCOMM', ABI revision 2[;] expected 'JHCOMM' revision 2: not using it"
         "jailhouse: cannot run in this cell, stopping"
  REJECT "hello on" "CPU fault")
qemu_test(cell.rejects_a_region_of_another_revision APP hello EXIT 2
  CONFIGS ${TCG}
  COMM "--revision 1 ${COMM_OK}"
  STEPS "stopat:kernel_stop" "check32:comm+8=4"
  EXPECT "ABI revision 1[;] expected 'JHCOMM' revision 2"
  REJECT "hello on" "CPU fault")
qemu_test(cell.rejects_an_empty_region APP hello EXIT 2
  CONFIGS ${TCG}
  COMM "--signature '' --revision 0 --cpus 0"
  STEPS "stopat:kernel_stop" "check32:comm+8=4"
  EXPECT "has signature '\\?\\?\\?\\?\\?\\?', ABI revision 0"
  REJECT "hello on" "CPU fault")
# Absurd fields are rejected one by one; the device tree's value stays.
qemu_test(cell.ignores_a_console_port_outside_the_device_tree APP hello
  CMDLINE "ticks=2 echo-ms=0" ICOUNT 3
  COMM "--console 8250:0x2f8:pio --pm-timer 0x608 ${TSC_ICOUNT}"
  EXPECT "jailhouse: console 8250 at port 0x2f8 rejected: the cell's device tree has no such UART at that address[;] using the device tree's"
         "hello: done, status 0"
  REJECT ${NO_TROUBLE} "from the communication region")
qemu_test(cell.ignores_a_console_address_outside_the_device_tree APP hello
  CMDLINE "ticks=2 echo-ms=0" ICOUNT 3
  COMM "--console 8250:0xdead0000 --pm-timer 0x608 ${TSC_ICOUNT}"
  EXPECT "jailhouse: console 8250 at address 0xdead0000 rejected: the cell's device tree has no such UART at that address[;] using the device tree's"
         "hello: done, status 0"
  REJECT ${NO_TROUBLE})
# Jailhouse lets a cell read the PM timer at the port it reports and at
# no other: a rejected port leaves the cell none, and the device tree's
# is not read either (it would stop the cell); the rates come from the
# region (the LAPIC timer's is the 1 GHz that -icount gives).
set(NO_PM_TIMER "timer: acpi-pm-timer not used: the hypervisor lets the cell read no PM timer port of this node")
qemu_test(cell.ignores_a_pm_timer_port_in_another_device APP hello
  CMDLINE "ticks=2 echo-ms=0" ICOUNT 3
  COMM "${COMM_OK} --pm-timer 0x3f8 ${TSC_ICOUNT} --apic-khz 1000000"
  EXPECT "jailhouse: PM timer port 0x3f8 rejected: it is not the I/O range of the cell's device-tree PM timer[;] the cell may read no other: no PM timer"
         "${NO_PM_TIMER}"
         "hello: done, status 0"
  REJECT ${NO_TROUBLE} "acpi-pm-timer at port")
qemu_test(cell.ignores_a_pm_timer_port_past_the_io_space APP hello
  CMDLINE "ticks=2 echo-ms=0" ICOUNT 3
  COMM "${COMM_OK} --pm-timer 0xfffe ${TSC_ICOUNT} --apic-khz 1000000"
  EXPECT "jailhouse: PM timer port 0xfffe rejected: its 4 ports run past 0xffff[;] the cell may read no other: no PM timer"
         "${NO_PM_TIMER}"
         "hello: done, status 0"
  REJECT ${NO_TROUBLE} "acpi-pm-timer at port")
qemu_test(cell.ignores_a_zero_pm_timer_port APP hello
  CMDLINE "ticks=2 echo-ms=0" ICOUNT 3
  COMM "--console 8250:0x3f8:pio --pm-timer 0 --cpus 1 ${TSC_ICOUNT} --apic-khz 1000000"
  EXPECT "jailhouse: PM timer port 0x0 rejected: it is zero[;] the cell may read no other: no PM timer"
         "${NO_PM_TIMER}"
         "hello: done, status 0"
  REJECT ${NO_TROUBLE} "acpi-pm-timer at port")
# Without a PM timer and without rates there is nothing to run the timer
# on: the cell stops and says why.
qemu_test(cell.stops_without_a_pm_timer_or_rates APP hello EXIT 2
  CMDLINE "ticks=2 echo-ms=0" CONFIGS ${TCG}
  COMM "--console 8250:0x3f8:pio --pm-timer 0 --cpus 1"
  STEPS "stopat:kernel_stop" "check32:comm+8=3"
  EXPECT "${NO_PM_TIMER}" "timer: no rates given and no calibration clock"
         "PANIC: boot: setting up timer failed"
  REJECT "hello: done")
qemu_test(cell.ignores_a_zero_cpu_count_and_absurd_rates APP hello
  CMDLINE "ticks=2 echo-ms=0" ICOUNT 3
  COMM "--console 8250:0x3f8:pio --pm-timer 0x608 --cpus 0 --tsc-khz 999 --apic-khz 10000001"
  EXPECT "jailhouse: CPU count 0 rejected: not 1..255[;] ignored"
         "jailhouse: TSC frequency 999 kHz rejected: not 1 MHz..10 GHz[;] ignored"
         "jailhouse: APIC timer frequency 10000001 kHz rejected: not 1 MHz..10 GHz[;] ignored"
         "timer: acpi-pm-timer at port 0x608, from the hypervisor"
         "timer: TSC at [1-9][0-9]+ Hz, measured against acpi-pm-timer"
         "hello: done, status 0"
  REJECT ${NO_TROUBLE} "from the hypervisor, measured" "TSC at [0-9]+ Hz, from the hypervisor")
# The divisor latch holds 16 bits: a larger divider is refused, the rate
# stays as the root cell set it.
qemu_test(cell.rejects_a_console_divider_above_16_bits APP hello
  CMDLINE "ticks=2 echo-ms=0" ICOUNT 3
  COMM "${COMM_OK} --divider 0x12345 ${TSC_ICOUNT}"
  EXPECT "jailhouse: console divider 0x12345 rejected: not 0..0xffff[;] keeping the rate the root cell set"
         "jailhouse: console 8250 at port 0x3f8, from the communication region"
         "hello: done, status 0"
  REJECT ${NO_TROUBLE})
# The command line's con-* options win over the region.
qemu_test(cell.takes_the_console_from_the_command_line APP hello ICOUNT 3
  CMDLINE "con-type=8250 con-base=0x3f8 con-is-mmio=0 ticks=2 echo-ms=0"
  COMM "--pm-timer 0x608 ${TSC_ICOUNT}"
  EXPECT "jailhouse: console 8250 at port 0x3f8, from the command line"
         "hello: done, status 0"
  REJECT ${NO_TROUBLE} "rejected")
# Without con-is-mmio the access is the region's console flag, as in
# Jailhouse's inmates, even with no console in the region: a region
# without one says port I/O, so Jailhouse's own load command works.
qemu_test(cell.takes_a_port_io_console_from_the_command_line_as_jailhouse
  APP hello ICOUNT 3
  CMDLINE "con-type=8250 con-base=0x3f8 ticks=2 echo-ms=0"
  COMM "--pm-timer 0x608 ${TSC_ICOUNT}"
  EXPECT "jailhouse: console 8250 at port 0x3f8, from the command line"
         "hello: done, status 0"
  REJECT ${NO_TROUBLE} "rejected")

# --- the debug-console hypercall ----------------------------------------------
# Without a hypervisor VMCALL/VMMCALL raise #UD: these show it is never
# issued unless the region permits it and activates it (or con-virtual
# asks for it where permitted).
qemu_test(cell.refuses_the_debug_console_when_not_permitted APP hello
  CMDLINE "con-virtual ticks=2 echo-ms=0" ICOUNT 3
  EXPECT "the debug console is not permitted for this cell[;] ignoring con-virtual"
         "hello: done, status 0"
  REJECT ${NO_TROUBLE})
qemu_test(cell.ignores_an_active_flag_without_permission APP hello ICOUNT 3
  CMDLINE "ticks=2 echo-ms=0"
  COMM "--flags 2 ${COMM_OK} ${TSC_ICOUNT}"
  EXPECT "the debug console is not permitted for this cell[;] ignoring its active flag"
         "hello: done, status 0"
  REJECT ${NO_TROUBLE})
qemu_test(cell.uses_no_hypercall_unless_the_console_is_active APP hello ICOUNT 3
  CMDLINE "ticks=2 echo-ms=0"
  COMM "--flags 1 ${COMM_OK} ${TSC_ICOUNT}"
  EXPECT "hello: done, status 0" REJECT ${NO_TROUBLE})

# The hypercall itself, answered by a stand-in for the hypervisor
# (cell/x86/fake_hyp.c): with the region's flags saying permitted and
# active and no UART in the region, every byte goes through it -- the
# banner proves it -- and the stand-in answers only the instruction of the
# CPU's vendor: VMMCALL for "AuthenticAMD" (what -cpu max says under TCG),
# VMCALL for "GenuineIntel"; the other one ends in the kernel's #UD report.
cellmate_app(hello_fake_hyp ${CMAKE_SOURCE_DIR}/apps/hello/main.c
  cell/x86/fake_hyp.c cell/x86/fake_hyp_entry.S)
target_link_options(hello_fake_hyp PRIVATE -Wl,--wrap=x86_trap)
foreach(vendor AuthenticAMD GenuineIntel)
  set(name q35-cell-max.cell.prints_through_the_debug_console_hypercall_of_${vendor})
  add_test(NAME ${name}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tools/qemu-run.py
      --config q35-cell-max --bios ${CELLMATE_X86_CELL_FW}
      --image $<TARGET_FILE:hello_fake_hyp> --objcopy ${CMAKE_OBJCOPY}
      --nm ${CMAKE_NM} --timeout 60 --icount 3 --cmdline "ticks=2 echo-ms=0"
      "--comm=--flags 3 --pm-timer 0x608 ${TSC_ICOUNT}"
      --qemu-arg=-cpu --qemu-arg=max,vendor=${vendor}
      --step=stopat:kernel_stop --step=check32:fake_hyp_seen=1
      --expect "cpu: ${vendor}" --expect "communication region at 0x100000, flags 0x3"
      --expect "cellmate hello on" --expect "hello: done, status 0"
      --reject "PANIC|CPU fault|jailhouse: console")
  set_tests_properties(${name} PROPERTIES TIMEOUT 90)
endforeach()

# --- an image linked above 0 -----------------------------------------------
# The real-mode entry reaches its data through CS, whose base Jailhouse
# sets to the reset address, and not through DS (arch/x86/entry16.S,
# entry32.S): hello linked at 0x10000 starts there as a cell whose reset
# address is 0x10000 does (CS 1000:0000), with the rest of the cell as
# usual.
set(LINK_AT_64K ${CMAKE_CURRENT_BINARY_DIR}/link-at-0x10000.ld)
function(configure_link_script_at base out)
  math(EXPR BOARD_RAM_SIZE "${BOARD_RAM_BASE} + ${BOARD_RAM_SIZE} - ${base}"
    OUTPUT_FORMAT HEXADECIMAL)
  set(BOARD_RAM_BASE ${base})
  configure_file(${CMAKE_SOURCE_DIR}/arch/${CELLMATE_ARCH}/link.ld.in ${out}
    @ONLY)
endfunction()
configure_link_script_at(0x10000 ${LINK_AT_64K})
cellmate_app(hello_at_64k ${CMAKE_SOURCE_DIR}/apps/hello/main.c
  LINK_SCRIPT ${LINK_AT_64K})
qemu_test(cell.starts_an_image_linked_above_0 APP hello_at_64k
  CMDLINE "ticks=2 echo-ms=0" ICOUNT 3 CONFIGS ${TCG}
  COMM "${COMM_OK} ${TSC_ICOUNT}"
  QEMU_ARGS -fw_cfg name=opt/cellmate/base,string=0x10000
  EXPECT "x86-cell-fw: image of [0-9]+ bytes at 0x10000, .* in real mode at 1000:0000"
         "cellmate hello on" "hello: done, status 0"
  REJECT ${NO_TROUBLE})

# --- started again without a reload ----------------------------------------
# `jailhouse cell shutdown` then `jailhouse cell start`, without a new
# `cell load`: the cell runs again from what its first run left in its
# memory (.data, .bss, the stacks and page tables, the command line), only
# the communication region filled again. Here the machine resets once the
# cell says SHUT_DOWN (watched through the monitor) and the firmware starts
# it again without loading it (RESTARTS). The second run must boot as the
# first did, line for line up to the command line and from there through
# the memory map but the boot line's counters (the region holds the
# same rates: tools/x86-cell-fw/restart.c), and stop the same way: state
# the first run left (outside .data and .bss, which the entry sets up
# again) must not change the second.
set(RESTART_STEPS "watch32:comm+8=2" "hmp:system_reset"
  "wait:x86-cell-fw: restart 1 of 1, the image not loaded again")
# Without -icount: QEMU's record mode, which comes with it here, now and
# then never completes the reset (QEMU 7.2); nothing compared depends on
# the host's timing (the ticks' check is not strict).
qemu_test(cell.starts_again_without_a_reload APP hello
  CMDLINE "ticks=5 echo-ms=0" RESTARTS 1
  STEPS ${RESTART_STEPS}
  EXPECT "^${BOOT_LOG}${BOOT_HW}[\\s\\S]*^${HELLO_DONE}x86-cell-fw: restart 1 of 1, the image not loaded again, communication region at 0x100000: PM timer port 0x608[^\\n]*\\n(?P=boot)${BOOT_HW_AGAIN}[\\s\\S]*^${HELLO_DONE}"
  REJECT ${NO_TROUBLE})

# --- the stand-in firmware's own settings ----------------------------------
# opt/cellmate/base and opt/cellmate/restart hold one number each
# (tools/x86-cell-fw/fw_cfg.c): anything else stops the firmware with the
# setting's name before the cell starts, rather than starting it somewhere
# else or a different number of times.
set(BAD_BASE "must be an address like 0x10000")
set(BAD_ALIGN "must be 64 KiB-aligned and below 1 MiB")
set(BAD_RESTARTS "must be a number of restarts, 1 to 1000")
foreach(case
    "base=0x1g000|base ${BAD_BASE}" "base=0x|base ${BAD_BASE}"
    "base=0x100000000|base ${BAD_BASE}" "base=0x10001|base ${BAD_ALIGN}"
    "base=0x100000|base ${BAD_ALIGN}" "restart=0|restart ${BAD_RESTARTS}"
    "restart=1001|restart ${BAD_RESTARTS}" "restart=2x|restart ${BAD_RESTARTS}"
    "apic=on|apic must be xapic, x2apic or off"
    "apic=x2apic2|apic must be xapic, x2apic or off")
  string(REPLACE "|" ";" parts "${case}")
  list(GET parts 0 setting)
  list(GET parts 1 message)
  string(REGEX REPLACE "[^a-z0-9]+" "_" tag "${setting}")
  string(REPLACE "=" ",string=" fw_cfg "${setting}")
  set(name q35-cell-max.cell.fw_refuses_${tag})
  add_test(NAME ${name}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tools/qemu-run.py
      --config q35-cell-max --bios ${CELLMATE_X86_CELL_FW}
      --image $<TARGET_FILE:hello> --objcopy ${CMAKE_OBJCOPY}
      --nm ${CMAKE_NM} --timeout 30 "--comm=${COMM_OK}"
      --qemu-arg=-fw_cfg --qemu-arg=name=opt/cellmate/${fw_cfg})
  # The run fails (the firmware stopped); what counts is why.
  set_tests_properties(${name} PROPERTIES TIMEOUT 60
    PASS_REGULAR_EXPRESSION "x86-cell-fw: error: opt/cellmate/${message}")
endforeach()
