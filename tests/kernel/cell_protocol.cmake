# What both cell suites (cell.cmake, cell_x86.cmake) drive the protocol
# with: cell_test takes its commands from a word the test writes, since
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

# cell_test watching the `cell` thread's lines (cell/hv_lines.c): the
# answer already written before each, and a cell lock taken at the
# approval line, where an approval must never meet a lock.
cellmate_app(cell_hv_lines cell/cell_test.c cell/command_word.c
  cell/hv_lines.c)
target_link_options(cell_hv_lines PRIVATE -Wl,--wrap=console_getc
  -Wl,--wrap=kprintf)
