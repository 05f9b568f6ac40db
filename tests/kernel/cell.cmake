# The Jailhouse cell protocol, driven from outside the guest: the runner
# fills the communication region and, through QEMU's gdb stub, writes
# msg_to_cell and reads reply_from_cell and cell_state as the hypervisor
# would (offsets: cell_state 8, msg_to_cell 12, reply_from_cell 16).
# cell_test takes its commands from a word the test writes: the cell's
# PL011 is shared with the root cell, whose interrupt it stays
# (cell/command_word.c).
set(CELL_STOP_CONFIGS)
set(CELL_COMM "${CELLMATE_CI_COMM}")
include(${CMAKE_CURRENT_LIST_DIR}/cell_protocol.cmake)
# hello with a stand-in for the hypervisor's debug-console hypercall.
cellmate_app(hello_fake_hyp ${CMAKE_SOURCE_DIR}/apps/hello/main.c
  cell/${CELLMATE_ARCH}/fake_hyp.S)

# The region is read with the MMU on and mapped as Jailhouse maps it
# (Normal write-back, Shareable): Jailhouse accesses it cached and never
# cleans it for the cell. When hv_init() reads it, the page tables are in
# place (the entry for 0x80000000 is a level-2 table); then the mapping's
# attributes (tests/kernel/cell/arm/comm_map_test.c).
qemu_test(cell.reads_the_region_with_the_mmu_on APP hello
  CMDLINE "ticks=1 echo-ms=0"
  STEPS "stopat:jh_platform_apply" "check32:mmu_l1+0x2000&3=1"
  EXPECT "hello: done, status 0" "0x80000000-0x80000fff shared +comm-region@80000000"
  REJECT ${NO_TROUBLE})
cellmate_app(comm_map_test ${KTEST_LIB} cell/arm/comm_map_test.c)
target_include_directories(comm_map_test PRIVATE lib)
qemu_test(cell.maps_the_region_as_shareable_write_back_memory APP comm_map_test
  EXPECT "^1 passed, 0 failed" REJECT ${NO_TROUBLE} "FAILED")

qemu_test(cell.reports_failed_after_a_fault APP cell_test EXIT 2
  STEPS "${READY}" "${SEND_FAULT}" "stopat:kernel_stop" "check32:comm+8=3"
  EXPECT "CPU fault: data abort")

# A panic whose report faults (tests/kernel/core/fatal.c) still says
# FAILED.
qemu_test(cell.reports_failed_when_the_panic_report_faults APP fatal_test
  CMDLINE "fatal=console-fault" EXIT 2 TIMEOUT 30
  STEPS "stopat:kernel_stop" "check32:comm+8=3"
  EXPECT "PANIC: ")

# The shared protocol tests (cell_protocol.cmake) include a panic before
# the hypervisor layer has read the device tree. A device tree that does
# not open is covered on x86 (cell_x86.cmake): here, without a device
# tree, nothing would end QEMU.

# The PL011 is shared with the root cell (dts/qemu-arm-cell.dts): its
# interrupt stays the root cell's, and receiving is refused with a message
# instead of waiting for bytes that never come.
qemu_test(cell.refuses_to_receive_on_a_uart_shared_with_the_root_cell APP hello
  CMDLINE "ticks=1 echo-ms=100" EXIT 1
  EXPECT "jailhouse: pl011@9000000 is shared with the root cell \\(cellmate,jailhouse-root-shared\\): its interrupts stay the root cell's, this cell cannot use them"
         "echo: console cannot receive \\(E_PERM\\)" "hello: done, status 1"
  REJECT ${NO_TROUBLE})

# Nor does it change the UART's setup, which is root Linux's: the control
# register keeps QEMU's reset value (TXE | RXE), not UARTEN written over it
# (PL011 TRM 3.3.8: 0x30 UARTCR).
qemu_test(cell.leaves_the_setup_of_a_uart_shared_with_the_root_cell APP hello
  CMDLINE "ticks=1 echo-ms=0"
  STEPS "stopat:kernel_stop" "check32:0x09000030=0x300"
  EXPECT "hello: done, status 0" REJECT ${NO_TROUBLE})

# Corrupt and foreign regions: the documented failure, never a crash or a
# hang. A wrong signature or revision is reported, FAILED_COMM_REV (4) is
# written, none of the region's data is used and the kernel stops.
qemu_test(cell.rejects_a_region_with_a_foreign_signature APP hello EXIT 2
  COMM "--signature XXCOMM --console pl011:0x09000000 --regdist4 --gic 2:0x08000000:0x08010000"
  STEPS "stopat:kernel_stop" "check32:comm+8=4"
  EXPECT "has signature 'XXCOMM', ABI revision 2[;] expected 'JHCOMM' revision 2: not using it"
         "jailhouse: cannot run in this cell, stopping"
  REJECT "hello on")
qemu_test(cell.rejects_a_region_of_another_revision APP hello EXIT 2
  COMM "--revision 1 --console pl011:0x09000000 --regdist4 --gic 2:0x08000000:0x08010000"
  STEPS "stopat:kernel_stop" "check32:comm+8=4"
  EXPECT "ABI revision 1[;] expected 'JHCOMM' revision 2"
  REJECT "hello on")
qemu_test(cell.rejects_an_empty_region APP hello EXIT 2
  COMM "--signature '' --revision 0"
  STEPS "stopat:kernel_stop" "check32:comm+8=4"
  EXPECT "has signature '\\?\\?\\?\\?\\?\\?', ABI revision 0")
# Absurd fields are rejected one by one; the device tree's value stays.
qemu_test(cell.ignores_a_console_outside_the_device_map APP hello
  CMDLINE "ticks=2 echo-ms=0"
  COMM "--console pl011:0xdead0000 --regdist4 --gic 2:0x08000000:0x08010000"
  EXPECT "jailhouse: console pl011 at address 0xdead0000 rejected: the cell's device tree has no such UART at that address[;] using the device tree's"
         "hello: done, status 0")
qemu_test(cell.ignores_gic_bases_outside_the_device_map APP hello
  CMDLINE "ticks=2 echo-ms=0"
  COMM "--console pl011:0x09000000 --regdist4 --gic 2:0x40000000:0xffff0000"
  EXPECT "the GIC distributor at 0x40000000 \\(0x1000 bytes\\) rejected: not inside the device tree's GIC window 0x8000000 \\(0x10000 bytes\\)[;] using the device tree's"
         "the GIC CPU interface at 0xffff0000 \\(0x2000 bytes\\) rejected: not inside the device tree's GIC window 0x8010000 \\(0x10000 bytes\\)[;] using the device tree's"
         "hello: done, status 0")
# Inside the device map is not enough: a distributor in the UART's window
# would have the GIC driver program the UART, and a CPU interface needs
# its 8 KiB (GICv2) inside the GIC node's second window.
qemu_test(cell.ignores_gic_bases_outside_the_gic_windows APP hello
  CMDLINE "ticks=2 echo-ms=0"
  COMM "--console pl011:0x09000000 --regdist4 --gic 2:0x09000000:0x0801f000"
  EXPECT "the GIC distributor at 0x9000000 \\(0x1000 bytes\\) rejected: not inside the device tree's GIC window 0x8000000"
         "the GIC CPU interface at 0x801f000 \\(0x2000 bytes\\) rejected: not inside the device tree's GIC window 0x8010000"
         "hello: done, status 0"
  REJECT ${NO_TROUBLE})
qemu_test(cell.stops_on_a_gic_it_cannot_drive APP hello EXIT 2
  COMM "--console pl011:0x09000000 --regdist4 --gic 3:0x08000000:0x08010000"
  STEPS "stopat:kernel_stop" "check32:comm+8=3"
  EXPECT "the hypervisor reports a GICv3[;] this kernel drives GICv2 only")
# The console's clock gate, in a stand-in clock controller of the CI tree
# (dts/qemu-arm-cell-ci.dts) that a loader device fills before the guest
# starts: the bit is set, or cleared when the region says the gate is
# inverted; the other bits stay. A TI UART needing the MDR quirk is
# refused with a message, not programmed and left silent.
set(CI_CONSOLE "--console pl011:0x09000000 --regdist4 --gic 2:0x08000000:0x08010000")
set(GATE_REG 0x40800004)
qemu_test(cell.opens_the_console_clock_gate APP hello
  CMDLINE "ticks=2 echo-ms=0"
  COMM "${CI_CONSOLE} --clock ${GATE_REG}:5"
  QEMU_ARGS -device loader,addr=${GATE_REG},data=0x80000001,data-len=4
  STEPS "stopat:kernel_stop" "check32:${GATE_REG}=0x80000021"
  EXPECT "jailhouse: console clock gate: bit 5 of ${GATE_REG} set"
         "hello: done, status 0"
  REJECT ${NO_TROUBLE} "rejected")
qemu_test(cell.clears_an_inverted_console_clock_gate APP hello
  CMDLINE "ticks=2 echo-ms=0"
  COMM "${CI_CONSOLE} --clock ${GATE_REG}:5 --con-flags 0x1000"
  QEMU_ARGS -device loader,addr=${GATE_REG},data=0xffffffff,data-len=4
  STEPS "stopat:kernel_stop" "check32:${GATE_REG}=0xffffffdf"
  EXPECT "jailhouse: console clock gate: bit 5 of ${GATE_REG} cleared \\(inverted gate\\)"
         "hello: done, status 0"
  REJECT ${NO_TROUBLE} "rejected")
# The gate register must be the clock controller's: the stand-in 16550
# (0x40801000) is in the device map but no clock controller, and keeps
# its contents.
qemu_test(cell.ignores_a_clock_gate_outside_the_clock_controller APP hello
  CMDLINE "ticks=2 echo-ms=0"
  COMM "${CI_CONSOLE} --clock 0x40801000:5"
  STEPS "stopat:kernel_stop" "check32:0x40801000=0"
  EXPECT "jailhouse: console clock gate 5 at 0x40801000 rejected: not a register of a clock controller of the device tree \\(a node with #clock-cells\\)[;] ignored"
         "hello: done, status 0"
  REJECT "PANIC|ASSERTION|CPU fault" "clock gate: bit")
# The gate is the region's UART's: left alone when the command line puts
# another UART in its place, and put back when the UART does not bind.
qemu_test(cell.leaves_the_clock_gate_when_the_command_line_replaces_the_uart
  APP hello CMDLINE "con-base=0x9001000 ticks=2 echo-ms=0"
  COMM "${CI_CONSOLE} --clock ${GATE_REG}:5"
  QEMU_ARGS -device loader,addr=${GATE_REG},data=0x80000001,data-len=4
  STEPS "stopat:kernel_stop" "check32:${GATE_REG}=0x80000001"
  EXPECT "jailhouse: console clock gate 5 at ${GATE_REG} left alone: the command line replaced the region's UART"
         "hello: done, status 0"
  REJECT "PANIC|ASSERTION|CPU fault" "clock gate: bit")
qemu_test(cell.puts_back_the_clock_gate_of_a_console_that_does_not_bind
  APP hello CMDLINE "ticks=2 echo-ms=0"
  COMM "--console pl011:0x09001000 --regdist4 --gic 2:0x08000000:0x08010000 --clock ${GATE_REG}:5"
  QEMU_ARGS -device loader,addr=${GATE_REG},data=0x80000001,data-len=4
  STEPS "stopat:kernel_stop" "check32:${GATE_REG}=0x80000001"
  EXPECT "jailhouse: console clock gate at ${GATE_REG} put back as it was"
         "jailhouse: console pl011 at address 0x9001000 rejected"
         "hello: done, status 0"
  REJECT "PANIC|ASSERTION|CPU fault")
# Where the tree names the UART's gate (the stand-in 16550's: bit 7), the
# region's must be that one.
set(RAM_UART_FILL -device loader,addr=0x40801000,data=0xffffffff,data-len=4
  -device loader,addr=0x40801014,data=0x20,data-len=4)
qemu_test(cell.opens_the_clock_gate_the_tree_gives_the_uart APP hello
  CMDLINE "ticks=2 echo-ms=0"
  COMM "--console 8250:0x40801000 --regdist4 --gic 2:0x08000000:0x08010000 --clock ${GATE_REG}:7"
  QEMU_ARGS -device loader,addr=${GATE_REG},data=0x80000001,data-len=4
            ${RAM_UART_FILL}
  STEPS "stopat:kernel_stop" "check32:${GATE_REG}=0x80000081"
  EXPECT "cellmate on" STATUS_OFF_CONSOLE)
qemu_test(cell.refuses_a_clock_gate_the_tree_does_not_give_the_uart APP hello
  CMDLINE "ticks=2 echo-ms=0"
  COMM "--console 8250:0x40801000 --regdist4 --gic 2:0x08000000:0x08010000 --clock ${GATE_REG}:5"
  QEMU_ARGS -device loader,addr=${GATE_REG},data=0x80000001,data-len=4
            ${RAM_UART_FILL}
  STEPS "stopat:kernel_stop" "check32:${GATE_REG}=0x80000001"
  EXPECT "cellmate on" STATUS_OFF_CONSOLE)

# Jailhouse's con-clock-reg and con-gate-nr (its Documentation/debug-
# output.md) name the gate on the command line, for the UART it binds,
# with the same checks; a bit beyond 31 is refused by the parser.
qemu_test(cell.opens_the_clock_gate_the_command_line_names APP hello
  CMDLINE "con-clock-reg=${GATE_REG} con-gate-nr=5 ticks=2 echo-ms=0"
  COMM "${CI_CONSOLE}"
  QEMU_ARGS -device loader,addr=${GATE_REG},data=0x80000001,data-len=4
  STEPS "stopat:kernel_stop" "check32:${GATE_REG}=0x80000021"
  EXPECT "jailhouse: console clock gate: bit 5 of ${GATE_REG} set"
         "jailhouse: console pl011 at address 0x9000000, from the communication region and the command line"
         "hello: done, status 0"
  REJECT ${NO_TROUBLE} "rejected")
qemu_test(cell.refuses_a_clock_gate_bit_beyond_31 APP hello
  CMDLINE "con-clock-reg=${GATE_REG} con-gate-nr=32 ticks=2 echo-ms=0"
  COMM "${CI_CONSOLE}"
  QEMU_ARGS -device loader,addr=${GATE_REG},data=0x80000001,data-len=4
  STEPS "stopat:kernel_stop" "check32:${GATE_REG}=0x80000001"
  EXPECT "warning: cmdline: 'con-gate-nr' needs a number in 0..31, not '32'"
         "hello: done, status 0")

# A hypervisor that rewrites the region between the kernel's check of a
# field and its use (tests/kernel/cell/region_race.c): the kernel uses
# what it checked, one snapshot. Re-read, the GIC bases would be the
# UART's and the gate bit 40 (1u << 40: undefined; on ARM, no bit).
cellmate_app(region_race cell/region_race.c)
target_link_options(region_race PRIVATE -Wl,--wrap=fdt_reg
  -Wl,--wrap=jh_platform_apply -Wl,--wrap=jh_console_bind)
qemu_test(cell.uses_the_region_fields_it_checked APP region_race
  COMM "${CI_CONSOLE} --clock ${GATE_REG}:5"
  QEMU_ARGS -device loader,addr=${GATE_REG},data=0x80000001,data-len=4
  STEPS "stopat:kernel_stop" "check32:${GATE_REG}=0x80000021"
  EXPECT "jailhouse: console clock gate: bit 5 of ${GATE_REG} set"
         "region_race: gic,dist-base 0x8000000, gic,cpu-base 0x8010000"
  REJECT ${NO_TROUBLE} "rejected")

# The divisor latches hold 16 bits: a larger divider is refused, the rate
# stays as the root cell set it.
qemu_test(cell.rejects_a_console_divider_above_16_bits APP hello
  CMDLINE "ticks=2 echo-ms=0"
  COMM "${CI_CONSOLE} --divider 0x10000"
  EXPECT "jailhouse: console divider 0x10000 rejected: not 0..0xffff[;] keeping the rate the root cell set"
         "jailhouse: console pl011 at address 0x9000000, from the communication region"
         "hello: done, status 0"
  REJECT ${NO_TROUBLE})
qemu_test(cell.refuses_a_console_that_needs_the_mdr_quirk APP hello
  CMDLINE "ticks=2 echo-ms=0"
  COMM "${CI_CONSOLE} --con-flags 0x2000"
  EXPECT "jailhouse: console at 0x9000000 rejected: it needs the MDR quirk \\(a TI UART enabled through MDR1\\), which this kernel does not implement[;] ignored"
         "hello: done, status 0"
  REJECT ${NO_TROUBLE} "from the communication region")

# A 16550 whose registers are 4 bytes apart, which the device tree says
# to access 8 bits wide (a stand-in in RAM, dts/qemu-arm-cell-ci.dts), as
# the region's console: Jailhouse accesses such a UART 32 bits wide and
# lets only that through, so the kernel must too. Its LSR (0x14) says the
# transmitter is empty; THR (0) starts all ones, and after the last byte
# ('\n') only a 32-bit write leaves the upper bytes zero. The console is
# RAM from then on: the state word and the register tell the story.
set(RAM_UART 0x40801000)
qemu_test(cell.accesses_the_region_console_as_wide_as_jailhouse APP hello
  CMDLINE "ticks=2 echo-ms=0"
  COMM "--console 8250:${RAM_UART} --regdist4 --gic 2:0x08000000:0x08010000"
  QEMU_ARGS -device loader,addr=${RAM_UART},data=0xffffffff,data-len=4
            -device loader,addr=0x40801014,data=0x20,data-len=4
  STEPS "stopat:kernel_stop" "check32:${RAM_UART}=0x0a" "check32:comm+8=2"
  EXPECT "cellmate on" STATUS_OFF_CONSOLE)

# The command line's con-* options win over the region.
qemu_test(cell.takes_the_console_from_the_command_line APP hello
  CMDLINE "con-type=PL011 con-base=0x9000000 con-divider=0 ticks=2 echo-ms=0"
  COMM "--gic 2:0x08000000:0x08010000"
  EXPECT "jailhouse: console pl011 at address 0x9000000, from the command line"
         "hello: done, status 0" REJECT ${NO_TROUBLE} "rejected")
# A refused console says why: another type at that address, or settings
# its driver cannot use (the PL011's registers are 4 bytes apart).
qemu_test(cell.names_the_type_of_the_uart_a_console_option_missed APP hello
  CMDLINE "con-type=8250 con-base=0x9000000 ticks=2 echo-ms=0"
  COMM "--gic 2:0x08000000:0x08010000"
  EXPECT "jailhouse: console 8250 at address 0x9000000 rejected: the UART there is pl011, not 8250[;] using the device tree's"
         "hello: done, status 0")
qemu_test(cell.says_which_console_settings_its_driver_refuses APP hello
  CMDLINE "con-regdist-1 ticks=2 echo-ms=0"
  COMM "${CI_CONSOLE}"
  EXPECT "jailhouse: console pl011 at address 0x9000000 rejected: its driver cannot use that register spacing, access width or address space[;] using the device tree's"
         "hello: done, status 0")
qemu_test(cell.warns_about_a_bad_console_option APP hello
  CMDLINE "con-type=16550 con-base=zzz ticks=2 echo-ms=0"
  EXPECT "warning: cmdline: 'con-base' needs a number"
         "warning: cmdline: con-type '16550' is not 8250 or PL011"
         "hello: done, status 0")
qemu_test(cell.refuses_the_debug_console_when_not_permitted APP hello
  CMDLINE "con-virtual ticks=2 echo-ms=0"
  EXPECT "the debug console is not permitted for this cell[;] ignoring con-virtual"
         "hello: done, status 0")

# The debug-console hypercall: with the region's flags saying permitted and
# active and no UART in the region, the bytes go through the hypercall (a
# stand-in answers it, prints on the PL011 and sets fake_hyp_seen, which
# the test reads: the PL011 is the tree's console too).
add_test(NAME virt-cell-hyp.cell.prints_through_the_debug_console_hypercall
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tools/qemu-run.py
    --config virt-cell-hyp --image $<TARGET_FILE:hello_fake_hyp>
    --objcopy ${CMAKE_OBJCOPY} --nm ${CMAKE_NM} --timeout 60
    --cmdline "ticks=2 echo-ms=0"
    "--comm=--flags 3 --gic 2:0x08000000:0x08010000"
    --step=stopat:kernel_stop --step=check32:fake_hyp_seen=1
    --expect "cellmate hello on" --expect "hello: done, status 0"
    --reject "PANIC|CPU fault")
# Permitted but not active: no hypercall (an hvc on a QEMU without EL2
# would fault), the UART prints.
qemu_test(cell.uses_no_hypercall_unless_the_console_is_active APP hello
  CMDLINE "ticks=2 echo-ms=0"
  COMM "--flags 1 --console pl011:0x09000000 --regdist4 --gic 2:0x08000000:0x08010000"
  EXPECT "hello: done, status 0" REJECT ${NO_TROUBLE})

# --- started again without a reload ----------------------------------------
# `jailhouse cell shutdown` then `jailhouse cell start`, without a new
# `cell load`: the cell runs again from what its first run left in its
# memory (.data, .bss, the stacks and page tables, the command line), only
# the communication region filled again. hello without the semihosting
# exit device, as a real cell: it halts once it has said SHUT_DOWN, which
# the runner watches for; then the machine resets and the CPU starts at
# the entry again, from RAM the runner wrote the image into once (RESTARTS:
# tools/qemu-run.py, ARM_CELL_CONFIGS). The second run must boot as the
# first did, line for line up to the command line and from there through
# the memory map but the boot line's counters, and stop the same way:
# state the first run left (outside .data and .bss, which the entry sets
# up again) must not change the second.
board_variant_dtb(no_exit_device "/ { /delete-node/ semihosting; };")
cellmate_app(hello_no_exit_device ${CMAKE_SOURCE_DIR}/apps/hello/main.c
  DTB ${CMAKE_CURRENT_BINARY_DIR}/no_exit_device.dtb)
qemu_test(cell.starts_again_without_a_reload APP hello_no_exit_device
  CMDLINE "ticks=5 echo-ms=0" RESTARTS 1
  STEPS "wait:cellmate: stopped with status" "watch32:comm+8=2"
        "hmp:system_reset" "wait:cellmate on "
  EXPECT "^${BOOT_LOG}${BOOT_HW}[\\s\\S]*^${HELLO_DONE}(?P=boot)${BOOT_HW_AGAIN}[\\s\\S]*^${HELLO_DONE}"
  REJECT ${NO_TROUBLE})
# A reset past the last one --restarts allows fails the run, as the x86
# stand-in firmware refuses to start a cell more often.
set(name virt-cell.cell.runner_fails_a_reset_past_its_restarts)
add_test(NAME ${name}
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tools/qemu-run.py
    --config virt-cell --image $<TARGET_FILE:hello_no_exit_device>
    --objcopy ${CMAKE_OBJCOPY} --nm ${CMAKE_NM} --timeout 30
    --cmdline "ticks=1 echo-ms=0" --restarts 1 "--comm=${CELLMATE_CI_COMM}"
    "--step=wait:cellmate: stopped with status" "--step=watch32:comm+8=2"
    --step=hmp:system_reset "--step=wait:cellmate: stopped with status"
    "--step=watch32:comm+8=2" --step=hmp:system_reset)
set_tests_properties(${name} PROPERTIES TIMEOUT 60
  PASS_REGULAR_EXPRESSION "qemu-run: FAILED: step failed: the machine reset 2 times, --restarts allows 1")
