# The protocol tests both cell suites (cell.cmake, cell_x86.cmake) run,
# and what they drive the protocol with: cell_test takes its commands from a word the test writes, since
# neither cell's UART can receive (cell/command_word.c), and the steps
# below play the hypervisor through QEMU's gdb stub (comm offsets:
# cell_state 8, msg_to_cell 12, reply_from_cell 16).
cellmate_app(cell_test cell/cell_test.c cell/command_word.c)
target_link_options(cell_test PRIVATE -Wl,--wrap=console_getc)

set(READY "wait:cell: ready \\(jailhouse\\)")
set(RUNNING "poll32:comm+8=0")
# cell_test's commands: l(ock), u(nlock), q(uit), f(ault), p(anic).
set(SEND_LOCK "write32:cell_test_input=0x6c")
set(SEND_UNLOCK "write32:cell_test_input=0x75")
set(SEND_QUIT "write32:cell_test_input=0x71")
set(SEND_FAULT "write32:cell_test_input=0x66")
set(SEND_PANIC "write32:cell_test_input=0x70")

# A cell started again without a reload must boot as the first time: its
# boot log up to the command line (BOOT_LOG, a named group to match
# again), what hello then says of the CPU, the interrupt controller, the
# timer and the memory map (BOOT_HW; BOOT_HW_AGAIN matches the same, but
# the boot line's counter values), and the end of a hello run (console
# lines end in CR LF).
set(BOOT_LOG "(?P<boot>cellmate on [^\\n]*\\n(?:[^\\n]*\\n)*?cmdline: [^\\n]*\\n)")
set(BOOT_HW "(?P<hw>(?:[a-z]+: [^\\n]*\\n)+?)boot: first [^\\n]*\\n(?P<map>memory map:[^\\n]*\\n(?:  [^\\n]*\\n)+)")
set(BOOT_HW_AGAIN "(?P=hw)boot: first [^\\n]*\\n(?P=map)")
set(HELLO_DONE "hello: done, status 0\\r?\\ncellmate: stopped with status 0\\r?\\n")

# cell_test watching the `cell` thread's lines (cell/hv_lines.c): the
# answer already written before each, and a cell lock taken at the
# approval line, where an approval must never meet a lock.
cellmate_app(cell_hv_lines cell/cell_test.c cell/command_word.c
  cell/hv_lines.c)
target_link_options(cell_hv_lines PRIVATE -Wl,--wrap=console_getc
  -Wl,--wrap=kprintf)

# A panic before the hypervisor layer has read the device tree
# (cell/early_failure.c).
cellmate_app(early_panic cell/early_failure.c)
target_link_options(early_panic PRIVATE -Wl,--wrap=cmdline_init)

# The tests below but one run on CELL_STOP_CONFIGS, which the includer
# sets ("CONFIGS ..." or empty for all): on x86 not under KVM, where the
# gdb stub's breakpoints and watchpoints do not fire. CELL_COMM, also the
# includer's, is the region as Jailhouse fills it for the board's cell.

qemu_test(cell.approves_a_shutdown_request APP cell_test
  ${CELL_STOP_CONFIGS}
  STEPS "${READY}" "${RUNNING}" "write32:comm+12=1"
        "poll32:comm+16=3" "poll32:comm+12=0" "stopat:kernel_stop" "check32:comm+8=2"
  EXPECT "jailhouse: shutdown request approved" "cellmate: stopped with status 0"
  REJECT ${NO_TROUBLE})

qemu_test(cell.denies_shutdown_while_locked_and_approves_after_unlock APP cell_test
  ${CELL_STOP_CONFIGS}
  STEPS "${READY}" "${SEND_LOCK}" "wait:cell: locked" "poll32:comm+8=1"
        "write32:comm+12=1" "poll32:comm+16=2" "poll32:comm+12=0" "check32:comm+8=1"
        "${SEND_UNLOCK}" "wait:cell: unlocked" "poll32:comm+8=0"
        "write32:comm+16=0" "write32:comm+12=1" "poll32:comm+16=3"
        "stopat:kernel_stop" "check32:comm+8=2"
  EXPECT "shutdown request denied[\\s\\S]*shutdown request approved"
  REJECT ${NO_TROUBLE})

# A lock taken while the request is being decided (an interrupt or a
# higher-priority thread preempting the `cell` thread): when the
# hypervisor reads the approval, the cell is not locked.
qemu_test(cell.never_approves_a_shutdown_while_locked APP cell_hv_lines
  ${CELL_STOP_CONFIGS}
  STEPS "${READY}" "${RUNNING}" "write32:comm+12=1" "stopat:kernel_exit"
        "check32:comm+16=3" "check32:comm+8=0"
  EXPECT "jailhouse: shutdown request approved" "cellmate: stopped with status 0"
  REJECT ${NO_TROUBLE})

# An application that returns while the cell is locked stops in order:
# SHUT_DOWN, the lock goes with it.
qemu_test(cell.an_exit_while_locked_says_shut_down APP cell_test
  ${CELL_STOP_CONFIGS}
  STEPS "${READY}" "${SEND_LOCK}" "wait:cell: locked" "poll32:comm+8=1"
        "${SEND_QUIT}" "stopat:kernel_stop" "check32:comm+8=2"
  EXPECT "cellmate: stopped with status 0" REJECT ${NO_TROUBLE})

# The hypervisor waits for the answer with the root cell's CPUs stopped:
# the answer is written before the line about it is printed.
qemu_test(cell.answers_before_printing APP cell_hv_lines
  ${CELL_STOP_CONFIGS}
  STEPS "${READY}" "write32:comm+12=77" "poll32:comm+16=1"
        "${SEND_LOCK}" "wait:cell: locked" "write32:comm+16=0"
        "write32:comm+12=1" "poll32:comm+16=2" "${SEND_QUIT}"
  EXPECT "hv_lines: answer 1 before the line\\s+jailhouse: unknown message 77"
         "hv_lines: answer 2 before the line\\s+jailhouse: shutdown request denied"
  REJECT ${NO_TROUBLE})

# hv-poll-ms=0 would leave Jailhouse (and the root cell with it) waiting
# forever at its next cell command: refused, the cell answers.
qemu_test(cell.refuses_to_stop_answering_messages APP cell_test
  ${CELL_STOP_CONFIGS}
  CMDLINE "hv-poll-ms=0"
  STEPS "${READY}" "${RUNNING}" "write32:comm+12=1"
        "poll32:comm+16=3" "poll32:comm+12=0" "stopat:kernel_stop" "check32:comm+8=2"
  EXPECT "jailhouse: hv-poll-ms=0 refused: the hypervisor waits for this cell's answer to every cell command with the root cell's CPUs stopped[;] answering within 10 ms"
         "jailhouse: shutdown request approved"
  REJECT ${NO_TROUBLE})

# Jailhouse answers a message the way its inmates do (jailhouse_send_reply_
# from_cell): msg_to_cell cleared first, then the reply. Once it reads the
# reply it may send the next message at once (reply_from_cell cleared,
# then msg_to_cell written), which a clear coming after the reply would
# wipe out, leaving the root cell waiting for an answer forever. So at
# the store of the reply (a write watchpoint stops the guest there: QEMU
# stops before it on ARM, after it on x86), the message must already be
# gone.
qemu_test(cell.clears_the_message_before_it_replies APP cell_test
  ${CELL_STOP_CONFIGS}
  STEPS "${READY}" "watchwrite:comm+16" "write32:comm+16=0" "write32:comm+12=2"
        "stopwrite:comm+16" "check32:comm+12=0" "${SEND_QUIT}"
  EXPECT "cellmate: stopped with status 0" REJECT ${NO_TROUBLE})

# Jailhouse zeroes the region when it starts the cell (cell_start: state
# RUNNING, no message) and may message it at once, e.g. "reconfiguration
# completed" when the root cell creates another cell meanwhile: a message
# there before the kernel watches is answered once it does, not lost.
qemu_test(cell.answers_a_message_sent_while_it_boots APP cell_test
  COMM "${CELL_COMM} --msg 2"
  STEPS "${READY}" "poll32:comm+16=4" "poll32:comm+12=0" "${SEND_QUIT}"
  EXPECT "cellmate: stopped with status 0" REJECT ${NO_TROUBLE})

# Each message sent as Jailhouse sends one: the last reply cleared first.
qemu_test(cell.acknowledges_reconfiguration_and_unknown_messages APP cell_test
  STEPS "${READY}" "write32:comm+12=2" "poll32:comm+16=4" "poll32:comm+12=0"
        "write32:comm+16=0" "write32:comm+12=77" "poll32:comm+16=1"
        "poll32:comm+12=0"
        "check32:comm+8=0" "${SEND_QUIT}"
  EXPECT "jailhouse: unknown message 77" "cellmate: stopped with status 0"
  REJECT ${NO_TROUBLE})

qemu_test(cell.reports_failed_after_a_panic APP cell_test EXIT 2
  ${CELL_STOP_CONFIGS}
  STEPS "${READY}" "${SEND_PANIC}" "stopat:kernel_stop" "check32:comm+8=3"
  EXPECT "PANIC: cell: asked to panic")

qemu_test(cell.reports_failed_after_a_panic_before_reading_the_region
  APP early_panic EXIT 2
  ${CELL_STOP_CONFIGS}
  STEPS "stopat:kernel_stop" "check32:comm+8=3"
  EXPECT "PANIC: early_failure: a panic before the hypervisor layer starts")
